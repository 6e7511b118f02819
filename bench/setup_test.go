package bench

import (
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/dbtest"
)

// providerKey is the key the API model holds; the direct target sends it itself, as the gateway would.
const providerKey = "sk-bench"

// deployment is a hosted Bodhi (PostgreSQL and Redis) with one API model on the bench provider, and the two ways
// to reach that provider.
type deployment struct {
	bodhi           *apptest.Bodhi
	provider        *Provider
	direct, gateway Target
}

// startDeployment logs alice in at acme, registers the provider as "fake/" and creates an API token, as in
// app/gateway_test.go.
func startDeployment(t *testing.T) deployment {
	t.Helper()
	p, err := StartProvider()
	require.NoError(t, err)
	t.Cleanup(func() { _ = p.Close() })

	l := apptest.Listen(t)
	l.Unchecked = true // the load figures are the server's own
	idp := apptest.StartIdP(t, apptest.TwoOrgSeed(true, l.Port), 0)
	b := l.Start(t, idp, dbtest.Dialect{Name: "postgres", URL: dbtest.PostgresURL}, true,
		[]apptest.Org{apptest.Acme}, "BODHI_ALLOW_PRIVATE_UPSTREAMS=true")
	browser := apptest.NewBrowser(t, b.Host("acme"))
	r := browser.Login("alice", apptest.Password)
	require.Equal(t, http.StatusOK, r.Status, "login: %s", r.Body)
	r = browser.Do(http.MethodPost, "/bodhi/v1/api-models", map[string]any{"api_format": "openai",
		"base_url": p.URL, "api_key": providerKey, "models": []string{"gpt-4o"}, "prefix": "fake/"})
	require.Equal(t, http.StatusCreated, r.Status, "api model: %s", r.Body)
	r = browser.Do(http.MethodPost, "/bodhi/v1/tokens", map[string]string{"scope": "scope_token_user"})
	require.Equal(t, http.StatusCreated, r.Status, "token: %s", r.Body)
	token, _ := r.JSON(t)["token"].(string)
	require.NotEmpty(t, token)

	// Separate pools, so neither target borrows the other's warm connections.
	return deployment{bodhi: b, provider: p,
		direct: NewTarget("direct", loadClient(), p.URL+"/chat/completions", providerKey, "gpt-4o"),
		gateway: NewTarget("gateway", loadClient(),
			"http://"+b.Host("acme")+"/v1/chat/completions", token, "fake/gpt-4o")}
}

// loadClient is apptest's loopback client with keep-alive connections for every request in flight: the default
// two idle connections per host would close and redial most of them, and measure the dialling.
func loadClient() *http.Client {
	tr := apptest.HTTPClient().Transport.(*http.Transport).Clone()
	tr.MaxIdleConns = 1024
	tr.MaxIdleConnsPerHost = 1024
	tr.DisableCompression = true // the gateway does not forward Accept-Encoding; keep both requests the same
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}
}

// adminDatabaseURL is the PostgreSQL database dbtest creates the test databases from: a database the server does
// not use, for the transaction counter's own connection.
func adminDatabaseURL() string {
	if u := os.Getenv("BODHI_TEST_DATABASE_URL"); u != "" {
		return u
	}
	return dbtest.DefaultPostgresURL
}
