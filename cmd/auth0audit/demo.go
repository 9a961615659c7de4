package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/auth0/go-auth0/management"
	"github.com/spf13/cobra"

	"github.com/auth0-migrate/auth0audit/audit"
	"github.com/auth0-migrate/auth0audit/auth0sim"
	"github.com/auth0-migrate/auth0audit/demo"
	"github.com/auth0-migrate/auth0audit/internal/iostreams"
	"github.com/auth0-migrate/auth0audit/logscan/ownreads"
	"github.com/auth0-migrate/auth0audit/report"
)

// The bundled sample, relative to the repository root.
const (
	sampleApp  = "./testdata/sampleapp/..."
	sampleLogs = "testdata/logs"
	// sampleTenant is the tenant of the sample logs (testdata/logs/README.md).
	sampleTenant = "acme-sample.eu.auth0.com"
)

func newDemoCmd(ios *iostreams.IOStreams) *cobra.Command {
	var (
		outDir    string
		jsonOut   bool
		watchDemo bool
	)
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Run the whole audit on the bundled sample app, sample logs and a simulated tenant",
		Long: `Starts a simulated tenant on loopback, drives it through the calls a tenant
midway through the migration makes (with the real go-auth0 client), then audits
the bundled sample app's code, the bundled sample logs plus the simulated
tenant's own logs, and its configuration. Writes the report as HTML, Markdown,
JSON and SARIF and prints where. No tenant or credentials needed; run it from
the repository root.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if watchDemo {
				return demoWatch(ctx, ios, outDir)
			}
			if _, err := os.Stat(filepath.FromSlash(strings.TrimSuffix(sampleApp, "/..."))); err != nil {
				return errors.New("demo: the bundled sample is not here: run it from the repository root (where go.mod is)")
			}

			srv, err := auth0sim.Start(auth0sim.Config{Seed: auth0sim.MidMigrationSeed()})
			if err != nil {
				return fmt.Errorf("demo: starting the simulated tenant: %w", err)
			}
			defer srv.Close()
			fmt.Fprintf(ios.ErrOut, "Simulated tenant at %s\n", srv.URL())
			steps, err := demo.Traffic(ctx, srv)
			if err != nil {
				return fmt.Errorf("demo: %w", err)
			}
			if err := writeTrafficSteps(ios, steps); err != nil {
				return err
			}

			// The audit authenticates like it would against a real tenant: client credentials
			// through /oauth/token.
			// Through the CLI's own HTTP client: timeouts, bounded retries of reads, --debug.
			api, err := management.New(srv.Domain(), management.WithInsecure(),
				management.WithClient(sessionOf(ios).HTTPClient(srv.ClientSecret(auth0sim.ClientM2M))), management.WithNoRetries(),
				management.WithUserAgent(ownreads.UserAgent()),
				management.WithClientCredentials(ctx, auth0sim.ClientM2M, srv.ClientSecret(auth0sim.ClientM2M)))
			if err != nil {
				return err
			}
			res, err := audit.Run(ctx, audit.Inputs{
				CodePatterns: []string{sampleApp}, LogFiles: []string{sampleLogs},
				Tenant: api, TenantDomain: srv.Domain(), FetchLogs: true,
				SelfClientIDs: []string{auth0sim.ClientM2M},
				Progress:      func(s string) { fmt.Fprintln(ios.ErrOut, s+"...") },
			})
			if err != nil {
				return fmt.Errorf("demo: %w", err)
			}
			// The simulated tenant has no Dashboard; the report links to the Dashboard of the
			// tenant the bundled sample logs come from, to show where its links lead.
			res.DashboardDomain = sampleTenant
			res.DashboardNote = "Dashboard links point at " + sampleTenant + ", the made-up tenant of the bundled sample logs, " +
				"to show where they lead; a real audit links to the Dashboard of the tenant it audits."

			if err := os.MkdirAll(outDir, 0o755); err != nil {
				return fmt.Errorf("--out-dir %s: %w", outDir, err)
			}
			written := map[string]report.Format{
				"report.html": "html", "report.md": report.Markdown, "report.json": report.JSON, "code.sarif": "sarif",
			}
			for _, name := range []string{"report.html", "report.md", "report.json", "code.sarif"} {
				if err := writeAudit(nil, report.Layout{}, filepath.Join(outDir, name), written[name], res); err != nil {
					return err
				}
			}
			if jsonOut {
				return audit.WriteJSON(ios.Out, res)
			}
			if err := audit.WriteTerminal(ios.Out, layoutOf(ios), res); err != nil {
				return err
			}
			fmt.Fprintf(ios.Out, "\nReports written to %s/:\n  report.html (open in a browser), report.md, report.json, code.sarif\n", outDir)
			return nil
		},
	}
	cmd.Flags().StringVar(&outDir, "out-dir", filepath.Join("out", "demo"), "directory for the report files")
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print the audit as JSON instead of tables")
	cmd.Flags().BoolVar(&watchDemo, "watch", false, "instead: stream the simulated tenant's logs to auth0audit watch and show it classify them as they arrive")
	return cmd
}

// writeTrafficSteps shows on stderr what the demo's traffic did and what the tenant said: a
// table that fits the terminal, tab-separated rows when piped.
func writeTrafficSteps(ios *iostreams.IOStreams, steps []demo.Step) error {
	t := report.NewTable(report.Column{Header: "Who", Fit: report.Wrap}, report.Column{Header: "Did", Fit: report.Wrap, Min: 24},
		report.Column{Header: "Tenant said"})
	for _, s := range steps {
		t.AddRow(s.Who, s.What, s.Status)
	}
	return t.Render(ios.ErrOut, report.Layout{Width: ios.ErrWidth(), Wide: ios.Wide})
}
