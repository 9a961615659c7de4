// Package holder keeps tokens and settings in structs whose methods call the Management API
// (cases for values that carry their fields across packages): nothing here is affected on its
// own; the callers in holderapp decide what the structs hold.
package holder

import (
	"context"
	"net/http"
	"strings"

	"github.com/go-resty/resty/v2"
)

// Linker links identities with the bearer it is given through SetBearer.
type Linker struct {
	Domain string
	bearer string
	client *resty.Client
}

// New returns a linker without a bearer.
func New(domain string) *Linker { return &Linker{Domain: domain, client: resty.New()} }

// SetBearer stores the bearer (a setter: the caller's value holds it afterwards).
func (l *Linker) SetBearer(tok string) { l.bearer = tok }

// WithBearer returns a copy with the bearer (a value receiver and a value result).
func (l Linker) WithBearer(tok string) Linker {
	l.bearer = tok
	return l
}

// Link posts the secondary identity with the stored bearer.
func (l *Linker) Link(ctx context.Context, primary string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://"+l.Domain+"/api/v2/users/"+primary+"/identities", strings.NewReader(`{"link_with":"x"}`))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+l.bearer)
	_, err = http.DefaultClient.Do(req)
	return err
}

// Unlink removes an identity with the stored bearer, through resty.
func (l *Linker) Unlink(ctx context.Context, primary, provider, secondary string) error {
	_, err := l.client.R().SetContext(ctx).SetAuthToken(l.bearer).
		Delete("https://" + l.Domain + "/api/v2/users/" + primary + "/identities/" + provider + "/" + secondary)
	return err
}

// Fill stores the bearer in a linker it is given (a pointer parameter).
func Fill(l *Linker, tok string) { l.bearer = tok }

// Pool keeps one linker per tenant (a holder of holders).
type Pool struct {
	Main *Linker
}
