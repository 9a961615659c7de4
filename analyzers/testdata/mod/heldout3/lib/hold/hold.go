// Package hold is a library of token holders whose methods call the Management API. Nothing
// here is affected on its own: the callers in app/idt decide what the holders carry.
package hold

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

func identities(domain, primary string) string {
	return "https://" + domain + "/api/v2/users/" + url.PathEscape(primary) + "/identities"
}

func post(ctx context.Context, target, bearer, body string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+bearer)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Client holds a bearer for the Management API.
type Client struct {
	Domain string
	Token  string
}

// New returns a client without a token.
func New(domain string) *Client { return &Client{Domain: domain} }

// NewWith returns a client with a token.
func NewWith(domain, tok string) *Client { return &Client{Domain: domain, Token: tok} }

// SetToken is a pointer setter.
func (c *Client) SetToken(t string) { c.Token = t }

// SetTokenValue is a (buggy) value-receiver setter: the caller's value does not change.
func (c Client) SetTokenValue(t string) { c.Token = t; _ = c }

// WithToken returns a copy holding t.
func (c Client) WithToken(t string) Client {
	c.Token = t
	return c
}

// Link links the secondary account (link_with) to primary.
func (c *Client) Link(ctx context.Context, primary, secondaryIDToken string) error {
	return post(ctx, identities(c.Domain, primary), c.Token, `{"link_with":"`+secondaryIDToken+`"}`)
}

// Unlink removes a secondary identity.
func (c *Client) Unlink(ctx context.Context, primary, provider, userID string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, fmt.Sprintf("https://%s/api/v2/users/%s/identities/%s/%s", c.Domain, primary, provider, userID), nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Profile reads /userinfo (not a link).
func (c *Client) Profile(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "https://"+c.Domain+"/userinfo", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Linker is what the app's handlers depend on.
type Linker interface {
	Link(ctx context.Context, primary, secondaryIDToken string) error
}

// AsLinker returns the client as a Linker.
func AsLinker(c *Client) Linker { return c }

// Option configures a client (functional options).
type Option func(*Client)

// WithBearer sets the token.
func WithBearer(t string) Option { return func(c *Client) { c.Token = t } }

// NewOpts builds a client from options.
func NewOpts(domain string, opts ...Option) *Client {
	c := &Client{Domain: domain}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Builder builds a client, each step returning a copy.
type Builder struct {
	domain string
	token  string
}

// NewBuilder starts a builder.
func NewBuilder() Builder { return Builder{} }

// Domain sets the tenant.
func (b Builder) Domain(d string) Builder { b.domain = d; return b }

// Token sets the bearer.
func (b Builder) Token(t string) Builder { b.token = t; return b }

// Build makes the client.
func (b Builder) Build() *Client { return &Client{Domain: b.domain, Token: b.token} }

// Wrap returns a client through two helper levels.
func Wrap(domain, tok string) *Client { return wrap2(domain, tok) }

func wrap2(domain, tok string) *Client {
	c := NewWith(domain, tok)
	return c
}

// Holder is a generic token holder.
type Holder[T any] struct {
	Domain string
	Token  string
	Meta   T
}

// Link links with the held token.
func (h *Holder[T]) Link(ctx context.Context, primary, secondaryIDToken string) error {
	return post(ctx, identities(h.Domain, primary), h.Token, `{"link_with":"`+secondaryIDToken+`"}`)
}

// Inner, Mid and Outer nest the token two levels deep.
type Inner struct{ Token string }

type Mid struct{ In Inner }

type Outer struct {
	Domain string
	M      Mid
}

// Link sends o.M.In.Token.
func (o *Outer) Link(ctx context.Context, primary, secondaryIDToken string) error {
	return post(ctx, identities(o.Domain, primary), o.M.In.Token, `{"link_with":"`+secondaryIDToken+`"}`)
}

// Wide has more than 12 fields; the token is the 14th.
type Wide struct {
	A, B, C, D, E, F, G, H, I, J, K, L string
	Domain                             string
	Token                              string
}

// Link links with the wide struct's token.
func (w *Wide) Link(ctx context.Context, primary, secondaryIDToken string) error {
	return post(ctx, identities(w.Domain, primary), w.Token, `{"link_with":"`+secondaryIDToken+`"}`)
}

// Profile reads /userinfo with the wide struct's token (not a link).
func (w *Wide) Profile(ctx context.Context) error {
	c := Client{Domain: w.Domain, Token: w.Token}
	return c.Profile(ctx)
}

// Pair holds two clients, one for the user (ID token) and one for the API.
type Pair struct {
	User *Client
	API  *Client
}

// LinkAPI links with the API client.
func (p Pair) LinkAPI(ctx context.Context, primary, secondaryIDToken string) error {
	return p.API.Link(ctx, primary, secondaryIDToken)
}
