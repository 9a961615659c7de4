package sink

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strings"
)

// Opener builds a store from its --secret-sink spec. Stores whose client library is heavy
// live in their own package (aws-sm in remediate/sink/awssm, so that only a binary built with
// -tags awssm carries the AWS SDK) and reach Parse through ParseWith.
type Opener func(spec string) (Sink, error)

// ParseWith is Parse with the stores of other packages: extra maps a kind ("aws-sm") to its
// Opener.
func ParseWith(spec string, reveal bool, out io.Writer, extra map[string]Opener) (Sink, error) {
	kind, _, _ := strings.Cut(spec, ":")
	if open, ok := extra[kind]; ok {
		return open(spec)
	}
	return Parse(spec, reveal, out)
}

// kinds lists every --secret-sink form, for messages.
const kinds = "file:PATH, file:DIR/, env:PATH, aws-sm:SECRET_ID[#key], vault:MOUNT/PATH[#key], k8s:NAMESPACE/SECRET[#key], exec:COMMAND, or stdout with --reveal-secrets"

// AWSBuildHint says how to get a binary that has the aws-sm store.
const AWSBuildHint = "go build -tags awssm -o auth0audit ./cmd/auth0audit (or go install -tags awssm github.com/auth0-migrate/auth0audit/cmd/auth0audit@VERSION)"

// parseStore builds the stores Parse's own switch does not know.
func parseStore(spec, kind, rest string) (Sink, error) {
	switch kind {
	case "vault":
		return ParseVault(rest, os.Getenv)
	case "k8s":
		return ParseKube(rest, os.Getenv)
	case "exec":
		return ParseExec(rest)
	case "aws-sm":
		return nil, fmt.Errorf("--secret-sink %q: this auth0audit was built without the AWS Secrets Manager store (it adds the AWS SDK "+
			"to the build, so it is behind a build tag); build one that has it: %s", spec, AWSBuildHint)
	}
	return nil, fmt.Errorf("--secret-sink %q: unknown kind %q (want %s)", spec, kind, kinds)
}

// splitKey cuts "PATH#key" into PATH and key; the key is def when absent. A key must be
// non-empty when '#' is given.
func splitKey(spec, def string) (string, string, error) {
	i := strings.LastIndexByte(spec, '#')
	if i < 0 {
		return spec, def, nil
	}
	if spec[i+1:] == "" {
		return "", "", errors.New("'#' names no key")
	}
	return spec[:i], spec[i+1:], nil
}

// stageKeys names the keys of a client's stages in a map-shaped store (Vault, Kubernetes):
// key for current, key_pending and key_previous (upper-cased suffixes when key is upper case,
// as in an env file).
func stageKeys(key string) map[Slot]string {
	p, q := "_pending", "_previous"
	if key == strings.ToUpper(key) && key != strings.ToLower(key) {
		p, q = "_PENDING", "_PREVIOUS"
	}
	return map[Slot]string{SlotCurrent: key, SlotPending: key + p, SlotPrevious: key + q}
}

// CheckTransport refuses to send secrets in clear text anywhere but the loopback: an
// http:// endpoint must be 127.0.0.0/8, ::1 or localhost.
func CheckTransport(what, endpoint string) error {
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%s %q is not a URL (want https://HOST[:PORT])", what, endpoint)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if IsLoopback(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("%s %s is plain http to a host that is not this machine: a secret would cross the network in clear text; "+
			"use https (a private CA goes in the store's CA variable)", what, endpoint)
	}
	return fmt.Errorf("%s %q: scheme %q is not http or https", what, endpoint, u.Scheme)
}

// IsLoopback reports whether host is localhost or a loopback address.
func IsLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Scrub returns err with every occurrence of the given secret values replaced by
// [redacted], for stores whose errors may quote what they were sent (a command's stderr, a
// server's message). The error chain is kept for errors.Is/As.
func Scrub(err error, secrets ...string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	clean := msg
	for _, s := range secrets {
		if len(s) >= 4 {
			clean = strings.ReplaceAll(clean, s, "[redacted]")
		}
	}
	if clean == msg {
		return err
	}
	return &scrubbed{msg: clean, err: err}
}

type scrubbed struct {
	msg string
	err error
}

func (e *scrubbed) Error() string { return e.msg }
func (e *scrubbed) Unwrap() error { return e.err }

// ScrubText removes the given secret values from s.
func ScrubText(s string, secrets ...string) string {
	for _, v := range secrets {
		if len(v) >= 4 {
			s = strings.ReplaceAll(s, v, "[redacted]")
		}
	}
	return s
}
