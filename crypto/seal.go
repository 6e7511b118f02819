// Package crypto seals Bodhi's stored secrets with AES-256-GCM (data-model.md §8).
//
// Two kinds of key exist: the platform master key, which seals only each org's client secret and data key, and
// the per-org data key, which seals the org's provider and toolset API keys. Every seal uses a fresh random nonce
// and associated data that binds the ciphertext to its row, so a value copied elsewhere fails to open.
package crypto

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
)

// KeySize is the size of every Bodhi key: AES-256.
const KeySize = 32

// NonceSize is the GCM nonce size stored beside each ciphertext.
const NonceSize = 12

// ErrDecrypt is returned for every failure to open a sealed value: wrong key, wrong associated data, tampered
// ciphertext, or a half-missing ciphertext/nonce pair. Callers never fall back to "no secret".
var ErrDecrypt = errors.New("decryption failed")

// Key is a 32-byte AES-256 key.
type Key [KeySize]byte

// NewKey returns a random key from the system CSPRNG.
func NewKey() (Key, error) {
	var k Key
	if _, err := rand.Read(k[:]); err != nil {
		return Key{}, fmt.Errorf("generate key: %w", err)
	}
	return k, nil
}

// KeyFromBytes checks b is exactly KeySize bytes long.
func KeyFromBytes(b []byte) (Key, error) {
	var k Key
	if len(b) != KeySize {
		return k, fmt.Errorf("key is %d bytes, want %d: %w", len(b), KeySize, ErrDecrypt)
	}
	copy(k[:], b)
	return k, nil
}

// Seal encrypts plaintext under k with a fresh nonce and the associated data aad. It returns the ciphertext
// (tag appended) and the nonce.
func Seal(k Key, plaintext []byte, aad string) (ciphertext, nonce []byte, err error) {
	gcm, err := newGCM(k)
	if err != nil {
		return nil, nil, err
	}
	nonce = make([]byte, NonceSize)
	if _, err := rand.Read(nonce); err != nil {
		return nil, nil, fmt.Errorf("generate nonce: %w", err)
	}
	return gcm.Seal(nil, nonce, plaintext, []byte(aad)), nonce, nil
}

// Open decrypts a value sealed by Seal with the same key and associated data.
func Open(k Key, ciphertext, nonce []byte, aad string) ([]byte, error) {
	if len(nonce) != NonceSize || len(ciphertext) == 0 {
		return nil, ErrDecrypt
	}
	gcm, err := newGCM(k)
	if err != nil {
		return nil, err
	}
	plain, err := gcm.Open(nil, nonce, ciphertext, []byte(aad))
	if err != nil {
		return nil, ErrDecrypt
	}
	return plain, nil
}

// SealOptional seals plaintext, or returns two nils for a nil plaintext (a secret that is not set).
func SealOptional(k Key, plaintext *string, aad string) (ciphertext, nonce []byte, err error) {
	if plaintext == nil {
		return nil, nil, nil
	}
	return Seal(k, []byte(*plaintext), aad)
}

// OpenOptional opens a nullable ciphertext/nonce pair: both nil is "not set" (nil, nil); exactly one nil is
// corruption and fails like any other decryption error.
func OpenOptional(k Key, ciphertext, nonce []byte, aad string) (*string, error) {
	if ciphertext == nil && nonce == nil {
		return nil, nil
	}
	if ciphertext == nil || nonce == nil {
		return nil, ErrDecrypt
	}
	plain, err := Open(k, ciphertext, nonce, aad)
	if err != nil {
		return nil, err
	}
	s := string(plain)
	return &s, nil
}

func newGCM(k Key) (cipher.AEAD, error) {
	block, err := aes.NewCipher(k[:])
	if err != nil {
		return nil, fmt.Errorf("aes cipher: %w", err)
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("aes-gcm: %w", err)
	}
	return gcm, nil
}

// Associated data strings (data-model.md §8.3).

// OrgClientSecretAAD binds an org's sealed client secret to its row.
func OrgClientSecretAAD(orgID string) string { return "org:" + orgID + ":client_secret" }

// OrgDataKeyAAD binds an org's sealed data key to its row.
func OrgDataKeyAAD(orgID string) string { return "org:" + orgID + ":encryption_key" }

// APIModelKeyAAD binds a provider API key to its api_model_aliases row.
func APIModelKeyAAD(rowID string) string { return "api_model_aliases:" + rowID + ":api_key" }

// ToolsetKeyAAD binds a toolset API key to its toolsets row.
func ToolsetKeyAAD(rowID string) string { return "toolsets:" + rowID + ":api_key" }

// OpenOrgSecrets opens an org's client secret and data key, both sealed with the master key and bound to orgID.
func OpenOrgSecrets(master Key, orgID string, secret, secretNonce, dataKey, dataKeyNonce []byte) (string, Key, error) {
	plainSecret, err := Open(master, secret, secretNonce, OrgClientSecretAAD(orgID))
	if err != nil {
		return "", Key{}, fmt.Errorf("client secret: %w", err)
	}
	rawKey, err := Open(master, dataKey, dataKeyNonce, OrgDataKeyAAD(orgID))
	if err != nil {
		return "", Key{}, fmt.Errorf("data key: %w", err)
	}
	key, err := KeyFromBytes(rawKey)
	if err != nil {
		return "", Key{}, fmt.Errorf("data key: %w", err)
	}
	return string(plainSecret), key, nil
}
