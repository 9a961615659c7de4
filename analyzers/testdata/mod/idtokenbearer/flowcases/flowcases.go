// Package flowcases holds control-flow shapes where an ID token reaches a Management client on
// some path, and a few where it never does: reading locals flow-sensitively must not lose the
// first kind.
package flowcases

import (
	"context"
	"iter"
	"net/http"
	"strings"

	"github.com/auth0/go-auth0/authentication/oauth"
	"github.com/auth0/go-auth0/management"
)

const domain = "example.eu.auth0.com"

var l = &management.UserIdentityLink{}

// OpAssign: tok += x keeps what tok held.
func OpAssign(ctx context.Context, ts *oauth.TokenSet) {
	tok := ts.IDToken
	tok += ""
	m, _ := management.New(domain, management.WithStaticToken(tok))
	m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
}

// OpAssignHeader: the header value built with += still carries the ID token.
func OpAssignHeader(ts *oauth.TokenSet, userID string) {
	h := "Bearer " + ts.IDToken
	h += " "
	req, _ := http.NewRequest("POST", "https://"+domain+"/api/v2/users/"+userID+"/identities", strings.NewReader(`{"provider":"github","user_id":"42"}`))
	req.Header.Set("Authorization", h) // want `link-idtoken-bearer`
	http.DefaultClient.Do(req)
}

// GroupedVar: a later spec of the same var ( ... ) group reads an earlier one.
func GroupedVar(ctx context.Context, ts *oauth.TokenSet) {
	var (
		id  = ts.IDToken
		tok = id
	)
	m, _ := management.New(domain, management.WithStaticToken(tok))
	m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
}

// GroupedVarClient: the client itself declared in the group.
func GroupedVarClient(ctx context.Context, ts *oauth.TokenSet) {
	var (
		tok  = ts.IDToken
		m, _ = management.New(domain, management.WithStaticToken(tok))
	)
	m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
}

// Swap: b ends up with the ID token.
func Swap(ctx context.Context, ts *oauth.TokenSet) {
	a := ts.IDToken
	b := ts.AccessToken
	a, b = b, a
	m, _ := management.New(domain, management.WithStaticToken(b))
	m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
	n, _ := management.New(domain, management.WithStaticToken(a))
	n.User.Link(ctx, "auth0|1", l)
}

// Fallthrough: case 1 falls into case 2 with the ID token.
func Fallthrough(ctx context.Context, ts *oauth.TokenSet, mode int) {
	tok := ts.AccessToken
	switch mode {
	case 1:
		tok = ts.IDToken
		fallthrough
	case 2:
		m, _ := management.New(domain, management.WithStaticToken(tok))
		m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
	}
}

// LabeledContinue: the ID token set before continue outer reaches the next iteration.
func LabeledContinue(ctx context.Context, ts *oauth.TokenSet, users []string) {
	tok := ts.AccessToken
outer:
	for _, u := range users {
		for i := 0; i < 2; i++ {
			m, _ := management.New(domain, management.WithStaticToken(tok))
			m.User.Link(ctx, u, l) // want `link-idtoken-bearer`
			tok = ts.IDToken
			continue outer
		}
	}
}

// LabeledBreak: the loop may be left before the access token replaces the ID token.
func LabeledBreak(ctx context.Context, ts *oauth.TokenSet, c bool) {
	tok := ts.IDToken
L:
	for {
		if c {
			break L
		}
		tok = ts.AccessToken
		break
	}
	m, _ := management.New(domain, management.WithStaticToken(tok))
	m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
}

// ForPost: the post statement runs before the second iteration's use.
func ForPost(ctx context.Context, ts *oauth.TokenSet, n int) {
	tok := ts.AccessToken
	for i := 0; i < n; i, tok = i+1, ts.IDToken {
		m, _ := management.New(domain, management.WithStaticToken(tok))
		m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
	}
}

// UseInPost: the client is built in the post statement, after the body set the ID token.
func UseInPost(ctx context.Context, ts *oauth.TokenSet, n int) {
	tok := ts.AccessToken
	var m *management.Management
	for i := 0; i < n; m, _ = management.New(domain, management.WithStaticToken(tok)) {
		tok = ts.IDToken
		i++
	}
	m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
}

// ForInitThenBody: the init gives an access token, the body the ID token for the next turn.
func ForInitThenBody(ctx context.Context, ts *oauth.TokenSet, n int) {
	for tok, i := ts.AccessToken, 0; i < n; i++ {
		m, _ := management.New(domain, management.WithStaticToken(tok))
		m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
		tok = ts.IDToken
	}
}

func linkIn(ctx context.Context, tok string) bool {
	m, _ := management.New(domain, management.WithStaticToken(tok))
	_, err := m.User.Link(ctx, "auth0|1", l)
	return err == nil
}

// UseInCond: the condition reads the token the body set.
func UseInCond(ctx context.Context, ts *oauth.TokenSet) {
	tok := ts.AccessToken
	for linkIn(ctx, tok) { // want `link-idtoken-bearer.*via helper linkIn`
		tok = ts.IDToken
	}
}

// Select: one case hands over the ID token.
func Select(ctx context.Context, ts *oauth.TokenSet, ch chan int) {
	tok := ts.AccessToken
	select {
	case <-ch:
		tok = ts.IDToken
	default:
	}
	m, _ := management.New(domain, management.WithStaticToken(tok))
	m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
}

// TypeSwitch: one type case picks the ID token.
func TypeSwitch(ctx context.Context, ts *oauth.TokenSet, x any) {
	tok := ts.AccessToken
	switch v := x.(type) {
	case string:
		tok = ts.IDToken
	case int:
		_ = v
	}
	m, _ := management.New(domain, management.WithStaticToken(tok))
	m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
}

// ElseIfInit: the else-if's init sets the ID token; its body replaces it only when d holds.
func ElseIfInit(ctx context.Context, ts *oauth.TokenSet, c, d bool) {
	tok := ts.AccessToken
	if a := 1; c && a > 0 {
		tok = ts.AccessToken
	} else if tok = ts.IDToken; d {
		tok = ts.AccessToken
	}
	m, _ := management.New(domain, management.WithStaticToken(tok))
	m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
}

// IfInitAfter: the if's init runs on every path, its body does not.
func IfInitAfter(ctx context.Context, ts *oauth.TokenSet, c bool) {
	tok := ts.AccessToken
	if tok = ts.IDToken; c {
		tok = ts.AccessToken
	}
	m, _ := management.New(domain, management.WithStaticToken(tok))
	m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
}

// SwitchInit: the init sets the ID token, one case replaces it.
func SwitchInit(ctx context.Context, ts *oauth.TokenSet, mode int) {
	tok := ts.AccessToken
	switch tok = ts.IDToken; mode {
	case 1:
		tok = ts.AccessToken
	}
	m, _ := management.New(domain, management.WithStaticToken(tok))
	m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
}

// NestedBlock: an assignment inside { } runs on every path.
func NestedBlock(ctx context.Context, ts *oauth.TokenSet) {
	tok := ts.AccessToken
	{
		tok = ts.IDToken
	}
	m, _ := management.New(domain, management.WithStaticToken(tok))
	m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
}

// DeferredClosure: the deferred closure reads the token when the function returns.
func DeferredClosure(ctx context.Context, ts *oauth.TokenSet) {
	tok := ts.AccessToken
	defer func() {
		m, _ := management.New(domain, management.WithStaticToken(tok))
		m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
	}()
	tok = ts.IDToken
}

// GoClosure: a goroutine sets the ID token.
func GoClosure(ctx context.Context, ts *oauth.TokenSet) {
	tok := ts.AccessToken
	done := make(chan struct{})
	go func() {
		tok = ts.IDToken
		close(done)
	}()
	<-done
	m, _ := management.New(domain, management.WithStaticToken(tok))
	m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
}

// ClosureInLoop: a closure created in a loop sets the ID token.
func ClosureInLoop(ctx context.Context, ts *oauth.TokenSet, users []string) {
	tok := ts.AccessToken
	for range users {
		f := func() { tok = ts.IDToken }
		f()
	}
	tok = strings.TrimSpace(tok)
	m, _ := management.New(domain, management.WithStaticToken(tok))
	m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
}

// ClosureCalledLater: the closure reads the token after it was replaced by the ID token.
func ClosureCalledLater(ctx context.Context, ts *oauth.TokenSet) {
	tok := ts.AccessToken
	f := func() {
		m, _ := management.New(domain, management.WithStaticToken(tok))
		m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
	}
	tok = ts.IDToken
	f()
}

// IIFE: an immediately called closure sets the ID token.
func IIFE(ctx context.Context, ts *oauth.TokenSet) {
	tok := ts.AccessToken
	func() { tok = ts.IDToken }()
	m, _ := management.New(domain, management.WithStaticToken(tok))
	m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
}

func apply(f func()) string { f(); return "" }

// FuncLitInRHS: the closure in the right-hand side sets the ID token after the assignment's
// own value is recorded.
func FuncLitInRHS(ctx context.Context, ts *oauth.TokenSet) {
	var tok string
	tok = ts.AccessToken + apply(func() { tok = ts.IDToken })
	m, _ := management.New(domain, management.WithStaticToken(tok))
	m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
}

// FuncLitInRHSLocal: the same inside a closure that declares the variable.
func FuncLitInRHSLocal(ctx context.Context, ts *oauth.TokenSet) {
	func() {
		var tok string
		tok = ts.AccessToken + apply(func() { tok = ts.IDToken })
		m, _ := management.New(domain, management.WithStaticToken(tok))
		m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
	}()
}

// LoopInClosure: a loop-carried ID token inside a closure that declares the variable.
func LoopInClosure(ctx context.Context, ts *oauth.TokenSet, users []string) {
	func() {
		tok := ts.AccessToken
		for _, u := range users {
			m, _ := management.New(domain, management.WithStaticToken(tok))
			m.User.Link(ctx, u, l) // want `link-idtoken-bearer`
			tok = ts.IDToken
		}
	}()
}

// NestedLoops: the outer loop carries the ID token into the inner loop.
func NestedLoops(ctx context.Context, ts *oauth.TokenSet, users []string) {
	tok := ts.AccessToken
	for range users {
		for _, u := range users {
			m, _ := management.New(domain, management.WithStaticToken(tok))
			m.User.Link(ctx, u, l) // want `link-idtoken-bearer`
		}
		tok = ts.IDToken
	}
}

// NestedLoopsInnerHide: the inner loop's hiding assignment only runs when it iterates.
func NestedLoopsInnerHide(ctx context.Context, ts *oauth.TokenSet, users []string) {
	tok := ts.AccessToken
	for range users {
		for range users {
			tok = ts.AccessToken
		}
		m, _ := management.New(domain, management.WithStaticToken(tok))
		m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
		tok = ts.IDToken
	}
}

// RangeFunc: a range-over-func body is a loop too.
func RangeFunc(ctx context.Context, ts *oauth.TokenSet, seq iter.Seq[string]) {
	tok := ts.AccessToken
	for u := range seq {
		m, _ := management.New(domain, management.WithStaticToken(tok))
		m.User.Link(ctx, u, l) // want `link-idtoken-bearer`
		tok = ts.IDToken
	}
}

// SelfUse: tok = f(tok) keeps the ID token.
func SelfUse(ctx context.Context, ts *oauth.TokenSet) {
	tok := ts.IDToken
	tok = strings.TrimSpace(tok)
	m, _ := management.New(domain, management.WithStaticToken(tok))
	m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
}

// SelfUseInLoop: the second iteration's right-hand side reads the first's ID token.
func SelfUseInLoop(ctx context.Context, ts *oauth.TokenSet, users []string) {
	tok := ts.AccessToken
	for range users {
		tok = strings.TrimSpace(tok)
		m, _ := management.New(domain, management.WithStaticToken(tok))
		m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
		tok = ts.IDToken
	}
}

// Goto: a backward goto carries the ID token to the earlier use.
func Goto(ctx context.Context, ts *oauth.TokenSet) {
	tok := ts.AccessToken
	i := 0
L:
	m, _ := management.New(domain, management.WithStaticToken(tok))
	m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
	tok = ts.IDToken
	i++
	if i < 2 {
		goto L
	}
}

func named(ts *oauth.TokenSet, c bool) (tok string) {
	tok = ts.IDToken
	if c {
		return
	}
	tok = ts.AccessToken
	return
}

// NamedResult: a bare return hands back the ID token on one path.
func NamedResult(ctx context.Context, ts *oauth.TokenSet, c bool) {
	tok := named(ts, c)
	m, _ := management.New(domain, management.WithStaticToken(tok))
	m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
}

// Shadowed: the inner declaration does not replace the outer ID token.
func Shadowed(ctx context.Context, ts *oauth.TokenSet, c bool) {
	tok := ts.IDToken
	if c {
		tok := ts.AccessToken
		_ = tok
	}
	m, _ := management.New(domain, management.WithStaticToken(tok))
	m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
}

// ShadowedCompliant: the ID token lives only in the inner variable.
func ShadowedCompliant(ctx context.Context, ts *oauth.TokenSet, c bool) {
	tok := ts.AccessToken
	if c {
		tok := ts.IDToken
		_ = tok
	}
	m, _ := management.New(domain, management.WithStaticToken(tok))
	m.User.Link(ctx, "auth0|1", l)
}

// RedeclaredByDefine: := with a new err reassigns tok.
func RedeclaredByDefine(ctx context.Context, ts *oauth.TokenSet, c bool) {
	tok, err := ts.AccessToken, error(nil)
	if c {
		tok, err = ts.IDToken, nil
	}
	m, err2 := management.New(domain, management.WithStaticToken(tok))
	_, _ = err, err2
	m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
}

// ClientReassigned: the ID-token client is kept on one path.
func ClientReassigned(ctx context.Context, ts *oauth.TokenSet, c bool) {
	m, _ := management.New(domain, management.WithStaticToken(ts.IDToken))
	if c {
		m, _ = management.New(domain, management.WithStaticToken(ts.AccessToken))
	}
	m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
}

// ReplacedInBlock: replaced on every path inside the block that builds the client.
func ReplacedInBlock(ctx context.Context, ts *oauth.TokenSet) {
	tok := ts.IDToken
	{
		tok = ts.AccessToken
		m, _ := management.New(domain, management.WithStaticToken(tok))
		m.User.Link(ctx, "auth0|1", l)
	}
}

// CondClosure: the loop condition calls a closure that sets the ID token.
func CondClosure(ctx context.Context, ts *oauth.TokenSet) {
	tok := ts.AccessToken
	n := 0
	for func() bool { tok = ts.IDToken; n++; return n < 2 }() {
		tok = ts.AccessToken
	}
	m, _ := management.New(domain, management.WithStaticToken(tok))
	m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
}

// GroupedVarInLoop: the group's later spec reads the earlier one in every iteration.
func GroupedVarInLoop(ctx context.Context, ts *oauth.TokenSet, users []string) {
	for _, u := range users {
		var (
			id, tok = ts.IDToken, ""
			bearer  = strings.TrimSpace(id)
		)
		_ = tok
		m, _ := management.New(domain, management.WithStaticToken(bearer))
		m.User.Link(ctx, u, l) // want `link-idtoken-bearer`
	}
}

// OpAssignBranch: += in one branch of the path that carries the ID token.
func OpAssignBranch(ctx context.Context, ts *oauth.TokenSet, c bool) {
	tok := ts.AccessToken
	if c {
		tok = ts.IDToken
		tok += ""
	}
	m, _ := management.New(domain, management.WithStaticToken(tok))
	m.User.Link(ctx, "auth0|1", l) // want `link-idtoken-bearer`
}
