// Package idt uses hold's holders from another package. Each affected case is followed by
// its compliant twin.
package idt

import (
	"context"
	"encoding/json"
	"os"

	"golang.org/x/oauth2"

	"example.com/auth0vettest/heldout3/lib/ext"
	"example.com/auth0vettest/heldout3/lib/hold"
	"example.com/auth0vettest/heldout3/lib/lhold"
)

var tenant = os.Getenv("AUTH0_DOMAIN")

func idTok(tok *oauth2.Token) string {
	s, _ := tok.Extra("id_token").(string)
	return s
}

// A1. Aliasing: the token written through a pointer to the local value.
func AliasWrite(ctx context.Context, tok *oauth2.Token) error {
	c := hold.Client{Domain: tenant}
	p := &c
	p.Token = idTok(tok)
	return c.Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func AliasWriteAccess(ctx context.Context, tok *oauth2.Token) error {
	c := hold.Client{Domain: tenant}
	p := &c
	p.Token = tok.AccessToken
	return c.Link(ctx, "auth0|1", "sec")
}

// A2. Aliasing the other way: the value written, the pointer used.
func AliasRead(ctx context.Context, tok *oauth2.Token) error {
	c := hold.Client{Domain: tenant}
	p := &c
	c.Token = idTok(tok)
	return p.Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func AliasReadAccess(ctx context.Context, tok *oauth2.Token) error {
	c := hold.Client{Domain: tenant}
	p := &c
	c.Token = tok.AccessToken
	return p.Link(ctx, "auth0|1", "sec")
}

// A3. Two pointers to one client: the setter called on the copy of the pointer.
func PointerCopy(ctx context.Context, tok *oauth2.Token) error {
	a := hold.New(tenant)
	b := a
	b.SetToken(idTok(tok))
	return a.Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func PointerCopyAccess(ctx context.Context, tok *oauth2.Token) error {
	a := hold.New(tenant)
	b := a
	b.SetToken(tok.AccessToken)
	return a.Link(ctx, "auth0|1", "sec")
}

// A4. A pointer setter stores the ID token; its twin calls a value-receiver setter, which
// changes a copy only (the client keeps the access token).
func PointerSetter(ctx context.Context, tok *oauth2.Token) error {
	c := hold.NewWith(tenant, tok.AccessToken)
	c.SetToken(idTok(tok))
	return c.Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func ValueSetter(ctx context.Context, tok *oauth2.Token) error {
	c := hold.NewWith(tenant, tok.AccessToken)
	c.SetTokenValue(idTok(tok))
	return c.Link(ctx, "auth0|1", "sec")
}

// A5. A copy with the ID token kept; its twin discards the copy.
func CopyKept(ctx context.Context, tok *oauth2.Token) error {
	c := hold.Client{Domain: tenant, Token: tok.AccessToken}
	c = c.WithToken(idTok(tok))
	return c.Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func CopyDiscarded(ctx context.Context, tok *oauth2.Token) error {
	c := hold.Client{Domain: tenant, Token: tok.AccessToken}
	_ = c.WithToken(idTok(tok))
	return c.Link(ctx, "auth0|1", "sec")
}

// A6. A copy taken after the token is changed; its twin copies before the change.
func CopyAfter(ctx context.Context, tok *oauth2.Token) error {
	a := hold.Client{Domain: tenant, Token: tok.AccessToken}
	a.Token = idTok(tok)
	b := a
	return b.Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func CopyBefore(ctx context.Context, tok *oauth2.Token) error {
	a := hold.Client{Domain: tenant, Token: tok.AccessToken}
	b := a
	a.Token = idTok(tok)
	if err := a.Profile(ctx); err != nil {
		return err
	}
	return b.Link(ctx, "auth0|1", "sec")
}

// A7. The token overwritten: the ID token last; its twin overwrites the ID token with the
// access token.
func OverwriteWithID(ctx context.Context, tok *oauth2.Token) error {
	c := hold.Client{Domain: tenant, Token: tok.AccessToken}
	c.Token = idTok(tok)
	return c.Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func OverwriteWithAccess(ctx context.Context, tok *oauth2.Token) error {
	c := hold.Client{Domain: tenant, Token: idTok(tok)}
	c.Token = tok.AccessToken
	return c.Link(ctx, "auth0|1", "sec")
}

// A8. A method of the library that replaces the token with the access token (twin), or
// with the login's ID token.
func LibraryLogin(ctx context.Context, tok *oauth2.Token) error {
	c := lhold.NewWith(tenant, tok.AccessToken)
	c.Login(tok)
	return c.Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func LibraryUseAccess(ctx context.Context, tok *oauth2.Token) error {
	c := lhold.NewWith(tenant, idTok(tok))
	c.UseAccess(tok)
	return c.Link(ctx, "auth0|1", "sec")
}

// A9. Reassigned in a branch.
func Branch(ctx context.Context, tok *oauth2.Token, legacy bool) error {
	c := hold.NewWith(tenant, tok.AccessToken)
	if legacy {
		c = hold.NewWith(tenant, idTok(tok))
	}
	return c.Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func BranchAccess(ctx context.Context, tok *oauth2.Token, legacy bool) error {
	c := hold.NewWith(tenant, tok.AccessToken)
	if legacy {
		c = hold.NewWith(tenant, tok.AccessToken)
	}
	return c.Link(ctx, "auth0|1", "sec")
}

// A10. Reassigned in a loop.
func Loop(ctx context.Context, tok *oauth2.Token) error {
	var c *hold.Client
	for _, t := range []string{tok.AccessToken, idTok(tok)} {
		c = hold.NewWith(tenant, t)
	}
	return c.Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func LoopAccess(ctx context.Context, tok *oauth2.Token) error {
	var c *hold.Client
	for _, t := range []string{tok.AccessToken} {
		c = hold.NewWith(tenant, t)
	}
	return c.Link(ctx, "auth0|1", "sec")
}

// A11. A client kept in a map.
func InMap(ctx context.Context, tok *oauth2.Token) error {
	m := map[string]*hold.Client{"main": hold.NewWith(tenant, idTok(tok))}
	return m["main"].Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func InMapAccess(ctx context.Context, tok *oauth2.Token) error {
	m := map[string]*hold.Client{"main": hold.NewWith(tenant, tok.AccessToken)}
	return m["main"].Link(ctx, "auth0|1", "sec")
}

// A12. A client value kept in a slice.
func InSlice(ctx context.Context, tok *oauth2.Token) error {
	cs := []hold.Client{{Domain: tenant, Token: idTok(tok)}}
	return cs[0].Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func InSliceAccess(ctx context.Context, tok *oauth2.Token) error {
	cs := []hold.Client{{Domain: tenant, Token: tok.AccessToken}}
	return cs[0].Link(ctx, "auth0|1", "sec")
}

// A13. A client sent over a channel.
func OverChannel(ctx context.Context, tok *oauth2.Token) error {
	ch := make(chan *hold.Client, 1)
	ch <- hold.NewWith(tenant, idTok(tok))
	c := <-ch
	return c.Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func OverChannelAccess(ctx context.Context, tok *oauth2.Token) error {
	ch := make(chan *hold.Client, 1)
	ch <- hold.NewWith(tenant, tok.AccessToken)
	c := <-ch
	return c.Link(ctx, "auth0|1", "sec")
}

// A14. Functional options.
func Options(ctx context.Context, tok *oauth2.Token) error {
	c := hold.NewOpts(tenant, hold.WithBearer(idTok(tok)))
	return c.Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func OptionsAccess(ctx context.Context, tok *oauth2.Token) error {
	c := hold.NewOpts(tenant, hold.WithBearer(tok.AccessToken))
	return c.Link(ctx, "auth0|1", "sec")
}

// A15. A builder chain of copies.
func BuilderChain(ctx context.Context, tok *oauth2.Token) error {
	c := hold.NewBuilder().Domain(tenant).Token(idTok(tok)).Build()
	return c.Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func BuilderChainAccess(ctx context.Context, tok *oauth2.Token) error {
	c := hold.NewBuilder().Domain(tenant).Token(tok.AccessToken).Build()
	return c.Link(ctx, "auth0|1", "sec")
}

// A16. An interface-typed holder.
func AsInterface(ctx context.Context, tok *oauth2.Token) error {
	var l hold.Linker = hold.NewWith(tenant, idTok(tok))
	return l.Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func AsInterfaceAccess(ctx context.Context, tok *oauth2.Token) error {
	var l hold.Linker = hold.NewWith(tenant, tok.AccessToken)
	return l.Link(ctx, "auth0|1", "sec")
}

// A17. The interface returned by the library.
func AsLinker(ctx context.Context, tok *oauth2.Token) error {
	l := hold.AsLinker(hold.NewWith(tenant, idTok(tok)))
	return l.Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func AsLinkerAccess(ctx context.Context, tok *oauth2.Token) error {
	l := hold.AsLinker(hold.NewWith(tenant, tok.AccessToken))
	return l.Link(ctx, "auth0|1", "sec")
}

// A18. A generic holder.
func Generic(ctx context.Context, tok *oauth2.Token) error {
	h := &hold.Holder[int]{Domain: tenant, Token: idTok(tok)}
	return h.Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func GenericAccess(ctx context.Context, tok *oauth2.Token) error {
	h := &hold.Holder[int]{Domain: tenant, Token: tok.AccessToken}
	return h.Link(ctx, "auth0|1", "sec")
}

// A19. Two levels of nesting (README limit: one level).
func Nested2(ctx context.Context, tok *oauth2.Token) error {
	o := hold.Outer{Domain: tenant, M: hold.Mid{In: hold.Inner{Token: idTok(tok)}}}
	return o.Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func Nested2Access(ctx context.Context, tok *oauth2.Token) error {
	o := hold.Outer{Domain: tenant, M: hold.Mid{In: hold.Inner{Token: tok.AccessToken}}}
	return o.Link(ctx, "auth0|1", "sec")
}

// A20. Passed through any.
func ThroughAny(ctx context.Context, tok *oauth2.Token) error {
	var x any = hold.Client{Domain: tenant, Token: idTok(tok)}
	c := x.(hold.Client)
	return c.Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func ThroughAnyAccess(ctx context.Context, tok *oauth2.Token) error {
	var x any = hold.Client{Domain: tenant, Token: tok.AccessToken}
	c := x.(hold.Client)
	return c.Link(ctx, "auth0|1", "sec")
}

// A21. A closure capturing the client.
func Closure(ctx context.Context, tok *oauth2.Token) error {
	c := hold.NewWith(tenant, idTok(tok))
	link := func() error {
		return c.Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
	}
	return link()
}

func ClosureAccess(ctx context.Context, tok *oauth2.Token) error {
	c := hold.NewWith(tenant, tok.AccessToken)
	link := func() error {
		return c.Link(ctx, "auth0|1", "sec")
	}
	return link()
}

// A22. A closure writing the captured client.
func ClosureSets(ctx context.Context, tok *oauth2.Token) error {
	c := hold.Client{Domain: tenant}
	set := func() { c.Token = idTok(tok) }
	set()
	return c.Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func ClosureSetsAccess(ctx context.Context, tok *oauth2.Token) error {
	c := hold.Client{Domain: tenant}
	set := func() { c.Token = tok.AccessToken }
	set()
	return c.Link(ctx, "auth0|1", "sec")
}

// A23. A method value of a local holder.
func MethodValue(ctx context.Context, tok *oauth2.Token) error {
	c := hold.NewWith(tenant, idTok(tok))
	link := c.Link
	return link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func MethodValueAccess(ctx context.Context, tok *oauth2.Token) error {
	c := hold.NewWith(tenant, tok.AccessToken)
	link := c.Link
	return link(ctx, "auth0|1", "sec")
}

// A24. A method expression.
func MethodExpr(ctx context.Context, tok *oauth2.Token) error {
	c := hold.NewWith(tenant, idTok(tok))
	return (*hold.Client).Link(c, ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func MethodExprAccess(ctx context.Context, tok *oauth2.Token) error {
	c := hold.NewWith(tenant, tok.AccessToken)
	return (*hold.Client).Link(c, ctx, "auth0|1", "sec")
}

// A25. Returned through two helper levels of the library.
func TwoLevels(ctx context.Context, tok *oauth2.Token) error {
	return hold.Wrap(tenant, idTok(tok)).Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func TwoLevelsAccess(ctx context.Context, tok *oauth2.Token) error {
	return hold.Wrap(tenant, tok.AccessToken).Link(ctx, "auth0|1", "sec")
}

// A26. Returned through two helper levels of this package.
func mk(t string) *hold.Client  { return mk2(t) }
func mk2(t string) *hold.Client { return hold.NewWith(tenant, t) }

func LocalTwoLevels(ctx context.Context, tok *oauth2.Token) error {
	return mk(idTok(tok)).Unlink(ctx, "auth0|1", "github", "9") // want `unlink-idtoken-bearer`
}

func LocalTwoLevelsAccess(ctx context.Context, tok *oauth2.Token) error {
	return mk(tok.AccessToken).Unlink(ctx, "auth0|1", "github", "9")
}

// A27. A field written by a function of a third package, read by hold's method.
func ThirdPackage(ctx context.Context, tok *oauth2.Token) error {
	c := hold.New(tenant)
	ext.Authorize(c, tok)
	return c.Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func ThirdPackageAccess(ctx context.Context, tok *oauth2.Token) error {
	c := hold.New(tenant)
	ext.AuthorizeAccess(c, tok)
	return c.Link(ctx, "auth0|1", "sec")
}

// A28. A session of a third package holding hold's client by value; the token written by
// one method and sent by another.
func NestedSession(tok *oauth2.Token) error {
	s := &ext.Session{C: hold.Client{Domain: tenant}}
	s.Start(idTok(tok))
	return s.LinkNow("auth0|1", "sec") // want `link-idtoken-bearer`
}

func NestedSessionAccess(tok *oauth2.Token) error {
	s := &ext.Session{C: hold.Client{Domain: tenant}}
	s.Start(tok.AccessToken)
	return s.LinkNow("auth0|1", "sec")
}

// handler embeds hold's client by value; ptrHandler by pointer.
type handler struct {
	hold.Client
	name string
}

type ptrHandler struct {
	*hold.Client
}

// A29. A promoted pointer setter on the embedded value, then a promoted method.
func EmbeddedSetter(ctx context.Context, tok *oauth2.Token) error {
	h := handler{Client: hold.Client{Domain: tenant}, name: "link"}
	h.SetToken(idTok(tok))
	return h.Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func EmbeddedSetterAccess(ctx context.Context, tok *oauth2.Token) error {
	h := handler{Client: hold.Client{Domain: tenant}, name: "link"}
	h.SetToken(tok.AccessToken)
	return h.Link(ctx, "auth0|1", "sec")
}

// A30. An embedded pointer.
func EmbeddedPointer(ctx context.Context, tok *oauth2.Token) error {
	h := ptrHandler{hold.NewWith(tenant, idTok(tok))}
	return h.Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func EmbeddedPointerAccess(ctx context.Context, tok *oauth2.Token) error {
	h := ptrHandler{hold.NewWith(tenant, tok.AccessToken)}
	return h.Link(ctx, "auth0|1", "sec")
}

// A31. A struct with more than 12 fields, token in the 14th (README limit).
func Wide(ctx context.Context, tok *oauth2.Token) error {
	w := &hold.Wide{Domain: tenant, Token: idTok(tok)}
	return w.Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func WideAccess(ctx context.Context, tok *oauth2.Token) error {
	w := &hold.Wide{Domain: tenant, Token: tok.AccessToken}
	return w.Link(ctx, "auth0|1", "sec")
}

// A32. Decoy: two wide structs, the ID-token one only reads the profile.
func WideTwo(ctx context.Context, tok *oauth2.Token) error {
	u := &hold.Wide{Domain: tenant, Token: idTok(tok)}
	if err := u.Profile(ctx); err != nil {
		return err
	}
	a := &hold.Wide{Domain: tenant, Token: tok.AccessToken}
	return a.Link(ctx, "auth0|1", "sec")
}

// A33. A pair holding both tokens in two clients; the API client links.
func Pair(ctx context.Context, tok *oauth2.Token) error {
	p := hold.Pair{User: hold.NewWith(tenant, tok.AccessToken), API: hold.NewWith(tenant, idTok(tok))}
	return p.LinkAPI(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func PairAccess(ctx context.Context, tok *oauth2.Token) error {
	p := hold.Pair{User: hold.NewWith(tenant, idTok(tok)), API: hold.NewWith(tenant, tok.AccessToken)}
	return p.LinkAPI(ctx, "auth0|1", "sec")
}

// A34. Decoded from JSON: unknown, no finding (the package stores ID tokens in Clients
// elsewhere).
func Decoded(ctx context.Context, data []byte) error {
	var c hold.Client
	if err := json.Unmarshal(data, &c); err != nil {
		return err
	}
	return c.Link(ctx, "auth0|1", "sec")
}

// A35. A package variable given the ID token by one handler and linked by another.
var shared = hold.Client{Domain: tenant}

func Login(tok *oauth2.Token) { shared.Token = idTok(tok) }

func LinkShared(ctx context.Context) error {
	return shared.Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

var sharedAPI = hold.Client{Domain: tenant}

func LoginAPI(tok *oauth2.Token) { sharedAPI.Token = tok.AccessToken }

func LinkSharedAPI(ctx context.Context) error {
	return sharedAPI.Link(ctx, "auth0|1", "sec")
}

// A36. A package variable given the ID token by a setter called at login.
var sharedSet = hold.New(tenant)

func LoginSet(tok *oauth2.Token) { sharedSet.SetToken(idTok(tok)) }

func LinkSharedSet(ctx context.Context) error {
	return sharedSet.Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

var sharedSetAPI = hold.New(tenant)

func LoginSetAPI(tok *oauth2.Token) { sharedSetAPI.SetToken(tok.AccessToken) }

func LinkSharedSetAPI(ctx context.Context) error {
	return sharedSetAPI.Link(ctx, "auth0|1", "sec")
}

// A37. A pointer variable declared without a value, assigned afterwards.
func VarThenAssign(ctx context.Context, tok *oauth2.Token) error {
	var c *hold.Client
	c = hold.NewWith(tenant, idTok(tok))
	return c.Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func VarThenAssignAccess(ctx context.Context, tok *oauth2.Token) error {
	var c *hold.Client
	c = hold.NewWith(tenant, tok.AccessToken)
	return c.Link(ctx, "auth0|1", "sec")
}

// A38. The same, assigned in both branches of an if.
func IfElse(ctx context.Context, tok *oauth2.Token, legacy bool) error {
	var c *hold.Client
	if legacy {
		c = hold.NewWith(tenant, idTok(tok))
	} else {
		c = hold.NewWith(tenant, tok.AccessToken)
	}
	return c.Link(ctx, "auth0|1", "sec") // want `link-idtoken-bearer`
}

func IfElseAccess(ctx context.Context, tok *oauth2.Token, legacy bool) error {
	var c *hold.Client
	if legacy {
		c = hold.NewWith(tenant, tok.AccessToken)
	} else {
		c = hold.NewWith(tenant, tok.AccessToken)
	}
	return c.Link(ctx, "auth0|1", "sec")
}
