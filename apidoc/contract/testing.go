package contract

import (
	"context"
	"net/http"
	"sort"
	"sync"
	"testing"

	"github.com/bodhiapp/bodhi/apidoc"
)

// Check puts the document's checker in front of h for the test t: every request the test makes and every answer
// it gets are validated, and t fails at its end with the list of differences. Benchmarks are measured without it.
func Check(t testing.TB, h http.Handler) http.Handler {
	t.Helper()
	if _, bench := t.(*testing.B); bench {
		return h
	}
	doc, err := apidoc.Document()
	if err != nil {
		t.Fatalf("OpenAPI document: %v", err)
	}
	checker, err := New(context.Background(), doc)
	if err != nil {
		t.Fatalf("OpenAPI document: %v", err)
	}
	var mu sync.Mutex
	seen := map[string]bool{}
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		problems := make([]string, 0, len(seen))
		for p := range seen {
			problems = append(problems, p)
		}
		sort.Strings(problems)
		for _, p := range problems {
			t.Errorf("OpenAPI contract: %s", p)
		}
	})
	return checker.Middleware(h, func(v Violation) {
		mu.Lock()
		defer mu.Unlock()
		seen[v.String()] = true
	})
}
