package golangci

import (
	"testing"

	"github.com/golangci/plugin-module-register/register"

	"github.com/auth0-migrate/auth0audit/analyzers"
)

func TestRegistered(t *testing.T) {
	newPlugin, err := register.GetPlugin("auth0vet")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(nil)
	if err != nil {
		t.Fatal(err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil || len(as) != len(analyzers.All()) {
		t.Fatalf("BuildAnalyzers = %d analyzers, %v; want %d", len(as), err, len(analyzers.All()))
	}
	if p.GetLoadMode() != register.LoadModeTypesInfo {
		t.Errorf("load mode %q, want typesinfo", p.GetLoadMode())
	}
}
