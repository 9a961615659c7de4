// Package tenantconn connects the CLI to a tenant's Management API: one set of flags
// (--tenant, --client-id, --client-secret-file, --token-file, --insecure-http), one place that
// reads credentials, and one HTTP client with timeouts, bounded retries and an optional
// redacted trace, so every command reaches a tenant the same careful way.
//
// First contact is quick and honest: the token exchange happens once per run, before anything
// else, and is never retried when the tenant refuses the credentials (each refusal is a failed
// exchange in the tenant's logs); an unreachable host (connection refused, unknown name) fails
// within seconds with one line that says so.
//
// Secrets are read from the environment or from files, never from flag values (flag values
// show up in shell history and in ps output). go-auth0's debug transport, which logs request
// and response bodies, is never enabled: --debug uses this package's redacting trace.
package tenantconn

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/auth0-migrate/auth0audit/internal/cliexit"
	"github.com/auth0-migrate/auth0audit/remediate/linkcheck"
)

// The environment variables the official auth0 CLI and Auth0's SDK samples use.
const (
	EnvDomain       = "AUTH0_DOMAIN"
	EnvClientID     = "AUTH0_CLIENT_ID"
	EnvClientSecret = "AUTH0_CLIENT_SECRET"
	EnvAPIToken     = "AUTH0_API_TOKEN"
)

// EnvTenantTimeout raises (or lowers) the answer timeout where a flag is awkward (CI).
const EnvTenantTimeout = "AUTH0AUDIT_TENANT_TIMEOUT"

// Flags holds the connection flags of one command.
type Flags struct {
	Domain           string
	ClientID         string
	ClientSecretFile string
	// TokenFile holds a pre-minted Management API access token, used instead of client
	// credentials.
	TokenFile string
	// InsecureHTTP talks plain http (the tenant simulator on loopback).
	InsecureHTTP bool
	// AnswerTimeout is how long one request waits for the tenant's answers, retries
	// included (--tenant-timeout; 0: $AUTH0AUDIT_TENANT_TIMEOUT, else DefaultAnswerTimeout).
	AnswerTimeout time.Duration
}

// Register adds the flags to fs.
func (f *Flags) Register(fs *pflag.FlagSet) {
	fs.StringVar(&f.Domain, "tenant", "", "tenant domain, e.g. example.eu.auth0.com (default $"+EnvDomain+")")
	fs.StringVar(&f.ClientID, "client-id", "", "M2M client id (default $"+EnvClientID+")")
	fs.StringVar(&f.ClientSecretFile, "client-secret-file", "", "file holding the M2M client secret (default $"+EnvClientSecret+")")
	fs.StringVar(&f.TokenFile, "token-file", "", "file holding a Management API access token, used instead of client credentials (default $"+EnvAPIToken+")")
	fs.BoolVar(&f.InsecureHTTP, "insecure-http", false, "talk plain http to a tenant simulator on loopback (auth0audit sim)")
	fs.DurationVar(&f.AnswerTimeout, "tenant-timeout", 0, "longest wait for the tenant to answer one request, retries included (default "+DefaultAnswerTimeout.String()+", or $"+EnvTenantTimeout+")")
}

// Session returns s with the answer timeout these flags (or $AUTH0AUDIT_TENANT_TIMEOUT) ask
// for; a value that is not a positive duration is a usage error naming where it came from.
func (f *Flags) Session(s Session) (Session, error) {
	switch {
	case f.AnswerTimeout < 0:
		return s, cliexit.Usagef("--tenant-timeout %s: want a positive duration such as 20s or 2m", f.AnswerTimeout)
	case f.AnswerTimeout > 0:
		s.Timeouts.Answer = f.AnswerTimeout
	default:
		v := strings.TrimSpace(os.Getenv(EnvTenantTimeout))
		if v == "" {
			return s, nil
		}
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return s, cliexit.Usagef("$%s=%q: want a positive duration such as 20s or 2m", EnvTenantTimeout, v)
		}
		s.Timeouts.Answer = d
	}
	return s, nil
}

// UseEnvDomain fills an empty --tenant from AUTH0_DOMAIN. Commands call it where a tenant is
// the obvious target (tenant, fix, logs without files), not where a tenant is optional and an
// exported variable would silently add one.
func (f *Flags) UseEnvDomain() {
	if f.Domain == "" {
		f.Domain = strings.TrimSpace(os.Getenv(EnvDomain))
	}
}

// checkDomain refuses what is not a bare host name (ValidateDomain).
func (f *Flags) checkDomain() error {
	if f.Domain == "" {
		return cliexit.Usagef("--tenant is required (the tenant domain, e.g. example.eu.auth0.com, or $%s)", EnvDomain)
	}
	if err := ValidateDomain(f.Domain, f.InsecureHTTP); err != nil {
		return cliexit.Usagef("--tenant %w", err)
	}
	if f.InsecureHTTP && !IsLoopback(f.Domain) {
		return cliexit.Usagef("--insecure-http is only allowed for a tenant simulator on loopback, not %q", ShownDomain(f.Domain))
	}
	return nil
}

// Credentials say how the tool authenticates: client credentials or a pre-minted token. The
// secret and the token are unexported and String never shows them.
type Credentials struct {
	// ClientID is the tool's own client: the M2M client id, or the token's azp.
	ClientID string
	// Source names where the credentials came from, for messages (never the value).
	Source string
	secret string
	token  string
}

// Secret returns the client secret; callers must not print it.
func (c Credentials) Secret() string { return c.secret }

// HasToken reports whether a pre-minted token is used instead of client credentials.
func (c Credentials) HasToken() bool { return c.token != "" }

// String names the credentials without their secret.
func (c Credentials) String() string { return c.Source }

// Resolve reads client credentials (the tool's M2M client) from flags and environment. It
// fails with a message that says which flag or variable to set, never echoing a secret.
func (f *Flags) Resolve() (Credentials, error) {
	if err := f.checkDomain(); err != nil {
		return Credentials{}, err
	}
	return f.clientCredentials()
}

func (f *Flags) clientCredentials() (Credentials, error) {
	id, idFrom := f.ClientID, "--client-id"
	if id == "" {
		id, idFrom = strings.TrimSpace(os.Getenv(EnvClientID)), EnvClientID
	}
	if id == "" {
		return Credentials{}, &AuthError{Msg: fmt.Sprintf("no credentials: set %s and %s (or --client-id and --client-secret-file), or give a Management API token in %s or --token-file",
			EnvClientID, EnvClientSecret, EnvAPIToken)}
	}
	secret, secretFrom := os.Getenv(EnvClientSecret), EnvClientSecret
	if f.ClientSecretFile != "" {
		b, err := ReadCredentialFile("--client-secret-file", f.ClientSecretFile)
		if err != nil {
			return Credentials{}, &AuthError{Msg: err.Error()}
		}
		secret, secretFrom = strings.TrimSpace(string(b)), "--client-secret-file "+f.ClientSecretFile
		if secret == "" {
			return Credentials{}, &AuthError{Msg: fmt.Sprintf("--client-secret-file %s: file is empty", f.ClientSecretFile)}
		}
	}
	secret = strings.TrimSpace(secret)
	if secret == "" {
		return Credentials{}, &AuthError{Msg: fmt.Sprintf("no client secret for client %s (%s): set %s or --client-secret-file", id, idFrom, EnvClientSecret)}
	}
	return Credentials{ClientID: id, secret: secret,
		Source: fmt.Sprintf("client %s (id from %s, secret from %s)", id, idFrom, secretFrom)}, nil
}

// resolveAny reads the credentials of a read-only command: --token-file, then the client
// credential flags, then AUTH0_API_TOKEN, then AUTH0_CLIENT_ID/AUTH0_CLIENT_SECRET. A flag beats
// the environment; among the environment variables a pre-minted token wins (it needs no
// exchange).
func (f *Flags) resolveAny() (Credentials, error) {
	if err := f.checkDomain(); err != nil {
		return Credentials{}, err
	}
	switch {
	case f.TokenFile != "":
		b, err := ReadCredentialFile("--token-file", f.TokenFile)
		if err != nil {
			return Credentials{}, &AuthError{Msg: err.Error()}
		}
		return tokenCredentials(strings.TrimSpace(string(b)), "the token in --token-file "+f.TokenFile)
	case f.ClientID != "" || f.ClientSecretFile != "":
		return f.clientCredentials()
	case strings.TrimSpace(os.Getenv(EnvAPIToken)) != "":
		return tokenCredentials(strings.TrimSpace(os.Getenv(EnvAPIToken)), "the token in $"+EnvAPIToken)
	}
	return f.clientCredentials()
}

// ReadCredentialFile reads the file a flag names that holds a secret or a token. Its errors
// name the path, unless the value given looks like a credential itself (a JWT, or a long
// word with no path in it: the secret pasted where its file was wanted), which is never
// echoed: an error lands in the terminal's scrollback and in CI logs.
func ReadCredentialFile(flag, path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		return b, nil
	}
	if LooksLikeCredential(path) {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("%s: no readable file by that name (%v), and the value looks like a secret or token itself, so it is not shown: give the path of a file that holds it", flag, err)
	}
	return nil, fmt.Errorf("%s: %w", flag, err)
}

// CheckNewCredentialPath refuses a path that does not exist yet and looks like a secret or
// token itself, for flags naming a file the tool will write a secret to (fix --secret-sink
// file:PATH): a secret pasted there would be echoed in messages and become a file name.
func CheckNewCredentialPath(flag, path string) error {
	if _, err := os.Lstat(path); err == nil || !LooksLikeCredential(path) {
		return nil
	}
	return fmt.Errorf("%s: no file by that name, and the value looks like a secret or token itself, so it is not shown: give the path of the file to keep it in", flag)
}

// LooksLikeCredential: a JWT; a PEM block or any value with a line break (a private key
// pasted where its file was wanted); or 20 characters or more with no path separator and no
// dot (Auth0 client secrets, opaque tokens and hex tokens are words; file names have a
// directory or an extension, or are short).
func LooksLikeCredential(v string) bool {
	if jwtShape.MatchString(v) || strings.ContainsAny(v, "\r\n") || strings.Contains(v, "-----BEGIN") {
		return true
	}
	return len(v) >= 20 && !strings.ContainsAny(v, "/.\\") && !strings.ContainsRune(v, filepath.Separator)
}

// tokenCredentials checks a pre-minted token locally: it must be an access token (an ID token
// is refused before it is sent anywhere) and not expired.
func tokenCredentials(tok, source string) (Credentials, error) {
	if tok == "" {
		return Credentials{}, &AuthError{Msg: source + " is empty"}
	}
	tok = strings.TrimPrefix(strings.TrimPrefix(tok, "Bearer "), "bearer ")
	claims, _, err := linkcheck.RefuseIDTokenBearer(tok)
	if err != nil {
		return Credentials{}, &AuthError{Msg: source + ": " + err.Error()}
	}
	if exp := claims.Expiry; exp > 0 && exp < nowUnix() {
		return Credentials{}, &AuthError{Msg: fmt.Sprintf("%s expired at %s: mint a new one", source, unixUTC(exp))}
	}
	id := claims.AZP
	if id == "" {
		id = strings.TrimSuffix(claims.Subject, "@clients")
	}
	return Credentials{ClientID: id, Source: source, token: tok}, nil
}

// AuthError is an authentication failure: no credentials, unreadable ones, or credentials the
// tenant refused. Its message names the credential (never its value) and what to do.
type AuthError struct {
	Msg string
	// Status is the tenant's HTTP status when it refused (401, 403), else 0.
	Status int
}

func (e *AuthError) Error() string { return e.Msg }

// AuthFailure marks the error for the exit status (cliexit.Auth).
func (e *AuthError) AuthFailure() bool { return true }

// OneLine is the message without the calls that wrapped it.
func (e *AuthError) OneLine() string { return e.Msg }

// IsAuthError reports whether err is (or wraps) an authentication failure.
func IsAuthError(err error) bool {
	var ae *AuthError
	return errors.As(err, &ae)
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
