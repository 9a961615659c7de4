// Package hardcodedsecret defines an Analyzer that reports Auth0 client secrets written as
// literals in code: such a secret must be rotated and moved to a secret store.
package hardcodedsecret

import (
	"golang.org/x/tools/go/analysis"

	"github.com/auth0-migrate/auth0audit/analyzers/internal/check"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/provenance"
	"github.com/auth0-migrate/auth0audit/usecase"
)

const Doc = `report Auth0 client secrets written as literals

A client secret given as a string literal (directly, through a constant, a variable assigned a
literal such as a fallback when the environment variable is unset, a config struct or config
function, or a helper's parameter, in the package or another of the module) to an Auth0
client-credentials API is reported as use case secret-hardcoded: go-auth0
management.WithClientCredentials[AndAudience] (v1, v3 option, gopkg.in/auth0.v5),
authentication.WithClientSecret, the ClientAuthentication of go-auth0 token requests,
clientcredentials.Config or oauth2.Config with an Auth0 token URL (also one go-oidc discovered
from an Auth0 issuer), and raw /oauth/token requests (a form or JSON body with client_secret,
sent with net/http or go-resty). An Auth0 token URL is on a *.auth0.com host, or on an unknown
host (a tenant or custom domain from config) with the path /oauth/token when something else
says Auth0 (the package imports go-auth0, the request sends an audience, or the AuthURL path
is /authorize; self-hosted GitLab also serves /oauth/token). For example:

	m, _ := management.New(domain, management.WithClientCredentials(ctx, id, "hJ8s...")) // reported

Secrets read from the environment, flags or configuration are not reported, nor are obvious
placeholders ("", "YOUR_CLIENT_SECRET", "<client-secret>", "changeme", "xxx", values shorter
than 8 characters). _test.go files are checked like any other file (a real secret
committed in a test leaks all the same); the fixtures tests give a local simulator usually
carry a placeholder word ("test-secret", "fake-...") and are not reported, and any other can
be silenced with //auth0vet:ignore <reason>. Generated files are skipped. The message never
repeats the secret.`

// Name is the analyzer's name, also used in //auth0vet:ignore hardcodedsecret <reason>.
const Name = provenance.CheckHardcodedSecret

// Analyzer follows literal secrets across the module's packages (analysis facts).
var Analyzer = New(provenance.Analyzer)

// New returns the analyzer on top of a provenance analyzer (provenance.Analyzer with facts,
// provenance.Local without).
func New(prov *analysis.Analyzer) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:       Name,
		Doc:        Doc,
		URL:        usecase.SecretRotationDoc,
		Requires:   []*analysis.Analyzer{prov},
		ResultType: check.ResultType,
		Run:        func(pass *analysis.Pass) (any, error) { return check.Run(pass, prov, Name) },
	}
}
