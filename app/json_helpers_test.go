package app_test

import (
	"encoding/json"
	"net/http"
	"strconv"
)

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

func jsonDecode(resp *http.Response, v any) error { return json.NewDecoder(resp.Body).Decode(v) }

// rawJSON is a body sent exactly as written (possibly malformed).
type rawJSON string

func itoa(f float64) string { return strconv.FormatInt(int64(f), 10) }
