package auth0sim_test

import (
	"context"
	"testing"

	"github.com/auth0/go-auth0/management"

	"github.com/auth0-migrate/auth0audit/auth0sim"
)

// BenchmarkStart measures starting a tenant (dominated by the 2048-bit RSA key generation).
func BenchmarkStart(b *testing.B) {
	for b.Loop() {
		srv, err := auth0sim.Start(auth0sim.Config{})
		if err != nil {
			b.Fatal(err)
		}
		_ = srv.Close()
	}
}

// BenchmarkLinkUnlink measures one link plus one unlink through go-auth0 v1 over loopback.
func BenchmarkLinkUnlink(b *testing.B) {
	srv := auth0sim.StartTest(b, auth0sim.Config{})
	tok, err := srv.MintM2MToken(auth0sim.ClientM2M, "update:users")
	if err != nil {
		b.Fatal(err)
	}
	m, err := management.New(srv.Domain(), management.WithInsecure(), management.WithStaticToken(tok))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for b.Loop() {
		if _, err := m.User.Link(ctx, auth0sim.UserPrimary, linkBody("google-oauth2", "secondary")); err != nil {
			b.Fatal(err)
		}
		if _, err := m.User.Unlink(ctx, auth0sim.UserPrimary, "google-oauth2", "secondary"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLogsCheckpointWalk measures fetching 2,000 events with go-auth0 Log.List in
// checkpoint mode, 100 at a time (20 requests per iteration).
func BenchmarkLogsCheckpointWalk(b *testing.B) {
	srv := auth0sim.StartTest(b, auth0sim.Config{})
	admin, _ := srv.MintM2MToken(auth0sim.ClientM2M)
	m, err := management.New(srv.Domain(), management.WithInsecure(), management.WithStaticToken(admin))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for range 1000 {
		if _, err := m.User.Link(ctx, auth0sim.UserPrimary, linkBody("google-oauth2", "secondary")); err != nil {
			b.Fatal(err)
		}
		if _, err := m.User.Unlink(ctx, auth0sim.UserPrimary, "google-oauth2", "secondary"); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		n, from := 0, "0"
		for {
			batch, err := m.Log.List(ctx, management.From(from), management.Take(100))
			if err != nil {
				b.Fatal(err)
			}
			if len(batch) == 0 {
				break
			}
			n += len(batch)
			from = batch[len(batch)-1].GetID()
		}
		if n != 2000 {
			b.Fatalf("walked %d events, want 2000", n)
		}
	}
}
