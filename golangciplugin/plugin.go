// Package golangciplugin registers the auth0vet analyzers as a golangci-lint module plugin.
//
// Build a custom golangci-lint with it (.custom-gcl.yml):
//
//	version: v2.6.0
//	plugins:
//	  - module: github.com/auth0-migrate/auth0audit
//	    import: github.com/auth0-migrate/auth0audit/golangciplugin
//	    version: v0.1.0
//
// then enable it (.golangci.yml):
//
//	version: "2"
//	linters:
//	  enable: [auth0vet]
//	  settings:
//	    custom:
//	      auth0vet:
//	        type: module
//	        description: Auth0 account-linking and client-secret checks
//	        settings:
//	          disable: [hardcodedsecret]   # optional: analyzers to leave out
//
// Under golangci-lint, //nolint:auth0vet works alongside //auth0vet:ignore <reason>.
package golangciplugin

import (
	"fmt"
	"slices"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/auth0-migrate/auth0audit/analyzers"
)

// Name is the linter name used in .golangci.yml.
const Name = "auth0vet"

func init() { register.Plugin(Name, New) }

// Settings are the plugin's settings in .golangci.yml.
type Settings struct {
	// Disable lists analyzers (by name) to leave out.
	Disable []string `json:"disable"`
}

type plugin struct{ settings Settings }

// New is the constructor golangci-lint calls with the raw settings.
func New(raw any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](raw)
	if err != nil {
		return nil, fmt.Errorf("%s settings: %w", Name, err)
	}
	known := make([]string, 0)
	for _, a := range analyzers.All() {
		known = append(known, a.Name)
	}
	for _, d := range s.Disable {
		if !slices.Contains(known, d) {
			return nil, fmt.Errorf("%s settings: disable: unknown analyzer %q (known: %s)", Name, d, strings.Join(known, ", "))
		}
	}
	return &plugin{settings: s}, nil
}

// BuildAnalyzers returns the enabled analyzers.
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	var out []*analysis.Analyzer
	for _, a := range analyzers.All() {
		if !slices.Contains(p.settings.Disable, a.Name) {
			out = append(out, a)
		}
	}
	return out, nil
}

// GetLoadMode says the analyzers need type information.
func (p *plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
