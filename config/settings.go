package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/bodhiapp/bodhi/dburl"
)

// Listing rules of runtime.md §2.2: which keys GET /bodhi/v1/settings shows in each mode.
var (
	listedBoth = []string{"BODHI_HOST", "BODHI_PORT", "BODHI_PUBLIC_SCHEME", "BODHI_PUBLIC_PORT", "BODHI_MULTI_TENANT", "BODHI_AUTH_URL", "BODHI_AUTH_REALM", "BODHI_LOG_LEVEL", "BODHI_LOG_FORMAT", "BODHI_COOKIE_SECURE", "BODHI_SHUTDOWN_DELAY_SECS", "BODHI_VERSION", "BODHI_COMMIT_SHA",
		"BODHI_DB_TIMEOUT_MS", "BODHI_CACHE_STALE_SECS", "BODHI_HTTP_HEADER_TIMEOUT_SECS", "BODHI_HTTP_BODY_TIMEOUT_SECS",
		"BODHI_HTTP_IDLE_TIMEOUT_SECS", "BODHI_HTTP_WRITE_TIMEOUT_SECS", "BODHI_MAX_CONNECTIONS", "BODHI_BODY_MEMORY_MB",
		"BODHI_AUTH_FAIL_LIMIT_ADDR", "BODHI_AUTH_FAIL_LIMIT_ORG", "BODHI_METRICS_ADDR",
		"BODHI_USAGE_RETENTION_DAYS", "BODHI_USAGE_FLUSH_MS", "BODHI_USAGE_BUFFER"}
	listedStandalone = []string{"BODHI_HOME", "BODHI_PUBLIC_HOST", "BODHI_CANONICAL_REDIRECT", "DATABASE_URL", "SESSION_DB_URL", "SESSION_DB_SCHEMA", "REDIS_URL", "BODHI_REDIS_PREFIX", "BODHI_TRUSTED_PROXIES", "HF_HOME", "BODHI_LLAMA_SERVER", "BODHI_LLAMACPP_ARGS", "BODHI_KEEP_ALIVE_SECS", "BODHI_HF_BASE_URL", "BODHI_EXA_BASE_URL"}
	listedHosted     = []string{"BODHI_ORG_DOMAIN"}
)

// SettingMetadata describes a key's values.
type SettingMetadata struct {
	Type    string   `json:"type"` // string, number, boolean, option
	Min     *int64   `json:"min,omitempty"`
	Max     *int64   `json:"max,omitempty"`
	Options []string `json:"options,omitempty"`
}

// SettingInfo is one row of the settings API (http-api.md §12).
type SettingInfo struct {
	Key          string          `json:"key"`
	CurrentValue any             `json:"current_value"`
	DefaultValue any             `json:"default_value"`
	Source       Source          `json:"source"`
	Metadata     SettingMetadata `json:"metadata"`
	Editable     bool            `json:"editable"`
}

func ptr64(v int64) *int64 { return &v }

func metadataOf(key string) SettingMetadata {
	if b, ok := limitBounds[key]; ok {
		return SettingMetadata{Type: "number", Min: ptr64(int64(b[0])), Max: ptr64(int64(b[1]))}
	}
	switch key {
	case "BODHI_PORT", "BODHI_PUBLIC_PORT":
		return SettingMetadata{Type: "number", Min: ptr64(1), Max: ptr64(65535)}
	case "BODHI_KEEP_ALIVE_SECS":
		return SettingMetadata{Type: "number", Min: ptr64(300), Max: ptr64(86400)}
	case "BODHI_MULTI_TENANT", "BODHI_CANONICAL_REDIRECT", "BODHI_COOKIE_SECURE":
		return SettingMetadata{Type: "boolean"}
	case "BODHI_LOG_LEVEL":
		return SettingMetadata{Type: "option", Options: []string{"error", "warn", "info", "debug", "trace"}}
	case "BODHI_LOG_FORMAT":
		return SettingMetadata{Type: "option", Options: []string{"text", "json"}}
	case "BODHI_PUBLIC_SCHEME":
		return SettingMetadata{Type: "option", Options: []string{"http", "https"}}
	}
	return SettingMetadata{Type: "string"}
}

// editable keys: only the llama-server keep-alive, and only in standalone mode.
func (s *Settings) editable(key string) bool {
	return key == "BODHI_KEEP_ALIVE_SECS" && !s.cfg.MultiTenant
}

// SettingError is a refused settings change, with its code.
type SettingError struct {
	Status int
	Code   string
	Msg    string
}

func (e *SettingError) Error() string { return e.Msg }

// Settings serves and edits the platform settings. Writes go to $BODHI_HOME/settings.yaml.
type Settings struct {
	mu        sync.Mutex
	cfg       *Config
	values    map[string]Value
	defaults  map[string]string
	listeners []func(key string, value Value)
}

// NewSettings wraps the loaded configuration.
func NewSettings(cfg *Config) *Settings {
	values := make(map[string]Value, len(cfg.Values))
	for k, v := range cfg.Values {
		values[k] = v
	}
	return &Settings{cfg: cfg, values: values, defaults: Defaults(cfg.Home, cfg.MultiTenant)}
}

// OnChange registers fn, called after every successful edit (the llama-server idle timer uses it).
func (s *Settings) OnChange(fn func(key string, value Value)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.listeners = append(s.listeners, fn)
}

// List returns the keys listed in this mode, sorted.
func (s *Settings) List() []SettingInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := append([]string(nil), listedBoth...)
	if s.cfg.MultiTenant {
		keys = append(keys, listedHosted...)
	} else {
		keys = append(keys, listedStandalone...)
	}
	sort.Strings(keys)
	out := make([]SettingInfo, 0, len(keys))
	for _, k := range keys {
		out = append(out, s.info(k))
	}
	return out
}

func (s *Settings) info(key string) SettingInfo {
	meta := metadataOf(key)
	v := s.values[key]
	source := v.Source
	if source == "" {
		source = FromDefault
	}
	return SettingInfo{Key: key, CurrentValue: typed(key, meta, v.Raw), DefaultValue: typed(key, meta, s.defaults[key]),
		Source: source, Metadata: meta, Editable: s.editable(key)}
}

// typed renders a raw value as JSON of its type; URL passwords are masked.
func typed(key string, meta SettingMetadata, raw string) any {
	switch meta.Type {
	case "number":
		if n, err := strconv.ParseInt(raw, 10, 64); err == nil {
			return n
		}
	case "boolean":
		if b, err := strconv.ParseBool(raw); err == nil {
			return b
		}
	}
	if key == "DATABASE_URL" || key == "SESSION_DB_URL" || key == "REDIS_URL" {
		return dburl.Redact(raw)
	}
	return raw
}

// Update sets key to value (a JSON value) in settings.yaml.
func (s *Settings) Update(key string, value json.RawMessage) (SettingInfo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(key); err != nil {
		return SettingInfo{}, err
	}
	if string(value) == "null" || len(value) == 0 {
		return SettingInfo{}, &SettingError{400, "settings_metadata_error-null_value", "The value must not be null."}
	}
	var decoded any
	dec := json.NewDecoder(bytes.NewReader(value))
	dec.UseNumber() // a JSON number stays a json.Number; a string such as "600" does not
	_ = dec.Decode(&decoded)
	n, isNumber := decoded.(json.Number)
	if !isNumber {
		return SettingInfo{}, &SettingError{400, "settings_metadata_error-invalid_value_type", "The value must be a number."}
	}
	v, err := n.Int64()
	meta := metadataOf(key)
	if err != nil || v < *meta.Min || v > *meta.Max {
		return SettingInfo{}, &SettingError{400, "settings_metadata_error-invalid_value",
			fmt.Sprintf("The value must be an integer from %d to %d.", *meta.Min, *meta.Max)}
	}
	if err := s.writeFile(key, strconv.FormatInt(v, 10)); err != nil {
		return SettingInfo{}, err
	}
	return s.info(key), nil
}

// Reset removes key from settings.yaml, so its value reverts to the next source.
func (s *Settings) Reset(key string) (SettingInfo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(key); err != nil {
		return SettingInfo{}, err
	}
	if err := s.writeFile(key, ""); err != nil {
		return SettingInfo{}, err
	}
	return s.info(key), nil
}

func (s *Settings) check(key string) error {
	switch {
	case s.cfg.MultiTenant:
		return &SettingError{400, "settings_error-unsupported", "Settings are read-only in hosted mode."}
	case key == "BODHI_HOME":
		return &SettingError{400, "settings_error-bodhi_home", "BODHI_HOME cannot be changed here."}
	case !knownKey(key) || key == "BODHI_ENCRYPTION_KEY" || key == "HF_TOKEN":
		return &SettingError{404, "settings_error-not_found", "Unknown setting '" + key + "'."}
	case !s.editable(key):
		return &SettingError{400, "settings_error-unsupported", "The setting '" + key + "' is not editable."}
	}
	return nil
}

// writeFile sets (or, with an empty value, removes) key in settings.yaml, then updates the in-memory value:
// a command-line or environment value still wins over the file.
func (s *Settings) writeFile(key, value string) error {
	path := filepath.Join(s.cfg.Home, SettingsFileName)
	file := map[string]any{}
	if data, err := os.ReadFile(path); err == nil {
		if err := yaml.Unmarshal(data, &file); err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("read %s: %w", path, err)
	}
	if file == nil {
		file = map[string]any{}
	}
	if value == "" {
		delete(file, key)
	} else {
		n, _ := strconv.ParseInt(value, 10, 64)
		file[key] = n
	}
	data, err := yaml.Marshal(file)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(s.cfg.Home, 0o700); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	current := s.values[key]
	if current.Source != FromCommandLine && current.Source != FromEnvironment {
		if value == "" {
			s.values[key] = Value{Raw: s.defaults[key], Source: FromDefault}
		} else {
			s.values[key] = Value{Raw: value, Source: FromSettingsFile}
		}
	}
	for _, fn := range s.listeners {
		fn(key, s.values[key])
	}
	return nil
}
