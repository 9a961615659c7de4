package watch

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"gopkg.in/yaml.v3"
)

// TestDeployFilesUseExistingMetrics: every metric the shipped alert rules and Grafana dashboard
// query is one the receiver exposes, so a renamed metric cannot leave a dead panel or an alert
// that never fires.
func TestDeployFilesUseExistingMetrics(t *testing.T) {
	r, _, _ := startReceiver(t, t.TempDir(), nil)
	exposed := map[string]bool{}
	fams, err := r.metrics.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fams {
		exposed[f.GetName()] = true
		if f.GetType().String() == "HISTOGRAM" {
			for _, s := range []string{"_bucket", "_sum", "_count"} {
				exposed[f.GetName()+s] = true
			}
		}
	}
	descs := make(chan *prometheus.Desc, 64)
	(&stateCollector{r: r}).Describe(descs)
	close(descs)
	fq := regexp.MustCompile(`fqName: "([^"]+)"`)
	for d := range descs {
		exposed[fq.FindStringSubmatch(d.String())[1]] = true
	}

	var rules struct {
		Groups []struct {
			Rules []struct {
				Alert string `yaml:"alert"`
				Expr  string `yaml:"expr"`
			} `yaml:"rules"`
		} `yaml:"groups"`
	}
	b, err := os.ReadFile("../deploy/watch/alerts.yml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, &rules); err != nil {
		t.Fatalf("alerts.yml: %v", err)
	}
	var exprs []string
	for _, g := range rules.Groups {
		for _, r := range g.Rules {
			if r.Alert == "" || strings.TrimSpace(r.Expr) == "" {
				t.Errorf("alerts.yml: a rule without alert or expr: %+v", r)
			}
			exprs = append(exprs, r.Expr)
		}
	}
	var dash struct {
		Panels []struct {
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	b, err = os.ReadFile("../deploy/watch/grafana-dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &dash); err != nil {
		t.Fatalf("grafana-dashboard.json: %v", err)
	}
	for _, p := range dash.Panels {
		for _, tg := range p.Targets {
			exprs = append(exprs, tg.Expr)
		}
	}
	if len(exprs) < 10 {
		t.Fatalf("only %d expressions found", len(exprs))
	}
	name := regexp.MustCompile(`auth0audit_[a-z0-9_]+`)
	for _, e := range exprs {
		for _, m := range name.FindAllString(e, -1) {
			if !exposed[m] {
				t.Errorf("%q queries %s, which the receiver does not expose", e, m)
			}
		}
	}
}
