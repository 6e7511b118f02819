package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/dbtest"
)

func TestOrgCreateRegister(t *testing.T) {
	idp := apptest.StartIdP(t, apptest.TwoOrgSeed(true, 8080), 0)
	for _, hosted := range []bool{false, true} {
		t.Run(map[bool]string{true: "hosted", false: "standalone"}[hosted], func(t *testing.T) {
			env := standaloneEnv(t, dbtest.Dialect{Name: "sqlite", URL: dbtest.SQLiteURL})
			if hosted {
				redisURL, prefix := dbtest.Redis(t)
				env = append(hostedEnv(t, dbtest.Dialect{Name: "postgres", URL: dbtest.PostgresURL}),
					"REDIS_URL="+redisURL, "BODHI_REDIS_PREFIX="+prefix)
			}
			env = append(env, "BODHI_AUTH_URL="+idp.URL)
			require.Equal(t, 0, bodhi(t, env, "", "migrate", "up").code)

			r := bodhi(t, env, "", "org", "create", "--slug", "home", "--name", "Home Org", "--register",
				"--client-id", "x")
			require.Equal(t, exitUsage, r.code, "--register and --client-id exclude each other")
			r = bodhi(t, env, "", "org", "create", "--slug", "home", "--name", "Home Org")
			require.Equal(t, exitUsage, r.code, "one of them is needed")

			r = bodhi(t, env, "", "org", "create", "--slug", "home", "--name", "Home Org", "--register",
				"--description", "registered by the CLI")
			require.Equal(t, 0, r.code, r.stderr)
			var org orgJSON
			require.NoError(t, json.Unmarshal([]byte(r.stdout), &org))
			require.True(t, strings.HasPrefix(org.KCClientID, "resource-"), org.KCClientID)
		})
	}
}
