package devidp

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/go-jose/go-jose/v4"
)

// keyBits is the size of generated signing keys.
const keyBits = 2048

// GenerateSigningKey returns a fresh RSA key of the size the provider uses.
func GenerateSigningKey() (*rsa.PrivateKey, error) {
	key, err := rsa.GenerateKey(rand.Reader, keyBits)
	if err != nil {
		return nil, fmt.Errorf("generate RSA key: %w", err)
	}
	return key, nil
}

// LoadOrCreateSigningKey reads a PEM RSA private key (PKCS #1 or PKCS #8) from path. When the file does not
// exist it generates a key and writes it there with mode 0600, so tokens stay valid across restarts; created
// reports that.
func LoadOrCreateSigningKey(path string) (key *rsa.PrivateKey, created bool, err error) {
	data, err := os.ReadFile(path)
	if err == nil {
		key, err := parseRSAKey(data)
		if err != nil {
			return nil, false, fmt.Errorf("signing key %q: %w", path, err)
		}
		return key, false, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, false, fmt.Errorf("read signing key %q: %w", path, err)
	}
	key, err = GenerateSigningKey()
	if err != nil {
		return nil, false, err
	}
	block := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	// O_EXCL: if another process created the file meanwhile, fail rather than overwrite its key.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, false, fmt.Errorf("create signing key %q: %w", path, err)
	}
	if _, err := f.Write(block); err != nil {
		f.Close()
		return nil, false, fmt.Errorf("write signing key %q: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return nil, false, fmt.Errorf("write signing key %q: %w", path, err)
	}
	return key, true, nil
}

func parseRSAKey(data []byte) (*rsa.PrivateKey, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("no PEM block found")
	}
	switch block.Type {
	case "RSA PRIVATE KEY":
		return x509.ParsePKCS1PrivateKey(block.Bytes)
	case "PRIVATE KEY":
		k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return nil, err
		}
		rsaKey, ok := k.(*rsa.PrivateKey)
		if !ok {
			return nil, fmt.Errorf("PKCS #8 key is %T, want RSA", k)
		}
		return rsaKey, nil
	default:
		return nil, fmt.Errorf("PEM block %q is not an RSA private key", block.Type)
	}
}

// keys signs and verifies the provider's JWTs with one RS256 key.
type keys struct {
	private *rsa.PrivateKey
	public  jose.JSONWebKey
	signer  jose.Signer
}

func newKeys(private *rsa.PrivateKey) (*keys, error) {
	pub := jose.JSONWebKey{Key: &private.PublicKey, Algorithm: string(jose.RS256), Use: "sig"}
	// The RFC 7638 thumbprint as kid: stable for a given key, so a key file keeps its kid across restarts.
	thumb, err := pub.Thumbprint(crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("key thumbprint: %w", err)
	}
	pub.KeyID = base64.RawURLEncoding.EncodeToString(thumb)
	signer, err := jose.NewSigner(
		jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: private, KeyID: pub.KeyID}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return nil, fmt.Errorf("signer: %w", err)
	}
	return &keys{private: private, public: pub, signer: signer}, nil
}

// sign serialises claims as a compact RS256 JWT.
func (k *keys) sign(claims any) (string, error) {
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("encode claims: %w", err)
	}
	jws, err := k.signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	return jws.CompactSerialize()
}

// verify checks the signature of raw and decodes its payload into claims. Issuer, type and expiry are the
// caller's business.
func (k *keys) verify(raw string, claims any) error {
	jws, err := jose.ParseSignedCompact(raw, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		return fmt.Errorf("parse token: %w", err)
	}
	payload, err := jws.Verify(&k.private.PublicKey)
	if err != nil {
		return fmt.Errorf("verify token: %w", err)
	}
	if err := json.Unmarshal(payload, claims); err != nil {
		return fmt.Errorf("decode claims: %w", err)
	}
	return nil
}

// jwks is the public key set served at /certs.
func (k *keys) jwks() jose.JSONWebKeySet {
	return jose.JSONWebKeySet{Keys: []jose.JSONWebKey{k.public}}
}
