package libmodel

import (
	"strings"

	"github.com/auth0-migrate/auth0audit/analyzers/hardcodedsecret"
	"github.com/auth0-migrate/auth0audit/jsscan/provenance"
	"github.com/auth0-migrate/auth0audit/usecase"
)

const (
	tagID   = provenance.IDToken
	tagUser = provenance.UserToken
)

// scopeTags reads the scope of token-request options: opts.scope, opts.authorizationParams
// .scope (auth0-spa-js v2, auth0-react), opts.auth.params.scope (Lock), opts.params.scope.
func scopeTags(opts V) provenance.Tag {
	var t provenance.Tag
	for _, v := range []V{opts, opts.Prop("scope"), opts.Prop("authorizationParams").Prop("scope"),
		opts.Prop("auth").Prop("params").Prop("scope"), opts.Prop("params").Prop("scope"), opts.Prop("auth").Prop("scope")} {
		if v.Has(provenance.UserScope) {
			t |= provenance.UserScope
		}
		for _, s := range v.Strs {
			if provenance.IsServerScope(s.S) {
				t |= provenance.ServerToken
			}
		}
	}
	return t
}

// accessToken is an access token requested with the scope tags t.
func accessToken(ev *Ev, t provenance.Tag) V {
	v := V{Name: "accessToken"}
	if t&provenance.UserScope != 0 {
		v = v.WithTags(tagUser, ev.Depth())
	}
	return v
}

// authResult is what auth0.js and Lock hand their callbacks.
func authResult(ev *Ev, scope provenance.Tag) V {
	o := &Obj{Props: map[string]V{
		"idToken":        V{Name: "idToken"}.WithTags(tagID, ev.Depth()),
		"accessToken":    accessToken(ev, scope),
		"idTokenPayload": {Objs: []*Obj{{Props: map[string]V{}}}},
	}}
	o.Props["id_token"] = o.Props["idToken"]
	o.Props["access_token"] = o.Props["accessToken"]
	return V{Objs: []*Obj{o}}
}

// firstFn returns the index of the first callback argument.
func firstFn(c *Call) int {
	for i, a := range c.Args {
		if len(a.Fns) > 0 {
			return i
		}
	}
	return -1
}

func (m *Model) scopeOf(o *Obj, project string) provenance.Tag {
	t := m.scopes[project]
	if o != nil {
		t |= m.scopes[siteOf(o)]
	}
	return t
}

func (m *Model) addScope(o *Obj, project string, t provenance.Tag) {
	if t == 0 {
		return
	}
	m.scopes[project] |= t
	if o != nil {
		m.scopes[siteOf(o)] |= t
	}
}

// auth0js models auth0.js (and the auth0 global of a script tag, which auth0-spa-js's
// bundle also defines).
func (m *Model) auth0js(ev *Ev, c *Call, rest string) (V, bool) {
	switch {
	case rest == "WebAuth" || rest == "Authentication":
		o := ev.NewLib("auth0js.WebAuth#", c.Node)
		m.addScope(o, "auth0js", scopeTags(c.Arg(0)))
		m.secretOption(ev, c, 0, "auth0.js "+rest)
		return V{Objs: []*Obj{o}}, true
	case rest == "createAuth0Client" || rest == "Auth0Client":
		return m.spa(ev, c, rest)
	case rest == "Management":
		return m.management(ev, c), true
	case strings.HasPrefix(rest, "Management#."):
		method := strings.TrimPrefix(rest, "Management#.")
		if method == "linkUser" && c.Ref.Recv != nil {
			o := c.Ref.Recv
			m.use(siteOf(o), "link")
			tok, _ := o.St()["token"].(V)
			if tok.Has(tagUser) {
				ev.Report(provenance.Hit{UseCase: usecase.Auth0jsCurrentUser, Check: CheckUserScopedLink, Confidence: usecase.Confirmed,
					What: "auth0.js linkUser on a Management client built from an update:current_user_identities access token: this is the migrated form, keep it"},
					tok, ev.PosOf(c.ArgNode(1)))
			}
			ev.Invoke(c.Arg(firstFn(c)), V{}, V{}, V{})
		}
		return V{}, true
	case strings.HasPrefix(rest, "WebAuth#."):
		method := strings.TrimPrefix(rest, "WebAuth#.")
		o := c.Ref.Recv
		if method == "authorize" || method == "checkSession" || method == "popup.authorize" || method == "renewAuth" || method == "login" {
			m.addScope(o, "auth0js", scopeTags(c.Arg(0)))
		}
		if i := firstFn(c); i >= 0 {
			scope := m.scopeOf(o, "auth0js") | scopeTags(c.Arg(0))
			if method == "client.userInfo" || method == "logout" {
				ev.Invoke(c.Arg(i), V{}, V{}, V{})
			} else {
				ev.Invoke(c.Arg(i), V{}, V{}, authResult(ev, scope))
			}
		}
		return V{}, true
	}
	return V{}, false
}

func (m *Model) use(site, op string) {
	if m.used[site] == nil {
		m.used[site] = map[string]bool{}
	}
	m.used[site][op] = true
}

// management is new auth0.Management({domain, token}).
func (m *Model) management(ev *Ev, c *Call) V {
	o := ev.NewLib("auth0js.Management#", c.Node)
	opts := c.Arg(0)
	tok := opts.Prop("token")
	o.St()["token"] = tok
	if _, ok := idConfidence(tok); ok {
		at := propPos(ev, opts, "token", ev.PosOf(c.Node))
		if h, ok := ev.Locate(provenance.Hit{Check: CheckIDTokenBearer}, tok, at); ok {
			m.pending = append(m.pending, pending{site: siteOf(o), hit: h, tok: tok, lib: "auth0js"})
		}
	}
	return V{Objs: []*Obj{o}}
}

// lock models Auth0Lock and Auth0LockPasswordless (v10 and v11).
func (m *Model) lock(ev *Ev, c *Call, rest string) (V, bool) {
	switch {
	case rest == "Auth0Lock" || rest == "Auth0LockPasswordless" || rest == "default" || rest == "" || rest == "Auth0LockPasswordless.default":
		o := ev.NewLib("lock.Auth0Lock#", c.Node)
		m.addScope(o, "lock", scopeTags(c.Arg(2)))
		return V{Objs: []*Obj{o}}, true
	case strings.HasPrefix(rest, "Auth0Lock#."):
		method := strings.TrimPrefix(rest, "Auth0Lock#.")
		o := c.Ref.Recv
		if len(c.Args) > 0 && (method == "show" || method == "sms" || method == "emailcode" || method == "magiclink" || method == "socialOrSms" || method == "socialOrEmailcode") {
			m.addScope(o, "lock", scopeTags(c.Arg(0)))
		}
		i := firstFn(c)
		if i < 0 {
			return V{}, true
		}
		scope := m.scopeOf(o, "lock")
		if method == "on" {
			ev.Invoke(c.Arg(i), V{}, authResult(ev, scope))
			return V{}, true
		}
		if method == "getUserInfo" || method == "getProfile" {
			ev.Invoke(c.Arg(i), V{}, V{}, V{})
			return V{}, true
		}
		// Lock 10 passwordless callbacks: (err, profile, id_token, access_token, state, refresh_token)
		ev.Invoke(c.Arg(i), V{}, V{}, V{}, V{Name: "id_token"}.WithTags(tagID, ev.Depth()), accessToken(ev, scope))
		return V{}, true
	}
	return V{}, false
}

// spa models auth0-spa-js v1 and v2.
func (m *Model) spa(ev *Ev, c *Call, rest string) (V, bool) {
	switch {
	case rest == "createAuth0Client" || rest == "Auth0Client" || rest == "default" || rest == "":
		o := ev.NewLib("spa.Auth0Client#", c.Node)
		m.addScope(o, "spa", scopeTags(c.Arg(0)))
		return V{Objs: []*Obj{o}}, true
	case strings.HasPrefix(rest, "Auth0Client#."):
		return m.spaMethod(ev, c, strings.TrimPrefix(rest, "Auth0Client#."), c.Ref.Recv, "spa"), true
	}
	return V{}, false
}

func (m *Model) spaMethod(ev *Ev, c *Call, method string, o *Obj, project string) V {
	switch method {
	case "getTokenSilently", "getAccessTokenSilently", "getTokenWithPopup", "getAccessTokenWithPopup":
		t := scopeTags(c.Arg(0))
		m.addScope(nil, project+":req", t)
		t |= m.scopeOf(o, project)
		tok := accessToken(ev, t)
		if c.Arg(0).Prop("detailedResponse").Known() {
			r := &Obj{Props: map[string]V{"access_token": tok, "id_token": V{Name: "id_token"}.WithTags(tagID, ev.Depth())}}
			return V{Objs: []*Obj{r}}
		}
		return tok
	case "getIdTokenClaims", "getIdTokenClaimsAsync":
		claims := &Obj{Props: map[string]V{"__raw": V{Name: "__raw"}.WithTags(tagID, ev.Depth())}}
		return V{Objs: []*Obj{claims}}
	case "loginWithRedirect", "loginWithPopup", "authorize":
		m.addScope(o, project, scopeTags(c.Arg(0)))
	}
	for _, a := range c.Args {
		if len(a.Fns) > 0 {
			ev.Invoke(a, V{})
		}
	}
	return V{}
}

// hook is what auth0-react's useAuth0(), auth0-vue's useAuth0() and auth0-angular's injected
// AuthService hand the app.
func (m *Model) hook(ev *Ev, lib string) *Obj {
	o := ev.NewLib(lib+".hook#", nil)
	for _, name := range []string{"getAccessTokenSilently", "getAccessTokenWithPopup", "getIdTokenClaims", "loginWithRedirect", "loginWithPopup", "idTokenClaims"} {
		o.Set(name, V{Refs: []Ref{{Sym: lib + ".hook#." + name, Recv: o}}})
	}
	claims := V{Objs: []*Obj{{Props: map[string]V{"__raw": V{Name: "__raw"}.WithTags(tagID, ev.Depth())}}}}
	switch lib {
	case "vue":
		// idTokenClaims is a Ref: idTokenClaims.value.__raw is the raw ID token
		o.Set("idTokenClaims", V{Objs: []*Obj{{Props: map[string]V{"value": claims}}}})
	case "ngauth0":
		// idTokenClaims$ is an Observable of the claims
		o.Set("idTokenClaims$", observable(claims))
	}
	return o
}

// react models auth0-react (and the same hooks of auth0-vue and auth0-angular's AuthService).
func (m *Model) react(ev *Ev, c *Call, lib, rest string) (V, bool) {
	switch {
	case rest == "useAuth0" || rest == "withAuth0" || rest == "useAuth0#" || rest == "createAuth0" || rest == "AuthService":
		o := m.hook(ev, lib)
		if rest == "createAuth0" {
			// auth0-vue's plugin: createAuth0({ authorizationParams: { scope } })
			m.addScope(nil, lib, scopeTags(c.Arg(0)))
		}
		if rest == "withAuth0" {
			// withAuth0(Component): the component gets props.auth0 (a class component as
			// this.props)
			p := &Obj{Props: map[string]V{"auth0": {Objs: []*Obj{o}}}}
			for _, a := range c.Args {
				ev.Invoke(a, V{}, V{Objs: []*Obj{p}})
				for _, co := range a.Objs {
					if co.Class != nil {
						co.Class.Instance.Add("props", V{Objs: []*Obj{p}})
					}
				}
			}
			return c.Arg(0), true
		}
		return V{Objs: []*Obj{o}}, true
	case rest == "Auth0Provider<>" || rest == "Auth0Provider" || rest == "AuthModule.forRoot" || rest == "provideAuth0":
		m.addScope(nil, lib, scopeTags(c.Arg(0)))
		return V{}, true
	case strings.HasPrefix(rest, "hook#."):
		v := m.spaMethod(ev, c, strings.TrimPrefix(rest, "hook#."), nil, lib)
		if lib == "ngauth0" {
			return observable(v), true // AuthService's methods return Observables
		}
		return v, true
	}
	return V{}, false
}

// node models node-auth0 (the "auth0" package), v2 to v5.
func (m *Model) node(ev *Ev, c *Call, rest string) (V, bool) {
	switch {
	case rest == "ManagementClient" || rest == "default.ManagementClient":
		o := ev.NewLib("node.MC#", c.Node)
		opts := c.Arg(0)
		tok := opts.Prop("token")
		o.St()["token"] = tok
		if _, ok := idConfidence(tok); ok {
			at := propPos(ev, opts, "token", ev.PosOf(c.Node))
			if h, ok := ev.Locate(provenance.Hit{Check: CheckIDTokenBearer}, tok, at); ok {
				m.pending = append(m.pending, pending{site: siteOf(o), hit: h, tok: tok, lib: "node"})
			}
		}
		m.secretOption(ev, c, 0, "node-auth0 ManagementClient")
		return V{Objs: []*Obj{o}}, true
	case rest == "AuthenticationClient" || rest == "default.AuthenticationClient":
		m.secretOption(ev, c, 0, "node-auth0 AuthenticationClient")
		return V{Objs: []*Obj{ev.NewLib("node.AC#", c.Node)}}, true
	case strings.HasPrefix(rest, "AC#."):
		// Token grants (v2/v3 passwordGrant, refreshToken, oauth.*Grant; v4 oauth.*Grant)
		// resolve the token set (v4: { data: tokenSet }) or hand it to a callback.
		method := strings.TrimPrefix(rest, "AC#.")
		name := method[strings.LastIndexByte(method, '.')+1:]
		if !strings.HasSuffix(name, "Grant") && name != "refreshToken" {
			for _, a := range c.Args {
				if len(a.Fns) > 0 {
					ev.Invoke(a, V{}, V{}, V{})
				}
			}
			return V{}, true
		}
		t := provenance.TokenResponse
		if scopeTags(c.Arg(0))&provenance.UserScope != 0 {
			t |= tagUser
		}
		if name == "clientCredentialsGrant" {
			t |= provenance.ServerToken
		}
		resp := V{}.WithTags(t, ev.Depth())
		for _, a := range c.Args {
			if len(a.Fns) > 0 {
				ev.Invoke(a, V{}, V{}, resp)
			}
		}
		return resp, true
	case strings.HasPrefix(rest, "MC#."):
		method := strings.TrimPrefix(rest, "MC#.")
		o := c.Ref.Recv
		var op string
		var body V
		switch method {
		case "linkUsers": // v2, v3: linkUsers(id, {user_id, provider, link_with})
			op, body = "link", c.Arg(1)
		case "users.link": // v4: users.link({id}, body)
			op, body = "link", c.Arg(1)
		case "users.identities.link": // v5: users.identities.link(id, body)
			op, body = "link", c.Arg(1)
		case "unlinkUsers", "users.unlink", "users.identities.delete", "users.identities.unlink":
			op = "unlink"
		default:
			for _, a := range c.Args {
				if len(a.Fns) > 0 {
					ev.Invoke(a, V{}, V{}, V{})
				}
			}
			return V{}, true
		}
		if o == nil {
			return V{}, true
		}
		m.use(siteOf(o), op)
		tok, _ := o.St()["token"].(V)
		if op == "link" && tok.Has(tagUser) && sendsUserID(body) {
			ev.Report(provenance.Hit{UseCase: usecase.LinkUserIDCurrentUser, Check: CheckUserScopedLink, Confidence: usecase.Confirmed,
				What: "account link with a user-scoped token (update:current_user_identities) sends the secondary user_id/provider"},
				tok, ev.PosOf(c.ArgNode(1)))
		}
		for _, a := range c.Args {
			if len(a.Fns) > 0 {
				ev.Invoke(a, V{}, V{}, V{})
			}
		}
		return V{}, true
	}
	return V{}, false
}

// sendsUserID: a link body naming the secondary by user_id/provider and not by link_with.
func sendsUserID(body V) bool {
	return (body.HasProp("user_id") || body.HasProp("provider")) && !body.HasProp("link_with")
}

// serverSDK models express-openid-connect, passport-auth0 and nextjs-auth0: their ID-token
// sources and the client secret in their configuration.
func (m *Model) serverSDK(ev *Ev, c *Call, lib, rest string) (V, bool) {
	switch lib {
	case "eoc":
		if rest == "auth" {
			m.secretOption(ev, c, 0, "express-openid-connect auth()")
			return V{}, true
		}
	case "passport":
		if rest == "" || rest == "Strategy" || rest == "default" {
			m.secretOption(ev, c, 0, "passport-auth0 Strategy")
			// verify(accessToken, refreshToken, extraParams, profile, done): extraParams.id_token
			extra := &Obj{Props: map[string]V{"id_token": V{Name: "id_token"}.WithTags(tagID, ev.Depth())}}
			for _, a := range c.Args {
				if len(a.Fns) > 0 {
					ev.Invoke(a, V{}, V{}, V{}, V{Objs: []*Obj{extra}}, V{}, V{})
				}
			}
			return V{Objs: []*Obj{ev.NewLib("passport.Strategy#", c.Node)}}, true
		}
	case "nextjs":
		switch {
		case rest == "initAuth0" || rest == "Auth0Client" || rest == "default":
			m.secretOption(ev, c, 0, "nextjs-auth0 "+rest)
			return V{Objs: []*Obj{ev.NewLib("nextjs.client#", c.Node)}}, true
		case rest == "getSession" || strings.HasSuffix(rest, ".getSession") || rest == "client#.getSession":
			tok := V{Name: "idToken"}.WithTags(tagID, ev.Depth())
			ts := &Obj{Props: map[string]V{"idToken": tok}}
			s := &Obj{Props: map[string]V{"idToken": tok, "tokenSet": {Objs: []*Obj{ts}}}}
			return V{Objs: []*Obj{s}}, true
		}
	}
	return V{}, false
}

// secretOption reports a literal client secret in the options argument i of a library
// constructor.
func (m *Model) secretOption(ev *Ev, c *Call, i int, what string) {
	opts := c.Arg(i)
	for _, key := range []string{"clientSecret", "client_secret"} {
		v := opts.Prop(key)
		if !literalSecret(v) {
			continue
		}
		at := propPos(ev, opts, key, ev.PosOf(c.ArgNode(i)))
		ev.Report(provenance.Hit{UseCase: usecase.SecretHardcoded, Check: CheckHardcodedSecret, Confidence: usecase.Confirmed,
			What: "Auth0 client secret written as a literal in the " + what + " options"}, V{}, at)
	}
}

// literalSecret: a value that may be a string written in the code, not a placeholder. A
// fallback (process.env.SECRET || "hJ8s...") counts: the literal is in the code all the same.
func literalSecret(v V) bool {
	for _, s := range v.Strs {
		if s.Lit && !strings.Contains(s.S, provenance.Hole) && !hardcodedsecret.Placeholder(s.S) {
			return true
		}
	}
	return false
}

// ---- rxjs, as far as auth0-angular's Observables need it: an Observable stands for the
// value it emits; operators run their callbacks on it.

func observable(v V) V {
	o := &Obj{Lib: "rx#"}
	o.St()["v"] = v
	return V{Objs: []*Obj{o}}
}

// emitted is the value an Observable emits (a value that is no Observable, as it is).
func emitted(v V) V {
	var out []V
	rest := V{Tags: v.Tags, Strs: v.Strs, Fns: v.Fns, Refs: v.Refs, Depth: v.Depth, Name: v.Name}
	for _, o := range v.Objs {
		if o.Lib == "rx#" {
			if e, ok := o.St()["v"].(V); ok {
				out = append(out, e)
			}
			continue
		}
		rest.Objs = append(rest.Objs, o)
	}
	return provenance.Join(append(out, rest)...)
}

var rxOperators = map[string]bool{"map": true, "switchMap": true, "mergeMap": true, "concatMap": true, "exhaustMap": true,
	"tap": true, "filter": true, "first": true, "take": true, "takeUntil": true, "catchError": true, "distinctUntilChanged": true, "shareReplay": true}

func (m *Model) rx(ev *Ev, c *Call, rest string) (V, bool) {
	switch {
	case rest == "firstValueFrom" || rest == "lastValueFrom":
		return emitted(c.Arg(0)), true
	case rest == "of" || rest == "from":
		return observable(emitted(provenance.Join(c.Args...))), true
	case rxOperators[rest]:
		op := &Obj{Lib: "rxop#"}
		op.St()["kind"] = rest
		op.St()["fn"] = c.Arg(0)
		return V{Objs: []*Obj{op}}, true
	case rest == "#.pipe":
		v := emitted(V{Objs: []*Obj{c.Ref.Recv}})
		for _, a := range c.Args {
			for _, op := range a.Objs {
				if op.Lib != "rxop#" {
					continue
				}
				fn, _ := op.St()["fn"].(V)
				switch op.St()["kind"] {
				case "map", "switchMap", "mergeMap", "concatMap", "exhaustMap":
					v = emitted(ev.Invoke(fn, V{}, v))
				case "tap", "filter", "takeUntil":
					ev.Invoke(fn, V{}, v)
				}
			}
		}
		return observable(v), true
	case rest == "#.subscribe":
		fn := c.Arg(0)
		if len(fn.Fns) == 0 {
			fn = fn.Prop("next")
		}
		ev.Invoke(fn, V{}, emitted(V{Objs: []*Obj{c.Ref.Recv}}))
		return V{}, true
	case rest == "#.toPromise":
		return emitted(V{Objs: []*Obj{c.Ref.Recv}}), true
	}
	return V{}, false
}
