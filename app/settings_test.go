package app_test

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func settingByKey(t *testing.T, list []any, key string) map[string]any {
	t.Helper()
	for _, s := range list {
		if m := s.(map[string]any); m["key"] == key {
			return m
		}
	}
	return nil
}

func TestSettingsStandalone(t *testing.T) {
	d := startDeployment(t, false, 0)
	alice := loggedIn(t, d, "acme", "alice")
	r := alice.Do(http.MethodGet, "/bodhi/v1/settings", nil)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	var list []any
	require.NoError(t, jsonUnmarshal(r.Body, &list))
	keep := settingByKey(t, list, "BODHI_KEEP_ALIVE_SECS")
	require.Equal(t, map[string]any{"key": "BODHI_KEEP_ALIVE_SECS", "current_value": float64(300), "default_value": float64(300),
		"source": "default", "metadata": map[string]any{"type": "number", "min": float64(300), "max": float64(86400)},
		"editable": true}, keep)
	require.Nil(t, settingByKey(t, list, "BODHI_ENCRYPTION_KEY"), "secrets are never listed")
	require.Nil(t, settingByKey(t, list, "HF_TOKEN"))
	require.Nil(t, settingByKey(t, list, "BODHI_ORG_DOMAIN"), "hosted-only keys are not listed standalone")
	require.Equal(t, false, settingByKey(t, list, "BODHI_PORT")["editable"])

	r = alice.Do(http.MethodPut, "/bodhi/v1/settings/BODHI_KEEP_ALIVE_SECS", map[string]any{"value": 600})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	require.Equal(t, float64(600), r.JSON(t)["current_value"])
	require.Equal(t, "settings_file", r.JSON(t)["source"])
	data, err := os.ReadFile(filepath.Join(d.bodhi.Config.Home, "settings.yaml"))
	require.NoError(t, err)
	require.Contains(t, string(data), "BODHI_KEEP_ALIVE_SECS: 600")

	for _, c := range []struct {
		key   string
		value any
		code  string
	}{
		{"BODHI_KEEP_ALIVE_SECS", 5, "settings_metadata_error-invalid_value"},
		{"BODHI_KEEP_ALIVE_SECS", "600", "settings_metadata_error-invalid_value_type"},
		{"BODHI_KEEP_ALIVE_SECS", nil, "settings_metadata_error-null_value"},
		{"BODHI_HOME", "/tmp", "settings_error-bodhi_home"},
		{"BODHI_PORT", 1, "settings_error-unsupported"},
		{"NOPE", 1, "settings_error-not_found"},
	} {
		r := alice.Do(http.MethodPut, "/bodhi/v1/settings/"+c.key, map[string]any{"value": c.value})
		require.Equal(t, c.code, r.ErrorCode(t), "%s %v", c.key, c.value)
	}

	r = alice.Do(http.MethodDelete, "/bodhi/v1/settings/BODHI_KEEP_ALIVE_SECS", nil)
	require.Equal(t, http.StatusOK, r.Status)
	require.Equal(t, float64(300), r.JSON(t)["current_value"])
	require.Equal(t, "default", r.JSON(t)["source"])

	r = loggedIn(t, d, "acme", "dave").Do(http.MethodGet, "/bodhi/v1/settings", nil)
	require.Equal(t, http.StatusForbidden, r.Status, "managers do not see settings")
}

func TestSettingsHostedReadOnly(t *testing.T) {
	d := startDeployment(t, true, 0)
	alice := loggedIn(t, d, "acme", "alice")
	r := alice.Do(http.MethodGet, "/bodhi/v1/settings", nil)
	require.Equal(t, http.StatusOK, r.Status)
	var list []any
	require.NoError(t, jsonUnmarshal(r.Body, &list))
	require.NotNil(t, settingByKey(t, list, "BODHI_ORG_DOMAIN"))
	require.Nil(t, settingByKey(t, list, "DATABASE_URL"), "never listed in hosted mode")
	for _, s := range list {
		require.Equal(t, false, s.(map[string]any)["editable"])
	}
	r = alice.Do(http.MethodPut, "/bodhi/v1/settings/BODHI_KEEP_ALIVE_SECS", map[string]any{"value": 600})
	require.Equal(t, http.StatusBadRequest, r.Status)
	require.Equal(t, "settings_error-unsupported", r.ErrorCode(t))
	r = alice.Do(http.MethodDelete, "/bodhi/v1/settings/BODHI_KEEP_ALIVE_SECS", nil)
	require.Equal(t, "settings_error-unsupported", r.ErrorCode(t))
}
