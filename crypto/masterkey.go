package crypto

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// MinMasterKeyLength is the shortest accepted BODHI_ENCRYPTION_KEY.
const MinMasterKeyLength = 32

// KeyFileName is the standalone master-key file under BODHI_HOME.
const KeyFileName = "encryption.key"

// placeholders are template values an operator forgot to replace.
var placeholders = []string{"your-strong-encryption-key-here", "generate-a-secure-key"}

// ValidateMasterKeySource checks a BODHI_ENCRYPTION_KEY value (data-model.md §8.1).
func ValidateMasterKeySource(source string) error {
	for _, p := range placeholders {
		if source == p {
			return fmt.Errorf("BODHI_ENCRYPTION_KEY is the placeholder %q: set a real secret, e.g. `openssl rand -hex 32`", p)
		}
	}
	if len(source) < MinMasterKeyLength {
		return fmt.Errorf("BODHI_ENCRYPTION_KEY must be at least %d characters; got %d", MinMasterKeyLength, len(source))
	}
	return nil
}

// MasterKeyFromSource derives the master key: SHA-256 of the UTF-8 source string.
func MasterKeyFromSource(source string) (Key, error) {
	if err := ValidateMasterKeySource(source); err != nil {
		return Key{}, err
	}
	return Key(sha256.Sum256([]byte(source))), nil
}

// LoadMasterKey returns the master key from envValue (BODHI_ENCRYPTION_KEY) when set. Otherwise, in standalone
// mode only, it reads $home/encryption.key, or creates it (0600, in a 0700 home) with a warning to back it up.
// Hosted mode never reads or writes a key file.
func LoadMasterKey(envValue, home string, multiTenant bool, log *slog.Logger) (Key, error) {
	if envValue != "" {
		return MasterKeyFromSource(envValue)
	}
	if multiTenant {
		return Key{}, errors.New("BODHI_MULTI_TENANT=true requires BODHI_ENCRYPTION_KEY")
	}
	path := filepath.Join(home, KeyFileName)
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		if info, statErr := os.Stat(path); statErr == nil && info.Mode().Perm()&0o077 != 0 {
			log.Warn("master key file is readable by group or others; run chmod 600", "path", path,
				"mode", info.Mode().Perm().String())
		}
		key, err := MasterKeyFromSource(strings.TrimSpace(string(data)))
		if err != nil {
			return Key{}, fmt.Errorf("master key file %s: %w", path, err)
		}
		return key, nil
	case errors.Is(err, fs.ErrNotExist):
		return createKeyFile(path, log)
	default:
		return Key{}, fmt.Errorf("read master key file: %w", err)
	}
}

func createKeyFile(path string, log *slog.Logger) (Key, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return Key{}, fmt.Errorf("create BODHI_HOME for the master key: %w", err)
	}
	raw, err := NewKey()
	if err != nil {
		return Key{}, err
	}
	source := hex.EncodeToString(raw[:])
	// O_EXCL: two processes starting together must not each write a different key.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return LoadMasterKey("", filepath.Dir(path), false, log)
	}
	if err != nil {
		return Key{}, fmt.Errorf("create master key file: %w", err)
	}
	if _, err := f.WriteString(source + "\n"); err != nil {
		f.Close()
		return Key{}, fmt.Errorf("write master key file: %w", err)
	}
	if err := f.Close(); err != nil {
		return Key{}, fmt.Errorf("write master key file: %w", err)
	}
	log.Warn(fmt.Sprintf("No BODHI_ENCRYPTION_KEY set; generated a master key at %s. Back it up: without it, "+
		"stored secrets cannot be decrypted.", path))
	return MasterKeyFromSource(source)
}
