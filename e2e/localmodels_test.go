//go:build e2e

package e2e

import (
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/localmodels/llamaserver/llamaservertest"
)

// TestMain removes the fake llama-server built for TestBrowserStandaloneSetup once the tests are over.
func TestMain(m *testing.M) { os.Exit(llamaservertest.Main(m)) }

// checkLocalModels checks local-models.mjs from the servers' side: the user alias it created names the downloaded
// file, the fake llama-server answered a streamed chat turn, and the cancelled download resumed from where it
// stopped (a ranged request at the CDN) and landed in the cache.
func checkLocalModels(t *testing.T, admin *apptest.Browser, hub *apptest.HFHub, record, alias, slowFile string) {
	t.Helper()
	r := admin.Do(http.MethodGet, "/bodhi/v1/models", nil)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	var found map[string]any
	for _, m := range r.JSON(t)["data"].([]any) {
		if m := m.(map[string]any); m["alias"] == alias {
			found = m
		}
	}
	require.NotNil(t, found, "the alias created in the browser: %s", r.Body)
	require.Equal(t, "user", found["source"])
	require.Equal(t, "bartowski/Llama-3.2-3B-Instruct-GGUF", found["repo"])

	var chats []llamaservertest.Event
	for _, e := range llamaservertest.Only(llamaservertest.Events(t, record), "request") {
		if e.Path == "/v1/chat/completions" {
			chats = append(chats, e)
		}
	}
	require.NotEmpty(t, chats, "the chat turn reached llama-server")
	require.Equal(t, true, chats[len(chats)-1].Decoded(t)["stream"], "streamed")

	var resumed bool
	for _, c := range hub.Calls() {
		resumed = resumed || (c.Server == "cdn" && strings.HasPrefix(c.Range, "bytes=") && c.Range != "bytes=0-")
	}
	require.True(t, resumed, "the retried download asked for the rest of the file only: %+v", hub.Calls())

	r = admin.Do(http.MethodGet, "/bodhi/v1/modelfiles", nil)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	require.Contains(t, string(r.Body), slowFile, "the resumed download is in the cache")
}
