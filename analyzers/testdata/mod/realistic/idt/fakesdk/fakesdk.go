// Package fakesdk is an app's own Management wrapper that reuses the SDK's function names.
package fakesdk

type Option func(*Client)

type Client struct{ token string }

// WithStaticToken is a lookalike: it is not go-auth0's.
func WithStaticToken(tok string) Option { return func(c *Client) { c.token = tok } }

func New(domain string, opts ...Option) (*Client, error) { return &Client{}, nil }

// Link is the wrapper's own call to the app's backend.
func (c *Client) Link(id string) error { return nil }
