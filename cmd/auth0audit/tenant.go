package main

import (
	"fmt"

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
		Use:   "tenant --tenant DOMAIN",
		Short: "Check a tenant's configuration (read-only)",
		Long: `Reads the tenant's configuration through the Management API and reports, each with its fix:
  - flags.enable_idtoken_api2 still on (API v2 still accepts ID tokens as bearers);
  - the Management API's user access policy set to allow_all;
  - clients that link accounts client-side but sign ID tokens with something other than RS256;
  - clients granted update:current_user_identities;
  - confidential clients authenticating with client secrets (rotation candidates).

Needs an M2M client with ` + "read:tenant_settings read:resource_servers read:clients read:client_grants" + `.
Credentials: --client-id or AUTH0_CLIENT_ID, and AUTH0_CLIENT_SECRET or --client-secret-file.`,
		Example: `  AUTH0_CLIENT_ID=... AUTH0_CLIENT_SECRET=... auth0audit tenant --tenant example.eu.auth0.com
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
			api, _, err := conn.Connect(cmd.Context())
			if err != nil {
				return err
			}
			findings, checkErr := tenantcheck.Run(cmd.Context(), api, tenantcheck.Options{LinkingClients: linkingClients})
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
	for _, fd := range findings {
		fmt.Fprintf(ios.Out, "%-13s %-40s %s\n", fd.Status, fd.UseCase, fd.Detail+clientSuffix(fd))
	}
	if len(findings) == 0 {
		fmt.Fprintln(ios.Out, "No configuration findings.")
		return nil
	}
	fmt.Fprintln(ios.Out)
	return report.WriteTable(ios.Out, groups)
}

func clientSuffix(f usecase.Finding) string {
	switch {
	case f.ClientName != "":
		return fmt.Sprintf(" [%s %s]", f.ClientName, f.ClientID)
	case f.ClientID != "":
		return " [" + f.ClientID + "]"
	}
	return ""
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
