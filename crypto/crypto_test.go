package crypto_test

import (
	"bytes"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/crypto"
)

func TestSealOpenRoundTrip(t *testing.T) {
	k, err := crypto.NewKey()
	require.NoError(t, err)
	ct, nonce, err := crypto.Seal(k, []byte("sk-secret"), crypto.APIModelKeyAAD("row-1"))
	require.NoError(t, err)
	require.Len(t, nonce, crypto.NonceSize)
	require.NotContains(t, string(ct), "sk-secret")
	plain, err := crypto.Open(k, ct, nonce, crypto.APIModelKeyAAD("row-1"))
	require.NoError(t, err)
	require.Equal(t, "sk-secret", string(plain))
}

func TestFreshNonceEverySeal(t *testing.T) {
	k, _ := crypto.NewKey()
	ct1, n1, _ := crypto.Seal(k, []byte("same"), "aad")
	ct2, n2, _ := crypto.Seal(k, []byte("same"), "aad")
	require.NotEqual(t, n1, n2)
	require.NotEqual(t, ct1, ct2)
}

func TestOpenFailures(t *testing.T) {
	k, _ := crypto.NewKey()
	other, _ := crypto.NewKey()
	ct, nonce, err := crypto.Seal(k, []byte("secret"), crypto.ToolsetKeyAAD("t1"))
	require.NoError(t, err)
	tampered := bytes.Clone(ct)
	tampered[0] ^= 0xff
	tests := []struct {
		name      string
		key       crypto.Key
		ct, nonce []byte
		aad       string
	}{
		{"wrong key", other, ct, nonce, crypto.ToolsetKeyAAD("t1")},
		{"wrong aad (copied to another row)", k, ct, nonce, crypto.ToolsetKeyAAD("t2")},
		{"wrong aad (another kind)", k, ct, nonce, crypto.APIModelKeyAAD("t1")},
		{"tampered ciphertext", k, tampered, nonce, crypto.ToolsetKeyAAD("t1")},
		{"missing nonce", k, ct, nil, crypto.ToolsetKeyAAD("t1")},
		{"missing ciphertext", k, nil, nonce, crypto.ToolsetKeyAAD("t1")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := crypto.Open(tt.key, tt.ct, tt.nonce, tt.aad)
			require.ErrorIs(t, err, crypto.ErrDecrypt)
		})
	}
}

func TestOptionalPairs(t *testing.T) {
	k, _ := crypto.NewKey()
	ct, nonce, err := crypto.SealOptional(k, nil, "aad")
	require.NoError(t, err)
	require.Nil(t, ct)
	require.Nil(t, nonce)
	got, err := crypto.OpenOptional(k, nil, nil, "aad")
	require.NoError(t, err)
	require.Nil(t, got, "both NULL means no secret")

	secret := "key"
	ct, nonce, err = crypto.SealOptional(k, &secret, "aad")
	require.NoError(t, err)
	got, err = crypto.OpenOptional(k, ct, nonce, "aad")
	require.NoError(t, err)
	require.Equal(t, "key", *got)
	_, err = crypto.OpenOptional(k, ct, nil, "aad")
	require.ErrorIs(t, err, crypto.ErrDecrypt, "a half-NULL pair is corruption, never 'no key'")
	_, err = crypto.OpenOptional(k, nil, nonce, "aad")
	require.ErrorIs(t, err, crypto.ErrDecrypt)
}

func TestMasterKeyValidation(t *testing.T) {
	for _, bad := range []string{"short", "your-strong-encryption-key-here", "generate-a-secure-key"} {
		_, err := crypto.MasterKeyFromSource(bad)
		require.Error(t, err, bad)
	}
	k1, err := crypto.MasterKeyFromSource(strings.Repeat("a", 32))
	require.NoError(t, err)
	k2, _ := crypto.MasterKeyFromSource(strings.Repeat("a", 32))
	require.Equal(t, k1, k2, "the master key is derived deterministically from its source")
}

func TestStandaloneKeyFile(t *testing.T) {
	home := filepath.Join(t.TempDir(), "home")
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	k1, err := crypto.LoadMasterKey("", home, false, log)
	require.NoError(t, err)
	require.Contains(t, logs.String(), "generated a master key")

	path := filepath.Join(home, crypto.KeyFileName)
	info, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	dir, _ := os.Stat(home)
	require.Equal(t, os.FileMode(0o700), dir.Mode().Perm())
	data, _ := os.ReadFile(path)
	require.Len(t, data, 65, "64 hex characters and a newline")

	logs.Reset()
	k2, err := crypto.LoadMasterKey("", home, false, log)
	require.NoError(t, err)
	require.Equal(t, k1, k2, "later starts reuse the file")
	require.Empty(t, logs.String())

	require.NoError(t, os.Chmod(path, 0o644))
	_, err = crypto.LoadMasterKey("", home, false, log)
	require.NoError(t, err)
	require.Contains(t, logs.String(), "readable by group or others")

	fromEnv, err := crypto.LoadMasterKey(strings.TrimSpace(string(data)), t.TempDir(), true, log)
	require.NoError(t, err)
	require.Equal(t, k1, fromEnv, "the file's content counts exactly as the environment value")
}

func TestHostedNeverWritesKeyFile(t *testing.T) {
	home := t.TempDir()
	_, err := crypto.LoadMasterKey("", home, true, slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.ErrorContains(t, err, "BODHI_ENCRYPTION_KEY")
	_, statErr := os.Stat(filepath.Join(home, crypto.KeyFileName))
	require.True(t, os.IsNotExist(statErr))
}
