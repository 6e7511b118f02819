package metadata

import (
	"context"
	"errors"
	"fmt"

	"github.com/bodhiapp/bodhi/apperr"
	"github.com/bodhiapp/bodhi/localmodels"
	"github.com/bodhiapp/bodhi/localmodels/gguf"
)

// extract reads f's GGUF header and stores its metadata for orgID; it returns the metadata as stored.
func (s *Service) extract(ctx context.Context, orgID string, f File) (localmodels.Metadata, error) {
	file, err := parse(f.Path)
	if err != nil {
		return localmodels.Metadata{}, err
	}
	s.upsert.Lock()
	defer s.upsert.Unlock()
	row, err := s.store.UpsertModelMetadata(ctx, orgID, file.Metadata(f.Repo, f.Filename).Row(f.Repo, f.Filename,
		f.Snapshot))
	if err != nil {
		return localmodels.Metadata{}, fmt.Errorf("store the metadata of %s/%s: %w", f.Repo, f.Filename, err)
	}
	return localmodels.MetadataOf(row), nil
}

// parse reads the GGUF file at path. Why a file is not GGUF is told to the client (the parser's errors name
// offsets and keys, never a path); a failure to open it is logged only. A panic of the parser (a bug, which
// FuzzParse hunts for) fails this file, never the worker.
func parse(path string) (f *gguf.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, ErrUnreadable.Because(fmt.Errorf("the GGUF parser panicked: %v", r))
		}
	}()
	f, err = gguf.ParseFile(path)
	switch {
	case err == nil:
		return f, nil
	case isFormatError(err):
		return nil, apperr.Wrap(apperr.Unprocessable, ErrUnreadable.Code,
			"The model file cannot be read as GGUF: "+err.Error(), err)
	}
	return nil, ErrUnreadable.Because(err)
}

func isFormatError(err error) bool {
	for _, kind := range []error{gguf.ErrNotGGUF, gguf.ErrUnsupported, gguf.ErrTruncated, gguf.ErrMalformed} {
		if errors.Is(err, kind) {
			return true
		}
	}
	return false
}
