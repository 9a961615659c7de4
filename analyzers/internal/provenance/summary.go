package provenance

import (
	"cmp"
	"fmt"
	"go/types"
	"maps"
	"math/bits"
	"slices"
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
	// Defaults: what each slot holds for a call that does not know the fields (see summarize).
	Defaults []Kind
	// Replaces: the slots of the receiver's fields the function always writes (a setter).
	Replaces []int
}

// Carry: when argument Param has kind In, and none of Unless (update:users beside the link
// scope, a literal host that is not Auth0), the results get Results.
type Carry struct {
	Param   int
	In      Kind
	Unless  Kind
	Results []Kind
	Gains   []Kind // what each header or form argument gets in place (see engine.gains)
	// Pass: the argument is passed on as it is; the results and gains marked in Results and
	// Gains get the kinds of In the argument has (see passCarry).
	Pass bool
}

// of returns what a carry adds where it marks k, for an argument of kind arg.
func (c Carry) of(k, arg Kind) Kind {
	if c.Pass && k != 0 {
		return arg & c.In
	}
	return k
}

func (c Carry) applies(args []Kind) bool {
	return c.Param < len(args) && args[c.Param].Has(c.In) && !args[c.Param].Has(c.Unless)
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
	// HasFields: Fields holds what each field of the variable's struct value holds, in the
	// order of structSlots.
	HasFields bool
	Fields    []Kind
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
		fmt.Fprintf(&b, "; param %d %v unless %v -> %v", c.Param, c.In, c.Unless, c.Results)
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
		if c.applies(args) {
			for i, k := range c.Gains {
				for len(out) <= i {
					out = append(out, 0)
				}
				out[i] |= c.of(k, args[c.Param])
			}
		}
	}
	return out
}

// apply returns the results' kinds for a call with these argument kinds.
func (s *Summary) apply(args []Kind) []Kind {
	out := append([]Kind(nil), s.Results...)
	for _, c := range s.Carries {
		if c.applies(args) {
			for i, k := range c.Results {
				if i < len(out) {
					out[i] |= c.of(k, args[c.Param])
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
	args := s.fill(c.fn, e.callArgs(fr, c))
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
		if !ok || !v.Exported() || e.addrTaken[v] {
			continue
		}
		f := &VarKinds{Kinds: e.r.globals[v]}
		if m := e.varFields(nil, v, nil); m != nil {
			for _, p := range e.structSlots(v.Type()) {
				f.Fields = append(f.Fields, m[p])
				f.HasFields = f.HasFields || m[p] != 0
			}
		}
		if f.Kinds == 0 && !f.HasFields {
			continue
		}
		e.pass.ExportObjectFact(v, f)
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

// probeArgs is what each argument of fn is probed with: every kind a parameter of its type
// could carry, and for each slot, every kind its field could.
func (e *engine) probeArgs(fn *types.Func) []Kind {
	sig := fn.Type().(*types.Signature)
	out := make([]Kind, 0, e.argCount(fn))
	for i := 0; i < sig.Params().Len(); i++ {
		out = append(out, probeBits(sig.Params().At(i).Type()))
	}
	for _, s := range e.paramSlots(sig) {
		out = append(out, probeBits(slotType(s)))
	}
	return out
}

// with returns the blank arguments with argument i given k.
func with(blank []Kind, i int, k Kind) []Kind {
	a := append([]Kind(nil), blank...)
	a[i] |= k
	return a
}

// slotBudget bounds the steps (events evaluated) a package spends on its summaries with the
// fields of values known.
const slotBudget = 50_000

// summarize computes fn's summary, probing the fields of its receiver and struct
// parameters like parameters. For calls that do not know those fields, Defaults gives what
// its package's global field facts say they hold (what a call within the package reads).
//
// Probing fields costs evaluations of the function and its callees; a package spends at most
// slotBudget steps on it, in the order its functions are declared. An app's auth helpers
// take a few thousand (the largest test package, about 12,000), a large SDK's client close
// to a million. Past the budget, a function's fields are left to Defaults, as if no call
// knew them: what it does with them is read from its package's global field facts.
func (e *engine) summarize(fn *types.Func) *Summary {
	// Each summary counts the contexts of the functions it evaluates afresh (see eval).
	e.summarizing, e.contexts = fn, map[*types.Func]int{}
	defer func() { e.summarizing = nil }()
	blank, probe := e.blankArgs(fn), e.probeArgs(fn)
	if e.slotSteps >= slotBudget {
		for i := paramCount(fn); i < len(blank); i++ {
			blank[i], probe[i] = 0, 0
		}
	}
	e.summaryStart = e.steps
	s := e.summarizeWith(fn, blank, probe)
	e.slotSteps += e.steps - e.summaryStart
	replaces := e.replacedSlots(fn)
	if s == nil {
		for _, r := range replaces {
			if r {
				s = new(Summary)
				break
			}
		}
	}
	if s == nil {
		return nil
	}
	for j, r := range replaces {
		if r {
			s.Replaces = append(s.Replaces, j)
		}
	}
	for _, sl := range e.paramSlots(fn.Type().(*types.Signature)) {
		f := sl.path.outer
		if sl.path.inner != nil {
			f = sl.path.inner
		}
		s.Defaults = append(s.Defaults, e.maskAddr(f, e.r.globals[f]))
	}
	return s
}

// fill gives the slots of a call whose fields are not known the summary's Defaults.
func (s *Summary) fill(fn *types.Func, args []Kind) []Kind {
	n := paramCount(fn)
	var out []Kind
	for i := n; i < len(args); i++ {
		if args[i]&knownFields != 0 {
			continue
		}
		if out == nil {
			out = append([]Kind(nil), args...)
		}
		out[i] = knownFields
		if i-n < len(s.Defaults) {
			out[i] |= s.Defaults[i-n]
		}
	}
	if out == nil {
		return args
	}
	return out
}

func paramCount(fn *types.Func) int {
	return fn.Type().(*types.Signature).Params().Len()
}

func (e *engine) summarizeWith(fn *types.Func, blank, probe []Kind) *Summary {
	n := len(blank)
	zero := e.eval(fn, blank)
	zeroGains := e.gains(zero)
	s := &Summary{Results: append([]Kind(nil), zero.results...)}
	empty := true
	for _, k := range s.Results {
		empty = empty && k&^knownFields == 0
	}
	if !allZero(zeroGains) {
		s.Gains, empty = zeroGains, false
	}
	if !allZero(probe) {
		full := e.eval(fn, orArgs(blank, probe))
		// The negative kinds (update:users, a literal host that is not Auth0, ...) are data
		// too: a helper that passes its settings on passes on their update:users. They are
		// probed apart, as each takes findings and results away rather than adding them.
		negatives := make([]Kind, n)
		for i := range n {
			if probe[i] != 0 {
				negatives[i] = negativeKind
			}
		}
		changes := func(fr *Frame) bool {
			return differ(fr.results, zero.results) || differ(e.gains(fr), zeroGains)
		}
		// A setter's gains are what it adds to its receiver's fields, so they show only when
		// the receiver's fields are not probed themselves.
		paramsOnly := append([]Kind(nil), probe...)
		for i := paramCount(fn); i < n; i++ {
			paramsOnly[i] = 0
		}
		if changes(full) || changes(e.eval(fn, orArgs(blank, paramsOnly))) {
			// The arguments that change anything, found a group at a time (most change
			// nothing). Parameters and slots are grouped apart: a setter's gain shows only
			// when the field it sets is not probed too.
			var params, slots []int
			for i := range n {
				switch {
				case probe[i] == 0:
				case i < paramCount(fn):
					params = append(params, i)
				default:
					slots = append(slots, i)
				}
			}
			changed := func(group []int) bool {
				a := append([]Kind(nil), blank...)
				for _, i := range group {
					a[i] |= probe[i]
				}
				return changes(e.eval(fn, a))
			}
			for _, i := range append(find(params, changed), find(slots, changed)...) {
				// An argument that carries something may carry the negative kinds too
				// (settings passed on with their update:users).
				for _, bits := range []Kind{probe[i], negatives[i]} {
					if bits == negatives[i] && !changes(e.eval(fn, with(blank, i, bits))) {
						continue
					}
					if c, ok := e.passCarry(fn, blank, zero, zeroGains, i, bits); ok {
						s.Carries = append(s.Carries, c)
						continue
					}
					// The negative kinds that take anything away from what the argument
					// carries; each kind's carry is checked against those only.
					full := e.eval(fn, with(blank, i, bits))
					cand := preventing(func(nb Kind) bool {
						fr2 := e.eval(fn, with(blank, i, bits|nb))
						return lost(fr2.results, full.results) || lost(e.gains(fr2), e.gains(full))
					})
					eachBit(bits, func(b Kind) {
						if c, ok := e.carry(fn, blank, zero, zeroGains, i, b, cand); ok {
							s.Carries = append(s.Carries, c)
						}
					})
				}
			}
		}
		// In source order: the evaluations a requirement makes count toward the bounds on
		// contexts (see eval), so their order must not depend on a map's.
		keys := slices.SortedFunc(maps.Keys(full.hits), func(a, b hitKey) int {
			return cmp.Or(cmp.Compare(a.pos, b.pos), cmp.Compare(a.check, b.check), cmp.Compare(a.id, b.id))
		})
		for _, key := range keys {
			h := full.hits[key]
			if _, intrinsic := zero.hits[key]; intrinsic {
				continue
			}
			for _, reqs := range e.requirements(fn, blank, probe, key) {
				s.Hits = append(s.Hits, SummaryHit{Requires: reqs, Check: h.Check, ID: h.ID, What: h.What, Suspected: h.Suspected, Via: h.Via})
			}
		}
	}
	if empty && len(s.Carries) == 0 && len(s.Hits) == 0 {
		return nil
	}
	return s
}

// carry is what argument i of kind b adds to the results and gains of fn, and which of the
// negative kinds (update:users, a literal host that is not Auth0, ...) given with it take
// that away again.
func (e *engine) carry(fn *types.Func, blank []Kind, zero *Frame, zeroGains []Kind, i int, b, cand Kind) (Carry, bool) {
	fr := e.eval(fn, with(blank, i, b))
	gains := e.gains(fr)
	if !differ(fr.results, zero.results) && !differ(gains, zeroGains) {
		return Carry{}, false
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
	lostTo := func(neg Kind) bool {
		fr2 := e.eval(fn, with(blank, i, b|neg))
		return lost(fr2.results, fr.results) || lost(e.gains(fr2), gains)
	}
	eachBit(cand&^b, func(nb Kind) {
		if lostTo(nb) {
			c.Unless |= nb
		}
	})
	return c, true
}

// preventing returns the negative kinds nb for which prevents(nb) holds. The methods are
// tried one by one (a POST and a GET together read as a POST); the others are tried
// together first, as when all of them at once prevent nothing, none does alone.
func preventing(prevents func(Kind) bool) Kind {
	var out Kind
	eachBit(methodKinds, func(b Kind) {
		if prevents(b) {
			out |= b
		}
	})
	if rest := negativeKind &^ methodKinds; prevents(rest) {
		eachBit(rest, func(b Kind) {
			if prevents(b) {
				out |= b
			}
		})
	}
	return out
}

// passCarry recognizes an argument that fn passes on as it is (a getter returning a field, a
// constructor storing its parameter): every kind of bits given to argument i shows, as
// itself, in the same results and gains, and nothing else does. One carry then stands for
// every kind, instead of one per kind.
func (e *engine) passCarry(fn *types.Func, blank []Kind, zero *Frame, zeroGains []Kind, i int, bits Kind) (Carry, bool) {
	pass := func(k Kind) (res, gains []Kind, ok bool) {
		fr := e.eval(fn, with(blank, i, k))
		res, gains = diffKinds(fr.results, zero.results), diffKinds(e.gains(fr), zeroGains)
		for _, d := range append(append([]Kind(nil), res...), gains...) {
			if d != 0 && d != k {
				return nil, nil, false
			}
		}
		return res, gains, true
	}
	res, gains, ok := pass(bits)
	if !ok {
		return Carry{}, false
	}
	one := bits & -bits
	if one == bits {
		return Carry{}, false // a single kind: carry handles it
	}
	res1, gains1, ok := pass(one)
	if !ok || !samePlaces(res, res1) || !samePlaces(gains, gains1) {
		return Carry{}, false
	}
	c := Carry{Param: i, In: bits, Pass: true, Results: res}
	if !allZero(gains) {
		c.Gains = gains
	}
	return c, true
}

func diffKinds(a, b []Kind) []Kind {
	out := make([]Kind, len(a))
	for i := range a {
		out[i] = a[i]
		if i < len(b) {
			out[i] &^= b[i]
		}
	}
	return out
}

// samePlaces reports whether a and b are nonzero at the same indexes.
func samePlaces(a, b []Kind) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if (a[i] == 0) != (b[i] == 0) {
			return false
		}
	}
	return true
}

// lost reports whether a lacks a kind b has.
func lost(a, b []Kind) bool {
	for i := range b {
		if i < len(a) && b[i]&^a[i] != 0 {
			return true
		}
	}
	return false
}

func orArgs(a, b []Kind) []Kind {
	out := append([]Kind(nil), a...)
	for i := range out {
		if i < len(b) {
			out[i] |= b[i]
		}
	}
	return out
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
func (e *engine) requirements(fn *types.Func, blank, probe []Kind, key hitKey) [][]ParamReq {
	has := func(args []Kind) bool {
		_, ok := e.eval(fn, args).hits[key]
		return ok
	}
	n := len(probe)
	full := orArgs(blank, probe)
	var probed []int
	for i := range n {
		if probe[i] != 0 {
			probed = append(probed, i)
		}
	}
	// The parameters it needs: dropping one loses it.
	needed := find(probed, func(group []int) bool {
		a := append([]Kind(nil), full...)
		for _, i := range group {
			a[i] = blank[i]
		}
		return !has(a)
	})
	isNeeded := make([]bool, n)
	for _, i := range needed {
		isNeeded[i] = true
	}
	if len(needed) == 0 {
		var out [][]ParamReq
		for i := range n {
			if probe[i] == 0 {
				continue
			}
			if a := with(blank, i, probe[i]); has(a) {
				out = append(out, []ParamReq{e.paramReq(has, blank, a, i)})
			}
		}
		return out
	}
	base := append([]Kind(nil), blank...)
	for _, i := range needed {
		base[i] |= probe[i]
	}
	if !has(base) {
		return nil
	}
	var reqs []ParamReq
	for _, i := range needed {
		reqs = append(reqs, e.paramReq(has, blank, base, i))
	}
	// The parameters not needed may still prevent it: a GET method, a literal host that is
	// not Auth0.
	var others []int
	for _, i := range probed {
		if !isNeeded[i] {
			others = append(others, i)
		}
	}
	none := make([]Kind, n)
	prevents := func(group []int, b Kind) bool {
		a := append([]Kind(nil), base...)
		for _, i := range group {
			a[i] = blank[i] | b
		}
		return !has(a)
	}
	eachBit(methodKinds, func(b Kind) {
		for _, i := range find(others, func(g []int) bool { return prevents(g, b) }) {
			none[i] |= b
		}
	})
	rest := negativeKind &^ methodKinds
	for _, i := range find(others, func(g []int) bool { return prevents(g, rest) }) {
		eachBit(rest, func(b Kind) {
			if prevents([]int{i}, b) {
				none[i] |= b
			}
		})
	}
	for _, i := range others {
		if none[i] != 0 {
			reqs = append(reqs, ParamReq{Param: i, NoneOf: none[i]})
		}
	}
	return [][]ParamReq{reqs}
}

// findBits returns the kinds of k for which test holds alone, as find does.
func findBits(k Kind, test func(Kind) bool) Kind {
	if k == 0 || !test(k) {
		return 0
	}
	if k&(k-1) == 0 {
		return k
	}
	lo := lowHalf(k)
	return findBits(lo, test) | findBits(k&^lo, test)
}

// lowHalf returns the lower half of the kinds of k.
func lowHalf(k Kind) Kind {
	var lo Kind
	for half := bits.OnesCount64(uint64(k)) / 2; half > 0; half-- {
		lo |= (k &^ lo) & -(k &^ lo)
	}
	return lo
}

// find returns the members of idx for which test holds alone, testing halves first: test
// holds for a group that has such a member (adding to what a probe drops, or to the negative
// kinds it gives, never brings a finding back), so a group for which it fails is left whole.
func find(idx []int, test func(group []int) bool) []int {
	if len(idx) == 0 || !test(idx) {
		return nil
	}
	if len(idx) == 1 {
		return idx
	}
	mid := len(idx) / 2
	return append(find(idx[:mid], test), find(idx[mid:], test)...)
}

func (e *engine) paramReq(has func([]Kind) bool, blank, base []Kind, i int) ParamReq {
	with := func(k Kind) []Kind {
		a := append([]Kind(nil), base...)
		a[i] = blank[i] | k
		return a
	}
	all := base[i] &^ knownFields
	pr := ParamReq{Param: i, AnyOf: findBits(all, func(k Kind) bool { return has(with(k)) })}
	if pr.AnyOf == 0 {
		// No kind alone: the kinds it needs together, dropping what it can do without (a
		// group at a time, then halves of it).
		pr.AllOf = all
		var drop func(g Kind)
		drop = func(g Kind) {
			if g == 0 {
				return
			}
			if has(with(pr.AllOf &^ g)) {
				pr.AllOf &^= g
				return
			}
			if g&(g-1) == 0 {
				return
			}
			lo := lowHalf(g)
			drop(lo)
			drop(g &^ lo)
		}
		drop(all)
	}
	pr.NoneOf = preventing(func(b Kind) bool { return !has(with(all | b)) })
	return pr
}

// overBudget reports whether the summaries of the package have spent slotBudget: from then
// on no frame knows the fields of its values (as before fields were followed).
func (e *engine) overBudget() bool {
	return e.summarizing != nil && e.slotSteps+e.steps-e.summaryStart >= slotBudget
}
