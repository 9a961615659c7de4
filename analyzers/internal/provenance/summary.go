package provenance

import (
	"fmt"
	"go/types"
	"math/bits"
	"strings"

	"github.com/auth0-migrate/auth0audit/analyzers/internal/sdk"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// Summaries let findings follow helpers across the packages of a module, the way the printf
// checker follows printf wrappers: each exported function of a package gets a Summary fact
// saying what its results are and which findings a call makes, depending on the kinds of its
// arguments. Summaries compose along chains of helpers (a summary is computed with the
// summaries of the functions it calls) and terminate on recursion (frames are memoized).
//
// A summary is computed by probing: the function is evaluated with every kind a parameter
// could carry, then, where that changes anything, one parameter and one kind at a time, so
// that "result carries parameter 1 as a bearer" or "parameter 2 reaches a link bearer sink
// when parameter 1 is an identities URL" are recorded with the argument kinds they need.

// Summary is the fact for one function.
type Summary struct {
	Results []Kind       // the results' kinds whatever the arguments
	Carries []Carry      // what the results get from an argument of a kind
	Hits    []SummaryHit // the findings a call makes, given its arguments
	Gains   []Kind       // what each header or form argument gets in place, whatever the arguments
}

// Carry: when argument Param has kind In, the results get Results.
type Carry struct {
	Param   int
	In      Kind
	Results []Kind
	Gains   []Kind // what each header or form argument gets in place (see engine.gains)
}

// ParamReq is what one argument must be for a finding: every kind of AllOf, one of AnyOf
// (when not zero), none of NoneOf (a literal host that is not Auth0, a GET, update:users).
type ParamReq struct {
	Param                int
	AllOf, AnyOf, NoneOf Kind
}

func (p ParamReq) ok(k Kind) bool {
	return k&p.AllOf == p.AllOf && (p.AnyOf == 0 || k.Has(p.AnyOf)) && !k.Has(p.NoneOf)
}

// SummaryHit is a finding a call makes when its arguments meet Requires.
type SummaryHit struct {
	Requires  []ParamReq
	Check     string
	ID        usecase.ID
	What      string
	Suspected bool
	Via       []string // the helpers below the summarized function, outermost first
}

// VarKinds is what an exported package variable of a module package holds (after its
// package's evaluation): a literal secret, a scope set, a config value.
type VarKinds struct {
	Kinds Kind
}

func (*VarKinds) AFact()           {}
func (f *VarKinds) String() string { return fmt.Sprintf("var %v", f.Kinds) }

// HasSummaries is a package fact: the package exports summaries, so importers of it are
// evaluated even when they import nothing the fast path knows.
type HasSummaries struct{}

func (*Summary) AFact()      {}
func (*HasSummaries) AFact() {}

func (s *Summary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "results %v", s.Results)
	for _, c := range s.Carries {
		fmt.Fprintf(&b, "; param %d %v -> %v", c.Param, c.In, c.Results)
		if c.Gains != nil {
			fmt.Fprintf(&b, " gains %v", c.Gains)
		}
	}
	for _, h := range s.Hits {
		fmt.Fprintf(&b, "; %s when", h.ID)
		for _, r := range h.Requires {
			fmt.Fprintf(&b, " param %d all(%v) any(%v) none(%v)", r.Param, r.AllOf, r.AnyOf, r.NoneOf)
		}
	}
	return b.String()
}

func (*HasSummaries) String() string { return "has summaries" }

// gains returns what each argument of a call with these argument kinds gets in place.
func (s *Summary) gains(args []Kind) []Kind {
	out := append([]Kind(nil), s.Gains...)
	for _, c := range s.Carries {
		if c.Param < len(args) && args[c.Param].Has(c.In) {
			for i, k := range c.Gains {
				for len(out) <= i {
					out = append(out, 0)
				}
				out[i] |= k
			}
		}
	}
	return out
}

// apply returns the results' kinds for a call with these argument kinds.
func (s *Summary) apply(args []Kind) []Kind {
	out := append([]Kind(nil), s.Results...)
	for _, c := range s.Carries {
		if c.Param < len(args) && args[c.Param].Has(c.In) {
			for i, k := range c.Results {
				if i < len(out) {
					out[i] |= k
				}
			}
		}
	}
	return out
}

// summary returns the imported summary of a function of another package, or nil.
func (e *engine) summary(fn *types.Func) *Summary {
	if !e.facts || fn.Pkg() == nil || fn.Pkg() == e.r.pkg {
		return nil
	}
	if s, ok := e.imported[fn]; ok {
		return s
	}
	s := new(Summary)
	if !e.pass.ImportObjectFact(fn, s) {
		s = nil
	}
	e.imported[fn] = s
	return s
}

// summaryHits brings up the findings a call of a summarized function makes.
func (e *engine) summaryHits(fr *Frame, c call, s *Summary) {
	if len(s.Hits) == 0 {
		return
	}
	args := e.callArgs(fr, c.fn, c.args)
	for _, h := range s.Hits {
		ok := true
		for _, r := range h.Requires {
			ok = ok && r.Param < len(args) && r.ok(args[r.Param])
		}
		if ok {
			fr.addHit(&Hit{Node: c.expr, Check: h.Check, ID: h.ID, What: h.What, Suspected: h.Suspected,
				Via: append([]string{funcName(c.fn, e.r.pkg)}, h.Via...), ViaPkg: c.fn.Pkg().Path()})
		}
	}
}

const (
	allKinds     = ServerScope<<1 - 1
	negativeKind = OtherHost | MethodOther | MethodPost | MethodDelete | ServerScope | BodyLinkWith
	probeKinds   = allKinds &^ negativeKind
)

// probeBits is what a parameter of type t is probed with: everything a value of it could
// carry. Numbers, functions and the module's own structs carry nothing the rules read.
func probeBits(t types.Type) Kind {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		if u.Info()&types.IsString != 0 {
			return probeKinds
		}
		return 0
	case *types.Signature, *types.Chan:
		return 0
	case *types.Pointer, *types.Struct:
		n, ok := types.Unalias(deref(t)).(*types.Named)
		if !ok || n.Obj().Pkg() == nil {
			return 0
		}
		p := n.Obj().Pkg().Path()
		if p == sdk.NetHTTP || p == url || p == resty || p == oidc || strings.HasPrefix(p, sdk.OAuth2) ||
			strings.HasPrefix(p, "github.com/auth0/go-auth0") || strings.HasPrefix(p, "gopkg.in/auth0.v5") {
			return probeKinds
		}
		return LiteralSecret // a config struct: its secret field (see secretField)
	}
	return probeKinds
}

// exportSummaries exports a Summary for each exported function whose results or findings
// depend on anything, and HasSummaries when there is one.
func (e *engine) exportSummaries() {
	e.probing = true
	defer func() { e.probing = false }()
	any := false
	for _, fd := range e.r.order {
		fn := e.r.info.Defs[fd.Name].(*types.Func)
		if !fn.Exported() {
			continue
		}
		if s := e.summarize(fn); s != nil {
			e.pass.ExportObjectFact(fn, s)
			any = true
		}
	}
	scope := e.r.pkg.Scope()
	for _, name := range scope.Names() {
		v, ok := scope.Lookup(name).(*types.Var)
		if !ok || !v.Exported() || e.r.globals[v] == 0 || e.addrTaken[v] {
			continue
		}
		e.pass.ExportObjectFact(v, &VarKinds{Kinds: e.r.globals[v]})
		any = true
	}
	if any {
		e.pass.ExportPackageFact(new(HasSummaries))
	}
}

func eachBit(k Kind, f func(Kind)) {
	for k != 0 {
		b := k & -k
		f(b)
		k &^= b
	}
}

func (e *engine) summarize(fn *types.Func) *Summary {
	sig := fn.Type().(*types.Signature)
	n := sig.Params().Len()
	zeroArgs := make([]Kind, n)
	zero := e.eval(fn, zeroArgs)
	zeroGains := e.gains(zero)
	s := &Summary{Results: append([]Kind(nil), zero.results...)}
	empty := true
	for _, k := range s.Results {
		empty = empty && k == 0
	}
	if !allZero(zeroGains) {
		s.Gains, empty = zeroGains, false
	}
	probe := make([]Kind, n)
	probed := false
	for i := range n {
		probe[i] = probeBits(sig.Params().At(i).Type())
		probed = probed || probe[i] != 0
	}
	if probed {
		full := e.eval(fn, probe)
		if differ(full.results, zero.results) || differ(e.gains(full), zeroGains) {
			for i := range n {
				eachBit(probe[i], func(b Kind) {
					args := make([]Kind, n)
					args[i] = b
					fr := e.eval(fn, args)
					gains := e.gains(fr)
					if !differ(fr.results, zero.results) && !differ(gains, zeroGains) {
						return
					}
					c := Carry{Param: i, In: b, Results: make([]Kind, len(fr.results))}
					for r := range fr.results {
						c.Results[r] = fr.results[r] &^ zero.results[r]
					}
					if differ(gains, zeroGains) {
						c.Gains = make([]Kind, len(gains))
						for g := range gains {
							c.Gains[g] = gains[g] &^ zeroGains[g]
						}
					}
					s.Carries = append(s.Carries, c)
				})
			}
		}
		for key, h := range full.hits {
			if _, intrinsic := zero.hits[key]; intrinsic {
				continue
			}
			for _, reqs := range e.requirements(fn, probe, key) {
				s.Hits = append(s.Hits, SummaryHit{Requires: reqs, Check: h.Check, ID: h.ID, What: h.What, Suspected: h.Suspected, Via: h.Via})
			}
		}
	}
	if empty && len(s.Carries) == 0 && len(s.Hits) == 0 {
		return nil
	}
	return s
}

func differ(a, b []Kind) bool {
	for i := range a {
		if i < len(b) && a[i] != b[i] {
			return true
		}
	}
	return false
}

// requirements finds what the arguments of fn must be for the finding key: the parameters
// it needs (dropping one loses it), and for each what kinds. When no single parameter is
// needed (any of several will do), each that suffices alone gives its own requirement.
func (e *engine) requirements(fn *types.Func, probe []Kind, key hitKey) [][]ParamReq {
	has := func(args []Kind) bool {
		_, ok := e.eval(fn, args).hits[key]
		return ok
	}
	n := len(probe)
	var needed []int
	for i := range n {
		if probe[i] == 0 {
			continue
		}
		a := append([]Kind(nil), probe...)
		a[i] = 0
		if !has(a) {
			needed = append(needed, i)
		}
	}
	if len(needed) == 0 {
		var out [][]ParamReq
		for i := range n {
			if probe[i] == 0 {
				continue
			}
			a := make([]Kind, n)
			a[i] = probe[i]
			if has(a) {
				out = append(out, []ParamReq{e.paramReq(has, a, i)})
			}
		}
		return out
	}
	base := make([]Kind, n)
	for _, i := range needed {
		base[i] = probe[i]
	}
	if !has(base) {
		return nil
	}
	var reqs []ParamReq
	for _, i := range needed {
		reqs = append(reqs, e.paramReq(has, base, i))
	}
	// The parameters not needed may still prevent it: a GET method, a literal host that is
	// not Auth0.
	for i := range n {
		if probe[i] == 0 || base[i] != 0 {
			continue
		}
		pr := ParamReq{Param: i}
		eachBit(negativeKind, func(b Kind) {
			a := append([]Kind(nil), base...)
			a[i] = b
			if !has(a) {
				pr.NoneOf |= b
			}
		})
		if pr.NoneOf != 0 {
			reqs = append(reqs, pr)
		}
	}
	return [][]ParamReq{reqs}
}

func (e *engine) paramReq(has func([]Kind) bool, base []Kind, i int) ParamReq {
	with := func(k Kind) []Kind {
		a := append([]Kind(nil), base...)
		a[i] = k
		return a
	}
	all := base[i]
	pr := ParamReq{Param: i}
	eachBit(all, func(b Kind) {
		if has(with(b)) {
			pr.AnyOf |= b
		}
	})
	if pr.AnyOf == 0 {
		pr.AllOf = all
		eachBit(all, func(b Kind) {
			if has(with(pr.AllOf &^ b)) {
				pr.AllOf &^= b
			}
		})
	}
	eachBit(negativeKind, func(b Kind) {
		if !has(with(all | b)) {
			pr.NoneOf |= b
		}
	})
	return pr
}

var _ = bits.OnesCount64
