package audit_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/audit"
)

func TestSlogRecorder(t *testing.T) {
	var buf bytes.Buffer
	r := audit.SlogRecorder{Log: slog.New(slog.NewJSONHandler(&buf, nil)),
		Now: func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }}
	r.Record(context.Background(), audit.Event{OrgID: "org-1", UserID: "u-1", Action: audit.TokenUpdate,
		ResourceType: "api_token", ResourceID: "t-1", Details: map[string]any{"status": "inactive"}})
	var rec map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &rec))
	require.Equal(t, "audit", rec["msg"])
	require.Equal(t, true, rec["audit"])
	require.Equal(t, "org-1", rec["org_id"])
	require.Equal(t, "token_update", rec["action"])
	require.Equal(t, "api_token", rec["resource_type"])
	require.Equal(t, `{"status":"inactive"}`, rec["details"])
	require.Equal(t, "2026-01-02T03:04:05Z", rec["time"])
}
