package apidoc

import (
	"fmt"
	"io/fs"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/bodhiapp/bodhi/server"
)

// Operation extensions the composer reads (and keeps in the output, for readers):
//   - x-bodhi-auth: the route group of auth.md §10.3 (public, optional, signed-in-session, U-any, U-session,
//     U-oauth, PU-any, PU-session, M-session, A-session) or "org" (org-scoped, no caller needed);
//   - x-bodhi-org: "scoped" (the default), "soft" (answers a standalone server that has no org yet) or "none";
//   - x-bodhi-errors: the route's own error codes, beyond the ones its group and org scope bring;
//   - x-deployments: [standalone, hosted], or the one it works on.
// From them it writes the operation's security and one error response per status, each listing its codes in
// x-error-codes; a response the route file already has for that status keeps its text and gets the codes added.

// securityOfGroup: which credentials each group accepts (auth.md §10.3).
var securityOfGroup = map[string][]string{
	"public":            nil,
	"org":               nil,
	"optional":          {"", "session", "apiToken", "appToken"},
	"signed-in-session": {"session"},
	"U-any":             {"session", "apiToken", "appToken"},
	"U-session":         {"session"},
	"U-oauth":           {"session", "appToken"},
	"PU-any":            {"session", "apiToken", "appToken"},
	"PU-session":        {"session"},
	"M-session":         {"session"},
	"A-session":         {"session"},
}

// Codes every route can answer, and the ones that come with the org scope, a body and strict authentication.
var (
	codesEveryRoute = []string{"path_rejection_error", "query_rejection_error", "internal_error"}
	codesOrgScoped  = []string{"org_error-missing", "org_error-not_found", "org_error-suspended",
		"org_error-not_configured", "encryption_error-decrypt_failed", "db_error-unavailable"}
	codesWithBody = []string{"json_rejection_error", "server_busy"}
	codesStrict   = []string{"auth_error-invalid_access", "api_auth_error-missing_auth", "api_auth_error-forbidden",
		"auth_error-refresh_token_not_found", "auth_service_error-auth_service_api_error", "db_error-unavailable"}
	codesBearer = []string{"auth_error-token_inactive", "auth_error-too_many_failures", "token_error-invalid_token",
		"token_error-expired", "token_error-invalid_issuer", "token_error-invalid_audience", "token_error-scope_empty",
		"role_error-invalid_role_name", "access_request_validation_error-scope_not_found",
		"access_request_validation_error-not_approved", "access_request_validation_error-app_client_mismatch",
		"access_request_validation_error-user_mismatch",
		"access_request_validation_error-access_request_id_mismatch"}
)

var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// compose merges the spec files and completes every operation.
func compose(files fs.FS) (map[string]any, error) {
	parts, err := readSpec(files)
	if err != nil {
		return nil, err
	}
	doc := parts[0]
	delete(doc, "x-source")
	paths := map[string]any{}
	schemas := mapAt(mapAt(doc, "components"), "schemas")
	for _, part := range parts[1:] {
		src := part["x-source"].(string)
		for p, item := range asMap(part["paths"]) {
			if _, dup := paths[p]; dup {
				return nil, fmt.Errorf("%s: path %s is already described in another file", src, p)
			}
			paths[p] = item
		}
		for name, s := range asMap(asMap(part["components"])["schemas"]) {
			if _, dup := schemas[name]; dup {
				return nil, fmt.Errorf("%s: schema %s is already defined in another file", src, name)
			}
			schemas[name] = s
		}
		for key := range part {
			if key != "paths" && key != "components" && key != "x-source" {
				return nil, fmt.Errorf("%s: only paths and components.schemas belong in an area file, not %s", src, key)
			}
		}
	}
	doc["paths"] = paths
	catalogue := map[string]string{}
	for code, typ := range asMap(doc["x-bodhi-error-catalogue"]) {
		catalogue[code] = fmt.Sprint(typ)
	}
	for p, item := range paths {
		for _, m := range methods {
			op, ok := asMap(item)[m].(map[string]any)
			if !ok {
				continue
			}
			if err := completeOperation(p, op, catalogue); err != nil {
				return nil, fmt.Errorf("%s %s: %w", strings.ToUpper(m), p, err)
			}
		}
	}
	return doc, nil
}

// completeOperation adds the security and the error responses of one operation.
func completeOperation(p string, op map[string]any, catalogue map[string]string) error {
	group, _ := op["x-bodhi-auth"].(string)
	schemes, known := securityOfGroup[group]
	if !known {
		return fmt.Errorf("x-bodhi-auth %q is not a route group", group)
	}
	org, _ := op["x-bodhi-org"].(string)
	if org == "" {
		org = "scoped"
		if group == "public" {
			org = "none"
		}
		op["x-bodhi-org"] = org
	}
	if org != "scoped" && org != "soft" && org != "none" {
		return fmt.Errorf("x-bodhi-org %q is not scoped, soft or none", org)
	}
	if _, ok := op["x-deployments"]; !ok {
		return fmt.Errorf("x-deployments is missing")
	}
	if _, ok := op["security"]; !ok {
		security := []any{}
		for _, s := range schemes {
			if s == "" {
				security = append(security, map[string]any{})
			} else {
				security = append(security, map[string]any{s: []any{}})
			}
		}
		if len(schemes) == 0 {
			security = append(security, map[string]any{})
		}
		op["security"] = security
	}

	codes := slices.Clone(codesEveryRoute)
	if org != "none" {
		codes = append(codes, codesOrgScoped...)
	}
	if _, ok := op["requestBody"]; ok {
		codes = append(codes, codesWithBody...)
	}
	if group != "public" && group != "org" && group != "optional" {
		codes = append(codes, codesStrict...)
	}
	if group != "public" && group != "org" {
		// A bearer credential is checked wherever one is sent, also on session-only routes (which then refuse it).
		codes = append(codes, codesBearer...)
	}
	for _, c := range asSlice(op["x-bodhi-errors"]) {
		codes = append(codes, fmt.Sprint(c))
	}
	byStatus := map[int][]string{}
	for _, code := range codes {
		typ, ok := catalogue[code]
		if !ok {
			return fmt.Errorf("error code %q is not in x-bodhi-error-catalogue", code)
		}
		st := server.StatusOfType(typ)
		if !slices.Contains(byStatus[st], code) {
			byStatus[st] = append(byStatus[st], code)
		}
	}
	responses := mapAt(op, "responses")
	schema := "#/components/schemas/Error"
	if server.IsOllamaRoute(p) {
		schema = "#/components/schemas/OllamaError"
	}
	for st, list := range byStatus {
		sort.Strings(list)
		key := strconv.Itoa(st)
		resp, ok := responses[key].(map[string]any)
		if !ok {
			resp = map[string]any{
				"description": http.StatusText(st),
				"content":     map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": schema}}},
			}
			responses[key] = resp
		}
		for _, c := range asSlice(resp["x-error-codes"]) {
			if !slices.Contains(list, fmt.Sprint(c)) {
				list = append(list, fmt.Sprint(c))
			}
		}
		sort.Strings(list)
		quoted := make([]string, len(list))
		items := make([]any, len(list))
		for i, c := range list {
			quoted[i], items[i] = "`"+c+"`", c
		}
		resp["x-error-codes"] = items
		resp["description"] = fmt.Sprintf("%v\n\nError codes: %s.", resp["description"], strings.Join(quoted, ", "))
	}
	return nil
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

// mapAt returns m[key] as a map, making it when absent.
func mapAt(m map[string]any, key string) map[string]any {
	if sub, ok := m[key].(map[string]any); ok {
		return sub
	}
	sub := map[string]any{}
	m[key] = sub
	return sub
}
