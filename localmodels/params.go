package localmodels

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// RequestParams is OAIRequestParams (http-api.md §5.1): the defaults a user alias applies to the requests that
// name it. Unset fields are left out.
type RequestParams struct {
	FrequencyPenalty *float64 `json:"frequency_penalty,omitempty"`
	MaxTokens        *int64   `json:"max_tokens,omitempty"`
	PresencePenalty  *float64 `json:"presence_penalty,omitempty"`
	Seed             *int64   `json:"seed,omitempty"`
	Stop             []string `json:"stop,omitempty"`
	Temperature      *float64 `json:"temperature,omitempty"`
	TopP             *float64 `json:"top_p,omitempty"`
	User             *string  `json:"user,omitempty"`
}

// validate reports every value outside its range (http-api.md §5.1) in one message.
func (p RequestParams) validate() error {
	var problems []string
	within := func(name string, v *float64, lo, hi float64) {
		if v != nil && (*v < lo || *v > hi) {
			problems = append(problems, fmt.Sprintf("request_params.%s must be within %g..%g; got %g", name, lo, hi, *v))
		}
	}
	within("frequency_penalty", p.FrequencyPenalty, -2, 2)
	within("presence_penalty", p.PresencePenalty, -2, 2)
	within("temperature", p.Temperature, 0, 2)
	within("top_p", p.TopP, 0, 1)
	// The spec gives max_tokens no range; a limit below 1 could only ever produce nothing.
	if p.MaxTokens != nil && *p.MaxTokens < 1 {
		problems = append(problems, fmt.Sprintf("request_params.max_tokens must be at least 1; got %d", *p.MaxTokens))
	}
	if len(problems) > 0 {
		return invalid(strings.Join(problems, "; ") + ".")
	}
	return nil
}

// requestParamsOf decodes a stored request_params_json; a row this package wrote, so best effort.
func requestParamsOf(raw string) RequestParams {
	var p RequestParams
	_ = json.Unmarshal([]byte(raw), &p)
	return p
}

// requestParamsMap is a stored request_params_json as the gateway merges it into a request: numbers kept as
// written (a seed above 2^53 stays exact).
func requestParamsMap(raw string) map[string]any {
	out := map[string]any{}
	dec := json.NewDecoder(bytes.NewReader([]byte(raw)))
	dec.UseNumber()
	_ = dec.Decode(&out)
	return out
}

// contextParamsOf decodes a stored context_params_json: the llama-server arguments as the user gave them.
func contextParamsOf(raw string) []string {
	out := []string{}
	_ = json.Unmarshal([]byte(raw), &out)
	if out == nil {
		out = []string{}
	}
	return out
}

// splitContextParams is the argument list llama-server is given for params: each entry split on whitespace
// ("--ctx-size 2048" is two arguments; runtime.md §9.4).
func splitContextParams(params []string) []string {
	var out []string
	for _, p := range params {
		out = append(out, strings.Fields(p)...)
	}
	return out
}

// repoPatternRE is owner/name: neither part empty, neither holding '/' or whitespace (http-api.md §5.2).
var repoPatternRE = regexp.MustCompile(`^[^/\s]+/[^/\s]+$`)

// ValidRepo reports whether repo is owner/name as http-api.md §5.2 requires.
func ValidRepo(repo string) bool { return repoPatternRE.MatchString(repo) }
