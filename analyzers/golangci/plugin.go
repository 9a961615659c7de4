// Package golangci registers the auth0vet analyzers as a golangci-lint module plugin named
// "auth0vet". In .custom-gcl.yml:
//
//	plugins:
//	  - module: github.com/auth0-migrate/auth0audit
//	    import: github.com/auth0-migrate/auth0audit/analyzers/golangci
//	    version: <version>
//
// and in .golangci.yml: linters.settings.custom.auth0vet.type: "module". Findings can then be
// silenced with //nolint:auth0vet as well as //auth0vet:ignore <reason>.
package golangci

import (
	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/auth0-migrate/auth0audit/analyzers"
)

func init() { register.Plugin("auth0vet", New) }

// New returns the plugin; it takes no settings.
func New(any) (register.LinterPlugin, error) { return plugin{}, nil }

type plugin struct{}

func (plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) { return analyzers.All(), nil }

// GetLoadMode asks for type information: the analyzers match SDK symbols by type.
func (plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
