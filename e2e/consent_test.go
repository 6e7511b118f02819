//go:build e2e

package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/db"
)

// pwnScript is what the hostile return addresses run if a browser ever follows them: the scenario looks for its
// marks (window.__pwned, the page title).
const pwnScript = "document.title='pwned';window.__pwned=1//"

// consentFixture holds the app access requests of ui/e2e/consent.mjs: two drafts whose redirect_uri is a
// javascript: URL, stored directly as a server without the redirect_url check stored them (the fixed server
// refuses to create them), and one made through the API with a loopback http URL served by app.
type consentFixture struct {
	denyID, approveID string // hostile drafts
	goodID, reviewURL string // the request made through the API, and the review page it answered with
	app               *appCallback
}

func (f consentFixture) env() []string {
	return []string{
		"BODHI_E2E_CONSENT_DENY_ID=" + f.denyID,
		"BODHI_E2E_CONSENT_APPROVE_ID=" + f.approveID,
		"BODHI_E2E_CONSENT_GOOD_ID=" + f.goodID,
		"BODHI_E2E_CONSENT_REVIEW_URL=" + f.reviewURL,
		"BODHI_E2E_CONSENT_CALLBACK=" + f.app.url,
	}
}

func newConsentFixture(t *testing.T, b *apptest.Bodhi) consentFixture {
	t.Helper()
	ctx := context.Background()
	store := b.Store(t)
	acme, err := store.GetOrgBySlug(ctx, apptest.Acme.Slug)
	require.NoError(t, err)
	hostile := func(scheme string) string {
		id := uuid.NewString()
		redirect := scheme + pwnScript + "?id=" + id
		_, err := store.CreateAppAccessRequest(ctx, acme.ID, db.AppAccessRequest{ID: id, AppClientID: apptest.AppClientID,
			FlowType: "redirect", RedirectURI: &redirect, Status: db.AppAccessDraft, Requested: `{"toolset_types":[]}`,
			ExpiresAt: time.Now().Add(10 * time.Minute)})
		require.NoError(t, err)
		return id
	}
	f := consentFixture{denyID: hostile("javascript:"), approveID: hostile(" JavaScript:"), app: startAppCallback(t)}

	// A draft needs a requested toolset type: with none the request is approved at once, without a review.
	r := apptest.NewBrowser(t, b.Host(apptest.Acme.Slug)).Do(http.MethodPost, "/bodhi/v1/apps/request-access",
		map[string]any{"app_client_id": apptest.AppClientID, "flow_type": "redirect", "redirect_url": f.app.url,
			"requested": map[string]any{"toolset_types": []any{map[string]any{"toolset_type": "builtin-exa-search"}}}})
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	body := r.JSON(t)
	require.Equal(t, db.AppAccessDraft, body["status"], "%s", r.Body)
	f.goodID, _ = body["id"].(string)
	f.reviewURL, _ = body["review_url"].(string)
	require.NotEmpty(t, f.goodID)
	require.NotEmpty(t, f.reviewURL)
	return f
}

// appCallback is the third-party app's return page: a loopback server answering a small HTML page and recording
// the query of every visit.
type appCallback struct {
	url string // http://localhost:<port>/app-callback

	mu      sync.Mutex
	queries []url.Values
}

const appCallbackPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Demo App</title></head>` +
	`<body><h1>Back in Demo App</h1></body></html>`

func startAppCallback(t *testing.T) *appCallback {
	t.Helper()
	a := &appCallback{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/app-callback" {
			http.NotFound(w, r)
			return
		}
		a.mu.Lock()
		a.queries = append(a.queries, r.URL.Query())
		a.mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(appCallbackPage))
	}))
	t.Cleanup(srv.Close)
	// localhost, not 127.0.0.1: the demo app's registered redirect URIs are http://localhost:*
	a.url = strings.Replace(srv.URL, "127.0.0.1", "localhost", 1) + "/app-callback"
	return a
}

func (a *appCallback) visits() []url.Values {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]url.Values(nil), a.queries...)
}

// checkConsentOutcome checks the server's and the app's side after consent.mjs: the good request is approved and
// its app was visited once, with its id. (The hostile rows' statuses are not checked: whether the server decides
// them or refuses is the server's business; the browser's part is never to run their URLs.)
func checkConsentOutcome(t *testing.T, b *apptest.Bodhi, f consentFixture) {
	t.Helper()
	ctx := context.Background()
	store := b.Store(t)
	acme, err := store.GetOrgBySlug(ctx, apptest.Acme.Slug)
	require.NoError(t, err)
	good, err := store.GetAppAccessRequest(ctx, acme.ID, f.goodID)
	require.NoError(t, err)
	require.Equal(t, db.AppAccessApproved, good.Status)

	visits := f.app.visits()
	require.Len(t, visits, 1, "the app's return page was opened once: %v", visits)
	require.Equal(t, f.goodID, visits[0].Get("id"))
}
