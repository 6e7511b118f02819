package app_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkGatewayChat is one warm, non-streamed chat completion through the whole server, in process: org and
// token resolution, the body read, model routing, the key, the provider call (a loopback fake that answers at
// once) and the relay. It is the gateway's hot path, measured before and after changes to it.
func BenchmarkGatewayChat(b *testing.B) {
	bodhi, token := standaloneWithModel(b, droppingProvider(b, 0))
	payload := []byte(`{"model":"fake/gpt-4o","messages":[{"role":"user","content":"Hello"}]}`)
	serve := func() {
		req := httptest.NewRequest(http.MethodPost, "/v1/chat/completions", bytes.NewReader(payload))
		req.Host = bodhi.Host("acme")
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		bodhi.App.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
	serve() // warms the caches: the org, the token, the routing list
	b.ReportAllocs()
	for b.Loop() {
		serve()
	}
}
