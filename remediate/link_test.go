package remediate

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/auth0/go-auth0/management"

	"github.com/auth0-migrate/auth0audit/auth0sim"
)

func TestLinkServerSideAndUnlink(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	ctx := context.Background()
	out, err := env.eng.Link(ctx, "link:1", LinkRequest{PrimaryID: auth0sim.UserPrimary, SecondaryUserID: auth0sim.UserSecondary})
	if err != nil {
		t.Fatal(err)
	}
	if out.Result != "done" {
		t.Fatalf("result %q", out.Result)
	}
	u, _ := env.srv.User(auth0sim.UserPrimary)
	if !hasIdentityIn(u, "google-oauth2", "secondary") {
		t.Fatalf("secondary not linked: %+v", u.Identities)
	}
	// A second run of the same step does nothing.
	if out, err := env.eng.Link(ctx, "link:1", LinkRequest{PrimaryID: auth0sim.UserPrimary, SecondaryUserID: auth0sim.UserSecondary}); err != nil || !out.Resumed {
		t.Fatalf("rerun: %+v %v", out, err)
	}
	if n := env.srv.Applied("link"); n != 1 {
		t.Fatalf("Applied(link) = %d, want 1", n)
	}

	// Unlink with the full secondary id: the tool strips "provider|" for the path.
	if _, err := env.eng.Unlink(ctx, "unlink:1", UnlinkRequest{PrimaryID: auth0sim.UserPrimary, SecondaryUserID: auth0sim.UserSecondary}); err != nil {
		t.Fatal(err)
	}
	u, _ = env.srv.User(auth0sim.UserPrimary)
	if hasIdentityIn(u, "google-oauth2", "secondary") {
		t.Fatal("still linked after unlink")
	}
	if _, ok := env.srv.User(auth0sim.UserSecondary); !ok {
		t.Fatal("unlink did not restore the secondary user")
	}
}

func TestLinkClientSideWithLinkWith(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	at := must(t)(env.srv.MintUserAccessToken(auth0sim.UserPrimary, auth0sim.ClientSPA, "update:current_user_identities"))
	lw := must(t)(env.srv.MintIDToken(auth0sim.IDTokenSpec{Sub: auth0sim.UserSecondary, Aud: auth0sim.ClientSPA}))
	out, err := env.eng.Link(context.Background(), "link:cs", LinkRequest{PrimaryID: auth0sim.UserPrimary, Bearer: at, LinkWith: lw})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := env.srv.User(auth0sim.UserPrimary)
	if out.Result != "done" || !hasIdentityIn(u, "google-oauth2", "secondary") {
		t.Fatalf("not linked: %+v %+v", out, u.Identities)
	}
	// The user token may unlink from its own account, with the bare id.
	if _, err := env.eng.Unlink(context.Background(), "unlink:cs", UnlinkRequest{PrimaryID: auth0sim.UserPrimary, Bearer: at,
		Provider: "google-oauth2", SecondaryUserID: "secondary"}); err != nil {
		t.Fatal(err)
	}
}

// TestRefusedLocally checks each call the API would reject is refused before sending, with
// the reason, and that the simulator (enforcing today's rules) would indeed have rejected it.
func TestRefusedLocally(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	srv := env.srv
	spaUser := must(t)(srv.MintUserAccessToken(auth0sim.UserPrimary, auth0sim.ClientSPA, "update:current_user_identities"))
	legacyUser := must(t)(srv.MintUserAccessToken(auth0sim.UserPrimary, auth0sim.ClientLegacyHS256, "update:current_user_identities"))
	otherUser := must(t)(srv.MintUserAccessToken(auth0sim.UserOther, auth0sim.ClientSPA, "update:current_user_identities"))
	readOnly := must(t)(srv.MintM2MToken(auth0sim.ClientM2M, "read:users"))
	idTok := must(t)(srv.MintIDToken(auth0sim.IDTokenSpec{Sub: auth0sim.UserPrimary, Aud: auth0sim.ClientSPA}))
	secRS := must(t)(srv.MintIDToken(auth0sim.IDTokenSpec{Sub: auth0sim.UserSecondary, Aud: auth0sim.ClientSPA}))
	secHS := must(t)(srv.MintIDToken(auth0sim.IDTokenSpec{Sub: auth0sim.UserSecondary, Aud: auth0sim.ClientLegacyHS256, Alg: "HS256"}))
	secWeb := must(t)(srv.MintIDToken(auth0sim.IDTokenSpec{Sub: auth0sim.UserSecondary, Aud: auth0sim.ClientWeb}))
	secExpired := must(t)(srv.MintIDToken(auth0sim.IDTokenSpec{Sub: auth0sim.UserSecondary, Aud: auth0sim.ClientSPA, ExpiresIn: -time.Minute}))
	secForeign := must(t)(srv.MintIDToken(auth0sim.IDTokenSpec{Sub: auth0sim.UserSecondary, Aud: auth0sim.ClientSPA, ForeignKey: true}))
	secIss := must(t)(srv.MintIDToken(auth0sim.IDTokenSpec{Sub: auth0sim.UserSecondary, Aud: auth0sim.ClientSPA, Issuer: "https://evil.example/"}))

	cases := []struct {
		name string
		req  LinkRequest
		want string
	}{
		{"ID token as bearer", LinkRequest{PrimaryID: auth0sim.UserPrimary, Bearer: idTok, SecondaryUserID: auth0sim.UserSecondary}, "refusing to send an ID token as the bearer"},
		{"ID token as bearer with link_with", LinkRequest{PrimaryID: auth0sim.UserPrimary, Bearer: idTok, LinkWith: secRS}, "refusing to send an ID token"},
		{"HS256 link_with", LinkRequest{PrimaryID: auth0sim.UserPrimary, Bearer: legacyUser, LinkWith: secHS}, "signed HS256"},
		{"aud != azp", LinkRequest{PrimaryID: auth0sim.UserPrimary, Bearer: spaUser, LinkWith: secWeb}, "must equal the access token's azp"},
		{"user token with user_id", LinkRequest{PrimaryID: auth0sim.UserPrimary, Bearer: spaUser, SecondaryUserID: auth0sim.UserSecondary}, "may only link with link_with"},
		{"user token on another user", LinkRequest{PrimaryID: auth0sim.UserPrimary, Bearer: otherUser, LinkWith: secRS}, "its own account"},
		{"expired link_with", LinkRequest{PrimaryID: auth0sim.UserPrimary, Bearer: spaUser, LinkWith: secExpired}, "expired"},
		{"foreign signature", LinkRequest{PrimaryID: auth0sim.UserPrimary, Bearer: spaUser, LinkWith: secForeign}, "signature does not verify"},
		{"foreign issuer", LinkRequest{PrimaryID: auth0sim.UserPrimary, Bearer: spaUser, LinkWith: secIss}, "iss is"},
		{"no linking scope", LinkRequest{PrimaryID: auth0sim.UserPrimary, Bearer: readOnly, SecondaryUserID: auth0sim.UserSecondary}, "neither update:users"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := env.eng.Link(context.Background(), "refused:"+c.name, c.req)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want it to contain %q", err, c.want)
			}
			for _, tok := range []string{c.req.Bearer, c.req.LinkWith} {
				if tok != "" && strings.Contains(err.Error(), tok) {
					t.Fatal("the refusal quotes a token")
				}
			}
			// The simulator would have rejected the same request.
			api, err := management.New(srv.Domain(), management.WithInsecure(), management.WithStaticToken(c.req.Bearer), management.WithNoRetries())
			if err != nil {
				t.Fatal(err)
			}
			body := &management.UserIdentityLink{}
			if c.req.LinkWith != "" {
				body.LinkWith = &c.req.LinkWith
			} else {
				p, _, _ := strings.Cut(c.req.SecondaryUserID, "|")
				body.Provider, body.UserID = &p, &c.req.SecondaryUserID
			}
			_, apiErr := api.User.Link(context.Background(), c.req.PrimaryID, body)
			var me management.Error
			if apiErr == nil || !asMgmt(apiErr, &me) || me.Status() < 400 || me.Status() >= 500 {
				t.Fatalf("the simulator accepted what we refused: %v", apiErr)
			}
			t.Logf("simulator: %v", apiErr)
		})
	}
	if n := srv.Applied("link"); n != 0 {
		t.Fatalf("Applied(link) = %d, want 0", n)
	}
}

func TestUnlinkRefusesIDToken(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	idTok := must(t)(env.srv.MintIDToken(auth0sim.IDTokenSpec{Sub: auth0sim.UserPrimary, Aud: auth0sim.ClientSPA}))
	_, err := env.eng.Unlink(context.Background(), "u", UnlinkRequest{PrimaryID: auth0sim.UserPrimary, Bearer: idTok, SecondaryUserID: auth0sim.UserSecondary})
	if err == nil || !strings.Contains(err.Error(), "ID token") {
		t.Fatalf("err = %v", err)
	}
}

// TestLinkDropAfterApply: the link is applied and the answer lost; the engine reads the user
// back instead of sending the link again.
func TestLinkDropAfterApply(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	env.srv.SetFault("link", auth0sim.Fault{DropAfterApply: true, Times: 1})
	out, err := env.eng.Link(context.Background(), "link:drop", LinkRequest{PrimaryID: auth0sim.UserPrimary, SecondaryUserID: auth0sim.UserSecondary})
	if err != nil {
		t.Fatal(err)
	}
	if !out.Recovered || out.Result != "done" || env.srv.Applied("link") != 1 {
		t.Fatalf("%+v, Applied(link)=%d", out, env.srv.Applied("link"))
	}
}

// TestLinkWithResumeAfterCrash: a client-side link (link_with) was sent and applied, then the
// process died before journaling the outcome. The resumed run must decide the open intent by
// reading the user back, not send the link again (the tenant would answer 404 for the now
// merged secondary and the journal would record an applied link as failed).
func TestLinkWithResumeAfterCrash(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	ctx := context.Background()
	at := must(t)(env.srv.MintUserAccessToken(auth0sim.UserPrimary, auth0sim.ClientSPA, "update:current_user_identities"))
	lw := must(t)(env.srv.MintIDToken(auth0sim.IDTokenSpec{Sub: auth0sim.UserSecondary, Aud: auth0sim.ClientSPA}))
	req := LinkRequest{PrimaryID: auth0sim.UserPrimary, Bearer: at, LinkWith: lw}
	// The first run: intent journaled, link applied, then the crash.
	if err := env.eng.journalIntent("link:lw", "link"); err != nil {
		t.Fatal(err)
	}
	call, body, err := env.eng.CheckLink(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := call.api.User.Link(ctx, req.PrimaryID, body); err != nil {
		t.Fatal(err)
	}
	env.openJournal(t, "")
	out, err := env.eng.Link(ctx, "link:lw", req)
	if err != nil {
		t.Fatalf("resume: %v", err)
	}
	if out.Result != "done" || !out.Recovered {
		t.Fatalf("outcome %+v, want done and recovered", out)
	}
	if n := env.srv.Applied("link"); n != 1 {
		t.Fatalf("Applied(link) = %d, want 1", n)
	}
	for _, l := range env.srv.Logs() {
		if strings.Contains(string(l), `"fapi"`) && strings.Contains(string(l), "identities") {
			t.Fatalf("the link was sent again: %s", l)
		}
	}
}

// TestLinkBareSecondaryDropAfterApply: a server-side link naming the secondary by bare id and
// provider; its answer is lost. The read-back must look for provider|id.
func TestLinkBareSecondaryDropAfterApply(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	env.srv.SetFault("link", auth0sim.Fault{DropAfterApply: true, Times: 1})
	out, err := env.eng.Link(context.Background(), "link:bare", LinkRequest{PrimaryID: auth0sim.UserPrimary,
		Provider: "google-oauth2", SecondaryUserID: "secondary"})
	if err != nil {
		t.Fatal(err)
	}
	if !out.Recovered || out.Result != "done" || env.srv.Applied("link") != 1 {
		t.Fatalf("%+v, Applied(link)=%d", out, env.srv.Applied("link"))
	}
}

// TestUnlinkCustomOAuth2Identity: planned unlinks carry the provider and the bare id, and a
// custom OAuth2 connection's bare id contains "|" ("my-conn|123" under provider "oauth2"). It
// must be sent as is, not refused as a provider mismatch.
func TestUnlinkCustomOAuth2Identity(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	ctx := context.Background()
	if err := env.srv.AddUser(auth0sim.User{UserID: "oauth2|my-conn|123"}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.eng.Link(ctx, "link:c", LinkRequest{PrimaryID: auth0sim.UserPrimary, SecondaryUserID: "oauth2|my-conn|123"}); err != nil {
		t.Fatal(err)
	}
	p, err := BuildPlan(nil, PlanOptions{Unlinks: [][2]string{{auth0sim.UserPrimary, "oauth2|my-conn|123"}}})
	if err != nil {
		t.Fatal(err)
	}
	env.openJournal(t, p.Digest())
	rep, err := env.eng.Apply(ctx, p)
	if err != nil || rep.NeedsAttention != 0 {
		t.Fatalf("apply: %+v %v", rep, err)
	}
	if u, _ := env.srv.User(auth0sim.UserPrimary); hasIdentityIn(u, "oauth2", "my-conn|123") {
		t.Fatal("still linked")
	}
}
