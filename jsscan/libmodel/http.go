package libmodel

import (
	"strings"

	"github.com/grafana/sobek/ast"

	"github.com/auth0-migrate/auth0audit/jsscan/provenance"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// request is one HTTP request as the clients describe it.
type request struct {
	url     V
	base    V // a base URL (axios baseURL, got prefixUrl, request baseUrl)
	method  string
	headers []V // header objects and Headers instances written on the request
	// defaults are header objects the request gets unless it sets the header itself
	// (axios and jQuery defaults, URL-guarded interceptors, request/got instance defaults);
	// overrides are set over the request's own (an axios interceptor that sets the header on
	// every request).
	defaults, overrides []V
	auth                []V // bearer values given another way (request's auth.bearer, setRequestHeader)
	body                V
	node                ast.Node
	at                  provenance.Pos // where to report a bearer finding when no header position is known
}

// http models the HTTP clients. It returns (value, true) when sym is one of them.
func (m *Model) http(ev *Ev, c *Call, lib, rest string) (V, bool) {
	sym := c.Ref.Sym
	switch {
	case sym == "fetch" || sym == "fetchmod.fetch" || sym == "fetchmod.default":
		init := c.Arg(1)
		r := request{url: c.Arg(0), method: strOf(init.Prop("method")), headers: []V{init.Prop("headers")}, body: init.Prop("body"), node: c.Node}
		if c.Arg(0).HasRef("Request#") {
			// fetch(new Request(url, init))
			for _, o := range c.Arg(0).LibObjs("Request#") {
				if rq, ok := o.St()["req"].(request); ok {
					r = rq
				}
			}
		}
		return m.send(ev, r, "Response#"), true
	case sym == "Request" || sym == "fetchmod.Request":
		init := c.Arg(1)
		o := ev.NewLib("Request#", c.Node)
		o.St()["req"] = request{url: c.Arg(0), method: strOf(init.Prop("method")), headers: []V{init.Prop("headers")}, body: init.Prop("body"), node: c.Node}
		return V{Objs: []*Obj{o}}, true
	case sym == "Headers" || sym == "fetchmod.Headers" || sym == "nghttp.HttpHeaders":
		o := ev.NewLib("Headers#", c.Node)
		h := &Obj{Props: map[string]V{}}
		for _, src := range c.Arg(0).Objs {
			for k, v := range src.Props {
				h.SetAt(k, v, src.PropPos[k])
			}
		}
		o.St()["h"] = h
		return V{Objs: []*Obj{o}}, true
	case strings.HasPrefix(sym, "Headers#."):
		method := strings.TrimPrefix(sym, "Headers#.")
		if o := c.Ref.Recv; o != nil && (method == "set" || method == "append") {
			if k, ok := c.Arg(0).Str(); ok {
				h, _ := o.St()["h"].(*Obj)
				if h == nil {
					h = &Obj{Props: map[string]V{}}
					o.St()["h"] = h
				}
				h.SetAt(k, c.Arg(1), ev.PosOf(c.ArgNode(1)))
			}
			return V{Objs: []*Obj{o}}, true // Angular's HttpHeaders.set returns the headers
		}
		return V{}, true
	case lib == "axios":
		return m.axios(ev, c, rest, nil)
	case lib == "jq":
		return m.jquery(ev, c, rest)
	case lib == "nghttp1":
		return m.angularJS(ev, c, rest)
	case lib == "nghttp":
		return m.angular(ev, c, rest)
	case lib == "request":
		return m.requestLib(ev, c, rest)
	case lib == "got":
		return m.got(ev, c, rest)
	case lib == "superagent":
		return m.superagent(ev, c, rest)
	case sym == "URL":
		// new URL(path, base): the resolved URL; the object is its string too (fetch(url))
		u := c.Arg(0)
		if base := c.Arg(1); len(base.Strs) > 0 {
			var out []V
			for _, s := range u.Strs {
				if strings.HasPrefix(s.S, "http") || strings.HasPrefix(s.S, "//") {
					out = append(out, V{Strs: []provenance.Str{s}})
					continue
				}
				for _, b := range base.Strs {
					out = append(out, provenance.Concat(V{Strs: []provenance.Str{{S: strings.TrimSuffix(b.S, "/")}}}, V{Strs: []provenance.Str{{S: "/" + strings.TrimPrefix(s.S, "/")}}}))
				}
			}
			u = provenance.Join(out...)
		}
		o := ev.NewLib("URL#", c.Node)
		o.Set("href", V{Strs: u.Strs})
		return V{Strs: u.Strs, Objs: []*Obj{o}}, true
	case sym == "URL#.toString" || sym == "URL#.toJSON":
		if o := c.Ref.Recv; o != nil {
			return o.Props["href"], true
		}
		return V{}, true
	case sym == "URLSearchParams":
		// a form body: its fields are the object's properties (client_secret for /oauth/token)
		o := ev.NewLib("URLSearchParams#", c.Node)
		o.Props = map[string]V{}
		for _, src := range c.Arg(0).Objs {
			for k, v := range src.Props {
				o.SetAt(k, v, src.PropPos[k])
			}
		}
		return V{Objs: []*Obj{o}}, true
	case strings.HasPrefix(sym, "URLSearchParams#."):
		o := c.Ref.Recv
		switch strings.TrimPrefix(sym, "URLSearchParams#.") {
		case "append", "set":
			if k, ok := c.Arg(0).Str(); ok && o != nil {
				o.SetAt(k, c.Arg(1), ev.PosOf(c.ArgNode(1)))
			}
		case "toString":
			if o != nil {
				return V{Objs: []*Obj{o}, Strs: []provenance.Str{{S: provenance.Hole}}}, true
			}
		}
		return V{}, true
	case sym == "XMLHttpRequest":
		o := ev.NewLib("xhr#", c.Node)
		return V{Objs: []*Obj{o}}, true
	case strings.HasPrefix(sym, "xhr#."):
		return m.xhr(ev, c, strings.TrimPrefix(sym, "xhr#.")), true
	case strings.HasPrefix(sym, "Response#."):
		return V{}, true
	}
	return V{}, false
}

func strOf(v V) string {
	s, _ := v.Str()
	return s
}

// headerValue finds the Authorization header (any case) in header objects and Headers
// instances, with where it was written, and whether any of them sets it.
func headerValue(hs []V) (V, provenance.Pos, bool) {
	var out V
	var at provenance.Pos
	found := false
	var visit func(v V)
	visit = func(v V) {
		for _, o := range v.Objs {
			if h, ok := o.St()["h"].(*Obj); ok && o.Lib == "Headers#" {
				visit(V{Objs: []*Obj{h}})
				continue
			}
			for k, pv := range o.Props {
				if strings.EqualFold(k, "authorization") {
					found = true
					out = provenance.Join(out, pv)
					if p, ok := o.PropPos[k]; ok && at.Mod == nil {
						at = p
					}
				}
			}
			// axios defaults: headers.common.Authorization
			if cm, ok := o.Props["common"]; ok {
				visit(cm)
			}
		}
	}
	for _, h := range hs {
		visit(h)
	}
	return out, at, found
}

// send decides a request: an ID token as the bearer of a link or unlink call, or a
// user-scoped token sending a user_id. It returns the response value: for /oauth/token, a
// token response.
func (m *Model) send(ev *Ev, r request, respLib string) V {
	for _, a := range r.auth {
		_ = a
	}
	op, url := identityOp(r.url, r.base)
	if op == "" {
		if isTokenURL(r.url, r.base) {
			return m.tokenRequest(ev, r)
		}
		return V{}
	}
	if r.method != "" {
		want := "POST"
		if op == "unlink" {
			want = "DELETE"
		}
		if !strings.EqualFold(r.method, want) {
			return V{}
		}
	}
	_ = url
	// A header set on the request wins over the defaults (an interceptor that attaches the
	// ID token to the app's own API is usually guarded by the URL, which is not followed).
	bearer, at, explicit := headerValue(r.headers)
	for _, a := range r.auth {
		if a.Known() {
			explicit = true
		}
		bearer = provenance.Join(bearer, a)
	}
	if !explicit {
		bearer, at, _ = headerValue(r.defaults)
	}
	if ov, ovAt, ok := headerValue(r.overrides); ok {
		if _, id := idConfidence(ov); id || at.Mod == nil {
			at = ovAt
		}
		bearer = provenance.Join(bearer, ov)
	}
	if at.Mod == nil {
		at = r.at
		if at.Mod == nil {
			at = ev.PosOf(r.node)
		}
	}
	id := usecase.LinkIDTokenBearer
	what := "ID token sent as the Authorization bearer of a Management API link request"
	if op == "unlink" {
		id = usecase.UnlinkIDTokenBearer
		what = "ID token sent as the Authorization bearer of a Management API unlink request"
	}
	if conf, ok := idConfidence(bearer); ok {
		if conf == usecase.Suspected {
			what += " (the token is known only by its name, " + nameOf(bearer) + ")"
		}
		ev.Report(provenance.Hit{UseCase: id, Check: CheckIDTokenBearer, Confidence: conf, What: what}, bearer, at)
	} else if op == "link" && bearer.Has(tagUser) && sendsUserID(bodyObject(r.body)) {
		ev.Report(provenance.Hit{UseCase: usecase.LinkUserIDCurrentUser, Check: CheckUserScopedLink, Confidence: usecase.Confirmed,
			What: "account link with a user-scoped token (update:current_user_identities) sends the secondary user_id/provider"},
			bearer, at)
	}
	return V{}
}

func nameOf(v V) string {
	if v.Name != "" {
		return v.Name
	}
	return "an idToken-like name"
}

// bodyObject is the object a body was serialized from (JSON.stringify keeps the object).
func bodyObject(v V) V { return v }

// identityOp classifies a request URL: "link" for /api/v2/users/{id}/identities, "unlink"
// for /api/v2/users/{id}/identities/{provider}/{user_id}, on an Auth0 host (a *.auth0.com
// literal, or a host from configuration). A literal host that is not Auth0's (your own API
// whose path happens to match) and a relative URL are not Auth0.
func identityOp(url, base V) (string, string) {
	cands := url.Strs
	if len(base.Strs) > 0 {
		cands = nil
		for _, b := range base.Strs {
			for _, u := range url.Strs {
				if strings.HasPrefix(u.S, "http") || strings.HasPrefix(u.S, provenance.Hole) {
					cands = append(cands, u)
					continue
				}
				cands = append(cands, provenance.Str{S: strings.TrimSuffix(b.S, "/") + "/" + strings.TrimPrefix(u.S, "/")})
			}
		}
	}
	for _, s := range cands {
		host, path, ok := splitURL(s.S)
		if !ok || !auth0Host(host) {
			continue
		}
		segs := strings.Split(strings.Trim(strings.SplitN(path, "?", 2)[0], "/"), "/")
		if len(segs) >= 2 && segs[0] == "api" && segs[1] == "v2" {
			segs = segs[2:]
		} else {
			continue
		}
		if len(segs) >= 3 && segs[0] == "users" && segs[2] == "identities" {
			switch len(segs) {
			case 3:
				return "link", s.S
			case 5:
				return "unlink", s.S
			}
			// a hole may stand for "provider/user_id"
			if len(segs) == 4 && strings.Contains(segs[3], provenance.Hole) {
				return "unlink", s.S
			}
		}
	}
	return "", ""
}

// splitURL splits a URL template into host and path. A template starting with a hole (a
// domain from configuration) has an unknown host.
func splitURL(s string) (host, path string, ok bool) {
	rest := s
	switch {
	case strings.HasPrefix(rest, "https://"):
		rest = rest[len("https://"):]
	case strings.HasPrefix(rest, "http://"):
		rest = rest[len("http://"):]
	case strings.HasPrefix(rest, "//"):
		rest = rest[2:]
	case strings.HasPrefix(rest, provenance.Hole):
	default:
		return "", "", false // relative: the app's own origin
	}
	i := strings.IndexByte(rest, '/')
	if i < 0 {
		return rest, "", true
	}
	return rest[:i], rest[i:], true
}

func auth0Host(host string) bool {
	if strings.Contains(host, provenance.Hole) {
		return true
	}
	h := strings.ToLower(strings.Split(host, ":")[0])
	return strings.HasSuffix(h, ".auth0.com") || h == "auth0.com"
}

func isTokenURL(url, base V) bool {
	for _, s := range append(url.Strs, base.Strs...) {
		host, path, ok := splitURL(s.S)
		if ok && strings.TrimSuffix(path, "/") == "/oauth/token" && auth0Host(host) {
			return true
		}
	}
	return false
}

// tokenRequest is a raw /oauth/token call: a literal client_secret in its body is reported;
// its response is a token response whose access token carries the requested scope.
func (m *Model) tokenRequest(ev *Ev, r request) V {
	body := r.body
	sec := body.Prop("client_secret")
	if literalSecret(sec) {
		// A hole host is Auth0's only with other evidence: an audience, or an Auth0 import.
		host, _, _ := splitURL(firstStr(r.url, r.base))
		if !strings.Contains(host, provenance.Hole) || body.HasProp("audience") || ev.Module().ImportsAny("auth0", "auth0-js", "express-openid-connect", "@auth0/nextjs-auth0", "passport-auth0") {
			at := propPos(ev, body, "client_secret", ev.PosOf(r.node))
			ev.Report(provenance.Hit{UseCase: usecase.SecretHardcoded, Check: CheckHardcodedSecret, Confidence: usecase.Confirmed,
				What: "Auth0 client secret written as a literal in an /oauth/token request body"}, V{}, at)
		}
	}
	t := provenance.TokenResponse
	if scopeTags(body)&provenance.UserScope != 0 {
		t |= provenance.UserToken
	}
	if strOf(body.Prop("grant_type")) == "client_credentials" {
		t |= provenance.ServerToken
	}
	return V{}.WithTags(t, ev.Depth())
}

func firstStr(vs ...V) string {
	for _, v := range vs {
		if len(v.Strs) > 0 {
			return v.Strs[0].S
		}
	}
	return ""
}

// ---- axios

func (m *Model) axios(ev *Ev, c *Call, rest string, _ *Obj) (V, bool) {
	inst, method := axiosTarget(rest, c)
	var defaults []V
	defaults = append(defaults, V{Objs: []*Obj{m.defaults}})
	if inst != nil {
		if d, ok := inst.St()["defaults"].(V); ok {
			defaults = append(defaults, d)
		}
	}
	switch method {
	case "create":
		o := ev.NewLib("axios#", c.Node)
		o.St()["defaults"] = c.Arg(0)
		return V{Objs: []*Obj{o}}, true
	case "interceptors.request.use":
		// run the interceptor on a config and keep what it sets
		cfgHeaders := &Obj{Props: map[string]V{}}
		cfg := &Obj{Props: map[string]V{"headers": {Objs: []*Obj{cfgHeaders}}}}
		out := ev.Invoke(c.Arg(0), V{}, V{Objs: []*Obj{cfg}})
		// An interceptor that looks at the URL before setting headers serves some hosts
		// only: a request setting its own header keeps it. One that does not sets the
		// header on every request, over the request's own.
		key, target := "defaults", m.defaults
		if !readsURL(c.Arg(0)) {
			key, target = "overrides", m.overrides
		}
		if inst != nil {
			target = &Obj{Props: map[string]V{}}
			if d, ok := inst.St()[key].(V); ok {
				inst.St()[key] = provenance.Join(d, V{Objs: []*Obj{target}})
			} else {
				inst.St()[key] = V{Objs: []*Obj{target}}
			}
		}
		hs := provenance.Join(cfg.Props["headers"], out.Prop("headers"))
		target.Add("headers", hs)
		return V{}, true
	}
	if strings.HasPrefix(method, "defaults.") {
		// axios.defaults.headers.common.Authorization = ... (a store), or a read
		if strings.Contains(method, ".$set.") {
			path, key, _ := strings.Cut(strings.TrimPrefix(method, "defaults."), ".$set.")
			target := m.defaults
			if inst != nil {
				target = &Obj{Props: map[string]V{}}
				d, _ := inst.St()["defaults"].(V)
				inst.St()["defaults"] = provenance.Join(d, V{Objs: []*Obj{target}})
			}
			if path == "headers" || path == "headers.common" || strings.HasPrefix(path, "headers.") {
				h := &Obj{Props: map[string]V{}}
				h.SetAt(key, c.Arg(0), ev.PosOf(c.Node))
				target.Add("headers", V{Objs: []*Obj{h}})
			}
			if path == "" && key == "baseURL" {
				target.Add("baseURL", c.Arg(0))
			}
		}
		return V{}, true
	}
	var cfg, url, data V
	switch method {
	case "", "request":
		if len(c.Args) > 1 || len(c.Arg(0).Strs) > 0 {
			url, cfg = c.Arg(0), c.Arg(1)
		} else {
			cfg = c.Arg(0)
			url = cfg.Prop("url")
		}
		data = cfg.Prop("data")
		if method == "" && len(c.Arg(0).Strs) == 0 {
			method = strOf(cfg.Prop("method"))
		} else {
			method = strOf(cfg.Prop("method"))
		}
	case "get", "delete", "head", "options":
		url, cfg = c.Arg(0), c.Arg(1)
	case "post", "put", "patch", "postForm", "putForm", "patchForm":
		url, data, cfg = c.Arg(0), c.Arg(1), c.Arg(2)
	default:
		return V{}, inst != nil || rest == ""
	}
	if method == "request" {
		method = ""
	}
	r := request{url: url, method: strings.TrimSuffix(method, "Form"), body: data, node: c.Node}
	r.headers = append(r.headers, cfg.Prop("headers"))
	r.overrides = append(r.overrides, V{Objs: []*Obj{m.overrides}}.Prop("headers"))
	if inst != nil {
		if ov, ok := inst.St()["overrides"].(V); ok {
			r.overrides = append(r.overrides, ov.Prop("headers"))
		}
	}
	for _, d := range defaults {
		r.defaults = append(r.defaults, d.Prop("headers"))
		r.base = provenance.Join(r.base, d.Prop("baseURL"))
	}
	r.base = provenance.Join(r.base, cfg.Prop("baseURL"))
	return m.send(ev, r, "axiosResponse#"), true
}

// readsURL reports whether an interceptor's code mentions the request's URL (config.url,
// baseURL), as one that serves some hosts only does.
func readsURL(fn V) bool {
	for _, c := range fn.Fns {
		n, ok := c.Node.(ast.Node)
		if !ok || c.Mod == nil || c.Mod.File == nil {
			continue
		}
		if strings.Contains(strings.ToLower(c.Mod.File.Code(n.Idx0(), n.Idx1())), "url") {
			return true
		}
	}
	return false
}

// axiosTarget splits an axios symbol into the instance (or nil for the axios default) and
// the method path.
func axiosTarget(rest string, c *Call) (*Obj, string) {
	if strings.HasPrefix(rest, "#") {
		return c.Ref.Recv, strings.TrimPrefix(strings.TrimPrefix(rest, "#"), ".")
	}
	return nil, strings.TrimPrefix(rest, "default.")
}

// ---- jQuery

func (m *Model) jquery(ev *Ev, c *Call, rest string) (V, bool) {
	switch rest {
	case "ajax":
		settings := c.Arg(0)
		url := settings.Prop("url")
		if len(c.Arg(0).Strs) > 0 {
			url, settings = c.Arg(0), c.Arg(1)
		}
		method := strOf(settings.Prop("type"))
		if method == "" {
			method = strOf(settings.Prop("method"))
		}
		r := request{url: url, method: method, body: settings.Prop("data"), node: c.Node}
		r.headers = []V{settings.Prop("headers")}
		r.defaults = []V{m.jqDefaults.Props["headers"]}
		if bs := settings.Prop("beforeSend"); len(bs.Fns) > 0 {
			xhr := ev.NewLib("xhr#", c.Node)
			ev.Invoke(bs, V{}, V{Objs: []*Obj{xhr}}, settings)
			if h, ok := xhr.St()["h"].(*Obj); ok {
				r.headers = append(r.headers, V{Objs: []*Obj{h}})
			}
		}
		for _, k := range []string{"success", "error", "complete"} {
			ev.Invoke(settings.Prop(k), V{}, V{}, V{}, V{})
		}
		return m.send(ev, r, ""), true
	case "ajaxSetup":
		m.jqDefaults.Add("headers", c.Arg(0).Prop("headers"))
		return V{}, true
	case "post", "get", "getJSON":
		return V{}, false
	}
	// $(...) and the rest of jQuery: run callbacks ($(document).ready(fn), .on('click', fn))
	return V{Refs: []Ref{{Sym: "jq"}}}, strings.Count(rest, ".") == 0 && rest != ""
}

// ---- XMLHttpRequest (also the jqXHR of beforeSend)

func (m *Model) xhr(ev *Ev, c *Call, method string) V {
	o := c.Ref.Recv
	if o == nil {
		return V{}
	}
	switch method {
	case "open":
		o.St()["method"] = strOf(c.Arg(0))
		o.St()["url"] = c.Arg(1)
	case "setRequestHeader":
		if k, ok := c.Arg(0).Str(); ok {
			h, _ := o.St()["h"].(*Obj)
			if h == nil {
				h = &Obj{Props: map[string]V{}}
				o.St()["h"] = h
			}
			h.SetAt(k, c.Arg(1), ev.PosOf(c.ArgNode(1)))
		}
	case "send":
		url, _ := o.St()["url"].(V)
		meth, _ := o.St()["method"].(string)
		h, _ := o.St()["h"].(*Obj)
		r := request{url: url, method: meth, body: c.Arg(0), node: c.Node}
		if h != nil {
			r.headers = []V{{Objs: []*Obj{h}}}
		}
		m.send(ev, r, "")
	}
	return V{}
}

// ---- AngularJS $http and Angular HttpClient

func (m *Model) angularJS(ev *Ev, c *Call, rest string) (V, bool) {
	var r request
	switch rest {
	case "":
		cfg := c.Arg(0)
		r = request{url: cfg.Prop("url"), method: strOf(cfg.Prop("method")), headers: []V{cfg.Prop("headers")}, body: cfg.Prop("data")}
	case "get", "delete", "head", "jsonp":
		r = request{url: c.Arg(0), method: strings.ToUpper(rest), headers: []V{c.Arg(1).Prop("headers")}}
	case "post", "put", "patch":
		r = request{url: c.Arg(0), method: strings.ToUpper(rest), body: c.Arg(1), headers: []V{c.Arg(2).Prop("headers")}}
	default:
		return V{}, true
	}
	r.node = c.Node
	return m.send(ev, r, ""), true
}

func (m *Model) angular(ev *Ev, c *Call, rest string) (V, bool) {
	if !strings.HasPrefix(rest, "HttpClient#.") {
		if rest == "HttpHeaders" {
			return m.http(ev, &Call{Ref: Ref{Sym: "nghttp.HttpHeaders"}, Args: c.Args, ArgNodes: c.ArgNodes, Node: c.Node}, "", "")
		}
		return V{}, false
	}
	method := strings.TrimPrefix(rest, "HttpClient#.")
	var r request
	switch method {
	case "get", "delete", "head":
		r = request{url: c.Arg(0), method: strings.ToUpper(method), headers: []V{c.Arg(1).Prop("headers")}, body: c.Arg(1).Prop("body")}
	case "post", "put", "patch":
		r = request{url: c.Arg(0), method: strings.ToUpper(method), body: c.Arg(1), headers: []V{c.Arg(2).Prop("headers")}}
	case "request":
		r = request{method: strOf(c.Arg(0)), url: c.Arg(1), headers: []V{c.Arg(2).Prop("headers")}, body: c.Arg(2).Prop("body")}
	default:
		return V{}, true
	}
	r.node = c.Node
	return m.send(ev, r, ""), true
}

// ---- request / request-promise, got, superagent (Node)

func (m *Model) requestLib(ev *Ev, c *Call, rest string) (V, bool) {
	inst, method := axiosTarget(rest, c)
	if method == "defaults" {
		o := ev.NewLib("request#", c.Node)
		o.St()["defaults"] = c.Arg(0)
		return V{Objs: []*Obj{o}}, true
	}
	var opts, url V
	if len(c.Arg(0).Strs) > 0 {
		url, opts = c.Arg(0), c.Arg(1)
	} else {
		opts = c.Arg(0)
		url = provenance.Join(opts.Prop("uri"), opts.Prop("url"))
	}
	meth := strOf(opts.Prop("method"))
	switch method {
	case "", "get", "post", "put", "patch", "delete", "del", "head":
		if method != "" {
			meth = strings.ToUpper(strings.Replace(method, "del", "delete", 1))
		}
	default:
		return V{}, true
	}
	body := opts.Prop("json")
	if !body.HasProp("user_id") && !body.HasProp("provider") && !body.HasProp("link_with") && !body.HasProp("client_secret") {
		body = provenance.Join(body, opts.Prop("body"), opts.Prop("form"))
	}
	r := request{url: url, method: meth, body: body, node: c.Node, base: opts.Prop("baseUrl")}
	r.headers = []V{opts.Prop("headers")}
	r.auth = []V{opts.Prop("auth").Prop("bearer")}
	if inst != nil {
		if d, ok := inst.St()["defaults"].(V); ok {
			r.defaults = append(r.defaults, d.Prop("headers"))
			r.base = provenance.Join(r.base, d.Prop("baseUrl"))
			if b := d.Prop("auth").Prop("bearer"); b.Known() {
				r.defaults = append(r.defaults, V{Objs: []*Obj{{Props: map[string]V{"Authorization": b}}}})
			}
		}
	}
	for _, a := range c.Args {
		if len(a.Fns) > 0 {
			ev.Invoke(a, V{}, V{}, V{}, V{})
		}
	}
	return m.send(ev, r, ""), true
}

func (m *Model) got(ev *Ev, c *Call, rest string) (V, bool) {
	inst, method := axiosTarget(rest, c)
	if method == "extend" {
		o := ev.NewLib("got#", c.Node)
		o.St()["defaults"] = c.Arg(0)
		return V{Objs: []*Obj{o}}, true
	}
	opts := c.Arg(1)
	url := c.Arg(0)
	if len(url.Strs) == 0 {
		opts = c.Arg(0)
		url = opts.Prop("url")
	}
	meth := strOf(opts.Prop("method"))
	switch method {
	case "":
	case "get", "post", "put", "patch", "delete", "head":
		meth = strings.ToUpper(method)
	default:
		return V{}, true
	}
	r := request{url: url, method: meth, body: provenance.Join(opts.Prop("json"), opts.Prop("body"), opts.Prop("form")), node: c.Node, base: opts.Prop("prefixUrl")}
	r.headers = []V{opts.Prop("headers")}
	if inst != nil {
		if d, ok := inst.St()["defaults"].(V); ok {
			r.defaults = append(r.defaults, d.Prop("headers"))
			r.base = provenance.Join(r.base, d.Prop("prefixUrl"))
		}
	}
	return m.send(ev, r, ""), true
}

func (m *Model) superagent(ev *Ev, c *Call, rest string) (V, bool) {
	switch rest {
	case "get", "post", "put", "patch", "delete", "del", "head", "":
		o := ev.NewLib("superagent#", c.Node)
		meth := strings.ToUpper(rest)
		url := c.Arg(0)
		if rest == "" {
			meth, url = strOf(c.Arg(0)), c.Arg(1)
		}
		if meth == "DEL" {
			meth = "DELETE"
		}
		o.St()["req"] = request{url: url, method: meth, node: c.Node, headers: []V{{Objs: []*Obj{{Props: map[string]V{}}}}}}
		return V{Objs: []*Obj{o}}, true
	}
	if !strings.HasPrefix(rest, "#.") {
		return V{}, true
	}
	o := c.Ref.Recv
	if o == nil {
		return V{}, true
	}
	r, _ := o.St()["req"].(request)
	switch strings.TrimPrefix(rest, "#.") {
	case "set":
		h := r.headers[0].Objs[0]
		if k, ok := c.Arg(0).Str(); ok {
			h.SetAt(k, c.Arg(1), ev.PosOf(c.ArgNode(1)))
		} else {
			r.headers = append(r.headers, c.Arg(0))
		}
	case "auth":
		if strOf(c.Arg(1).Prop("type")) == "bearer" {
			r.auth = append(r.auth, provenance.Join(c.Arg(0), V{}))
			r.at = ev.PosOf(c.ArgNode(0))
		}
	case "send":
		r.body = provenance.Join(r.body, c.Arg(0))
	case "then", "end":
		m.send(ev, r, "")
		for _, a := range c.Args {
			if len(a.Fns) > 0 {
				ev.Invoke(a, V{}, V{}, V{})
			}
		}
		return V{}, true
	default:
		return V{Objs: []*Obj{o}}, true
	}
	o.St()["req"] = r
	// The request is sent when awaited; decide on each step, reporting once per place.
	m.send(ev, r, "")
	return V{Objs: []*Obj{o}}, true
}
