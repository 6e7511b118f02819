package db

import (
	"context"

	pggen "github.com/bodhiapp/bodhi/db/gen/postgres"
	sqlitegen "github.com/bodhiapp/bodhi/db/gen/sqlite"
)

func metadataFromLite(r sqlitegen.ModelMetadata) ModelMetadata { return ModelMetadata(r).utc() }
func metadataFromPG(r pggen.ModelMetadata) ModelMetadata       { return ModelMetadata(r).utc() }

func (m ModelMetadata) utc() ModelMetadata {
	m.ExtractedAt, m.CreatedAt, m.UpdatedAt = m.ExtractedAt.UTC(), m.CreatedAt.UTC(), m.UpdatedAt.UTC()
	return m
}

func (s *DbServiceImpl) UpsertModelMetadata(ctx context.Context, orgID string, m ModelMetadata) (ModelMetadata, error) {
	var out ModelMetadata
	err := s.WithTx(ctx, func(tx DbService) error {
		var err error
		out, err = tx.(*DbServiceImpl).replaceModelMetadata(ctx, orgID, m)
		return err
	})
	return out, err
}

// replaceModelMetadata deletes the row with m's identity, then inserts m; the caller holds a transaction.
func (s *DbServiceImpl) replaceModelMetadata(ctx context.Context, orgID string, m ModelMetadata) (ModelMetadata, error) {
	now := s.timestamp()
	del := sqlitegen.DeleteModelMetadataByIdentityParams{
		OrgID: orgID, Source: m.Source, Repo: m.Repo, Filename: m.Filename, Snapshot: m.Snapshot,
		APIModelID: m.APIModelID,
	}
	ins := sqlitegen.CreateModelMetadataParams{
		OrgID: orgID, Source: m.Source, Repo: m.Repo, Filename: m.Filename, Snapshot: m.Snapshot,
		APIModelID: m.APIModelID, CapabilitiesVision: m.CapabilitiesVision, CapabilitiesAudio: m.CapabilitiesAudio,
		CapabilitiesThinking: m.CapabilitiesThinking, CapabilitiesFunctionCalling: m.CapabilitiesFunctionCalling,
		CapabilitiesStructuredOutput: m.CapabilitiesStructuredOutput, ContextMaxInputTokens: m.ContextMaxInputTokens,
		ContextMaxOutputTokens: m.ContextMaxOutputTokens, Architecture: m.Architecture,
		AdditionalMetadata: m.AdditionalMetadata, ChatTemplate: m.ChatTemplate, ExtractedAt: Timestamp(m.ExtractedAt),
		CreatedAt: now, UpdatedAt: now,
	}
	if m.ExtractedAt.IsZero() {
		ins.ExtractedAt = now
	}
	if s.pg != nil {
		if _, err := s.pg.DeleteModelMetadataByIdentity(ctx, pggen.DeleteModelMetadataByIdentityParams(del)); err != nil {
			return ModelMetadata{}, mapError(err)
		}
		return one(metadataFromPG)(s.pg.CreateModelMetadata(ctx, pggen.CreateModelMetadataParams(ins)))
	}
	if _, err := s.lite.DeleteModelMetadataByIdentity(ctx, del); err != nil {
		return ModelMetadata{}, mapError(err)
	}
	return one(metadataFromLite)(s.lite.CreateModelMetadata(ctx, ins))
}

func (s *DbServiceImpl) GetModelMetadata(ctx context.Context, orgID, repo, filename, snapshot string) (ModelMetadata, error) {
	p := sqlitegen.GetModelMetadataParams{OrgID: orgID, Repo: &repo, Filename: &filename, Snapshot: &snapshot}
	if s.pg != nil {
		return one(metadataFromPG)(s.pg.GetModelMetadata(ctx, pggen.GetModelMetadataParams(p)))
	}
	return one(metadataFromLite)(s.lite.GetModelMetadata(ctx, p))
}

func (s *DbServiceImpl) ListModelMetadata(ctx context.Context, orgID string) ([]ModelMetadata, error) {
	if s.pg != nil {
		return many(metadataFromPG)(s.pg.ListModelMetadata(ctx, orgID))
	}
	return many(metadataFromLite)(s.lite.ListModelMetadata(ctx, orgID))
}
