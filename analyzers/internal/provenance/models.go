package provenance

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/auth0-migrate/auth0audit/analyzers/internal/httpreq"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/sdk"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/structlit"
)

// The library models: what calls into the standard library, golang.org/x/oauth2, go-auth0,
// go-resty and go-oidc return, matched by the callee's package and receiver type.

const (
	resty = "github.com/go-resty/resty/v2"
	oidc  = "github.com/coreos/go-oidc/v3/oidc"
	url   = "net/url"
)

// model returns the kinds of the (first) result of a call to a function outside the package.
func (e *engine) model(fr *Frame, c call) Kind {
	fn := c.fn
	arg := func(i int) Kind {
		if i < len(c.args) {
			return e.kind(fr, c.args[i])
		}
		return 0
	}
	allArgs := func() Kind {
		var k Kind
		for i := range c.args {
			k |= arg(i)
		}
		return k
	}
	recv := func() Kind {
		if c.recv != nil {
			return e.kind(fr, c.recv)
		}
		return 0
	}
	pkg := ""
	if fn.Pkg() != nil {
		pkg = fn.Pkg().Path()
	}
	switch pkg {
	case sdk.Fmt:
		if sdk.IsFunc(fn, sdk.Fmt, "Sprintf", "Sprint", "Sprintln") {
			parts := make([]Kind, 0, len(c.args))
			for i := range c.args {
				if i == 0 && fn.Name() == "Sprintf" {
					continue // the format is read through the template
				}
				parts = append(parts, arg(i))
			}
			return e.stringOp(fr, c.expr, parts...) &^ LiteralSecret
		}
	case "strings":
		switch {
		case sdk.IsFunc(fn, "strings", "TrimSpace", "TrimPrefix", "TrimSuffix", "Trim", "Clone", "ToLower", "Join", "Fields", "Split", "SplitN", "TrimLeft", "TrimRight"):
			return arg(0) & (stringKinds | LiteralSecret)
		case sdk.IsFunc(fn, "strings", "Replace", "ReplaceAll"):
			return e.stringOp(fr, c.expr, arg(0), arg(2)) &^ LiteralSecret
		case sdk.IsFunc(fn, "strings", "NewReader"):
			return arg(0) & bodyKinds
		}
	case "bytes":
		if sdk.IsFunc(fn, "bytes", "NewReader", "NewBuffer", "NewBufferString") {
			return arg(0) & bodyKinds
		}
	case "encoding/json":
		if sdk.IsFunc(fn, "encoding/json", "Marshal", "MarshalIndent") {
			return arg(0) & bodyKinds
		}
	case "io":
		if sdk.IsFunc(fn, "io", "NopCloser") {
			return arg(0) & bodyKinds
		}
	case url:
		switch {
		case sdk.IsFunc(fn, url, "PathEscape", "QueryEscape"):
			return arg(0) & (IDToken | UserScopedAccessToken)
		case sdk.IsFunc(fn, url, "JoinPath"):
			parts := []Kind{}
			for i := range c.args {
				parts = append(parts, arg(i))
			}
			return e.stringOp(fr, c.expr, parts...) &^ LiteralSecret
		case sdk.IsMethod(fn, url, "Values", "Encode"):
			return recv() & bodyKinds
		case sdk.IsMethod(fn, url, "URL", "String"):
			return recv() & urlKinds
		case sdk.IsFunc(fn, url, "Parse"):
			return arg(0) & urlKinds
		}
	case "path":
		if sdk.IsFunc(fn, "path", "Join") {
			parts := []Kind{}
			for i := range c.args {
				parts = append(parts, arg(i))
			}
			return e.stringOp(fr, c.expr, parts...) &^ LiteralSecret
		}
	case "context":
		if sdk.IsFunc(fn, "context", "WithValue") && len(c.args) == 3 {
			if key := e.ctxKey(c.args[1]); key != "" && !e.probing {
				k := arg(2)
				if e.ctxValues[key]|k != e.ctxValues[key] {
					e.ctxValues[key] |= k
					e.globalsChanged = true
				}
			}
			return 0
		}
		if fn.Name() == "Value" && len(c.args) == 1 && isContext(fn) {
			if key := e.ctxKey(c.args[0]); key != "" {
				return e.ctxValues[key]
			}
		}
	case sdk.NetHTTP:
		switch {
		case sdk.IsFunc(fn, sdk.NetHTTP, "NewRequest"):
			return e.newRequest(fr, c, 0)
		case sdk.IsFunc(fn, sdk.NetHTTP, "NewRequestWithContext"):
			return e.newRequest(fr, c, 1)
		case sdk.IsMethod(fn, sdk.NetHTTP, "Request", "WithContext", "Clone"):
			return recv()
		case sdk.IsMethod(fn, sdk.NetHTTP, "Header", "Clone"):
			return recv()
		}
	case sdk.OAuth2:
		switch {
		case sdk.IsMethod(fn, sdk.OAuth2, "Token", "Extra"):
			if len(c.args) == 1 && constString(e.r.info, c.args[0]) == "id_token" {
				return IDToken
			}
		case sdk.IsFunc(fn, sdk.OAuth2, "StaticTokenSource", "ReuseTokenSource", "ReuseTokenSourceWithExpiry"):
			return carry(allArgs(), IDTokenBearer, IDTokenSource, UserScopedToken, UserScopedSource, IDTokenSource, IDTokenSource, UserScopedSource, UserScopedSource)
		case sdk.IsFunc(fn, sdk.OAuth2, "NewClient"):
			return carry(arg(1), IDTokenSource, IDTokenClient, UserScopedSource, UserScopedClient)
		case sdk.IsMethod(fn, sdk.OAuth2, "Config", "Exchange", "PasswordCredentialsToken"):
			return carry(recv(), UserScopedRequest, UserScopedToken)
		case sdk.IsMethod(fn, sdk.OAuth2, "Config", "Client"):
			return carry(arg(1), IDTokenBearer, IDTokenClient, UserScopedToken, UserScopedClient)
		case sdk.IsMethod(fn, sdk.OAuth2, "Config", "TokenSource"):
			return carry(arg(1), IDTokenBearer, IDTokenSource, UserScopedToken, UserScopedSource)
		case sdk.IsMethod(fn, sdk.OAuth2, "TokenSource", "Token"):
			return carry(recv(), IDTokenSource, IDTokenBearer, UserScopedSource, UserScopedToken)
		case sdk.IsMethod(fn, sdk.OAuth2, "Config", "AuthCodeURL"):
			return 0
		}
	case resty:
		return e.restyModel(fr, c, recv, arg)
	case oidc:
		switch {
		case sdk.IsFunc(fn, oidc, "NewProvider"):
			// The provider's endpoint is the issuer's /oauth/token when the issuer is Auth0.
			iss := arg(1) & hostKinds
			if iss == 0 {
				return 0
			}
			return iss | TokenPath
		case sdk.IsMethod(fn, oidc, "Provider", "Endpoint"):
			return recv() & (hostKinds | TokenPath)
		}
	}
	if o := managementRaw(fn); o != "" {
		switch o {
		case "URI":
			// m.URI("users", id, "identities"): the Management API path.
			parts := make([]string, len(c.args))
			for i, a := range c.args {
				parts[i] = strings.Trim(e.funcOf(fr).Template(a, 0), "/")
			}
			return templateKinds("/api/v2/" + strings.Join(parts, "/"))
		case "NewRequest":
			m, u, b := rawArgs(c)
			if b < 0 {
				return 0
			}
			return withMethod(arg(u)&urlKinds, arg(m)) | arg(b)&bodyKinds | bearerOf(recv()&(IDTokenManagement|UserScopedManagement))
		}
		return 0
	}
	if fn.Name() == "Token" && isTokenSourceMethod(fn) {
		// A TokenSource held in an interface or a user type.
		return carry(recv(), IDTokenSource, IDTokenBearer, UserScopedSource, UserScopedToken)
	}
	switch {
	case sdk.ManagementTokenOption(fn):
		return carry(arg(0), IDToken, IDTokenManagement, UserScopedAccessToken, UserScopedManagement)
	case sdk.ManagementTokenSourceOption(fn):
		return carry(arg(0), IDTokenSource, IDTokenManagement, UserScopedSource, UserScopedManagement)
	case sdk.ManagementHTTPClientOption(fn):
		return carry(arg(0), IDTokenClient, IDTokenManagement, UserScopedClient, UserScopedManagement)
	case sdk.IsFunc(fn, sdk.V3Option, "WithHTTPHeader"):
		return carry(arg(0), IDTokenHeader, IDTokenManagement, UserScopedHeader, UserScopedManagement)
	case sdk.ManagementConstructor(fn):
		return allArgs() & (IDTokenManagement | UserScopedManagement)
	case returnsTokenSet(fn):
		// go-auth0 authentication: a token request asking for the user-scoped scope.
		return carry(allArgs(), UserScopedRequest, UserScopedToken)
	}
	return 0
}

// managementRaw names the raw-request methods of a go-auth0 Management client (v1 and
// gopkg.in/auth0.v5): URI, NewRequest, Request, Do; or "".
func managementRaw(fn *types.Func) string {
	for _, p := range []string{sdk.V1Management, sdk.V5Management} {
		if sdk.IsMethod(fn, p, "Management", "URI", "NewRequest", "Request", "Do") {
			return fn.Name()
		}
	}
	return ""
}

// rawArgs returns the indexes of the method, URI and payload arguments of Management.Request
// or NewRequest (v1 takes a context first, v5 does not); b is -1 when there are too few.
func rawArgs(c call) (m, u, b int) {
	m = 0
	if sig := c.fn.Type().(*types.Signature); sig.Params().Len() > 0 && sdk.IsNamed(sig.Params().At(0).Type(), "context", "Context") {
		m = 1
	}
	if len(c.args) < m+3 {
		return 0, 0, -1
	}
	return m, m + 1, m + 2
}

func isContext(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	return sdk.IsNamed(sig.Recv().Type(), "context", "Context")
}

func isTokenSourceMethod(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Params().Len() == 0 && sig.Results().Len() == 2 && sdk.IsNamed(sig.Results().At(0).Type(), sdk.OAuth2, "Token")
}

// ctxKey identifies a context key: its constant value, the variable or constant named, or
// the type of a composite key (ctxKey{}).
func (e *engine) ctxKey(x ast.Expr) string {
	x = ast.Unparen(x)
	if tv, ok := e.r.info.Types[x]; ok && tv.Value != nil {
		return tv.Type.String() + "=" + tv.Value.ExactString()
	}
	switch x := x.(type) {
	case *ast.Ident:
		if obj := e.r.info.ObjectOf(x); obj != nil {
			return obj.Pkg().Path() + "." + obj.Name() + "@" + e.pass.Fset.Position(obj.Pos()).String()
		}
	case *ast.SelectorExpr:
		if obj := e.r.info.ObjectOf(x.Sel); obj != nil && e.r.info.Selections[x] == nil {
			return obj.Pkg().Path() + "." + obj.Name()
		}
	case *ast.CompositeLit:
		if t := e.r.info.TypeOf(x); t != nil && len(x.Elts) == 0 {
			return "type:" + t.String()
		}
	}
	return ""
}

// newRequest is the kinds of http.NewRequest[WithContext](method, url, body): its target as
// far as the method allows, and its body.
func (e *engine) newRequest(fr *Frame, c call, first int) Kind {
	if len(c.args) < first+3 {
		return 0
	}
	m := e.kind(fr, c.args[first])
	u := e.kind(fr, c.args[first+1]) & urlKinds
	b := e.kind(fr, c.args[first+2]) & bodyKinds
	return withMethod(u, m) | b
}

// restyModel: resty clients and requests carry their bearer, base URL and body through the
// chained setters.
func (e *engine) restyModel(fr *Frame, c call, recv func() Kind, arg func(int) Kind) Kind {
	fn := c.fn
	isClient := sdk.IsMethod(fn, resty, "Client", fn.Name())
	isRequest := sdk.IsMethod(fn, resty, "Request", fn.Name())
	switch {
	case sdk.IsFunc(fn, resty, "New"):
		return 0
	case sdk.IsFunc(fn, resty, "NewWithClient"):
		return arg(0) & (IDTokenClient | UserScopedClient)
	case !isClient && !isRequest:
		return 0
	}
	r := recv()
	switch fn.Name() {
	case "SetAuthToken":
		return r | bearerOf(arg(0)&(IDToken|UserScopedAccessToken))
	case "SetHeader":
		if len(c.args) == 2 && strings.EqualFold(constString(e.r.info, c.args[0]), "Authorization") {
			return r | bearerOf(headerOf(arg(1)))
		}
		return r
	case "SetHeaders":
		return r | bearerOf(arg(0)&(IDTokenHeader|UserScopedHeader))
	case "SetBaseURL", "SetHostURL":
		return r | arg(0)&hostKinds
	case "SetTransport", "SetHTTPClient":
		return r | arg(0)&(IDTokenClient|UserScopedClient)
	case "SetBody", "SetFormData", "SetFormDataFromValues", "SetMultipartFormData":
		return r | arg(0)&bodyKinds
	case "R", "NewRequest", "Clone":
		return r
	}
	// Other setters return the receiver for chaining.
	if res := fn.Type().(*types.Signature).Results(); res.Len() == 1 && (sdk.IsNamed(res.At(0).Type(), resty, "Request") || sdk.IsNamed(res.At(0).Type(), resty, "Client")) {
		return r
	}
	return 0
}

// compositeKind is the kinds of a composite literal.
func (e *engine) compositeKind(fr *Frame, lit *ast.CompositeLit) Kind {
	t := e.r.info.TypeOf(lit)
	if t == nil {
		return 0
	}
	switch {
	case sdk.IsNamed(t, sdk.OAuth2, "Token"):
		return carry(e.fieldValueKind(fr, lit, "AccessToken"), IDToken, IDTokenBearer, UserScopedAccessToken, UserScopedToken)
	case sdk.IsNamed(t, sdk.OAuth2, "Config"):
		return e.configKind(e.fieldValueKind(fr, lit, "Scopes"))
	case isAuth0OAuthRequest(t):
		if v := structlit.Field(lit, "Scope"); v != nil {
			return e.configKind(e.kind(fr, v))
		}
		return 0
	case sdk.IsNamed(t, sdk.NetHTTP, "Client"):
		return e.fieldValueKind(fr, lit, "Transport") & (IDTokenClient | UserScopedClient)
	case sdk.IsNamed(t, sdk.OAuth2, "Transport"):
		return carry(e.fieldValueKind(fr, lit, "Source"), IDTokenSource, IDTokenClient, UserScopedSource, UserScopedClient)
	}
	switch u := t.Underlying().(type) {
	case *types.Map:
		var k Kind
		for _, el := range lit.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			v := e.kind(fr, kv.Value)
			key := constString(e.r.info, kv.Key)
			if strings.EqualFold(key, "Authorization") {
				k |= headerOf(v)
			}
			k |= bodyKeyKinds(key, v)
			k |= v & scopeKinds
		}
		return k
	case *types.Slice, *types.Array:
		var k Kind
		for _, el := range lit.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				el = kv.Value
			}
			k |= e.kind(fr, el)
		}
		return k
	case *types.Struct:
		var k, fields Kind
		structlit.Fields(e.r.info, lit, u, func(field *types.Var, val ast.Expr) {
			v := e.kind(fr, val)
			fields |= v
			k |= bodyKeyKinds(httpreq.JSONName(u, field), v)
			if secretField(field) {
				k |= v & LiteralSecret
			}
		})
		if e.isTransport(t) {
			k |= bearerOf(fields)
		}
		return k
	}
	return 0
}

// configKind: a token request whose scopes name the user-scoped link scope and not
// update:users.
func (e *engine) configKind(scopes Kind) Kind {
	if scopes.Has(UserLinkScope) && !scopes.Has(ServerScope) {
		return UserScopedRequest
	}
	return 0
}

// isTransport reports whether t is a type of this package whose RoundTrip method sets an
// Authorization header: a value of it sends what its fields hold as the bearer.
func (e *engine) isTransport(t types.Type) bool {
	n, ok := types.Unalias(deref(t)).(*types.Named)
	if !ok || n.Obj().Pkg() != e.r.pkg {
		return false
	}
	if v, ok := e.transports[n]; ok {
		return v
	}
	e.transports[n] = false
	for i := 0; i < n.NumMethods(); i++ {
		m := n.Method(i)
		if m.Name() != "RoundTrip" {
			continue
		}
		decl := e.r.decls[m]
		if decl == nil {
			break
		}
		ast.Inspect(decl.Body, func(x ast.Node) bool {
			if lit, ok := x.(*ast.BasicLit); ok && strings.EqualFold(strings.Trim(lit.Value, "\"`"), "Authorization") {
				e.transports[n] = true
			}
			return !e.transports[n]
		})
	}
	return e.transports[n]
}

func isAuth0OAuthRequest(t types.Type) bool {
	n, ok := types.Unalias(deref(t)).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	p := n.Obj().Pkg().Path()
	return p == sdk.V1OAuth || p == sdk.V3OAuth
}

func (e *engine) fieldValueKind(fr *Frame, lit *ast.CompositeLit, name string) Kind {
	if v := structlit.Field(lit, name); v != nil {
		return e.kind(fr, v)
	}
	return 0
}

func returnsTokenSet(fn *types.Func) bool {
	res := fn.Type().(*types.Signature).Results()
	return res.Len() > 0 && (sdk.IsNamed(res.At(0).Type(), sdk.V1OAuth, "TokenSet") || sdk.IsNamed(res.At(0).Type(), sdk.V3OAuth, "TokenSet"))
}

// mutations apply what a call changes in place: a header or form value set on a variable, a
// raw token verified as an ID token, a scope list appended to a config.
func (e *engine) mutations(fr *Frame, c call) {
	fn := c.fn
	if fn == nil || c.recv == nil && !sdk.IsMethod(fn, oidc, "IDTokenVerifier", "Verify") {
		return
	}
	switch {
	case sdk.IsMethod(fn, sdk.NetHTTP, "Header", "Set", "Add"):
		if len(c.args) == 2 && strings.EqualFold(constString(e.r.info, c.args[0]), "Authorization") {
			k := headerOf(e.kind(fr, c.args[1]))
			if req := httpreq.RequestOfHeader(e.r.info, c.recv); req != nil {
				e.mutate(fr, req, k)
				return
			}
			e.mutate(fr, c.recv, k)
		}
	case sdk.IsMethod(fn, url, "Values", "Set", "Add"):
		if len(c.args) == 2 {
			e.mutate(fr, c.recv, bodyKeyKinds(constString(e.r.info, c.args[0]), e.kind(fr, c.args[1])))
		}
	case sdk.IsMethod(fn, oidc, "IDTokenVerifier", "Verify"):
		// The raw string Verify accepted is an ID token, wherever it came from.
		if len(c.args) == 2 {
			e.mutate(fr, c.args[1], IDToken)
		}
	}
}
