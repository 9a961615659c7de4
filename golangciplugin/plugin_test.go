package golangciplugin

import (
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/auth0-migrate/auth0audit/analyzers"
)

// The plugin is found the way golangci-lint finds it: by name in the registry, then
// constructed from the settings map that .golangci.yml decodes to.
func TestPluginLoadsAnalyzers(t *testing.T) {
	newPlugin, err := register.GetPlugin(Name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(analyzers.All()) {
		t.Fatalf("plugin builds %d analyzers, want all %d", len(got), len(analyzers.All()))
	}
	if err := analysis.Validate(got); err != nil {
		t.Fatal(err)
	}
	if p.GetLoadMode() != register.LoadModeTypesInfo {
		t.Errorf("load mode %q: the analyzers match by type and need type information", p.GetLoadMode())
	}

	first := analyzers.All()[0].Name
	p, err = newPlugin(map[string]any{"disable": []any{first}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ = p.BuildAnalyzers()
	for _, a := range got {
		if a.Name == first {
			t.Errorf("disabled analyzer %s still built", first)
		}
	}
	if len(got) != len(analyzers.All())-1 {
		t.Errorf("%d analyzers after disabling one", len(got))
	}

	if _, err := newPlugin(map[string]any{"disable": []any{"nosuch"}}); err == nil || !strings.Contains(err.Error(), `"nosuch"`) {
		t.Errorf("unknown analyzer: err = %v", err)
	}
}
