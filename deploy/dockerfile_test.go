package deploy

import (
	"bufio"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/config"
)

// instruction is one Dockerfile instruction, continuation lines joined.
type instruction struct {
	stage string // the name of its stage (FROM … AS name); "" in an unnamed stage
	cmd   string // upper case: FROM, RUN, COPY, …
	args  string
	line  int
}

// parseDockerfile reads instructions; comments and parser directives are skipped.
func parseDockerfile(src string) ([]instruction, error) {
	var out []instruction
	stage := ""
	sc := bufio.NewScanner(strings.NewReader(src))
	var buf strings.Builder
	start := 0
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue // a comment inside a continuation is dropped too, as Docker does
		}
		if buf.Len() == 0 {
			start = n
		} else {
			buf.WriteByte(' ')
		}
		if cont, ok := strings.CutSuffix(line, `\`); ok {
			buf.WriteString(strings.TrimSpace(cont))
			continue
		}
		buf.WriteString(line)
		cmd, args, _ := strings.Cut(buf.String(), " ")
		buf.Reset()
		in := instruction{cmd: strings.ToUpper(cmd), args: strings.TrimSpace(args), line: start}
		if in.cmd == "FROM" {
			stage = ""
			if f := strings.Fields(in.args); len(f) == 3 && strings.EqualFold(f[1], "AS") {
				stage = f[2]
			}
		}
		in.stage = stage
		out = append(out, in)
	}
	if buf.Len() > 0 {
		return nil, errors.New("the Dockerfile ends inside a line continuation")
	}
	return out, sc.Err()
}

// dockerfile is a parsed Dockerfile with its stages in order.
type dockerfile struct {
	all    []instruction
	stages [][]instruction // each begins with its FROM
}

func newDockerfile(src string) (*dockerfile, error) {
	all, err := parseDockerfile(src)
	if err != nil {
		return nil, err
	}
	d := &dockerfile{all: all}
	for _, in := range all {
		switch {
		case in.cmd == "FROM":
			d.stages = append(d.stages, []instruction{in})
		case len(d.stages) > 0:
			d.stages[len(d.stages)-1] = append(d.stages[len(d.stages)-1], in)
		}
	}
	if len(d.stages) == 0 {
		return nil, errors.New("no FROM")
	}
	return d, nil
}

func (d *dockerfile) stage(name string) []instruction {
	for _, s := range d.stages {
		if s[0].stage == name {
			return s
		}
	}
	return nil
}

func (d *dockerfile) runtime() []instruction { return d.stages[len(d.stages)-1] }

// find returns the index of the first instruction of stage with cmd whose args contain every part, or -1.
func find(stage []instruction, cmd string, parts ...string) int {
	return slices.IndexFunc(stage, func(in instruction) bool {
		if in.cmd != cmd {
			return false
		}
		for _, p := range parts {
			if !strings.Contains(in.args, p) {
				return false
			}
		}
		return true
	})
}

type dockerfileCheck struct {
	name string
	run  func(d *dockerfile) error
}

var dockerfileChecks = []dockerfileCheck{
	{"stages ui, build and a runtime", checkStages},
	{"the ui stage builds ui/dist/app", checkUIStage},
	{"modules are downloaded before the sources are copied", checkModuleLayer},
	{"the build stage embeds the ui build", checkEmbedsUI},
	{"go build uses cgo and stamps VERSION and COMMIT", checkGoBuild},
	{"the stamped variables exist in cmd/bodhi", checkStampedVars},
	{"the runtime runs as a non-root user", checkNonRoot},
	{"the runtime exposes 1135 and sets hosted mode", checkRuntimeEnv},
	{"the runtime runs /bodhi serve", checkEntrypoint},
	{"a HEALTHCHECK only where the base image can run it", checkHealthcheck},
}

func TestDockerfile(t *testing.T) {
	t.Parallel()
	d, err := newDockerfile(readFile(t, dockerfileFile))
	require.NoError(t, err)
	for _, c := range dockerfileChecks {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			require.NoError(t, c.run(d))
		})
	}
}

// TestDockerfileChecksCatchMistakes proves the Dockerfile checks can fail.
func TestDockerfileChecksCatchMistakes(t *testing.T) {
	t.Parallel()
	src := readFile(t, dockerfileFile)
	cases := []struct {
		name    string
		old     string // replaced once; it must occur in the Dockerfile
		new     string
		check   func(*dockerfile) error
		wantErr string
	}{
		{"root user", "USER 65532:65532", "USER root", checkNonRoot, "root"},
		{"no USER", "USER 65532:65532\n", "", checkNonRoot, "USER"},
		{"other port", "EXPOSE 1135", "EXPOSE 8080", checkRuntimeEnv, "1135"},
		{"commit not stamped", " -X main.commitSHA=${COMMIT}", "", checkGoBuild, "main.commitSHA"},
		{"COMMIT not declared", "ARG COMMIT=unknown\n# go-sqlite3", "# go-sqlite3", checkGoBuild, "ARG COMMIT"},
		{"stamped variable renamed", "-X main.version=${VERSION}", "-X main.Version=${VERSION}", checkStampedVars,
			"main.Version"},
		{"cgo off", "CGO_ENABLED=1", "CGO_ENABLED=0", checkGoBuild, "CGO_ENABLED=1"},
		{"sources before modules", "COPY go.mod go.sum ./\nRUN go mod download\nCOPY . .",
			"COPY . .\nRUN go mod download", checkModuleLayer, "go mod download"},
		{"curl health check on distroless", "ENTRYPOINT [\"/bodhi\"]",
			"HEALTHCHECK CMD curl -f http://localhost:1135/health\nENTRYPOINT [\"/bodhi\"]", checkHealthcheck, "distroless"},
		{"unnamed ui stage", "AS ui", "", checkStages, "ui"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			require.Contains(t, src, tc.old)
			d, err := newDockerfile(strings.Replace(src, tc.old, tc.new, 1))
			require.NoError(t, err)
			err = tc.check(d)
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.wantErr)
		})
	}
}

func checkStages(d *dockerfile) error {
	names := []string{}
	for _, s := range d.stages {
		names = append(names, s[0].stage)
	}
	if len(d.stages) != 3 || names[0] != "ui" || names[1] != "build" {
		return fmt.Errorf("want stages ui, build and the runtime; got %q", names)
	}
	images := map[string]string{"ui": "node:20", "build": "golang:1.26"}
	for name, prefix := range images {
		if img := strings.Fields(d.stage(name)[0].args)[0]; !strings.HasPrefix(img, prefix) {
			return fmt.Errorf("stage %s: image %s, want %s*", name, img, prefix)
		}
	}
	return nil
}

func checkUIStage(d *dockerfile) error {
	ui := d.stage("ui")
	workdir := find(ui, "WORKDIR")
	npmCI, build := find(ui, "RUN", "npm ci"), find(ui, "RUN", "npm run build")
	switch {
	case workdir < 0 || !strings.HasSuffix(ui[workdir].args, "/ui"):
		return errors.New("stage ui: the WORKDIR must be the ui directory")
	case npmCI < 0 || build < npmCI:
		return errors.New("stage ui: want RUN npm ci, then RUN npm run build")
	case find(ui, "COPY", "ui/package-lock.json") < 0 || find(ui, "COPY", "ui/package-lock.json") > npmCI:
		return errors.New("stage ui: copy ui/package-lock.json before npm ci")
	}
	return nil
}

func checkModuleLayer(d *dockerfile) error {
	b := d.stage("build")
	mods, download, sources := find(b, "COPY", "go.mod", "go.sum"), find(b, "RUN", "go mod download"), find(b, "COPY", ". .")
	if mods < 0 || download < mods || sources < download {
		return errors.New("stage build: want COPY go.mod go.sum, RUN go mod download, then COPY . . (a cached module layer)")
	}
	return nil
}

func checkEmbedsUI(d *dockerfile) error {
	b := d.stage("build")
	copyUI, goBuild := find(b, "COPY", "--from=ui", "ui/dist/app"), find(b, "RUN", "go build")
	if copyUI < 0 || goBuild < copyUI {
		return errors.New("stage build: COPY --from=ui …/ui/dist/app ./ui/dist/app must come before go build")
	}
	return nil
}

func checkGoBuild(d *dockerfile) error {
	b := d.stage("build")
	i := find(b, "RUN", "go build")
	if i < 0 {
		return errors.New("stage build: no RUN go build")
	}
	run := b[i].args
	for _, part := range []string{"CGO_ENABLED=1", "-trimpath", "-s -w", "-o /out/bodhi ./cmd/bodhi"} {
		if !strings.Contains(run, part) {
			return fmt.Errorf("stage build: go build lacks %s", part)
		}
	}
	for target, arg := range map[string]string{"main.version": "VERSION", "main.commitSHA": "COMMIT"} {
		if !regexp.MustCompile(`-X ` + regexp.QuoteMeta(target) + `=\$\{?` + arg + `\b`).MatchString(run) {
			return fmt.Errorf("stage build: -ldflags lacks -X %s=${%s}", target, arg)
		}
		if j := find(b, "ARG", arg); j < 0 || j > i {
			return fmt.Errorf("stage build: ARG %s must be declared before go build", arg)
		}
	}
	return nil
}

// checkStampedVars: every -X main.NAME of the build is a package-level string variable of cmd/bodhi.
func checkStampedVars(d *dockerfile) error {
	b := d.stage("build")
	i := find(b, "RUN", "go build")
	if i < 0 {
		return errors.New("stage build: no RUN go build")
	}
	vars, err := mainStringVars(filepath.Join("..", "cmd", "bodhi"))
	if err != nil {
		return err
	}
	for _, m := range regexp.MustCompile(`-X main\.(\w+)=`).FindAllStringSubmatch(b[i].args, -1) {
		if !vars[m[1]] {
			return fmt.Errorf("-X main.%s: cmd/bodhi has no package-level string variable %s", m[1], m[1])
		}
	}
	return nil
}

// mainStringVars lists the package-level variables of dir's non-test files that are strings.
func mainStringVars(dir string) (map[string]bool, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	vars := map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, decl := range file.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.VAR {
				continue
			}
			for _, spec := range gen.Specs {
				vs := spec.(*ast.ValueSpec)
				for j, name := range vs.Names {
					typed := vs.Type != nil && fmt.Sprint(vs.Type) == "string"
					lit := j < len(vs.Values) && isStringLit(vs.Values[j])
					if typed || (vs.Type == nil && lit) {
						vars[name.Name] = true
					}
				}
			}
		}
	}
	return vars, nil
}

func isStringLit(e ast.Expr) bool {
	lit, ok := e.(*ast.BasicLit)
	return ok && lit.Kind == token.STRING
}

func checkNonRoot(d *dockerfile) error {
	rt := d.runtime()
	i := slices.IndexFunc(rt, func(in instruction) bool { return in.cmd == "USER" })
	if i < 0 {
		return errors.New("runtime: no USER instruction")
	}
	user, _, _ := strings.Cut(rt[i].args, ":")
	if user == "root" || user == "0" {
		return fmt.Errorf("runtime: USER %s is root", rt[i].args)
	}
	return nil
}

func checkRuntimeEnv(d *dockerfile) error {
	rt := d.runtime()
	if find(rt, "EXPOSE", "1135") < 0 {
		return errors.New("runtime: EXPOSE 1135 is missing")
	}
	env := map[string]string{}
	for _, in := range rt {
		if in.cmd != "ENV" {
			continue
		}
		for _, kv := range strings.Fields(in.args) {
			k, v, _ := strings.Cut(kv, "=")
			env[k] = v
		}
	}
	for k, v := range map[string]string{"BODHI_MULTI_TENANT": "true", "BODHI_HOST": "0.0.0.0", "BODHI_PORT": "1135"} {
		if env[k] != v {
			return fmt.Errorf("runtime: ENV %s=%s is missing", k, v)
		}
	}
	for k := range env {
		if !slices.Contains(config.Keys, k) {
			return fmt.Errorf("runtime: ENV %s is not a configuration key of the server", k)
		}
	}
	return nil
}

func checkEntrypoint(d *dockerfile) error {
	rt := d.runtime()
	want := map[string]string{"ENTRYPOINT": `["/bodhi"]`, "CMD": `["serve"]`}
	for cmd, args := range want {
		if i := find(rt, cmd); i < 0 || rt[i].args != args {
			return fmt.Errorf("runtime: want %s %s", cmd, args)
		}
	}
	if find(rt, "COPY", "--from=build", "/out/bodhi /bodhi") < 0 {
		return errors.New("runtime: COPY --from=build /out/bodhi /bodhi is missing")
	}
	return nil
}

// checkHealthcheck: distroless images have no shell and no HTTP client, so a HEALTHCHECK there could never pass.
func checkHealthcheck(d *dockerfile) error {
	rt := d.runtime()
	base := strings.Fields(rt[0].args)[0]
	i := find(rt, "HEALTHCHECK")
	if i >= 0 && strings.Contains(base, "distroless") && !strings.Contains(rt[i].args, `"/bodhi"`) {
		return fmt.Errorf("runtime: HEALTHCHECK %s cannot run on %s (distroless: no shell, no curl)", rt[i].args, base)
	}
	return nil
}
