package provenance

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/auth0-migrate/auth0audit/analyzers/internal/httpreq"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/sdk"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/structlit"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// The analyzers' names: each finding belongs to one.
const (
	CheckIDTokenBearer   = "idtokenbearer"
	CheckUserScopedLink  = "userscopedlink"
	CheckHardcodedSecret = "hardcodedsecret"
)

const userScopedWhat = "account link with a user-scoped token (update:current_user_identities) sends the secondary user_id/provider"

// Hit is a finding made while evaluating a frame: at a sink of this function, or at a call
// of a helper whose sink is reached because of what this call passes (Via names the helpers).
type Hit struct {
	Node      ast.Node
	Check     string
	ID        usecase.ID
	What      string
	Suspected bool
	Via       []string
	// ViaPkg is the package of the first helper in Via when it is not this package.
	ViaPkg string
	// from, fromKey: the helper and its finding this one was brought up from; when the
	// helper makes that finding on its own (whatever its arguments), it is reported there
	// and not here.
	from    *types.Func
	fromKey hitKey
}

type hitKey struct {
	pos   token.Pos
	check string
	id    usecase.ID
}

func (h *Hit) key() hitKey { return hitKey{h.Node.Pos(), h.Check, h.ID} }

// at is where to report a call: its method name when the call is a chain spread over
// lines (resty.New().R().\n SetBody(b).\n Post(u)), else the call.
func at(c call) ast.Node {
	if sel, ok := ast.Unparen(c.expr.Fun).(*ast.SelectorExpr); ok {
		if _, chained := ast.Unparen(sel.X).(*ast.CallExpr); chained {
			return sel.Sel
		}
	}
	return c.expr
}

func (fr *Frame) addHit(h *Hit) {
	k := h.key()
	if old, ok := fr.hits[k]; ok && !(old.Suspected && !h.Suspected) {
		return // the same finding; a confirmed one replaces a suspected one
	}
	fr.hits[k] = h
	fr.changed = true
}

func idFor(o op) usecase.ID {
	if o == opUnlink {
		return usecase.UnlinkIDTokenBearer
	}
	return usecase.LinkIDTokenBearer
}

func opName(o op) string {
	if o == opUnlink {
		return "unlink"
	}
	return "link"
}

// bearerSink reports a request to target sent with bearer (client or header kinds) and body.
// how completes "... sends a Management API link request".
func (e *engine) bearerSink(fr *Frame, node ast.Node, target, bearer, body Kind, how string) {
	o := targetOp(target)
	if o == opNone {
		return
	}
	if bearer.Has(IDTokenClient | IDTokenHeader) {
		fr.addHit(&Hit{Node: node, Check: CheckIDTokenBearer, ID: idFor(o), What: how + " a Management API " + opName(o) + " request"})
	}
	if o == opLink && bearer.Has(UserScopedClient|UserScopedHeader) && body.Has(BodyUserID) && !body.Has(BodyLinkWith) {
		fr.addHit(&Hit{Node: node, Check: CheckUserScopedLink, ID: usecase.LinkUserIDCurrentUser, What: userScopedWhat})
	}
}

// tokenRequestSink reports a raw /oauth/token request whose body carries a literal secret.
func (e *engine) tokenRequestSink(fr *Frame, node ast.Node, target, body Kind) {
	if !target.Has(TokenPath) || target.Has(OtherHost) || !body.Has(BodySecret) {
		return
	}
	if target.Has(Auth0Host) || body.Has(BodyAudience) || e.importsAuth0 {
		fr.addHit(&Hit{Node: node, Check: CheckHardcodedSecret, ID: usecase.SecretHardcoded,
			What: "Auth0 client secret written as a literal, sent in a raw /oauth/token request"})
	}
}

func (e *engine) secretArg(fr *Frame, x ast.Expr, what string) {
	if x != nil && e.kind(fr, x).Has(LiteralSecret) {
		fr.addHit(&Hit{Node: x, Check: CheckHardcodedSecret, ID: usecase.SecretHardcoded, What: what})
	}
}

func (e *engine) callSinks(fr *Frame, c call) {
	fn := c.fn
	if fn == nil {
		return
	}
	arg := func(i int) Kind {
		if i < len(c.args) {
			return e.kind(fr, c.args[i])
		}
		return 0
	}
	switch {
	case sdk.IsMethod(fn, sdk.NetHTTP, "Header", "Set", "Add"):
		if len(c.args) != 2 || !strings.EqualFold(constString(e.r.info, c.args[0]), "Authorization") {
			return
		}
		if req := httpreq.RequestOfHeader(e.r.info, c.recv); req != nil {
			e.noteAuthSet(fr, req)
			rk := e.kind(fr, req)
			e.bearerSink(fr, at(c), rk, headerOf(arg(1)), rk, "ID token sent as the Authorization bearer of")
		}
		return
	case isDo(fn):
		if len(c.args) != 1 {
			return
		}
		rk := e.kind(fr, c.args[0])
		bearer := bearerOf(e.kind(fr, c.recv) & (IDTokenClient | UserScopedClient | IDTokenManagement | UserScopedManagement))
		how := "HTTP client that sends an ID token as its bearer makes"
		if !e.authSetHere(fr, c.args[0]) {
			if rk.Has(IDTokenHeader|UserScopedHeader) && bearer == 0 {
				how = "request whose Authorization header holds an ID token is sent as"
			}
			bearer |= rk & (IDTokenHeader | UserScopedHeader)
		}
		e.bearerSink(fr, at(c), rk, bearer, rk, how)
		return
	case sdk.IsMethod(fn, sdk.NetHTTP, "Client", "Post", "PostForm"):
		target := withMethod(arg(0)&urlKinds, MethodPost)
		body := arg(len(c.args) - 1)
		e.bearerSink(fr, at(c), target, e.kind(fr, c.recv)&(IDTokenClient|UserScopedClient), body, "HTTP client that sends an ID token as its bearer makes")
		e.tokenRequestSink(fr, at(c), target, body)
		return
	case sdk.IsFunc(fn, sdk.NetHTTP, "Post", "PostForm"):
		e.tokenRequestSink(fr, at(c), withMethod(arg(0)&urlKinds, MethodPost), arg(len(c.args)-1))
		return
	case sdk.IsFunc(fn, sdk.NetHTTP, "NewRequest", "NewRequestWithContext"):
		first := 0
		if fn.Name() == "NewRequestWithContext" {
			first = 1
		}
		if len(c.args) >= first+3 {
			e.tokenRequestSink(fr, at(c), withMethod(arg(first+1)&urlKinds, arg(first)), arg(first+2))
		}
		return
	case managementRaw(fn) == "Request":
		// m.Request(ctx, "POST", m.URI("users", id, "identities"), body) on an ID-token client.
		if m, u, b := rawArgs(c); b >= 0 {
			ck := e.kind(fr, c.recv)
			if ck.Has(IDTokenManagement) {
				e.sawIDClientCall = true
			}
			e.bearerSink(fr, at(c), withMethod(arg(u)&urlKinds, arg(m)), bearerOf(ck&(IDTokenManagement|UserScopedManagement)), arg(b), "go-auth0 Management client authenticated by an ID token sends")
		}
		return
	case sdk.IsMethod(fn, sdk.OAuth2, "Token", "SetAuthHeader"):
		// tok.SetAuthHeader(req) sets "Authorization: Bearer <tok.AccessToken>".
		if len(c.args) == 1 {
			e.noteAuthSet(fr, c.args[0])
			rk := e.kind(fr, c.args[0])
			hk := carry(e.kind(fr, c.recv), IDTokenBearer, IDTokenHeader, UserScopedToken, UserScopedHeader)
			e.bearerSink(fr, at(c), rk, hk, rk, "ID token sent as the Authorization bearer of")
		}
		return
	case fn.Pkg() != nil && fn.Pkg().Path() == resty:
		e.restySink(fr, c, arg)
		return
	}
	if i := sdk.ClientSecretArg(fn); i >= 0 && i < len(c.args) {
		e.secretArg(fr, c.args[i], "Auth0 client secret written as a literal")
		return
	}
	if o, bodyArg := sdk.IdentityCall(fn); o != sdk.OpNone {
		ck := e.clientKind(fr, c)
		if ck.Has(IDTokenManagement) {
			e.sawIDClientCall = true
			lo := opLink
			if o == sdk.OpUnlink {
				lo = opUnlink
			}
			fr.addHit(&Hit{Node: at(c), Check: CheckIDTokenBearer, ID: idFor(lo), What: "go-auth0 " + opName(lo) + " call made with a Management client authenticated by an ID token"})
		}
		if o == sdk.OpLink && bodyArg < len(c.args) && ck.Has(UserScopedManagement) {
			if b := arg(bodyArg); b.Has(BodyUserID) && !b.Has(BodyLinkWith) {
				fr.addHit(&Hit{Node: at(c), Check: CheckUserScopedLink, ID: usecase.LinkUserIDCurrentUser, What: userScopedWhat})
			}
		}
		return
	}
	if isManagementMethod(fn) && e.clientKind(fr, c).Has(IDTokenManagement) {
		e.sawIDClientCall = true
		return
	}
	if (sdk.ManagementTokenOption(fn) || sdk.ManagementTokenSourceOption(fn) || sdk.ManagementHTTPClientOption(fn) || sdk.IsFunc(fn, sdk.V3Option, "WithHTTPHeader")) &&
		e.model(fr, c).Has(IDTokenManagement) {
		fr.addHit(&Hit{Node: at(c), Check: CheckIDTokenBearer, ID: usecase.LinkIDTokenBearer, Suspected: true,
			What: "go-auth0 Management client authenticated by an ID token (no Link/Unlink call with it was seen here, so this assumes a link)"})
	}
}

// isDo: (*http.Client).Do, or a Do(*http.Request) (*http.Response, error) method of an
// interface or another type (its receiver's kinds say what it sends).
func isDo(fn *types.Func) bool {
	if fn.Name() != "Do" {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || sig.Params().Len() != 1 || sig.Results().Len() != 2 {
		return false
	}
	return sdk.IsNamed(sig.Params().At(0).Type(), sdk.NetHTTP, "Request") && sdk.IsNamed(sig.Results().At(0).Type(), sdk.NetHTTP, "Response")
}

// noteAuthSet records that this function sets the Authorization header of the request held
// by x: its sending is then not a second finding.
func (e *engine) noteAuthSet(fr *Frame, x ast.Expr) {
	if v := e.localVar(x); v != nil {
		fr.authSet[v] = true
	}
}

func (e *engine) authSetHere(fr *Frame, x ast.Expr) bool {
	v := e.localVar(x)
	return v != nil && fr.authSet[v]
}

func (e *engine) restySink(fr *Frame, c call, arg func(int) Kind) {
	if !sdk.IsMethod(c.fn, resty, "Request", c.fn.Name()) {
		return
	}
	var method, url Kind
	switch c.fn.Name() {
	case "Post":
		method, url = MethodPost, arg(0)
	case "Delete":
		method, url = MethodDelete, arg(0)
	case "Get", "Put", "Patch", "Head", "Options":
		method, url = MethodOther, arg(0)
	case "Execute":
		method, url = arg(0), arg(1)
	default:
		return
	}
	rk := e.kind(fr, c.recv)
	target := withMethod(url&urlKinds|rk&hostKinds, method)
	if url.Has(Auth0Host) {
		target &^= OtherHost // an absolute URL replaces the base URL
	}
	e.bearerSink(fr, at(c), target, bearerOf(rk&(IDTokenClient|IDTokenHeader|UserScopedClient|UserScopedHeader)), rk, "go-resty request with an ID token as its bearer makes")
	e.tokenRequestSink(fr, at(c), target, rk)
}

// clientKind returns the kinds of the client an SDK call is made on: every level of the
// receiver chain (m.User, s.mgmt.Users.Identities) and any per-request options among the
// arguments.
func (e *engine) clientKind(fr *Frame, c call) Kind {
	var k Kind
	for x := c.recv; x != nil; {
		k |= e.kind(fr, x)
		s, ok := ast.Unparen(x).(*ast.SelectorExpr)
		if !ok {
			break
		}
		x = s.X
	}
	for _, a := range c.args {
		k |= e.kind(fr, a) & (IDTokenManagement | UserScopedManagement)
	}
	return k
}

// isManagementMethod reports whether callee is a method of a go-auth0 Management API resource
// (v1 and gopkg.in/auth0.v5 managers such as UserManager, v3 resource clients). Methods of the
// Management client itself (Request, NewRequest, Do, URI) send anything, links included, so
// they do not tell what the client is for.
func isManagementMethod(fn *types.Func) bool {
	if fn.Pkg() == nil {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	if n, ok := types.Unalias(deref(sig.Recv().Type())).(*types.Named); ok && n.Obj().Name() == "Management" {
		return false
	}
	p := fn.Pkg().Path()
	return p == sdk.V1Management || p == sdk.V5Management || p == sdk.V3Management || strings.HasPrefix(p, sdk.V3Management+"/")
}

func (e *engine) assignSinks(fr *Frame, as *ast.AssignStmt) {
	if len(as.Lhs) != len(as.Rhs) {
		return
	}
	for i, l := range as.Lhs {
		switch l := ast.Unparen(l).(type) {
		case *ast.SelectorExpr:
			if req := httpreq.RequestOfHeader(e.r.info, l); req != nil {
				// req.Header = http.Header{"Authorization": {...}}
				e.noteAuthSet(fr, req)
				hk := e.kind(fr, as.Rhs[i]) & (IDTokenHeader | UserScopedHeader)
				e.mutate(fr, req, hk)
				rk := e.kind(fr, req)
				e.bearerSink(fr, as, rk, hk, rk, "ID token sent as the Authorization bearer of")
				continue
			}
			e.fieldAssign(fr, l, e.kind(fr, as.Rhs[i]))
		case *ast.IndexExpr:
			if !strings.EqualFold(constString(e.r.info, l.Index), "Authorization") {
				continue
			}
			if req := httpreq.RequestOfHeader(e.r.info, l.X); req != nil {
				e.noteAuthSet(fr, req)
				hk := headerOf(e.kind(fr, as.Rhs[i]))
				e.mutate(fr, req, hk)
				rk := e.kind(fr, req)
				e.bearerSink(fr, as, rk, hk, rk, "ID token sent as the Authorization bearer of")
			} else {
				e.mutate(fr, l.X, headerOf(e.kind(fr, as.Rhs[i])))
			}
		}
	}
}

// fieldAssign: v.F = x on a local struct value: a link body's user_id set after the literal,
// a config's scopes appended to.
func (e *engine) fieldAssign(fr *Frame, l *ast.SelectorExpr, k Kind) {
	field, ok := e.r.info.ObjectOf(l.Sel).(*types.Var)
	if !ok || !field.IsField() {
		return
	}
	t := e.r.info.TypeOf(l.X)
	if t == nil {
		return
	}
	if sdk.IsNamed(t, sdk.OAuth2, "Config") && field.Name() == "Scopes" {
		e.mutate(fr, l.X, k&scopeKinds|e.configKind(k))
		return
	}
	if st, ok := deref(t).Underlying().(*types.Struct); ok {
		e.mutate(fr, l.X, bodyKeyKinds(httpreq.JSONName(st, field), k))
	}
}

func (e *engine) compositeSinks(fr *Frame, lit *ast.CompositeLit) {
	t := e.r.info.TypeOf(lit)
	if t == nil {
		return
	}
	switch {
	case sdk.IsNamed(t, sdk.V1OAuth, "ClientAuthentication"), sdk.IsNamed(t, sdk.V3OAuth, "ClientAuthentication"):
		e.secretArg(fr, structlit.Field(lit, "ClientSecret"), "Auth0 client secret written as a literal in a token request")
	case sdk.IsNamed(t, sdk.ClientCredentials, "Config"):
		secret := structlit.Field(lit, "ClientSecret")
		tokenURL := structlit.Field(lit, "TokenURL")
		if secret == nil || tokenURL == nil {
			return
		}
		evidence := e.importsAuth0
		if params, ok := unparenLit(structlit.Field(lit, "EndpointParams")); ok {
			evidence = evidence || e.compositeKind(fr, params).Has(BodyAudience)
		}
		if e.auth0TokenURL(e.kind(fr, tokenURL), evidence) {
			e.secretArg(fr, secret, "Auth0 client secret written as a literal in an OAuth2 client-credentials config")
		}
	case sdk.IsNamed(t, sdk.OAuth2, "Config"):
		secret := structlit.Field(lit, "ClientSecret")
		endpoint := structlit.Field(lit, "Endpoint")
		if secret == nil || endpoint == nil {
			return
		}
		evidence := e.importsAuth0
		var target Kind
		if ep, ok := unparenLit(endpoint); ok {
			if tu := structlit.Field(ep, "TokenURL"); tu != nil {
				target = e.kind(fr, tu)
			}
			if au := structlit.Field(ep, "AuthURL"); au != nil {
				evidence = evidence || urlPath(e.funcOf(fr).Template(au, 0)) == "authorize"
			}
		} else {
			target = e.kind(fr, endpoint) // go-oidc provider.Endpoint()
		}
		if e.auth0TokenURL(target, evidence) {
			e.secretArg(fr, secret, "Auth0 client secret written as a literal in an OAuth2 client-credentials config")
		}
	}
}

// auth0TokenURL: a /oauth/token URL on a literal *.auth0.com host, or on a host that is not a
// constant (a tenant or custom domain from config) when something else says Auth0 (the
// package imports go-auth0, the config sends an audience parameter, its AuthURL is
// /authorize): self-hosted GitLab also serves /oauth/token.
func (e *engine) auth0TokenURL(k Kind, evidence bool) bool {
	if !k.Has(TokenPath) || k.Has(OtherHost) {
		return false
	}
	return k.Has(Auth0Host) || evidence
}

// urlPath returns the path of a URL template, without its surrounding slashes.
func urlPath(t string) string {
	t, _, _ = strings.Cut(t, "?")
	for _, p := range []string{"https://", "http://"} {
		t = strings.TrimPrefix(t, p)
	}
	_, path, _ := strings.Cut(t, "/")
	return strings.Trim(path, "/")
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

var _ = httpreq.Hole
