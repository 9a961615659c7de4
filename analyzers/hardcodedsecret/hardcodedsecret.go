// Package hardcodedsecret defines an Analyzer that reports Auth0 client secrets written as
// literals in code: such a secret must be rotated and moved to a secret store.
package hardcodedsecret

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/auth0-migrate/auth0audit/analyzers/internal/diag"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/httpreq"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/sdk"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/structlit"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/suppress"
	"github.com/auth0-migrate/auth0audit/usecase"
)

const Doc = `report Auth0 client secrets written as literals

A client secret given as a string literal (directly, through a constant, or through a variable
assigned a literal, such as a fallback when the environment variable is unset) to an Auth0
client-credentials API is reported as use case
secret-hardcoded: go-auth0 management.WithClientCredentials[AndAudience] (v1, v3 option,
gopkg.in/auth0.v5), authentication.WithClientSecret, the ClientAuthentication of go-auth0
token requests, and clientcredentials.Config or
oauth2.Config with an Auth0 token URL: a *.auth0.com host, or an unknown host (a tenant or
custom domain from config) with the path /oauth/token when something else says Auth0 (the
package imports go-auth0, the config sends an audience parameter, or its AuthURL path is
/authorize; self-hosted GitLab also serves /oauth/token). For example:

	m, _ := management.New(domain, management.WithClientCredentials(ctx, id, "hJ8s...")) // reported

Secrets read from the environment, flags or configuration are not reported, nor are obvious
placeholders ("", "YOUR_CLIENT_SECRET", "<client-secret>", "changeme", "xxx", values shorter
than 8 characters). _test.go files are checked like any other file (a real secret
committed in a test leaks all the same); the fixtures tests give a local simulator usually
carry a placeholder word ("test-secret", "fake-...") and are not reported, and any other can
be silenced with //auth0vet:ignore <reason>. Generated files are skipped. The message never
repeats the secret.`

var Analyzer = &analysis.Analyzer{
	Name: "hardcodedsecret",
	Doc:  Doc,
	URL:  usecase.SecretRotationDoc,
	Run:  run,
}

func run(pass *analysis.Pass) (any, error) {
	if !sdk.ImportsAny(pass.Pkg, sdk.V1Management, sdk.V5Management, sdk.V3Option,
		sdk.V1Authentication, sdk.V3Authentication, sdk.ClientCredentials, sdk.OAuth2) {
		return nil, nil
	}
	rep := suppress.NewReporter(pass)
	importsAuth0 := sdk.ImportsAny(pass.Pkg, sdk.V1Management, sdk.V1Authentication, sdk.V1OAuth,
		sdk.V3Management, sdk.V3Client, sdk.V3Option, sdk.V3Authentication, sdk.V3OAuth, sdk.V5Management)
	// The variables holding only literals are computed on first need: most packages that
	// import an SDK pass no secret at all.
	var lits map[*types.Var]string
	isLiteral := func(x ast.Expr) bool {
		if lits == nil {
			if _, isIdent := ast.Unparen(x).(*ast.Ident); isIdent {
				lits = literalVars(pass)
			}
		}
		s, ok := literalValue(pass.TypesInfo, lits, x)
		return ok && !Placeholder(s)
	}
	for _, f := range pass.Files {
		if ast.IsGenerated(f) {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if i := sdk.ClientSecretArg(typeutil.Callee(pass.TypesInfo, n)); i >= 0 && i < len(n.Args) && isLiteral(n.Args[i]) {
					rep.Report(diag.New(n.Args[i], usecase.SecretHardcoded, "Auth0 client secret written as a literal"))
				}
			case *ast.CompositeLit:
				t := pass.TypesInfo.TypeOf(n)
				if sdk.IsNamed(t, sdk.V1OAuth, "ClientAuthentication") || sdk.IsNamed(t, sdk.V3OAuth, "ClientAuthentication") {
					if secret := structlit.Field(n, "ClientSecret"); secret != nil && isLiteral(secret) {
						rep.Report(diag.New(secret, usecase.SecretHardcoded, "Auth0 client secret written as a literal in a token request"))
					}
					return true
				}
				var tokenURL ast.Expr
				// Evidence that a token URL on an unknown host is Auth0's and not another
				// provider's that also serves /oauth/token (self-hosted GitLab, Mastodon).
				auth0 := importsAuth0
				switch {
				case sdk.IsNamed(t, sdk.ClientCredentials, "Config"):
					tokenURL = structlit.Field(n, "TokenURL")
					if params, ok := unparenLit(structlit.Field(n, "EndpointParams")); ok && hasKey(pass.TypesInfo, params, "audience") {
						auth0 = true
					}
				case sdk.IsNamed(t, sdk.OAuth2, "Config"):
					if ep, ok := unparenLit(structlit.Field(n, "Endpoint")); ok {
						tokenURL = structlit.Field(ep, "TokenURL")
						if authURL := structlit.Field(ep, "AuthURL"); authURL != nil && urlPath(pass.TypesInfo, authURL) == "authorize" {
							auth0 = true
						}
					}
				default:
					return true
				}
				secret := structlit.Field(n, "ClientSecret")
				if secret != nil && tokenURL != nil && isAuth0TokenURL(pass.TypesInfo, tokenURL, auth0) && isLiteral(secret) {
					rep.Report(diag.New(secret, usecase.SecretHardcoded, "Auth0 client secret written as a literal in an OAuth2 client-credentials config"))
				}
			}
			return true
		})
	}
	return nil, nil
}

func unparenLit(x ast.Expr) (*ast.CompositeLit, bool) {
	if x == nil {
		return nil, false
	}
	if u, ok := ast.Unparen(x).(*ast.UnaryExpr); ok {
		x = u.X
	}
	lit, ok := ast.Unparen(x).(*ast.CompositeLit)
	return lit, ok
}

// isAuth0TokenURL reports whether a token URL is Auth0's: a constant *.auth0.com host, or a
// host that is not a constant (a tenant or custom domain from config) with the /oauth/token
// path when there is other evidence of Auth0 (auth0).
func isAuth0TokenURL(info *types.Info, x ast.Expr, auth0 bool) bool {
	host, path := splitURL(info, x)
	if path != "oauth/token" {
		return false
	}
	return (auth0 && strings.Contains(host, httpreq.Hole)) || strings.HasSuffix(host, ".auth0.com")
}

func urlPath(info *types.Info, x ast.Expr) string {
	_, path := splitURL(info, x)
	return path
}

// splitURL renders a URL expression's template into its host and its path (without the
// surrounding slashes).
func splitURL(info *types.Info, x ast.Expr) (host, path string) {
	// The template needs no local definitions for the usual domain+"/oauth/token" forms.
	u := httpreq.NewFunc(info, &ast.BlockStmt{}).Template(x, 0)
	rest, ok := strings.CutPrefix(u, "https://")
	if !ok {
		rest = u
	}
	host, path, _ = strings.Cut(rest, "/")
	return host, strings.TrimSuffix(path, "/")
}

// hasKey reports whether a map literal (url.Values) has the constant key.
func hasKey(info *types.Info, lit *ast.CompositeLit, key string) bool {
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if tv, ok := info.Types[kv.Key]; ok && tv.Value != nil && tv.Value.Kind() == constant.String && constant.StringVal(tv.Value) == key {
				return true
			}
		}
	}
	return false
}

// literalVars finds the variables of the package that are assigned a constant somewhere and
// whose address is never taken (flag.StringVar(&s, ...) and friends write them at run time):
// a literal fallback such as
//
//	secret := os.Getenv("AUTH0_CLIENT_SECRET")
//	if secret == "" {
//		secret = "hJ8s..."
//	}
//
// is a secret written in the code all the same.
func literalVars(pass *analysis.Pass) map[*types.Var]string {
	vals := map[*types.Var]string{}
	tainted := map[*types.Var]bool{}
	record := func(id *ast.Ident, rhs ast.Expr) {
		v, ok := pass.TypesInfo.ObjectOf(id).(*types.Var)
		if !ok {
			return
		}
		tv, ok := pass.TypesInfo.Types[rhs]
		if rhs == nil || !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
			return // a value from elsewhere: the other assignments still count
		}
		s := constant.StringVal(tv.Value)
		if old, seen := vals[v]; seen && old != s {
			// Several literals: report on any non-placeholder one, keep the first.
			if Placeholder(old) {
				vals[v] = s
			}
			return
		}
		vals[v] = s
	}
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for i, l := range n.Lhs {
					id, ok := ast.Unparen(l).(*ast.Ident)
					if !ok {
						continue
					}
					if len(n.Lhs) == len(n.Rhs) {
						record(id, n.Rhs[i])
					} else {
						record(id, nil)
					}
				}
			case *ast.ValueSpec:
				for i, id := range n.Names {
					if i < len(n.Values) && len(n.Values) == len(n.Names) {
						record(id, n.Values[i])
					} else {
						record(id, nil)
					}
				}
			case *ast.UnaryExpr:
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op.String() == "&" {
					if v, ok := pass.TypesInfo.ObjectOf(id).(*types.Var); ok {
						tainted[v] = true
					}
				}
			case *ast.RangeStmt:
				for _, x := range []ast.Expr{n.Key, n.Value} {
					if id, ok := x.(*ast.Ident); ok {
						record(id, nil)
					}
				}
			}
			return true
		})
	}
	for v := range tainted {
		delete(vals, v)
	}
	return vals
}

// literalValue returns the literal a secret expression holds, if it is one.
func literalValue(info *types.Info, lits map[*types.Var]string, x ast.Expr) (string, bool) {
	if tv, ok := info.Types[x]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value), true
	}
	if id, ok := ast.Unparen(x).(*ast.Ident); ok {
		if v, ok := info.ObjectOf(id).(*types.Var); ok {
			s, ok := lits[v]
			return s, ok
		}
	}
	return "", false
}
