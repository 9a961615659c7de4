package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/auth0-migrate/auth0audit/auth0sim"
	"github.com/auth0-migrate/auth0audit/internal/cliexit"
	"github.com/auth0-migrate/auth0audit/internal/iostreams"
	"github.com/auth0-migrate/auth0audit/internal/tenantconn"
	"github.com/auth0-migrate/auth0audit/report"
)

type simOptions struct {
	ios           *iostreams.IOStreams
	addr          string
	revealSecrets bool
	jsonOut       bool
	idTokenAPI2   bool
	userPolicy    string
}

func newSimCmd(ios *iostreams.IOStreams) *cobra.Command {
	o := &simOptions{ios: ios}
	cmd := &cobra.Command{
		Use:   "sim",
		Short: "Run a local Auth0 tenant simulator that enforces today's linking and secret rules",
		Long: `Run a simulated Auth0 tenant on loopback, seeded with the documented fixtures
(clients m2m, spa, web, legacy-hs256; users auth0|primary,
google-oauth2|secondary, auth0|other, github|4242), until interrupted.

It serves /oauth/token (client credentials), /.well-known/jwks.json, the
Management API routes for users, identities (link/unlink), clients (read,
update, rotate-secret), tenant settings, resource servers, client grants and
logs, and a loopback-only helper API under /__sim/ to mint tokens, read state,
and inject faults and rate limits (POST and DELETE /__sim/faults, POST
/__sim/late, POST /__sim/ratelimit; see the auth0sim package documentation).

It prints the commands that point every auth0audit command at it: the m2m
client's secret is written to a 0600 file (removed when the simulator stops)
and read from there. Secrets are printed only with --reveal-secrets.`,
		Example: `  auth0audit sim --addr 127.0.0.1:8443
  auth0audit sim --addr 127.0.0.1:0 --reveal-secrets --json
  curl -s -XPOST http://127.0.0.1:8443/__sim/tokens/m2m -d '{"client_id":"m2m"}'
  curl -s -XPOST http://127.0.0.1:8443/__sim/faults \
    -d '{"route":"rotate-secret","apply_late_ms":1500,"times":1}'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return o.run(cmd) },
	}
	f := cmd.Flags()
	f.StringVar(&o.addr, "addr", "127.0.0.1:0", "loopback address to listen on (port 0 picks a free port)")
	f.BoolVar(&o.revealSecrets, "reveal-secrets", false, "print the seeded clients' secrets")
	f.BoolVar(&o.jsonOut, "json", false, "print the tenant's details as one JSON object")
	f.BoolVar(&o.idTokenAPI2, "enable-idtoken-api2", false, "start with the tenant flag enable_idtoken_api2 on (ID tokens still accepted as bearer)")
	f.StringVar(&o.userPolicy, "user-access-policy", "allow_all", "the Management API's user access policy: allow_all, require_client_grant or deny_all")
	return cmd
}

func (o *simOptions) run(cmd *cobra.Command) error {
	if err := checkLoopbackAddr(o.addr); err != nil {
		return err
	}
	switch o.userPolicy {
	case "allow_all", "require_client_grant", "deny_all":
	default:
		return cliexit.Usagef("--user-access-policy %q: want allow_all, require_client_grant or deny_all", o.userPolicy)
	}
	seed := auth0sim.DefaultSeed()
	seed.EnableIDTokenAPI2 = o.idTokenAPI2
	seed.UserAccessPolicy = o.userPolicy
	srv, err := auth0sim.Start(auth0sim.Config{Addr: o.addr, Seed: seed})
	if err != nil {
		return err
	}
	defer srv.Close()

	info := o.describe(srv)
	// The tool's client secret goes to a 0600 file, so the printed commands work as they are
	// and the secret never reaches the terminal.
	dir, err := os.MkdirTemp("", "auth0audit-sim-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	info.SecretFile = filepath.Join(dir, auth0sim.ClientM2M+".secret")
	if err := os.WriteFile(info.SecretFile, []byte(srv.ClientSecret(auth0sim.ClientM2M)+"\n"), 0o600); err != nil {
		return err
	}
	info.Commands = simCommands(info)
	if o.jsonOut {
		enc := json.NewEncoder(o.ios.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(info); err != nil {
			return err
		}
	} else if err := writeSimInfo(o.ios.Out, layoutOf(o.ios), info); err != nil {
		return err
	}
	if o.ios.IsStderrTTY() {
		fmt.Fprintln(o.ios.ErrOut, "Simulator running; press Ctrl-C to stop.")
	}
	<-cmd.Context().Done()
	return nil
}

// simCommands are the commands that point auth0audit at the simulator, as a user types them
// in another shell.
func simCommands(info simInfo) []string {
	return []string{
		fmt.Sprintf("export %s=%s %s=%s", tenantconn.EnvDomain, info.Domain, tenantconn.EnvClientID, auth0sim.ClientM2M),
		fmt.Sprintf("export %s=\"$(cat %s)\"", tenantconn.EnvClientSecret, shellQuote(info.SecretFile)),
		"auth0audit tenant --insecure-http",
		"auth0audit logs --insecure-http",
		"auth0audit audit --insecure-http --fetch-logs --code ./...",
		"auth0audit fix rotate --insecure-http --client web \\\n    --journal web.journal --secret-sink file:web.secret",
	}
}

// checkLoopbackAddr refuses listen addresses other than loopback: the simulator mints tokens
// for anyone who asks and can print secrets.
func checkLoopbackAddr(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return cliexit.Usagef("--addr %q: %v (want HOST:PORT, e.g. 127.0.0.1:8443)", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return cliexit.Usagef("--addr %q: the simulator listens on loopback only (127.0.0.1 or [::1])", addr)
	}
	return nil
}

type simInfo struct {
	URL                string          `json:"url"`
	Domain             string          `json:"domain"`
	Issuer             string          `json:"issuer"`
	JWKSURL            string          `json:"jwks_url"`
	ManagementAudience string          `json:"management_audience"`
	EnableIDTokenAPI2  bool            `json:"enable_idtoken_api2"`
	Clients            []simClientInfo `json:"clients"`
	Users              []string        `json:"users"`
	HelperAPI          string          `json:"helper_api"`
	// SecretFile holds the m2m client's secret (0600), for --client-secret-file.
	SecretFile string `json:"secret_file"`
	// Commands point every auth0audit command at the simulator.
	Commands []string `json:"commands"`
}

type simClientInfo struct {
	ClientID     string   `json:"client_id"`
	Name         string   `json:"name"`
	AppType      string   `json:"app_type"`
	GrantTypes   []string `json:"grant_types"`
	IDTokenAlg   string   `json:"id_token_alg"`
	ClientSecret string   `json:"client_secret,omitempty"`
}

func (o *simOptions) describe(srv *auth0sim.Server) simInfo {
	info := simInfo{URL: srv.URL(), Domain: srv.Domain(), Issuer: srv.Issuer(), JWKSURL: srv.JWKSURL(),
		ManagementAudience: srv.ManagementAudience(), EnableIDTokenAPI2: srv.IDTokenAPI2Enabled(),
		HelperAPI: srv.URL() + "/__sim/"}
	for _, c := range srv.Clients() {
		ci := simClientInfo{ClientID: c.ClientID, Name: c.Name, AppType: c.AppType, GrantTypes: c.GrantTypes, IDTokenAlg: c.IDTokenAlg}
		if o.revealSecrets {
			ci.ClientSecret = c.Secret
		}
		info.Clients = append(info.Clients, ci)
	}
	for _, id := range []string{auth0sim.UserPrimary, auth0sim.UserSecondary, auth0sim.UserOther, auth0sim.UserGitHub} {
		if _, ok := srv.User(id); ok {
			info.Users = append(info.Users, id)
		}
	}
	return info
}

func writeSimInfo(w io.Writer, l report.Layout, info simInfo) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Auth0 tenant simulator at %s (enable_idtoken_api2: %v)\n\n", info.URL, info.EnableIDTokenAPI2)
	b.WriteString("Point auth0audit at it, from another shell:\n")
	for _, c := range info.Commands {
		b.WriteString("  " + strings.ReplaceAll(c, "\n", "\n  ") + "\n")
	}
	b.WriteString("\nFrom Go: management.New(\"" + info.Domain + "\", management.WithInsecure(), ...)\n")
	for _, kv := range [][2]string{
		{"Issuer", info.Issuer}, {"JWKS", info.JWKSURL}, {"Management API", info.ManagementAudience},
		{"Helper API", info.HelperAPI + " (loopback only: tokens/id, tokens/user, tokens/m2m, users/{id}, clients, applied, logs, faults, late, ratelimit)"},
		{"Users", strings.Join(info.Users, ", ")},
	} {
		lines := report.WrapText(kv[1], max(l.Width, 80)-16)
		b.WriteString(fmt.Sprintf("%-15s %s", kv[0], strings.Join(lines, "\n"+strings.Repeat(" ", 16))) + "\n")
	}
	b.WriteString("\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	t := report.NewTable(
		report.Column{Header: "Client ID"},
		report.Column{Header: "Name", Fit: report.Wrap},
		report.Column{Header: "App type"},
		report.Column{Header: "ID token"},
		report.Column{Header: "Grants", Fit: report.Wrap, Min: 18},
	)
	for _, c := range info.Clients {
		t.AddRow(c.ClientID, c.Name, c.AppType, c.IDTokenAlg, strings.Join(c.GrantTypes, " "))
	}
	if err := t.Render(w, l); err != nil {
		return err
	}
	var secrets strings.Builder
	for _, c := range info.Clients {
		if c.ClientSecret != "" {
			fmt.Fprintf(&secrets, "  %-13s %s\n", c.ClientID, c.ClientSecret)
		}
	}
	if secrets.Len() > 0 {
		_, err := io.WriteString(w, "\nClient secrets (--reveal-secrets):\n"+secrets.String())
		return err
	}
	_, err := io.WriteString(w, "\nClient secrets are not shown (--reveal-secrets shows them).\n")
	return err
}
