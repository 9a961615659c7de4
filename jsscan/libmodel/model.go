// Package libmodel is what the JavaScript scanner knows of the libraries account-linking code
// uses: where ID tokens and scoped access tokens come from (auth0.js, Lock, auth0-spa-js,
// auth0-react, express-openid-connect, passport-auth0, nextjs-auth0, /oauth/token responses,
// browser storage), which calls send them to the Management API (auth0.js Management,
// node-auth0's link and unlink APIs of every major version, fetch, axios, jQuery, AngularJS
// $http, Angular HttpClient, request, got, superagent, XMLHttpRequest), and which take a
// client secret. Library values are recognised by where they come from (an import, a
// require, a script-tag global), never by a variable's name; the one exception is a value of
// unknown origin named like an ID token, whose findings are only suspected.
package libmodel

import (
	"strings"

	"github.com/grafana/sobek/ast"

	"github.com/auth0-migrate/auth0audit/jsscan/provenance"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// Check names, shared with the Go analyzers: a directive naming one silences its findings.
const (
	CheckIDTokenBearer   = "idtokenbearer"
	CheckUserScopedLink  = "userscopedlink"
	CheckHardcodedSecret = "hardcodedsecret"
)

// Checks are the check names an ignore directive may name.
var Checks = []string{CheckIDTokenBearer, CheckUserScopedLink, CheckHardcodedSecret}

// CheckOf is the check that reports a use case.
func CheckOf(id usecase.ID) string {
	switch id {
	case usecase.LinkUserIDCurrentUser, usecase.Auth0jsCurrentUser:
		return CheckUserScopedLink
	case usecase.SecretHardcoded:
		return CheckHardcodedSecret
	}
	return CheckIDTokenBearer
}

type (
	V    = provenance.Value
	Ev   = provenance.Evaluator
	Call = provenance.Call
	Ref  = provenance.Ref
	Obj  = provenance.Object
)

// Model implements provenance.Model. One Model serves both passes of a scan: the first pass
// learns facts that code may state after it is needed (scopes requested at login, storage
// keys written by a callback), the second reports.
type Model struct {
	pass int
	// storage: browser storage and cookie keys -> the token tags stored under them.
	storage map[string]provenance.Tag
	// scopes: library instance sites (and "react", "lock", "auth0js" for project-wide
	// defaults) -> the scope tags requested through them.
	scopes map[string]provenance.Tag
	// used: library instance sites -> the operations called on them ("link", "unlink").
	used map[string]map[string]bool
	// pending are findings decided at the end (a Management client and whether it links).
	pending []pending
	// defaults: axios's and jQuery's global default headers; overrides: what axios's global
	// request interceptors set on every request, whatever the request says.
	defaults, jqDefaults, overrides *Obj
}

type pending struct {
	site string
	hit  provenance.Hit
	tok  V
	lib  string
}

// New returns a model for one scan.
func New() *Model {
	return &Model{storage: map[string]provenance.Tag{}, scopes: map[string]provenance.Tag{}, used: map[string]map[string]bool{}}
}

// Learned reports whether the first pass learned facts that a second would use.
func (m *Model) Learned() bool { return len(m.storage) > 0 || len(m.scopes) > 0 }

// StartPass begins pass n (1: learn, 2: report).
func (m *Model) StartPass(n int) {
	m.pass = n
	m.pending = nil
	m.defaults = &Obj{Props: map[string]V{}}
	m.jqDefaults = &Obj{Props: map[string]V{}}
	m.overrides = &Obj{Props: map[string]V{}}
}

func ref(sym string) V { return V{Refs: []Ref{{Sym: sym}}} }

// imports maps module specifiers to the model's library names.
var imports = map[string]string{
	"auth0-js":                   "auth0js",
	"auth0-lock":                 "lock",
	"@auth0/auth0-spa-js":        "spa",
	"@auth0/auth0-react":         "react",
	"@auth0/auth0-vue":           "vue",
	"@auth0/auth0-angular":       "ngauth0",
	"auth0":                      "node",
	"express-openid-connect":     "eoc",
	"passport-auth0":             "passport",
	"@auth0/nextjs-auth0":        "nextjs",
	"@auth0/nextjs-auth0/edge":   "nextjs",
	"@auth0/nextjs-auth0/server": "nextjs",
	"axios":                      "axios",
	"jquery":                     "jq",
	"request":                    "request",
	"request-promise":            "request",
	"request-promise-native":     "request",
	"got":                        "got",
	"superagent":                 "superagent",
	"node-fetch":                 "fetch",
	"cross-fetch":                "fetch",
	"isomorphic-fetch":           "fetch",
	"undici":                     "undici",
	"js-cookie":                  "cookies",
	"@angular/common/http":       "nghttp",
	"rxjs":                       "rx",
	"rxjs/operators":             "rx",
}

// Import implements provenance.Model.
func (m *Model) Import(ev *Ev, spec string) (V, bool) {
	lib, ok := imports[spec]
	if !ok {
		return V{}, false
	}
	switch lib {
	case "fetch":
		// import fetch from "node-fetch": the default export is fetch itself.
		return V{Refs: []Ref{{Sym: "fetch"}, {Sym: "fetchmod"}}}, true
	case "undici":
		return ref("fetchmod"), true
	}
	return ref(lib), true
}

// Global implements provenance.Model: browser and Node globals, and libraries loaded from a
// script tag (auth0.js, Lock, auth0-spa-js, jQuery, axios).
func (m *Model) Global(ev *Ev, name string) (V, bool) {
	switch name {
	case "auth0":
		return ref("auth0js"), true
	case "Auth0Lock", "Auth0LockPasswordless":
		return ref("lock." + name), true
	case "createAuth0Client", "Auth0Client":
		return ref("spa." + name), true
	case "$", "jQuery":
		return ref("jq"), true
	case "axios":
		return ref("axios"), true
	case "fetch":
		return ref("fetch"), true
	case "Headers":
		return ref("Headers"), true
	case "Request":
		return ref("Request"), true
	case "URL":
		return ref("URL"), true
	case "URLSearchParams", "FormData":
		return ref("URLSearchParams"), true
	case "XMLHttpRequest":
		return ref("XMLHttpRequest"), true
	case "localStorage", "sessionStorage":
		return ref("storage"), true
	case "Cookies":
		return ref("cookies"), true
	case "window", "self", "globalThis", "global":
		return ref("window"), true
	case "document":
		return ref("document"), true
	case "JSON", "Promise", "Object", "Array":
		return ref("$" + name), true
	case "process":
		return ref("process"), true
	}
	return V{}, false
}

// Param implements provenance.Model: AngularJS injects services by parameter name.
func (m *Model) Param(ev *Ev, name string) (V, bool) {
	switch name {
	case "$http":
		return ref("nghttp1"), true
	case "$cookies":
		return ref("cookies"), true
	case "$window":
		return ref("window"), true
	case "$localStorage", "$sessionStorage":
		return ref("storage.obj"), true
	}
	// Angular's HttpClient and auth0-angular's AuthService are injected by type; the type is
	// gone once TypeScript is stripped, so a module importing their package lends its name to
	// the parameters named after them (http, httpClient; auth, authService).
	if mod := ev.Module(); mod != nil && mod.ImportsAny("@angular/common/http") {
		n := strings.ToLower(name)
		if n == "http" || n == "httpclient" || n == "_http" {
			return ref("nghttp.HttpClient#"), true
		}
	}
	if mod := ev.Module(); mod != nil && mod.ImportsAny("@auth0/auth0-angular") {
		n := strings.TrimLeft(strings.ToLower(name), "_")
		if n == "auth" || n == "authservice" || n == "auth0" || n == "auth0service" || n == "authsvc" {
			return V{Objs: []*Obj{m.hook(ev, "ngauth0")}}, true
		}
	}
	return V{}, false
}

// Member implements provenance.Model for reads the program does not define.
func (m *Model) Member(ev *Ev, base V, name string) (V, bool) {
	// window.localStorage, window.fetch, ...
	if base.HasRef("window") {
		if v, ok := m.Global(ev, name); ok {
			return v, true
		}
	}
	if base.Has(provenance.TokenResponse) {
		switch name {
		case "data", "body", "result":
			return base, true
		case "json", "text":
			return V{Refs: []Ref{{Sym: "$same"}}}, true
		}
	}
	// express-openid-connect: req.oidc.idToken.
	if name == "idToken" && base.Name == "oidc" && ev.Project().ImportsAny("express-openid-connect") {
		return V{}.WithTags(provenance.IDToken, ev.Depth()), true
	}
	// localStorage.id_token
	if base.HasRef("storage") || base.HasRef("storage.obj") {
		if name != "getItem" && name != "setItem" && name != "removeItem" && name != "clear" && name != "key" && name != "length" {
			return m.stored(ev, "storage", name), true
		}
	}
	return V{}, false
}

func (m *Model) stored(ev *Ev, kind, key string) V {
	t := m.storage[kind+":"+key]
	if t == 0 {
		t = m.storage["any:"+key]
	}
	v := V{}
	if t != 0 {
		v = v.WithTags(t, ev.Depth())
	} else if provenance.IsIDTokenName(key) {
		v = v.WithTags(provenance.IDTokenByName, ev.Depth())
	}
	v.Name = key
	return v
}

func (m *Model) store(kind, key string, v V) {
	t := v.Tags & (provenance.IDToken | provenance.UserToken | provenance.ServerToken)
	if t != 0 {
		m.storage[kind+":"+key] |= t
		m.storage["any:"+key] |= t
	}
}

func site(ev *Ev, node ast.Node) string {
	if ev.Module() == nil || node == nil {
		return ""
	}
	return ev.Module().Path + ":" + itoa(int(node.Idx0()))
}

func siteOf(o *Obj) string { return o.File + ":" + itoa(o.Pos) }

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// Call implements provenance.Model.
func (m *Model) Call(ev *Ev, c *Call) (V, bool) {
	sym := c.Ref.Sym
	lib, rest, _ := strings.Cut(sym, ".")
	if l, ok := strings.CutSuffix(lib, "#"); ok {
		// an instance without a dotted type ("axios#"): its methods are "#.name"
		lib, rest = l, "#."+rest
		if rest == "#." {
			rest = "#"
		}
	}
	switch lib {
	case "auth0js":
		return m.auth0js(ev, c, rest)
	case "lock":
		return m.lock(ev, c, rest)
	case "spa":
		return m.spa(ev, c, rest)
	case "react", "vue", "ngauth0":
		return m.react(ev, c, lib, rest)
	case "node":
		return m.node(ev, c, rest)
	case "eoc", "passport", "nextjs":
		return m.serverSDK(ev, c, lib, rest)
	case "storage", "cookies":
		return m.storageCall(ev, c, lib, rest)
	case "document":
		if rest == "$set.cookie" {
			if s, ok := c.Arg(0).Str(); ok || len(c.Arg(0).Strs) > 0 {
				if !ok {
					s = c.Arg(0).Strs[0].S
				}
				k, _, _ := strings.Cut(s, "=")
				m.store("cookie", strings.TrimSpace(k), c.Arg(0))
			}
			return V{}, true
		}
	case "$JSON":
		switch rest {
		case "stringify":
			v := c.Arg(0)
			v.Strs = []provenance.Str{{S: provenance.Hole}}
			return v, true
		case "parse":
			return c.Arg(0), true
		}
	case "process":
		return V{}, true
	case "rx":
		if v, ok := m.rx(ev, c, rest); ok {
			return v, true
		}
	}
	if v, ok := m.http(ev, c, lib, rest); ok {
		return v, true
	}
	return V{}, false
}

func (m *Model) storageCall(ev *Ev, c *Call, lib, rest string) (V, bool) {
	kind := "storage"
	if lib == "cookies" {
		kind = "cookie"
	}
	key, ok := c.Arg(0).Str()
	switch rest {
	case "setItem", "set", "put", "putObject":
		if ok {
			m.store(kind, key, c.Arg(1))
		}
		return V{}, true
	case "getItem", "get", "getObject":
		if ok {
			return m.stored(ev, kind, key), true
		}
		return V{}, true
	}
	if strings.HasPrefix(rest, "$set.") {
		m.store(kind, strings.TrimPrefix(rest, "$set."), c.Arg(0))
		return V{}, true
	}
	return V{}, true
}

// Finish implements provenance.Model: Management clients built from an ID token are
// reported, confirmed when a link or unlink call was made on them.
func (m *Model) Finish(ev *Ev) {
	for _, p := range m.pending {
		used := m.used[p.site]
		h := p.hit
		byName := !p.tok.Has(provenance.IDToken)
		switch p.lib {
		case "auth0js":
			h.UseCase = usecase.Auth0jsIDToken
			if used["link"] && !byName {
				h.Confidence = usecase.Confirmed
				h.What = "auth0.js Management client built from the primary user's ID token and used by linkUser"
			} else {
				h.Confidence = usecase.Suspected
				h.What = "auth0.js Management client built from an ID token"
				if byName {
					h.What = "auth0.js Management client built from a value named like an ID token (" + p.tok.Name + ")"
				}
			}
			ev.ReportAt(h)
		case "node":
			ops := []usecase.ID{}
			if used["link"] {
				ops = append(ops, usecase.LinkIDTokenBearer)
			}
			if used["unlink"] {
				ops = append(ops, usecase.UnlinkIDTokenBearer)
			}
			conf := usecase.Confirmed
			if byName {
				conf = usecase.Suspected
			}
			if len(ops) == 0 {
				ops, conf = []usecase.ID{usecase.LinkIDTokenBearer}, usecase.Suspected
			}
			for _, id := range ops {
				h.UseCase, h.Confidence = id, conf
				h.What = "node-auth0 ManagementClient authenticated by an ID token"
				if byName {
					h.What = "node-auth0 ManagementClient authenticated by a value named like an ID token (" + p.tok.Name + ")"
				}
				if conf == usecase.Suspected && !used["link"] && !used["unlink"] {
					h.What += "; no link or unlink call on it was seen"
				}
				ev.ReportAt(h)
			}
		}
	}
}

// idTokenHit classifies a token reaching an ID-token-sensitive sink: confirmed for an ID
// token by provenance, suspected for one known only by its name.
func idConfidence(v V) (usecase.Confidence, bool) {
	switch {
	case v.Has(provenance.IDToken):
		return usecase.Confirmed, true
	case v.Has(provenance.IDTokenByName):
		return usecase.Suspected, true
	}
	return "", false
}

// objProp finds property key in an object literal argument, for reporting at it.
func objProp(n ast.Node, key string) ast.Node {
	lit, ok := n.(*ast.ObjectLiteral)
	if !ok {
		return nil
	}
	for _, p := range lit.Value {
		switch p := p.(type) {
		case *ast.PropertyKeyed:
			if k, ok := p.Key.(*ast.StringLiteral); ok && k.Value.String() == key {
				return p.Value
			}
			if k, ok := p.Key.(*ast.Identifier); ok && k.Name.String() == key {
				return p.Value
			}
		case *ast.PropertyShort:
			if p.Name.Name.String() == key {
				return p
			}
		}
	}
	return nil
}

// propPos is where key of the options value was written, or the fallback.
func propPos(ev *Ev, opts V, key string, fallback provenance.Pos) provenance.Pos {
	for _, o := range opts.Objs {
		if p, ok := o.PropPos[key]; ok && p.Mod != nil {
			return p
		}
	}
	return fallback
}
