// Package tenantconn connects the CLI to a tenant's Management API with client credentials:
// one set of flags (--tenant, --client-id, --client-secret-file, --insecure-http) and one
// place that reads the secret, so every command handles credentials the same careful way.
//
// The secret is read from AUTH0_CLIENT_SECRET or from a file, never from a flag value (flag
// values show up in shell history and in ps output). go-auth0's debug transport, which logs
// request and response bodies, is never enabled.
package tenantconn

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"

	"github.com/auth0/go-auth0/management"
	"github.com/spf13/pflag"
)

// Flags holds the connection flags of one command.
type Flags struct {
	Domain           string
	ClientID         string
	ClientSecretFile string
	// InsecureHTTP talks plain http (the tenant simulator on loopback). Hidden.
	InsecureHTTP bool
}

// Register adds the flags to fs.
func (f *Flags) Register(fs *pflag.FlagSet) {
	fs.StringVar(&f.Domain, "tenant", "", "tenant domain, e.g. example.eu.auth0.com")
	fs.StringVar(&f.ClientID, "client-id", "", "M2M client id (default $AUTH0_CLIENT_ID)")
	fs.StringVar(&f.ClientSecretFile, "client-secret-file", "", "file holding the M2M client secret (default $AUTH0_CLIENT_SECRET)")
	fs.BoolVar(&f.InsecureHTTP, "insecure-http", false, "talk plain http to a loopback tenant simulator")
	_ = fs.MarkHidden("insecure-http")
}

// Credentials are the client-credentials pair. The secret is unexported from reports by
// construction: String never shows it.
type Credentials struct {
	ClientID string
	secret   string
}

// Secret returns the client secret; callers must not print it.
func (c Credentials) Secret() string { return c.secret }

// String names the client without the secret.
func (c Credentials) String() string { return "client " + c.ClientID }

// Resolve reads the credentials from flags and environment. It fails with a message that says
// which flag or variable to set, never echoing a secret.
func (f *Flags) Resolve() (Credentials, error) {
	if f.Domain == "" {
		return Credentials{}, errors.New("--tenant is required (the tenant domain, e.g. example.eu.auth0.com)")
	}
	if strings.Contains(f.Domain, "/") {
		return Credentials{}, fmt.Errorf("--tenant %q: give the domain only, without scheme or path", f.Domain)
	}
	id := f.ClientID
	if id == "" {
		id = os.Getenv("AUTH0_CLIENT_ID")
	}
	if id == "" {
		return Credentials{}, errors.New("no client id: set --client-id or AUTH0_CLIENT_ID")
	}
	secret := os.Getenv("AUTH0_CLIENT_SECRET")
	if f.ClientSecretFile != "" {
		b, err := os.ReadFile(f.ClientSecretFile)
		if err != nil {
			return Credentials{}, fmt.Errorf("--client-secret-file: %w", err)
		}
		secret = strings.TrimSpace(string(b))
		if secret == "" {
			return Credentials{}, fmt.Errorf("--client-secret-file %s: file is empty", f.ClientSecretFile)
		}
	}
	if secret == "" {
		return Credentials{}, errors.New("no client secret: set AUTH0_CLIENT_SECRET or --client-secret-file")
	}
	return Credentials{ClientID: id, secret: secret}, nil
}

// Connect builds a Management API client authenticated with client credentials. extra options
// (management.WithClient for a rate-limit transport, management.WithNoRetries for calls that
// must never be repeated blindly) are applied after the scheme and before the credentials.
func (f *Flags) Connect(ctx context.Context, extra ...management.Option) (*management.Management, Credentials, error) {
	if f.InsecureHTTP && f.Domain != "" && !IsLoopback(f.Domain) {
		return nil, Credentials{}, fmt.Errorf("--insecure-http is only allowed for a loopback tenant simulator, not %q", f.Domain)
	}
	creds, err := f.Resolve()
	if err != nil {
		return nil, creds, err
	}
	var opts []management.Option
	// WithInsecure must come first: it installs a placeholder static token that a later
	// credentials option replaces.
	if f.InsecureHTTP {
		opts = append(opts, management.WithInsecure())
	}
	opts = append(opts, extra...)
	opts = append(opts, management.WithClientCredentials(ctx, creds.ClientID, creds.secret))
	api, err := management.New(f.Domain, opts...)
	if err != nil {
		return nil, creds, fmt.Errorf("connect to %s: %w", f.Domain, err)
	}
	return api, creds, nil
}

// IsLoopback accepts localhost and loopback IP literals, with or without a port. A name that
// merely starts with "127." is not an address.
func IsLoopback(domain string) bool {
	host := domain
	if h, _, err := net.SplitHostPort(domain); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
