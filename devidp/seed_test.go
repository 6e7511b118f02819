package devidp_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/devidp"
)

func writeFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "seed.json")
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

func TestLoadSeed(t *testing.T) {
	raw, err := json.Marshal(testSeed())
	require.NoError(t, err)
	seed, err := devidp.LoadSeed(writeFile(t, string(raw)))
	require.NoError(t, err)
	require.Equal(t, testSeed(), seed, "a seed survives a JSON round trip")

	seed, err = devidp.LoadSeed(writeFile(t, `{"realm": "dev", "access_token_ttl_secs": 15,
		"organizations": [{"slug": "acme", "name": "Acme"}],
		"clients": [{"client_id": "bodhi-acme", "secret": "s", "kind": "resource", "organization": "acme"}],
		"users": [{"username": "alice", "password": "pw", "client_roles": {"bodhi-acme": ["resource_admin"]}}]}`))
	require.NoError(t, err)
	require.Equal(t, "dev", seed.Realm)
	require.Equal(t, 15, seed.AccessTokenTTLSecs)
}

func TestLoadSeedErrors(t *testing.T) {
	for name, tc := range map[string]struct{ content, want string }{
		"unknown top-level field":  {`{"realm": "bodhi", "colour": "red"}`, `unknown field "colour"`},
		"unknown client field":     {`{"clients": [{"client_id": "a", "secret": "s", "kind": "resource", "scopes": []}]}`, `unknown field "scopes"`},
		"not JSON":                 {`realm: bodhi`, "decode JSON"},
		"trailing data":            {`{} {}`, "unexpected data"},
		"duplicate client":         {`{"clients": [{"client_id": "a", "secret": "s", "kind": "resource"}, {"client_id": "a", "secret": "s", "kind": "resource"}]}`, `client "a": duplicate client_id`},
		"resource without secret":  {`{"clients": [{"client_id": "a", "kind": "resource"}]}`, `client "a": secret is required`},
		"public resource":          {`{"clients": [{"client_id": "a", "kind": "resource", "public": true}]}`, "cannot be public"},
		"public app with a secret": {`{"clients": [{"client_id": "a", "kind": "app", "public": true, "secret": "s"}]}`, "a public client has no secret"},
		"missing kind":             {`{"clients": [{"client_id": "a", "secret": "s"}]}`, "kind must be"},
		"missing client_id":        {`{"clients": [{"secret": "s", "kind": "app"}]}`, "client_id is required"},
		"unknown client org":       {`{"clients": [{"client_id": "a", "secret": "s", "kind": "resource", "organization": "x"}]}`, `unknown organization "x"`},
		"allowed unknown resource": {`{"clients": [{"client_id": "a", "kind": "app", "public": true, "allowed_resources": ["r"]}]}`, `"r" is not a resource client`},
		"bad redirect wildcard":    {`{"clients": [{"client_id": "a", "kind": "app", "public": true, "redirect_uris": ["http://*.x/cb"]}]}`, "prefix ending in *"},
		"duplicate username":       {`{"users": [{"username": "a", "password": "p"}, {"username": "a", "password": "p"}]}`, `user "a": duplicate username`},
		"duplicate user id":        {`{"users": [{"id": "1", "username": "a", "password": "p"}, {"id": "1", "username": "b", "password": "p"}]}`, `duplicate id "1"`},
		"user without password":    {`{"users": [{"username": "a"}]}`, "password is required"},
		"user without username":    {`{"users": [{"password": "p"}]}`, "username is required"},
		"user in unknown org":      {`{"users": [{"username": "a", "password": "p", "organizations": ["x"]}]}`, `unknown organization "x"`},
		"roles on unknown client":  {`{"users": [{"username": "a", "password": "p", "client_roles": {"c": ["resource_user"]}}]}`, `unknown client "c"`},
		"duplicate org":            {`{"organizations": [{"slug": "a"}, {"slug": "a"}]}`, `organization "a": duplicate slug`},
		"bad realm":                {`{"realm": "a/b"}`, `realm "a/b"`},
		"negative ttl":             {`{"access_token_ttl_secs": -1}`, "must not be negative"},
	} {
		t.Run(name, func(t *testing.T) {
			path := writeFile(t, tc.content)
			_, err := devidp.LoadSeed(path)
			require.ErrorContains(t, err, tc.want)
			require.ErrorContains(t, err, path, "errors name the file")
		})
	}

	_, err := devidp.LoadSeed(filepath.Join(t.TempDir(), "missing.json"))
	require.ErrorIs(t, err, os.ErrNotExist)
}

func TestSeedErrorsAreAllReported(t *testing.T) {
	err := devidp.Seed{Users: []devidp.User{{Username: "a"}, {Username: "b"}}}.Validate()
	require.ErrorContains(t, err, `user "a": password is required`)
	require.ErrorContains(t, err, `user "b": password is required`)
}

func TestDefaultSeed(t *testing.T) {
	seed := devidp.DefaultSeed()
	require.NoError(t, seed.Validate())
	b := start(t, func(c *devidp.Config) { c.Seed = seed })
	c := claims(t, b.passwordToken("demo-app", "", "admin", devidp.DefaultPassword, "roles organization scope_resource-bodhi-dev")["access_token"].(string))
	require.Equal(t, []any{"bodhi-dev"}, c["aud"])
	require.Equal(t, map[string]any{"bodhi-dev": map[string]any{"roles": []any{"resource_admin"}}}, c["resource_access"])
	require.Equal(t, []any{"dev"}, c["organization"])

	id, found := b.idp.UserID("admin")
	require.True(t, found)
	again := start(t, func(c *devidp.Config) { c.Seed = devidp.DefaultSeed() })
	id2, _ := again.idp.UserID("admin")
	require.Equal(t, id, id2, "ids derived from usernames survive restarts")
}

func TestNewRejectsBadConfig(t *testing.T) {
	for name, cfg := range map[string]devidp.Config{
		"no issuer base":    {},
		"relative issuer":   {IssuerBase: "localhost:1136"},
		"bad realm":         {IssuerBase: "http://localhost:1136", Realm: "a b"},
		"invalid seed":      {IssuerBase: "http://localhost:1136", Seed: devidp.Seed{Users: []devidp.User{{Username: "a"}}}},
		"sub-second tokens": {IssuerBase: "http://localhost:1136", AccessTTL: 1},
	} {
		t.Run(name, func(t *testing.T) {
			cfg.SigningKey = testKey()
			_, err := devidp.New(cfg)
			require.Error(t, err)
		})
	}
}

func TestSigningKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "key.pem")
	key, created, err := devidp.LoadOrCreateSigningKey(path)
	require.NoError(t, err)
	require.True(t, created)
	info, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())

	again, created, err := devidp.LoadOrCreateSigningKey(path)
	require.NoError(t, err)
	require.False(t, created)
	require.True(t, key.Equal(again), "the key survives restarts")

	require.NoError(t, os.WriteFile(path, []byte("not a key"), 0o600))
	_, _, err = devidp.LoadOrCreateSigningKey(path)
	require.ErrorContains(t, err, "no PEM block")
}
