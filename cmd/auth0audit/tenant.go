package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/auth0-migrate/auth0audit/internal/iostreams"
	"github.com/auth0-migrate/auth0audit/internal/tenantconn"
	"github.com/auth0-migrate/auth0audit/report"
	"github.com/auth0-migrate/auth0audit/tenantcheck"
	"github.com/auth0-migrate/auth0audit/usecase"
)

func newTenantCmd(ios *iostreams.IOStreams) *cobra.Command {
	var (
		conn           tenantconn.Flags
		format         string
		jsonOut        bool
		failOn         string
		linkingClients []string
	)
	cmd := &cobra.Command{
		Use:   "tenant [--tenant DOMAIN]",
		Short: "Check a tenant's configuration (read-only)",
		Long: `Reads the tenant's configuration through the Management API and reports, each
with its fix:
  - flags.enable_idtoken_api2 still on (API v2 still accepts ID tokens as
    bearers);
  - the Management API's user access policy set to allow_all;
  - clients that link accounts client-side but sign ID tokens with something
    other than RS256;
  - clients granted update:current_user_identities;
  - confidential clients authenticating with client secrets (rotation
    candidates).

Scopes: ` + strings.Join(tenantcheck.Scopes, " ") + `.
A check whose scope is missing is reported as not run; the others still run.
Tenant: --tenant or $AUTH0_DOMAIN. Credentials: $AUTH0_CLIENT_ID and
$AUTH0_CLIENT_SECRET (or --client-id and --client-secret-file), or a token in
$AUTH0_API_TOKEN or --token-file.`,
		Example: `  export AUTH0_DOMAIN=example.eu.auth0.com
  export AUTH0_CLIENT_ID=... AUTH0_CLIENT_SECRET=...
  auth0audit tenant
  auth0audit tenant --tenant example.eu.auth0.com --json --fail-on none`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if jsonOut {
				format = string(report.JSON)
			}
			f, err := report.ParseFormat(format, report.Table, report.JSON, report.Markdown)
			if err != nil {
				return err
			}
			gate, err := report.ParseGate(failOn)
			if err != nil {
				return err
			}
			conn.UseEnvDomain()
			c, err := conn.Open(cmd.Context(), sessionOf(ios))
			if err != nil {
				return err
			}
			if missing := c.MissingScopes(tenantcheck.Scopes...); len(missing) > 0 {
				printErr(ios, fmt.Sprintf("auth0audit: %s lacks %s: the checks that need it will not run.", c.Creds.Source, strings.Join(missing, " ")))
			}
			findings, checkErr := tenantcheck.Run(cmd.Context(), c.API, tenantcheck.Options{LinkingClients: linkingClients})
			if checkErr != nil && len(findings) == 0 {
				return checkErr
			}
			if err := writeTenantFindings(ios, f, conn.Domain, findings); err != nil {
				return err
			}
			if checkErr != nil {
				// Partial results were printed; the missing part is an error, not a pass.
				return checkErr
			}
			if n := gate.Count(report.Summarize(findings)); n > 0 {
				return findingsExit(fmt.Sprintf("%d tenant finding(s) at or above --fail-on %s", n, gate))
			}
			return nil
		},
	}
	conn.Register(cmd.Flags())
	cmd.Flags().StringVar(&format, "format", "table", "output format: table, json, markdown")
	cmd.Flags().BoolVar(&jsonOut, "json", false, "shorthand for --format json")
	cmd.Flags().StringVar(&failOn, "fail-on", "affected", "exit 2 when findings at or above this status exist: affected, action, review, none")
	cmd.Flags().StringSliceVar(&linkingClients, "linking-clients", nil, "client ids known to link accounts client-side (from logs or code)")
	return cmd
}

func writeTenantFindings(ios *iostreams.IOStreams, f report.Format, domain string, findings []usecase.Finding) error {
	groups := report.Summarize(findings)
	switch f {
	case report.JSON:
		return report.WriteJSON(ios.Out, struct {
			Tenant   string            `json:"tenant"`
			Groups   []report.Group    `json:"groups"`
			Findings []usecase.Finding `json:"findings"`
		}{domain, groups, nonNil(findings)})
	case report.Markdown:
		return report.WriteMarkdown(ios.Out, "Tenant configuration: "+domain, groups)
	}
	return writeTenantTable(ios, layoutOf(ios), findings, groups)
}

// writeTenantTable lists each finding once: its status, use case and what was found (the
// client first, when it concerns one), then what to do per use case.
func writeTenantTable(ios *iostreams.IOStreams, l report.Layout, findings []usecase.Finding, groups []report.Group) error {
	if len(findings) == 0 {
		if l.Terminal() {
			fmt.Fprintln(ios.Out, "No configuration findings.")
		}
		return nil
	}
	t := report.NewTable(
		report.Column{Header: "Status"},
		report.Column{Header: "Use case"},
		report.Column{Header: "Finding", Fit: report.Wrap, Min: 24},
	)
	for _, fd := range findings {
		t.AddRow(string(fd.Status), string(fd.UseCase), clientPrefix(fd)+fd.Detail)
	}
	if err := t.Render(ios.Out, l); err != nil {
		return err
	}
	if !l.Terminal() {
		// Piped: rows on stdout, guidance on stderr.
		return report.WriteAdvice(ios.ErrOut, errLayoutOf(ios), groups)
	}
	fmt.Fprintln(ios.Out)
	return report.WriteAdvice(ios.Out, l, groups)
}

func clientPrefix(f usecase.Finding) string {
	switch {
	case f.ClientName != "" && f.ClientID != "":
		return fmt.Sprintf("%s (%s): ", f.ClientName, f.ClientID)
	case f.ClientID != "":
		return f.ClientID + ": "
	}
	return ""
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
