package deploy

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/template"
)

// secretName matches keys that hold secrets: *PASSWORD*, *PASSWD*, *SECRET*, *TOKEN*, *KEY (BODHI_ENCRYPTION_KEY,
// API_KEY, key), *CREDENTIAL*.
var secretName = regexp.MustCompile(`(?i)(passw(or)?d|secret|token|credential|(^|[_.-])key$|api[_-]?key)`)

// varOnly is a value that is one variable reference and nothing else: ${NAME}, or ${NAME:?message} (required).
// A default (${NAME:-value}) would be a literal.
var varOnly = regexp.MustCompile(`^\$\{[A-Za-z_][A-Za-z0-9_]*(:?\?[^}]*)?\}$`)

// urlPassword finds the password of a URL's user info: scheme://user:PASSWORD@host.
var urlPassword = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]*:([^@\s/]*)@`)

// listAssignment is a KEY=VALUE item of a list-form environment, args or labels section.
var listAssignment = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_.-]*)=(.*)$`)

// checkNoSecretLiterals walks the compose YAML as written: a secret-named key must take its value from a variable,
// and no URL may carry a literal password.
func checkNoSecretLiterals(d *deployment) error {
	var problems []string
	var walk func(path string, node any)
	walk = func(path string, node any) {
		switch n := node.(type) {
		case map[string]any:
			for k, v := range n {
				p := path + "." + k
				if s, scalar := scalarString(v); scalar && secretName.MatchString(k) && !varOnly.MatchString(s) {
					problems = append(problems, fmt.Sprintf("%s: the secret %s has a literal value; use ${VARIABLE}", p, k))
				}
				walk(p, v)
			}
		case []any:
			for i, v := range n {
				p := fmt.Sprintf("%s[%d]", path, i)
				if s, ok := v.(string); ok {
					if m := listAssignment.FindStringSubmatch(s); m != nil && secretName.MatchString(m[1]) &&
						!varOnly.MatchString(m[2]) {
						problems = append(problems, fmt.Sprintf("%s: the secret %s has a literal value; use ${VARIABLE}",
							p, m[1]))
					}
				}
				walk(p, v)
			}
		case string:
			for _, m := range urlPassword.FindAllStringSubmatch(n, -1) {
				if !varOnly.MatchString(m[1]) {
					problems = append(problems, fmt.Sprintf("%s: a URL with an inline password literal", path))
				}
			}
		}
	}
	walk("", d.raw)
	if len(problems) > 0 {
		sort.Strings(problems)
		return errors.New(strings.Join(problems, "\n"))
	}
	return nil
}

func scalarString(v any) (string, bool) {
	switch v.(type) {
	case map[string]any, []any, nil:
		return "", false
	}
	return fmt.Sprint(v), true
}

// composeReferences are the variables the compose file interpolates (`$$` is a literal dollar, not a reference).
func composeReferences(raw map[string]any) map[string]bool {
	refs := map[string]bool{}
	for name := range template.ExtractVariables(raw, template.DefaultPattern) {
		refs[name] = true
	}
	return refs
}

// checkReferencesDefined: every variable the compose file uses is defined, and documented, in the template.
func checkReferencesDefined(d *deployment) error {
	vars, err := templateVars(d.templateText)
	if err != nil {
		return err
	}
	documented := map[string]bool{}
	for _, v := range vars {
		documented[v.name] = len(v.doc) > 0
	}
	var problems []string
	for name := range composeReferences(d.raw) {
		_, defined := d.template[name]
		switch {
		case !defined:
			problems = append(problems, fmt.Sprintf("the compose file uses ${%s}, which %s does not define", name,
				templateFile))
		case !documented[name]:
			problems = append(problems, fmt.Sprintf("the compose file uses ${%s}, which %s does not document", name,
				templateFile))
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return errors.New(strings.Join(problems, "\n"))
	}
	return nil
}
