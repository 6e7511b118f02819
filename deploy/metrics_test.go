package deploy

import (
	"errors"
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/bodhiapp/bodhi/config"
)

// prometheusConfig is the part of prometheus.yml the checks read.
type prometheusConfig struct {
	ScrapeConfigs []struct {
		JobName     string `yaml:"job_name"`
		MetricsPath string `yaml:"metrics_path"`
		DNSSD       []struct {
			Names []string `yaml:"names"`
			Type  string   `yaml:"type"`
			Port  int      `yaml:"port"`
		} `yaml:"dns_sd_configs"`
	} `yaml:"scrape_configs"`
}

// checkMetrics: bodhi serves GET /metrics on BODHI_METRICS_ADDR, a valid address on a port that is neither
// published nor routed by Traefik; Prometheus runs in the metrics profile only, with prometheus.yml mounted
// read-only, scrapes that port on every replica (DNS of the bodhi service) and publishes its UI on loopback only.
func checkMetrics(d *deployment) error {
	bodhi, err := service(d, "bodhi")
	if err != nil {
		return err
	}
	addr := bodhi.Environment["BODHI_METRICS_ADDR"]
	if addr == nil || *addr == "" {
		return errors.New("bodhi: BODHI_METRICS_ADDR is not set, so no replica serves /metrics")
	}
	env := []string{"BODHI_METRICS_ADDR=" + *addr}
	for k, v := range d.template {
		env = append(env, k+"="+v)
	}
	cfg, err := config.Load(nil, env, nil)
	if err != nil {
		return err
	}
	var verr *config.ValidationError
	if errors.As(cfg.Validate(config.ForServe), &verr) {
		for _, problem := range verr.Problems { // the template's placeholder key is not this check's business
			if strings.Contains(problem, "BODHI_METRICS_ADDR") {
				return fmt.Errorf("bodhi: %s", problem)
			}
		}
	}
	_, portText, _ := net.SplitHostPort(*addr)
	port, _ := strconv.Atoi(portText)
	if port == 0 || port == cfg.Port {
		return fmt.Errorf("bodhi: BODHI_METRICS_ADDR %q must name a fixed port apart from the public %d", *addr, cfg.Port)
	}
	if len(bodhi.Ports) > 0 {
		return fmt.Errorf("bodhi: publishes %v; the replicas are reached through Traefik, and /metrics never", bodhi.Ports)
	}
	for k, v := range bodhi.Labels {
		if strings.HasSuffix(k, ".server.port") && v == portText {
			return fmt.Errorf("bodhi: the Traefik label %s routes the public to the metrics port %s", k, v)
		}
	}

	prom, enabled := d.project.Services["prometheus"]
	if _, disabled := d.project.DisabledServices["prometheus"]; !enabled && !disabled {
		return errors.New("prometheus: service is missing")
	}
	if d.metrics != enabled {
		return fmt.Errorf("prometheus: enabled=%v with metrics profile=%v: it must be in the metrics profile only",
			enabled, d.metrics)
	}
	if enabled {
		mounted := slices.ContainsFunc(prom.Volumes, func(v types.ServiceVolumeConfig) bool {
			return v.Target == "/etc/prometheus/prometheus.yml" && strings.HasSuffix(v.Source, "/deploy/"+prometheusFile) &&
				v.ReadOnly
		})
		if !mounted || !slices.Contains(prom.Command, "--config.file=/etc/prometheus/prometheus.yml") {
			return fmt.Errorf("prometheus: %s must be mounted read-only on /etc/prometheus/prometheus.yml and named "+
				"by --config.file", prometheusFile)
		}
		if _, ok := prom.Networks["bodhi"]; !ok {
			return errors.New("prometheus: not on the bodhi network, where the replicas' metrics port is")
		}
		for _, p := range prom.Ports {
			if p.HostIP != "127.0.0.1" {
				return fmt.Errorf("prometheus: port %d is published on %q; only on the host's loopback (127.0.0.1)",
					p.Target, p.HostIP)
			}
		}
	}

	var pc prometheusConfig
	if err := yaml.Unmarshal([]byte(d.prometheus), &pc); err != nil {
		return fmt.Errorf("%s: %w", prometheusFile, err)
	}
	for _, job := range pc.ScrapeConfigs {
		if job.MetricsPath != "" && job.MetricsPath != "/metrics" {
			continue
		}
		for _, sd := range job.DNSSD {
			if slices.Contains(sd.Names, "bodhi") && (sd.Type == "" || sd.Type == "A") && sd.Port == port {
				return nil
			}
		}
	}
	return fmt.Errorf("%s: no job scrapes /metrics on every bodhi replica (dns_sd_configs names [bodhi], type A, "+
		"port %d)", prometheusFile, port)
}

// TestMetricsChecksCatchMistakes proves checkMetrics can fail: each case breaks a copy of the deployment.
func TestMetricsChecksCatchMistakes(t *testing.T) {
	t.Parallel()
	compose := readFile(t, composeFile)
	cases := []struct {
		name       string
		old, new   string // in the compose file
		promOld    string // in prometheus.yml, when set
		promNew    string
		profiles   []string
		wantErrMsg string
	}{
		{name: "metrics not served", old: "      BODHI_METRICS_ADDR: 0.0.0.0:9464\n", new: "      BODHI_LOG_LEVEL: info\n",
			profiles: []string{"metrics"}, wantErrMsg: "BODHI_METRICS_ADDR is not set"},
		{name: "metrics address without a port", old: "BODHI_METRICS_ADDR: 0.0.0.0:9464", new: "BODHI_METRICS_ADDR: 0.0.0.0",
			profiles: []string{"metrics"}, wantErrMsg: "must be host:port"},
		{name: "metrics on the public port", old: "BODHI_METRICS_ADDR: 0.0.0.0:9464", new: "BODHI_METRICS_ADDR: 10.0.0.1:1135",
			profiles: []string{"metrics"}, wantErrMsg: "must not be the public listener"},
		{name: "metrics on a random port", old: "BODHI_METRICS_ADDR: 0.0.0.0:9464", new: "BODHI_METRICS_ADDR: 0.0.0.0:0",
			profiles: []string{"metrics"}, wantErrMsg: "fixed port"},
		{name: "metrics port published", old: "    deploy:\n      replicas: 3",
			new: "    ports:\n      - \"9464:9464\"\n    deploy:\n      replicas: 3", profiles: []string{"metrics"},
			wantErrMsg: "publishes"},
		{name: "traefik routes to the metrics port", old: `loadbalancer.server.port: "1135"`,
			new: `loadbalancer.server.port: "9464"`, profiles: []string{"metrics"}, wantErrMsg: "routes the public"},
		{name: "prometheus outside its profile", old: "    profiles: [metrics]\n", new: "", wantErrMsg: "metrics profile only"},
		{name: "prometheus published to the world", old: `"127.0.0.1:9090:9090"`, new: `"9090:9090"`,
			profiles: []string{"metrics"}, wantErrMsg: "loopback"},
		{name: "prometheus.yml writable", old: "prometheus.yml:/etc/prometheus/prometheus.yml:ro",
			new: "prometheus.yml:/etc/prometheus/prometheus.yml", profiles: []string{"metrics"}, wantErrMsg: "read-only"},
		{name: "scrape of the wrong port", promOld: "port: 9464", promNew: "port: 1135", profiles: []string{"metrics"},
			wantErrMsg: "port 9464"},
		{name: "scrape of one name only", promOld: "names: [bodhi]", promNew: "names: [bodhi-1]",
			profiles: []string{"metrics"}, wantErrMsg: "names [bodhi]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			text := compose
			if tc.old != "" {
				require.Contains(t, compose, tc.old)
				text = strings.Replace(compose, tc.old, tc.new, 1)
			}
			d, err := loadWithProfiles(t, text, tc.profiles...)
			require.NoError(t, err)
			if tc.promOld != "" {
				require.Contains(t, d.prometheus, tc.promOld)
				d.prometheus = strings.Replace(d.prometheus, tc.promOld, tc.promNew, 1)
			}
			err = checkMetrics(d)
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.wantErrMsg)
		})
	}
}
