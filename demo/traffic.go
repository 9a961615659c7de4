// Package demo drives a simulated tenant (started from auth0sim.MidMigrationSeed) through the
// calls a typical tenant makes around the account-linking and secret-rotation changes, with
// the real go-auth0 client, so the demo's live logs hold every kind of event the audit
// classifies: an ID token used as a bearer, a user-scoped link by user_id, a compliant
// link_with, server-side links and unlinks, and a secret rotation followed by an app that
// still sends the old secret.
package demo

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/auth0/go-auth0"
	"github.com/auth0/go-auth0/management"

	"github.com/auth0-migrate/auth0audit/auth0sim"
)

// Step is one call of the scenario and what the simulator answered.
type Step struct {
	Who    string
	What   string
	Status string
}

// Traffic runs the scenario against srv and returns what happened. A call the rules reject
// is part of the scenario, not an error; an error is returned only when the scenario could not
// run (the simulator is unreachable, a token could not be minted).
func Traffic(ctx context.Context, srv *auth0sim.Server) ([]Step, error) {
	var steps []Step
	record := func(who, what string, err error) error {
		st := "ok"
		if err != nil {
			var me management.Error
			if !errors.As(err, &me) {
				return fmt.Errorf("%s: %s: %w", who, what, err)
			}
			st = fmt.Sprintf("rejected %d", me.Status())
		}
		steps = append(steps, Step{Who: who, What: what, Status: st})
		return nil
	}

	primaryID, err := srv.MintIDToken(auth0sim.IDTokenSpec{Sub: auth0sim.UserPrimary, Aud: auth0sim.ClientLegacyHS256, Alg: "HS256"})
	if err != nil {
		return nil, err
	}
	legacy, err := client(srv, primaryID)
	if err != nil {
		return nil, err
	}
	// The legacy portal still links and unlinks with the user's own ID token as the bearer:
	// the flag is on, so it works today and breaks the day the flag goes.
	err = record("Legacy Portal", "link github|4242 with the primary's ID token as bearer",
		ignore(legacy.User.Link(ctx, auth0sim.UserPrimary, &management.UserIdentityLink{
			Provider: auth0.String("github"), UserID: auth0.String("4242")})))
	if err != nil {
		return nil, err
	}
	err = record("Legacy Portal", "unlink github|4242 with the primary's ID token as bearer",
		ignore(legacy.User.Unlink(ctx, auth0sim.UserPrimary, "github", "4242")))
	if err != nil {
		return nil, err
	}

	userTok, err := srv.MintUserAccessToken(auth0sim.UserPrimary, auth0sim.ClientSPA, "openid", "update:current_user_identities")
	if err != nil {
		return nil, err
	}
	spa, err := client(srv, userTok)
	if err != nil {
		return nil, err
	}
	// The storefront links with a user-scoped token and the secondary's user_id: rejected.
	err = record("Storefront SPA", "link google-oauth2|secondary by user_id with a user-scoped token",
		ignore(spa.User.Link(ctx, auth0sim.UserPrimary, &management.UserIdentityLink{
			Provider: auth0.String("google-oauth2"), UserID: auth0.String("secondary")})))
	if err != nil {
		return nil, err
	}
	// ...and the compliant way: the secondary's RS256 ID token as link_with, aud == azp.
	secondaryID, err := srv.MintIDToken(auth0sim.IDTokenSpec{Sub: auth0sim.UserSecondary, Aud: auth0sim.ClientSPA})
	if err != nil {
		return nil, err
	}
	err = record("Storefront SPA", "link google-oauth2|secondary with link_with",
		ignore(spa.User.Link(ctx, auth0sim.UserPrimary, &management.UserIdentityLink{LinkWith: auth0.String(secondaryID)})))
	if err != nil {
		return nil, err
	}

	m2mTok, err := srv.MintM2MToken(auth0sim.ClientM2M)
	if err != nil {
		return nil, err
	}
	m2m, err := client(srv, m2mTok)
	if err != nil {
		return nil, err
	}
	err = record("Audit M2M", "unlink google-oauth2|secondary with an update:users token",
		ignore(m2m.User.Unlink(ctx, auth0sim.UserPrimary, "google-oauth2", "secondary")))
	if err != nil {
		return nil, err
	}
	err = record("Audit M2M", "link google-oauth2|secondary by user_id with an update:users token",
		ignore(m2m.User.Link(ctx, auth0sim.UserPrimary, &management.UserIdentityLink{
			Provider: auth0.String("google-oauth2"), UserID: auth0.String("secondary")})))
	if err != nil {
		return nil, err
	}

	// The billing app's secret is rotated, but one of its instances keeps the old one.
	oldSecret := srv.ClientSecret(auth0sim.ClientWeb)
	_, rotErr := m2m.Client.RotateSecret(ctx, auth0sim.ClientWeb)
	if err := record("Audit M2M", "rotate the Billing Web secret", rotErr); err != nil {
		return nil, err
	}
	if err := record("Billing Web", "client-credentials exchange with the old secret", clientCredentials(ctx, srv, auth0sim.ClientWeb, oldSecret)); err != nil {
		return nil, err
	}
	return steps, nil
}

func ignore[T any](_ T, err error) error { return err }

// client builds a go-auth0 client for the simulator with a fixed bearer token. WithInsecure
// comes first because it installs a placeholder token that WithStaticToken replaces; retries
// are off so every call appears once in the logs.
func client(srv *auth0sim.Server, token string) (*management.Management, error) {
	return management.New(srv.Domain(), management.WithInsecure(), management.WithStaticToken(token), management.WithNoRetries())
}

// tokenError is a failed /oauth/token exchange, shaped like management.Error so the scenario
// records it as a rejection.
type tokenError struct{ status int }

func (e tokenError) Error() string { return fmt.Sprintf("oauth/token answered %d", e.status) }
func (e tokenError) Status() int   { return e.status }

func clientCredentials(ctx context.Context, srv *auth0sim.Server, clientID, secret string) error {
	form := url.Values{
		"grant_type": {"client_credentials"}, "client_id": {clientID}, "client_secret": {secret},
		"audience": {"https://" + srv.Domain() + "/api/v2/"},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL()+"/oauth/token", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode >= 400 {
		return tokenError{resp.StatusCode}
	}
	return nil
}
