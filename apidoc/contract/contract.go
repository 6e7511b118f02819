// Package contract checks HTTP traffic against Bodhi's OpenAPI document: the test harness (package apptest) puts
// its middleware in front of every server it starts, so each request and response of the HTTP tests is validated
// with kin-openapi, and a field added, renamed or mistyped on either side fails the test that made the call.
package contract

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// captureLimit bounds the bytes of one body kept for validation; a larger body is passed through unchecked (the
// body-limit tests send 32 MiB).
const captureLimit = 4 << 20

// Violation is one way a request or response differs from the document.
type Violation struct {
	Method, Path string
	Status       int
	Problem      string
}

func (v Violation) String() string {
	return fmt.Sprintf("%s %s → %d: %s", v.Method, v.Path, v.Status, v.Problem)
}

// Checker validates traffic against one document.
type Checker struct {
	doc    *openapi3.T
	router routers.Router
	// catalogue is x-bodhi-error-catalogue: Bodhi's own codes.
	catalogue map[string]any
	// catchAll are the paths whose last parameter takes the rest of the path, slashes included (Gin's *param).
	catchAll []string
}

var registerDecoders sync.Once

// New loads and validates the document.
func New(ctx context.Context, document []byte) (*Checker, error) {
	registerDecoders.Do(func() {
		openapi3filter.RegisterBodyDecoder("text/event-stream", decodeEventStream)
		openapi3filter.RegisterBodyDecoder("application/x-ndjson", decodeNDJSON)
		openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.PlainBodyDecoder)
		openapi3filter.RegisterBodyDecoder("application/javascript", openapi3filter.PlainBodyDecoder)
		openapi3filter.RegisterBodyDecoder("text/css", openapi3filter.PlainBodyDecoder)
	})
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(document)
	if err != nil {
		return nil, fmt.Errorf("load the OpenAPI document: %w", err)
	}
	if err := doc.Validate(ctx); err != nil {
		return nil, fmt.Errorf("the OpenAPI document is not valid: %w", err)
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("route the OpenAPI document: %w", err)
	}
	catalogue, _ := doc.Extensions["x-bodhi-error-catalogue"].(map[string]any)
	c := &Checker{doc: doc, router: router, catalogue: catalogue}
	for p, item := range doc.Paths.Map() {
		if v, ok := item.Extensions["x-bodhi-catch-all"].(bool); ok && v {
			c.catchAll = append(c.catchAll, p[:strings.LastIndex(p, "{")])
		}
	}
	return c, nil
}

// Middleware serves next and reports every violation of the document it sees.
func (c *Checker) Middleware(next http.Handler, report func(Violation)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reqBody := &capture{}
		if r.Body != nil {
			r.Body = struct {
				io.Reader
				io.Closer
			}{io.TeeReader(r.Body, reqBody), r.Body}
		}
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		if rec.hijacked || isPreflight(r) {
			return // CORS preflights are answered by the CORS middleware for every path: not operations
		}
		for _, problem := range c.check(r, reqBody, rec) {
			report(Violation{Method: r.Method, Path: r.URL.Path, Status: rec.status, Problem: problem})
		}
	})
}

// check validates one exchange; it returns what is wrong.
func (c *Checker) check(r *http.Request, reqBody *capture, rec *recorder) []string {
	ctx := context.Background()
	target := c.routable(r)
	route, params, err := c.router.FindRoute(target)
	if err != nil {
		var routeErr *routers.RouteError
		if (rec.status == http.StatusNotFound || rec.status == http.StatusMethodNotAllowed) && errors.As(err, &routeErr) {
			return nil // a test asking for a route that does not exist, answered as such
		}
		return []string{"no operation in the document: " + err.Error()}
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true,
		IncludeResponseStatus: true, SkipSettingDefaults: true}
	opts.WithCustomSchemaErrorFunc(func(e *openapi3.SchemaError) string {
		return fmt.Sprintf("%s (at /%s)", e.Reason, strings.Join(e.JSONPointer(), "/"))
	})
	reqInput := &openapi3filter.RequestValidationInput{Request: target, PathParams: params, Route: route,
		Options: opts}
	var problems []string
	if !reqBody.truncated && reqBody.complete(r) {
		target.Body = io.NopCloser(bytes.NewReader(reqBody.buf.Bytes()))
		if err := openapi3filter.ValidateRequest(ctx, reqInput); err != nil {
			if rec.status < 400 {
				problems = append(problems, "the server accepted a request the document refuses: "+oneLine(err))
			}
		}
	}
	if rec.truncated {
		return problems
	}
	respInput := &openapi3filter.ResponseValidationInput{RequestValidationInput: reqInput, Status: rec.status,
		Header: rec.Header(), Options: opts}
	respInput.SetBodyBytes(rec.body.buf.Bytes())
	if err := openapi3filter.ValidateResponse(ctx, respInput); err != nil {
		problems = append(problems, "response: "+oneLine(err))
	}
	if p := c.checkErrorCode(route, rec); p != "" {
		problems = append(problems, p)
	}
	return problems
}

// checkErrorCode: the code of an error body must be one the response lists in x-error-codes.
func (c *Checker) checkErrorCode(route *routers.Route, rec *recorder) string {
	if rec.status < 400 {
		return ""
	}
	var body struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	if json.Unmarshal(rec.body.buf.Bytes(), &body) != nil || body.Error.Code == "" {
		return ""
	}
	resp := route.Operation.Responses.Status(rec.status)
	if resp == nil || resp.Value == nil {
		return "" // the response validation has already said so
	}
	codes, _ := resp.Value.Extensions["x-error-codes"].([]any)
	if slices.Contains(codes, any(body.Error.Code)) {
		return ""
	}
	if _, bodhis := c.catalogue[body.Error.Code]; !bodhis {
		return "" // a provider's own error relayed as it came (e.g. OpenAI's invalid_api_key)
	}
	return fmt.Sprintf("error code %q is not among the codes the document lists for %d (%v)", body.Error.Code,
		rec.status, codes)
}

// routable is the request as the document's router must see it: relative to the server "/", with a catch-all
// parameter's slashes escaped (Gin's /v1/models/*id takes "openai/gpt-4o").
func (c *Checker) routable(r *http.Request) *http.Request {
	t := r.Clone(context.Background())
	u := *r.URL
	u.Scheme, u.Host = "", ""
	for _, prefix := range c.catchAll {
		if rest, ok := strings.CutPrefix(u.Path, prefix); ok && (rest == "" || strings.Contains(rest, "/")) {
			if rest == "" {
				rest = "/" // Gin's *param holds "/" for the bare prefix (/ui/)
			}
			u.RawPath = prefix + url.PathEscape(rest)
			u.Path = prefix + rest
		}
	}
	t.URL = &u
	t.Host = ""
	t.RequestURI = ""
	return t
}

func isPreflight(r *http.Request) bool {
	return r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != ""
}

func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

// capture keeps the first captureLimit bytes written to it.
type capture struct {
	buf       bytes.Buffer
	truncated bool
}

func (c *capture) Write(p []byte) (int, error) {
	if c.buf.Len()+len(p) > captureLimit {
		c.truncated = true
		return len(p), nil
	}
	return c.buf.Write(p)
}

// complete: the handler read the whole body (a handler that refused early may have read none of it).
func (c *capture) complete(r *http.Request) bool {
	return r.ContentLength < 0 || int64(c.buf.Len()) == r.ContentLength
}

// recorder passes the response through and keeps a copy.
type recorder struct {
	http.ResponseWriter
	status    int
	wrote     bool
	body      capture
	truncated bool
	hijacked  bool
}

func (r *recorder) WriteHeader(status int) {
	if !r.wrote {
		r.status, r.wrote = status, true
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(p []byte) (int, error) {
	r.wrote = true
	_, _ = r.body.Write(p)
	r.truncated = r.body.truncated
	return r.ResponseWriter.Write(p)
}

func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (r *recorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := r.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("the response writer cannot be hijacked")
	}
	r.hijacked = true
	return h.Hijack()
}

// Unwrap lets http.ResponseController reach the connection (deadlines, full duplex).
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// decodeEventStream reads a server-sent event stream as the array of its events' data, each parsed as JSON when
// it is JSON (OpenAI's final "[DONE]" stays a string): the document gives a stream's schema as that array.
func decodeEventStream(body io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
	events := []any{}
	sc := bufio.NewScanner(body)
	sc.Buffer(make([]byte, 0, 64<<10), captureLimit)
	for sc.Scan() {
		data, ok := strings.CutPrefix(sc.Text(), "data:")
		if !ok {
			continue
		}
		data = strings.TrimPrefix(data, " ")
		var v any
		if err := json.Unmarshal([]byte(data), &v); err != nil {
			v = data
		}
		events = append(events, v)
	}
	return events, sc.Err()
}

// decodeNDJSON reads newline-delimited JSON (Ollama's streams) as the array of its lines.
func decodeNDJSON(body io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
	lines := []any{}
	dec := json.NewDecoder(body)
	for {
		var v any
		if err := dec.Decode(&v); err == io.EOF {
			return lines, nil
		} else if err != nil {
			return nil, fmt.Errorf("ndjson line %d: %w", len(lines)+1, err)
		}
		lines = append(lines, v)
	}
}
