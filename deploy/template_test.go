package deploy

import (
	"bufio"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/bodhiapp/bodhi/config"
)

// specTemplateVars are the variables runtime.md §10.3 puts in the template.
var specTemplateVars = []string{
	"DB_PASSWORD", "DATABASE_URL", "SESSION_DB_URL", "REDIS_URL", "BODHI_MULTI_TENANT", "BODHI_ORG_DOMAIN",
	"BODHI_ORG_DOMAIN_REGEX", "BODHI_PUBLIC_SCHEME", "BODHI_PUBLIC_PORT", "BODHI_TRUSTED_PROXIES", "BODHI_AUTH_URL",
	"BODHI_AUTH_REALM", "BODHI_ENCRYPTION_KEY", "BODHI_COOKIE_SECURE", "BODHI_LOG_LEVEL", "BODHI_LOG_FORMAT",
}

// templateVar is one KEY=value line of the template with the comment block right above it.
type templateVar struct {
	name string
	line int
	doc  []string
}

var assignment = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)=`)

// templateVars reads the template line by line; a comment documents a variable when no blank line separates them.
func templateVars(content string) ([]templateVar, error) {
	var vars []templateVar
	var doc []string
	sc := bufio.NewScanner(strings.NewReader(content))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "":
			doc = nil
		case strings.HasPrefix(line, "#"):
			doc = append(doc, strings.TrimSpace(strings.TrimPrefix(line, "#")))
		default:
			m := assignment.FindStringSubmatch(line)
			if m == nil {
				return nil, fmt.Errorf("%s:%d: not a comment nor KEY=value: %q", templateFile, n, line)
			}
			vars = append(vars, templateVar{name: m[1], line: n, doc: doc})
			doc = nil
		}
	}
	return vars, sc.Err()
}

// templateInput is what the template checks look at.
type templateInput struct {
	text        string
	composeRefs map[string]bool
}

type templateCheck struct {
	name string
	run  func(in templateInput) error
}

var templateChecks = []templateCheck{
	{"it parses as compose reads it", checkTemplateParses},
	{"every variable has a comment with an example and the production value", checkTemplateDocumented},
	{"every variable is used by the compose file or the server", checkTemplateUsed},
	{"it has every variable of runtime.md §10.3", checkTemplateComplete},
}

func TestTemplate(t *testing.T) {
	t.Parallel()
	in := templateInput{text: readFile(t, templateFile), composeRefs: rawComposeRefs(t)}
	for _, c := range templateChecks {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			require.NoError(t, c.run(in))
		})
	}
}

// TestTemplateChecksCatchMistakes proves the template checks can fail.
func TestTemplateChecksCatchMistakes(t *testing.T) {
	t.Parallel()
	text := readFile(t, templateFile)
	cases := []struct {
		name    string
		edit    func(string) string
		check   func(templateInput) error
		wantErr string
	}{
		{"undocumented variable", func(s string) string { return s + "\nBODHI_REDIS_PREFIX=bodhi:\n" },
			checkTemplateDocumented, "BODHI_REDIS_PREFIX"},
		{"comment without the production value", func(s string) string {
			return s + "\n# The Redis key prefix. Example: bodhi:.\nBODHI_REDIS_PREFIX=bodhi:\n"
		}, checkTemplateDocumented, "Production:"},
		{"unused variable", func(s string) string {
			return s + "\n# Something. Example: 1. Production: 1.\nNOT_USED_ANYWHERE=1\n"
		}, checkTemplateUsed, "NOT_USED_ANYWHERE"},
		{"duplicate variable", func(s string) string {
			return s + "\n# Again. Example: info. Production: info.\nBODHI_LOG_LEVEL=debug\n"
		}, checkTemplateDocumented, "twice"},
		{"spec variable missing", func(s string) string {
			return regexp.MustCompile(`(?m)^BODHI_LOG_FORMAT=.*$`).ReplaceAllString(s, "")
		}, checkTemplateComplete, "BODHI_LOG_FORMAT"},
		{"line that is not an assignment", func(s string) string { return s + "\nexport FOO=1\n" },
			checkTemplateParses, "KEY=value"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := templateInput{text: tc.edit(text), composeRefs: rawComposeRefs(t)}
			err := tc.check(in)
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.wantErr)
		})
	}
}

func rawComposeRefs(t *testing.T) map[string]bool {
	t.Helper()
	var raw map[string]any
	require.NoError(t, yaml.Unmarshal([]byte(readFile(t, composeFile)), &raw))
	return composeReferences(raw)
}

// checkTemplateParses: compose's own reader and the line reader agree on the variables.
func checkTemplateParses(in templateInput) error {
	vars, err := templateVars(in.text)
	if err != nil {
		return err
	}
	parsed, err := parseTemplate(in.text)
	if err != nil {
		return err
	}
	var names []string
	for _, v := range vars {
		names = append(names, v.name)
	}
	for name := range parsed {
		if !slices.Contains(names, name) {
			return fmt.Errorf("compose reads %s from the template, but no KEY=value line defines it", name)
		}
	}
	return nil
}

func checkTemplateDocumented(in templateInput) error {
	vars, err := templateVars(in.text)
	if err != nil {
		return err
	}
	var problems []string
	seen := map[string]int{}
	for _, v := range vars {
		doc := strings.Join(v.doc, " ")
		switch {
		case seen[v.name] > 0:
			problems = append(problems, fmt.Sprintf("line %d: %s is defined twice (first on line %d)", v.line, v.name,
				seen[v.name]))
		case len(v.doc) == 0:
			problems = append(problems, fmt.Sprintf("line %d: %s has no comment line above it", v.line, v.name))
		case !strings.Contains(doc, "Example:") || !strings.Contains(doc, "Production:"):
			problems = append(problems, fmt.Sprintf("line %d: the comment of %s needs an Example: and a Production: value",
				v.line, v.name))
		}
		if seen[v.name] == 0 {
			seen[v.name] = v.line
		}
	}
	return joinProblems(problems)
}

// checkTemplateUsed: each variable is interpolated by the compose file or is a key of the server's configuration.
func checkTemplateUsed(in templateInput) error {
	vars, err := templateVars(in.text)
	if err != nil {
		return err
	}
	var problems []string
	for _, v := range vars {
		if !in.composeRefs[v.name] && !slices.Contains(config.Keys, v.name) {
			problems = append(problems, fmt.Sprintf("line %d: %s is used neither by %s nor by the server (config.Keys)",
				v.line, v.name, composeFile))
		}
	}
	return joinProblems(problems)
}

func checkTemplateComplete(in templateInput) error {
	parsed, err := parseTemplate(in.text)
	if err != nil {
		return err
	}
	var problems []string
	for _, name := range specTemplateVars {
		if _, ok := parsed[name]; !ok {
			problems = append(problems, fmt.Sprintf("%s is missing (runtime.md §10.3)", name))
		}
	}
	return joinProblems(problems)
}

func joinProblems(problems []string) error {
	if len(problems) == 0 {
		return nil
	}
	sort.Strings(problems)
	return errors.New(strings.Join(problems, "\n"))
}
