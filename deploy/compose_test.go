package deploy

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/config"
)

// composeCheck is one property of the compose file (runtime.md §10.2).
type composeCheck struct {
	name string
	run  func(d *deployment) error
}

// composeChecks hold with and without the dev profile.
var composeChecks = []composeCheck{
	{"bodhi runs 3 replicas", checkReplicas},
	{"bodhi is built from deploy/Dockerfile", checkBodhiBuild},
	{"bodhi depends on healthy postgres and redis", checkDependsOn},
	{"postgres has a pg_isready health check", checkPostgresHealth},
	{"redis has a redis-cli ping health check", checkRedisHealth},
	{"traefik has a ping health check", checkTraefikHealth},
	{"traefik routes org hosts to bodhi and probes /health", checkBodhiRouting},
	{"traefik strips every X-BodhiApp-* header the server reads, on every router to bodhi", checkInternalHeadersStripped},
	{"traefik uses the docker provider, port 80 and a read-only socket", checkTraefikProvider},
	{"traefik closes idle connections to bodhi before bodhi does", checkIdleTimeouts},
	{"the network has the fixed subnet the template trusts", checkNetwork},
	{"postgres is set up as the template expects", checkPostgres},
	{"redis is an LRU cache of 256mb", checkRedis},
	{"devidp is in the dev profile only, routed on auth.<domain>", checkDevIDP},
	{"no secret literal in the compose file", checkNoSecretLiterals},
	{"every variable the compose file uses is in the template", checkReferencesDefined},
	{"prometheus is in the metrics profile only, scraping every replica's unpublished metrics port", checkMetrics},
}

func TestCompose(t *testing.T) {
	t.Parallel()
	compose := readFile(t, composeFile)
	for _, profiles := range [][]string{nil, {"dev"}, {"metrics"}, {"dev", "metrics"}} {
		t.Run(fmt.Sprintf("profiles=%v", profiles), func(t *testing.T) {
			t.Parallel()
			d, err := loadWithProfiles(t, compose, profiles...)
			require.NoError(t, err)
			for _, c := range composeChecks {
				t.Run(c.name, func(t *testing.T) {
					require.NoError(t, c.run(d))
				})
			}
		})
	}
}

// TestComposeChecksCatchMistakes proves the checks can fail: each case breaks a copy of the compose file.
func TestComposeChecksCatchMistakes(t *testing.T) {
	t.Parallel()
	compose := readFile(t, composeFile)
	cases := []struct {
		name    string
		old     string // replaced once; it must occur in the compose file
		new     string
		check   func(*deployment) error
		wantErr string
	}{
		{"two replicas", "replicas: 3", "replicas: 2", checkReplicas, "replicas"},
		{"literal postgres password", "POSTGRES_PASSWORD: ${DB_PASSWORD}", "POSTGRES_PASSWORD: hunter2-literal",
			checkNoSecretLiterals, "POSTGRES_PASSWORD"},
		{"password inside a URL", "      BODHI_METRICS_ADDR: 0.0.0.0:9464\n",
			"      BODHI_METRICS_ADDR: 0.0.0.0:9464\n      DATABASE_URL: postgres://bodhi:s3cret@postgres:5432/bodhi\n",
			checkNoSecretLiterals, "inline password"},
		{"secret in a list-form environment", "      - bodhi\n    healthcheck:\n      test: [\"CMD\", \"redis-cli\"",
			"      - bodhi\n    environment:\n      - REDIS_PASSWORD=literal\n    healthcheck:\n      test: [\"CMD\", \"redis-cli\"",
			checkNoSecretLiterals, "REDIS_PASSWORD"},
		{"undefined variable", "POSTGRES_PASSWORD: ${DB_PASSWORD}", "POSTGRES_PASSWORD: ${PG_PASS}",
			checkReferencesDefined, "PG_PASS"},
		{"started, not healthy", "condition: service_healthy", "condition: service_started", checkDependsOn,
			"service_healthy"},
		{"redis without health check", `test: ["CMD", "redis-cli", "ping"]`, `test: ["CMD", "true"]`,
			checkRedisHealth, "redis-cli"},
		{"health path", "healthcheck.path: /health", "healthcheck.path: /ping", checkBodhiRouting, "/health"},
		{"rule without anchor", `${BODHI_ORG_DOMAIN_REGEX}$$`, `${BODHI_ORG_DOMAIN_REGEX}`, checkBodhiRouting,
			"evil"},
		{"writable docker socket", "docker.sock:ro", "docker.sock", checkTraefikProvider, "read-only"},
		{"proxy idle timeout above bodhi's", "idleconntimeout=30s", "idleconntimeout=90s", checkIdleTimeouts, "before"},
		{"other subnet", "subnet: 172.28.0.0/16", "subnet: 172.29.0.0/16", checkNetwork, "172.28.0.0/16"},
		{"devidp router below bodhi", `devidp.priority: "100"`, `devidp.priority: "1"`, checkDevIDP, "priority"},
		{"router to bodhi without the header strip", "middlewares: bodhi-strip-internal,bodhi-retry",
			"middlewares: bodhi-retry", checkInternalHeadersStripped, "router bodhi forwards a client's X-Bodhiapp-Org"},
		{"internal header set, not removed", `customrequestheaders.X-BodhiApp-Org: ""`,
			`customrequestheaders.X-BodhiApp-Org: "acme"`, checkInternalHeadersStripped, "X-Bodhiapp-Org"},
		{"another router to bodhi", "traefik.http.routers.devidp.service: devidp",
			"traefik.http.routers.devidp.service: bodhi", checkInternalHeadersStripped, "router devidp forwards"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			require.Contains(t, compose, tc.old)
			d, err := loadDeployment(t, strings.Replace(compose, tc.old, tc.new, 1), true)
			require.NoError(t, err)
			err = tc.check(d)
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.wantErr)
		})
	}
	t.Run("devidp outside the dev profile", func(t *testing.T) {
		t.Parallel()
		d, err := loadDeployment(t, strings.Replace(compose, "    profiles: [dev]\n", "", 1), false)
		require.NoError(t, err)
		err = checkDevIDP(d)
		require.Error(t, err)
		require.Contains(t, err.Error(), "dev profile only")
	})
}

func service(d *deployment, name string) (types.ServiceConfig, error) {
	s, ok := d.project.Services[name]
	if !ok {
		return s, fmt.Errorf("service %s is missing", name)
	}
	return s, nil
}

func checkReplicas(d *deployment) error {
	s, err := service(d, "bodhi")
	if err != nil {
		return err
	}
	if s.Deploy == nil || s.Deploy.Replicas == nil || *s.Deploy.Replicas != 3 {
		return fmt.Errorf("bodhi: want deploy.replicas 3, got %d", s.GetScale())
	}
	return nil
}

func checkBodhiBuild(d *deployment) error {
	s, err := service(d, "bodhi")
	if err != nil {
		return err
	}
	b := s.Build
	switch {
	case b == nil:
		return errors.New("bodhi: no build section")
	case b.Dockerfile != "deploy/Dockerfile":
		return fmt.Errorf("bodhi: build.dockerfile %q, want deploy/Dockerfile", b.Dockerfile)
	case b.Context != strings.TrimSuffix(d.project.WorkingDir, "/deploy"):
		return fmt.Errorf("bodhi: build context %q is not the repository root", b.Context)
	}
	for _, arg := range []string{"VERSION", "COMMIT"} {
		if v := b.Args[arg]; v == nil || *v != d.template[arg] {
			return fmt.Errorf("bodhi: build arg %s should come from the template's %s", arg, arg)
		}
	}
	if len(s.EnvFiles) != 1 || !strings.HasSuffix(s.EnvFiles[0].Path, "/deploy/"+envFile) {
		return fmt.Errorf("bodhi: want env_file %s, got %v", envFile, s.EnvFiles)
	}
	return nil
}

func checkDependsOn(d *deployment) error {
	s, err := service(d, "bodhi")
	if err != nil {
		return err
	}
	for _, dep := range []string{"postgres", "redis"} {
		if c := s.DependsOn[dep].Condition; c != types.ServiceConditionHealthy {
			return fmt.Errorf("bodhi: depends_on %s has condition %q, want %s", dep, c, types.ServiceConditionHealthy)
		}
	}
	return nil
}

// checkHealth requires an enabled health check on service whose command contains words, in order.
func checkHealth(d *deployment, name string, words ...string) error {
	s, err := service(d, name)
	if err != nil {
		return err
	}
	h := s.HealthCheck
	if h == nil || h.Disable || len(h.Test) == 0 || h.Test[0] == "NONE" {
		return fmt.Errorf("%s: no health check", name)
	}
	rest := h.Test
	for _, w := range words {
		i := slices.IndexFunc(rest, func(arg string) bool { return strings.Contains(arg, w) })
		if i < 0 {
			return fmt.Errorf("%s: health check %q does not run %s", name, h.Test, strings.Join(words, " "))
		}
		rest = rest[i+1:]
	}
	return nil
}

func checkPostgresHealth(d *deployment) error { return checkHealth(d, "postgres", "pg_isready") }
func checkRedisHealth(d *deployment) error    { return checkHealth(d, "redis", "redis-cli", "ping") }

func checkTraefikHealth(d *deployment) error {
	if err := checkHealth(d, "traefik", "traefik", "healthcheck", "--ping"); err != nil {
		return err
	}
	if s := d.project.Services["traefik"]; !slices.Contains(s.Command, "--ping=true") {
		return errors.New("traefik: the ping health check needs --ping=true in the command")
	}
	return nil
}

// hostRegexp extracts the regular expression of a Traefik HostRegexp(`…`) rule.
var hostRegexp = regexp.MustCompile("^HostRegexp\\(`([^`]+)`\\)$")

func checkBodhiRouting(d *deployment) error {
	s, err := service(d, "bodhi")
	if err != nil {
		return err
	}
	want := map[string]string{
		"traefik.enable":                                                "true",
		"traefik.http.routers.bodhi.entrypoints":                        "web",
		"traefik.http.routers.bodhi.service":                            "bodhi",
		"traefik.http.services.bodhi.loadbalancer.server.port":          "1135",
		"traefik.http.services.bodhi.loadbalancer.healthcheck.path":     "/health",
		"traefik.http.services.bodhi.loadbalancer.healthcheck.interval": "5s",
	}
	for k, v := range want {
		if got := s.Labels[k]; got != v {
			return fmt.Errorf("bodhi: label %s is %q, want %q", k, got, v)
		}
	}
	rule := s.Labels["traefik.http.routers.bodhi.rule"]
	m := hostRegexp.FindStringSubmatch(rule)
	if m == nil {
		return fmt.Errorf("bodhi: router rule %q is not a HostRegexp", rule)
	}
	re, err := regexp.Compile(m[1])
	if err != nil {
		return fmt.Errorf("bodhi: router rule %q: %v", rule, err)
	}
	domain := d.template["BODHI_ORG_DOMAIN"]
	for host, match := range map[string]bool{
		"acme." + domain:              true,
		"my-org-2." + domain:          true,
		domain:                        false,
		"a.b." + domain:               false,
		"acme." + domain + ".evil.io": false,
		"acme-" + domain:              false,
		"ACME_X." + domain:            false,
	} {
		if re.MatchString(host) != match {
			return fmt.Errorf("bodhi: router rule %q matches %s: %v, want %v", rule, host, !match, match)
		}
	}
	return nil
}

func checkTraefikProvider(d *deployment) error {
	s, err := service(d, "traefik")
	if err != nil {
		return err
	}
	if !strings.HasPrefix(s.Image, "traefik:v3") {
		return fmt.Errorf("traefik: image %q is not Traefik v3", s.Image)
	}
	for _, flag := range []string{"--providers.docker=true", "--providers.docker.exposedbydefault=false",
		"--entrypoints.web.address=:80"} {
		if !slices.Contains(s.Command, flag) {
			return fmt.Errorf("traefik: command lacks %s", flag)
		}
	}
	published := slices.ContainsFunc(s.Ports, func(p types.ServicePortConfig) bool {
		return p.Target == 80 && p.Published == "80"
	})
	if !published {
		return errors.New("traefik: port 80 is not published")
	}
	socket := slices.ContainsFunc(s.Volumes, func(v types.ServiceVolumeConfig) bool {
		return v.Source == "/var/run/docker.sock" && v.Target == "/var/run/docker.sock" && v.ReadOnly
	})
	if !socket {
		return errors.New("traefik: the docker socket must be mounted read-only")
	}
	return nil
}

// checkIdleTimeouts: a proxy that keeps an idle connection longer than Bodhi may send a request on it just as
// Bodhi closes it; the proxy must give up first.
func checkIdleTimeouts(d *deployment) error {
	s, err := service(d, "traefik")
	if err != nil {
		return err
	}
	const flag = "--serverstransport.forwardingtimeouts.idleconntimeout="
	i := slices.IndexFunc(s.Command, func(arg string) bool { return strings.HasPrefix(arg, flag) })
	if i < 0 {
		return fmt.Errorf("traefik: command lacks %s (its default, 90 s, outlives Bodhi's idle timeout)", flag)
	}
	proxy, err := time.ParseDuration(strings.TrimPrefix(s.Command[i], flag))
	if err != nil {
		return fmt.Errorf("traefik: %s: %w", s.Command[i], err)
	}
	secs := d.template["BODHI_HTTP_IDLE_TIMEOUT_SECS"]
	if secs == "" {
		secs = config.Defaults("", true)["BODHI_HTTP_IDLE_TIMEOUT_SECS"]
	}
	n, err := strconv.Atoi(secs)
	if err != nil {
		return fmt.Errorf("BODHI_HTTP_IDLE_TIMEOUT_SECS %q: %w", secs, err)
	}
	if bodhi := time.Duration(n) * time.Second; proxy >= bodhi {
		return fmt.Errorf("traefik keeps idle connections %v, Bodhi %v: the proxy must close them before Bodhi does",
			proxy, bodhi)
	}
	return nil
}

func checkNetwork(d *deployment) error {
	n, ok := d.project.Networks["bodhi"]
	if !ok || n.Ipam.Config == nil || len(n.Ipam.Config) != 1 || n.Ipam.Config[0].Subnet != "172.28.0.0/16" {
		return errors.New("network bodhi: want the one fixed subnet 172.28.0.0/16")
	}
	if !strings.Contains(d.template["BODHI_TRUSTED_PROXIES"], n.Ipam.Config[0].Subnet) {
		return fmt.Errorf("BODHI_TRUSTED_PROXIES %q does not name the subnet %s", d.template["BODHI_TRUSTED_PROXIES"],
			n.Ipam.Config[0].Subnet)
	}
	for name, s := range d.project.Services {
		if _, on := s.Networks["bodhi"]; !on {
			return fmt.Errorf("%s: not on network bodhi", name)
		}
	}
	return nil
}

func checkPostgres(d *deployment) error {
	s, err := service(d, "postgres")
	if err != nil {
		return err
	}
	if s.Image != "postgres:16" {
		return fmt.Errorf("postgres: image %q, want postgres:16", s.Image)
	}
	for k, v := range map[string]string{"POSTGRES_USER": "bodhi", "POSTGRES_DB": "bodhi",
		"POSTGRES_PASSWORD": d.template["DB_PASSWORD"]} {
		if got := s.Environment[k]; got == nil || *got != v {
			return fmt.Errorf("postgres: %s should be %q", k, v)
		}
	}
	var data, initdb bool
	for _, v := range s.Volumes {
		data = data || v.Type == types.VolumeTypeVolume && v.Target == "/var/lib/postgresql/data"
		initdb = initdb || v.Target == "/docker-entrypoint-initdb.d" && strings.HasSuffix(v.Source, "/"+postgresInit)
	}
	if !data || !initdb {
		return errors.New("postgres: want a named data volume and ./postgres-init on /docker-entrypoint-initdb.d")
	}
	// The template's URLs must name what postgres creates: user bodhi, databases bodhi and bodhi_sessions.
	for key, db := range map[string]string{"DATABASE_URL": "bodhi", "SESSION_DB_URL": "bodhi_sessions"} {
		want := fmt.Sprintf("postgres://bodhi:%s@postgres:5432/%s", d.template["DB_PASSWORD"], db)
		if d.template[key] != want {
			return fmt.Errorf("template: %s should be %s", key, want)
		}
	}
	return nil
}

func checkRedis(d *deployment) error {
	s, err := service(d, "redis")
	if err != nil {
		return err
	}
	want := types.ShellCommand{"redis-server", "--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru"}
	if s.Image != "redis:7" || !slices.Equal(s.Command, want) {
		return fmt.Errorf("redis: want image redis:7 running %q; got %s running %q", want, s.Image, s.Command)
	}
	if u := d.template["REDIS_URL"]; !strings.HasPrefix(u, "redis://redis:6379") {
		return fmt.Errorf("template: REDIS_URL %q does not name the redis service", u)
	}
	return nil
}

func checkDevIDP(d *deployment) error {
	s, enabled := d.project.Services["devidp"]
	if _, disabled := d.project.DisabledServices["devidp"]; !enabled && !disabled {
		return errors.New("devidp: service is missing")
	}
	if d.dev != enabled {
		return fmt.Errorf("devidp: enabled=%v with dev profile=%v: it must be in the dev profile only", enabled, d.dev)
	}
	if !d.dev {
		return nil
	}
	if s.Image != d.project.Services["bodhi"].Image {
		return fmt.Errorf("devidp: image %q is not bodhi's %q", s.Image, d.project.Services["bodhi"].Image)
	}
	domain := d.template["BODHI_ORG_DOMAIN"]
	issuer := "http://auth." + domain
	wantCmd := types.ShellCommand{"devidp", "--addr=0.0.0.0:1136", "--allow-remote", "--issuer-base=" + issuer,
		"--seed=/seed/devidp.json"}
	if !slices.Equal(s.Command, wantCmd) {
		return fmt.Errorf("devidp: command %q, want %q", s.Command, wantCmd)
	}
	if d.template["BODHI_AUTH_URL"] != issuer {
		return fmt.Errorf("template: BODHI_AUTH_URL %q is not the dev identity provider %s", d.template["BODHI_AUTH_URL"],
			issuer)
	}
	seed := slices.ContainsFunc(s.Volumes, func(v types.ServiceVolumeConfig) bool {
		return v.Target == "/seed/devidp.json" && strings.HasSuffix(v.Source, "/deploy/"+seedFile) && v.ReadOnly
	})
	if !seed {
		return fmt.Errorf("devidp: %s is not mounted read-only on /seed/devidp.json", seedFile)
	}
	labels := s.Labels
	if labels["traefik.enable"] != "true" || labels["traefik.http.routers.devidp.rule"] != "Host(`auth."+domain+"`)" ||
		labels["traefik.http.services.devidp.loadbalancer.server.port"] != "1136" {
		return fmt.Errorf("devidp: want a router on Host(`auth.%s`) to port 1136; labels %v", domain, labels)
	}
	var mine, bodhi int
	_, err := fmt.Sscan(labels["traefik.http.routers.devidp.priority"], &mine)
	if _, err2 := fmt.Sscan(d.project.Services["bodhi"].Labels["traefik.http.routers.bodhi.priority"], &bodhi); err != nil ||
		err2 != nil || mine <= bodhi {
		return fmt.Errorf("devidp: router priority %d must be above bodhi's %d (auth.<domain> matches both rules)",
			mine, bodhi)
	}
	aliases := d.project.Services["traefik"].Networks["bodhi"]
	if aliases == nil || !slices.Contains(aliases.Aliases, "auth."+domain) {
		return fmt.Errorf("traefik: needs the network alias auth.%s so containers reach devidp", domain)
	}
	return nil
}
