package auth_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/cache"
	"github.com/bodhiapp/bodhi/clocktest"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/orgs"
)

// benchStore opens a migrated SQLite store holding n orgs (the database is off the hot path: the benchmarks count
// the queries that reach it).
func benchStore(b *testing.B, n int) (*countingStore, []string) {
	b.Helper()
	ctx := context.Background()
	s, err := db.Open(ctx, dbtest.SQLiteURL(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if err := s.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	slugs := make([]string, n)
	err = s.WithTx(ctx, func(tx db.DbService) error {
		for i := range slugs {
			slugs[i] = fmt.Sprintf("org-%05d", i)
			if _, err := orgs.Create(ctx, tx, master, orgs.CreateParams{Slug: slugs[i], DisplayName: slugs[i],
				ClientID: "c-" + slugs[i], ClientSecret: "s"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return &countingStore{DbService: s}, slugs
}

func benchCaches(b *testing.B) map[string]cache.Cache {
	url, prefix := dbtest.Redis(b)
	r, err := cache.NewRedis(context.Background(), cache.RedisOptions{URL: url, Prefix: prefix, Subscribe: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { r.Close() })
	for r.Ping(context.Background()) != nil {
		time.Sleep(10 * time.Millisecond)
	}
	return map[string]cache.Cache{"memory": cache.NewMemory(nil), "redis": r}
}

// BenchmarkResolveWarm is org resolution on the request hot path once warm: goal 0 database queries per request,
// and the same cost with 10 and with 10,000 orgs.
func BenchmarkResolveWarm(b *testing.B) {
	for _, n := range []int{10, 10_000} {
		store, slugs := benchStore(b, n)
		for name, c := range benchCaches(b) {
			b.Run(fmt.Sprintf("%s/orgs=%d", name, n), func(b *testing.B) {
				r := auth.NewOrgResolver(store, c, master, time.Now, quiet, 0)
				ctx := context.Background()
				for _, s := range slugs {
					if _, err := r.Resolve(ctx, s); err != nil {
						b.Fatal(err)
					}
				}
				before := store.queries.Load()
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if _, err := r.Resolve(ctx, slugs[i%len(slugs)]); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(store.queries.Load()-before)/float64(b.N), "dbq/op")
			})
		}
	}
}

// BenchmarkResolveSharedTier is the path once the in-process entry has expired: the sealed row comes from the
// shared cache (with Redis, from rueidis' client-side cache in process memory) and is unsealed again.
func BenchmarkResolveSharedTier(b *testing.B) {
	store, slugs := benchStore(b, 10)
	for name, c := range benchCaches(b) {
		b.Run(name, func(b *testing.B) {
			clock := clocktest.New(time.Now())
			r := auth.NewOrgResolver(store, c, master, clock.Now, quiet, 0)
			ctx := context.Background()
			if _, err := r.Resolve(ctx, slugs[0]); err != nil {
				b.Fatal(err)
			}
			before := store.queries.Load()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				clock.Advance(61 * time.Second) // past the resolver's in-process TTL; the shared tier keeps its entry
				if _, err := r.Resolve(ctx, slugs[0]); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(store.queries.Load()-before)/float64(b.N), "dbq/op")
		})
	}
}
