package sdk

// This file pins the SDK symbols the analyzers match by package path and name to the real
// SDKs: if go-auth0, gopkg.in/auth0.v5 or oauth2 rename one, this stops compiling. It also
// keeps those modules (and go-resty v2, go-oidc v3) in the root module's requirements, so the analysistest testdata module
// (which requires them too) finds them in the module cache offline.

import (
	"net/http"
	"testing"

	v1auth "github.com/auth0/go-auth0/authentication"
	v1oauth "github.com/auth0/go-auth0/authentication/oauth"
	v1 "github.com/auth0/go-auth0/management"
	v3auth "github.com/auth0/go-auth0/v3/authentication"
	v3oauth "github.com/auth0/go-auth0/v3/authentication/oauth"
	v3 "github.com/auth0/go-auth0/v3/management"
	v3client "github.com/auth0/go-auth0/v3/management/client"
	v3option "github.com/auth0/go-auth0/v3/management/option"
	v3identities "github.com/auth0/go-auth0/v3/management/users/identities"
	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/go-resty/resty/v2"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
	v5 "gopkg.in/auth0.v5/management"
)

var (
	_ = v1.New
	_ = v1.WithStaticToken
	_ = v1.WithClient
	_ = v1.WithClientCredentials
	_ = v1.WithClientCredentialsAndAudience
	_ = (*v1.UserManager).Link
	_ = (*v1.UserManager).Unlink
	_ = v1.UserIdentityLink{UserID: nil, Provider: nil, LinkWith: nil}
	_ = v1auth.WithClientSecret
	_ = v1oauth.TokenSet{IDToken: "", AccessToken: ""}
	_ = v1oauth.LoginWithPasswordRequest{Scope: ""}

	_ = v3client.New
	_ = v3client.NewWithOptions
	_ = v3option.WithToken
	_ = v3option.WithTokenSource
	_ = v3option.WithHTTPClient
	_ = v3option.WithClientCredentials
	_ = v3option.WithClientCredentialsAndAudience
	_ = (*v3identities.Client).Link
	_ = (*v3identities.Client).Delete
	_ = (*v3identities.RawClient).Link
	_ = (*v3identities.RawClient).Delete
	_ = v3.LinkUserIdentityRequestContent{UserID: nil, Provider: nil, LinkWith: nil}
	_ = v3auth.WithClientSecret
	_ = v3oauth.TokenSet{IDToken: "", AccessToken: ""}

	_ = v5.New
	_ = v5.WithStaticToken
	_ = v5.WithClient
	_ = v5.WithClientCredentials
	_ = (*v5.UserManager).Link
	_ = v5.UserIdentityLink{UserID: nil, Provider: nil, LinkWith: nil}

	_ = (*oauth2.Token).Extra
	_ = oauth2.StaticTokenSource
	_ = oauth2.ReuseTokenSource
	_ = oauth2.NewClient
	_ = (*oauth2.Config).Exchange
	_ = (*oauth2.Config).PasswordCredentialsToken
	_ = (*oauth2.Config).Client
	_ = (*oauth2.Config).TokenSource
	_ = oauth2.Config{Scopes: nil, ClientSecret: "", Endpoint: oauth2.Endpoint{TokenURL: ""}}
	_ = clientcredentials.Config{ClientSecret: "", TokenURL: ""}

	_ = resty.New
	_ = resty.NewWithClient
	_ = (*resty.Client).R
	_ = (*resty.Client).NewRequest
	_ = (*resty.Client).SetAuthToken
	_ = (*resty.Client).SetHeader
	_ = (*resty.Client).SetHeaders
	_ = (*resty.Client).SetBaseURL
	_ = (*resty.Client).SetTransport
	_ = (*resty.Request).SetAuthToken
	_ = (*resty.Request).SetHeader
	_ = (*resty.Request).SetHeaders
	_ = (*resty.Request).SetBody
	_ = (*resty.Request).SetFormData
	_ = (*resty.Request).SetPathParam
	_ = (*resty.Request).SetPathParams
	_ = (*resty.Request).Post
	_ = (*resty.Request).Delete
	_ = (*resty.Request).Execute

	_ = oidc.NewProvider
	_ = (*oidc.Provider).Endpoint
	_ = (*oidc.Provider).Verifier
	_ = (*oidc.IDTokenVerifier).Verify
	_ = v3option.WithHTTPHeader

	_ = http.NewRequest
	_ = http.NewRequestWithContext
	_ = http.Header.Set
	_ = (*http.Client).Do
)

// TestPathsMatchImports checks the path constants against the packages imported above.
func TestPathsMatchImports(t *testing.T) {
	for got, want := range map[string]string{
		V1Management:      "github.com/auth0/go-auth0/management",
		V3Identities:      "github.com/auth0/go-auth0/v3/management/users/identities",
		V5Management:      "gopkg.in/auth0.v5/management",
		ClientCredentials: "golang.org/x/oauth2/clientcredentials",
	} {
		if got != want {
			t.Errorf("path constant %q, want %q", got, want)
		}
	}
}
