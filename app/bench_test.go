package app

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
)

// BenchmarkOrgsCurrent is a whole org-scoped request through the router, warm: request id, access log, header
// hygiene, org resolution and the JSON response.
func BenchmarkOrgsCurrent(b *testing.B) {
	for _, mode := range []string{"standalone-sqlite-memory", "hosted-postgres-redis"} {
		b.Run(mode, func(b *testing.B) {
			d := dbtest.Dialect{Name: "sqlite", URL: dbtest.SQLiteURL}
			var env []string
			if mode == "hosted-postgres-redis" {
				redisURL, prefix := dbtest.Redis(b)
				d = dbtest.Dialect{Name: "postgres", URL: dbtest.PostgresURL}
				env = []string{"BODHI_MULTI_TENANT=true", "REDIS_URL=" + redisURL, "BODHI_REDIS_PREFIX=" + prefix,
					"BODHI_ORG_DOMAIN=localhost"}
			}
			a := newTestApp(b, d, env...)
			mkOrg(b, a, "acme", db.OrgActive)
			req := httptest.NewRequest(http.MethodGet, "/bodhi/v1/orgs/current", nil)
			req.Host = "acme.localhost"
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				rec := httptest.NewRecorder()
				a.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
			}
		})
	}
}
