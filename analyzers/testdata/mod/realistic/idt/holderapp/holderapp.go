// Package holderapp uses holder's structs from another package: setters, copies, pointer
// parameters, method values and holders of holders. Each affected function has a compliant
// twin that stores the access token instead.
package holderapp

import (
	"context"
	"os"

	"golang.org/x/oauth2"

	"example.com/auth0vettest/realistic/idt/holder"
)

var tenant = os.Getenv("AUTH0_DOMAIN")

func idToken(tok *oauth2.Token) string {
	s, _ := tok.Extra("id_token").(string)
	return s
}

// A setter of another package.
func Setter(ctx context.Context, tok *oauth2.Token) error {
	l := holder.New(tenant)
	l.SetBearer(idToken(tok))
	return l.Link(ctx, "auth0|1") // want `link-idtoken-bearer`
}

func SetterAccess(ctx context.Context, tok *oauth2.Token) error {
	l := holder.New(tenant)
	l.SetBearer(tok.AccessToken)
	return l.Link(ctx, "auth0|1")
}

// A copy with the bearer, by value.
func Copy(ctx context.Context, tok *oauth2.Token) error {
	l := holder.New(tenant).WithBearer(idToken(tok))
	return l.Unlink(ctx, "auth0|1", "github", "99") // want `unlink-idtoken-bearer`
}

func CopyAccess(ctx context.Context, tok *oauth2.Token) error {
	l := holder.New(tenant).WithBearer(tok.AccessToken)
	return l.Unlink(ctx, "auth0|1", "github", "99")
}

// A pointer parameter filled by another package's helper.
func Filled(ctx context.Context, tok *oauth2.Token) error {
	var l holder.Linker
	l.Domain = tenant
	holder.Fill(&l, idToken(tok))
	return l.Link(ctx, "auth0|1") // want `link-idtoken-bearer`
}

func FilledAccess(ctx context.Context, tok *oauth2.Token) error {
	var l holder.Linker
	l.Domain = tenant
	holder.Fill(&l, tok.AccessToken)
	return l.Link(ctx, "auth0|1")
}

// A holder of holders, and a method value.
func Pooled(ctx context.Context, tok *oauth2.Token) error {
	p := holder.Pool{Main: &holder.Linker{Domain: tenant}}
	p.Main.SetBearer(idToken(tok))
	link := p.Main.Link
	return link(ctx, "auth0|1") // want `link-idtoken-bearer`
}

func PooledAccess(ctx context.Context, tok *oauth2.Token) error {
	p := holder.Pool{Main: &holder.Linker{Domain: tenant}}
	p.Main.SetBearer(tok.AccessToken)
	link := p.Main.Link
	return link(ctx, "auth0|1")
}

// Two linkers in one function: only the one holding the ID token is affected.
func Both(ctx context.Context, tok *oauth2.Token) error {
	web := holder.New(tenant)
	web.SetBearer(idToken(tok))
	api := holder.New(tenant)
	api.SetBearer(tok.AccessToken)
	if err := api.Link(ctx, "auth0|1"); err != nil {
		return err
	}
	return web.Unlink(ctx, "auth0|1", "github", "99") // want `unlink-idtoken-bearer`
}

// Linkers kept in a slice, ranged over.
func Ranged(ctx context.Context, tok *oauth2.Token) error {
	ls := []*holder.Linker{holder.New(tenant)}
	for _, l := range ls {
		l.SetBearer(tok.AccessToken)
		if err := l.Link(ctx, "auth0|1"); err != nil {
			return err
		}
	}
	return nil
}
