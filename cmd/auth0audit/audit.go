package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/auth0-migrate/auth0audit/audit"
	"github.com/auth0-migrate/auth0audit/internal/cliexit"
	"github.com/auth0-migrate/auth0audit/internal/iostreams"
	"github.com/auth0-migrate/auth0audit/internal/tenantconn"
	"github.com/auth0-migrate/auth0audit/logscan/fetch"
	"github.com/auth0-migrate/auth0audit/report"
	"github.com/auth0-migrate/auth0audit/tenantcheck"
)

// auditFormats are the formats of a joined audit. SARIF carries the code findings only.
var auditFormats = []report.Format{report.Table, report.Markdown, "html", report.JSON, "sarif"}

func newAuditCmd(ios *iostreams.IOStreams) *cobra.Command {
	var (
		conn      tenantconn.Flags
		code      []string
		logs      []string
		fetchLogs bool
		setSecret bool
		format    string
		jsonOut   bool
		outFile   string
		failOn    string
		include   []string
	)
	cmd := &cobra.Command{
		Use:   "audit [--code PATTERNS] [--logs FILE]... [--tenant DOMAIN]",
		Short: "Audit code, logs and tenant configuration into one report and one plan",
		Long: `Runs every source you name and joins what they found, per client, most urgent
first, with the remediation plan (a dry run: nothing is changed).

  --code    Go package patterns to analyze (as "auth0audit code")
  --logs    log files in any supported format ("-" for stdin; as
            "auth0audit logs")
  --tenant  check the tenant's configuration (as "auth0audit tenant"); add
            --fetch-logs to read its logs live as well ($AUTH0_DOMAIN is used
            when neither --code nor --logs is given, or with --fetch-logs)

Scopes: ` + strings.Join(tenantcheck.Scopes, " ") + `, and read:logs with --fetch-logs.
The tool's own reads of client secrets (secret-read events of its own client
with its User-Agent, auth0audit/VERSION) are left out of the report and counted
in it; other programs' reads through the same client are reported.

Formats: table (terminal), markdown, html (one self-contained page with a chart
of affected calls per day per client), json, sarif (code findings, for GitHub
code scanning).`,
		Example: `  auth0audit audit --code ./... --logs tenant-logs.json.gz \
      --format html --out audit.html
  auth0audit audit --code ./... --tenant example.eu.auth0.com --fetch-logs \
      --json
  auth0audit audit --code ./... --format sarif --out auth0.sarif --fail-on none`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if jsonOut {
				format = string(report.JSON)
			}
			f, err := report.ParseFormat(format, auditFormats...)
			if err != nil {
				return err
			}
			gate, err := report.ParseGate(failOn)
			if err != nil {
				return err
			}
			if fetchLogs || (len(code) == 0 && len(logs) == 0) {
				conn.UseEnvDomain()
			}
			if len(code) == 0 && len(logs) == 0 && conn.Domain == "" {
				return cliexit.Usagef("nothing to audit: give --code, --logs or --tenant (or set $%s)", tenantconn.EnvDomain)
			}
			if fetchLogs && conn.Domain == "" {
				return cliexit.Usagef("--fetch-logs needs --tenant (or $%s)", tenantconn.EnvDomain)
			}
			if f == "sarif" && len(code) == 0 {
				return cliexit.Usagef("--format sarif reports code findings: give --code")
			}
			in := audit.Inputs{CodePatterns: code, CodeInclude: include, LogFiles: logs, Stdin: ios.In, FetchLogs: fetchLogs, SetSecret: setSecret,
				Progress: func(s string) { progressLine(ios, s+"...") }}
			if conn.Domain != "" {
				// Connected first: a refused credential or an unreachable tenant fails in
				// seconds, before the code is loaded.
				c, err := conn.Open(cmd.Context(), sessionOf(ios), fetch.ClientOptions(0)...)
				if err != nil {
					return err
				}
				want := tenantcheck.Scopes
				if fetchLogs {
					want = append(slices.Clone(want), "read:logs")
				}
				if missing := c.MissingScopes(want...); len(missing) > 0 {
					printErr(ios, fmt.Sprintf("auth0audit: %s lacks %s: what needs it will be reported as not run.", c.Creds.Source, strings.Join(missing, " ")))
				}
				in.Tenant, in.TenantDomain, in.SelfClientIDs = c.API, conn.Domain, []string{c.Creds.ClientID}
			}
			res, err := audit.Run(cmd.Context(), in)
			if err != nil {
				return err
			}
			if err := writeAudit(ios.Out, layoutOf(ios), outFile, f, res); err != nil {
				return err
			}
			if outFile != "" {
				fmt.Fprintf(ios.ErrOut, "Wrote %s report to %s\n", f, outFile)
			}
			if interrupted(cmd.Context()) {
				return fmt.Errorf("interrupted: the report covers what was read before: %w", cmd.Context().Err())
			}
			if err := res.Incomplete(); err != nil {
				return err // after the report: it covers what was read and says what was not
			}
			if n := res.Attention(gate); n > 0 {
				return findingsExit(fmt.Sprintf("%d finding(s) at or above --fail-on %s", n, gate))
			}
			return nil
		},
	}
	conn.Register(cmd.Flags())
	cmd.Flags().StringSliceVar(&code, "code", nil, "Go package patterns to analyze (and the JavaScript/TypeScript files of their directories), e.g. ./...")
	cmd.Flags().StringSliceVar(&include, "include", nil, jsIncludeHelp)
	cmd.Flags().StringArrayVar(&logs, "logs", nil, "log file to scan (repeatable; - for stdin)")
	cmd.Flags().BoolVar(&fetchLogs, "fetch-logs", false, "with --tenant: read the tenant's logs live")
	cmd.Flags().BoolVar(&setSecret, "set-secret", false, "plan staged custom secrets instead of rotate-secret")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, markdown, html, json, sarif")
	cmd.Flags().BoolVar(&jsonOut, "json", false, "shorthand for --format json")
	cmd.Flags().StringVarP(&outFile, "out", "o", "", "write the report to this file instead of stdout")
	cmd.Flags().StringVar(&failOn, "fail-on", "affected", "exit 2 when findings at or above this status exist: affected, action, review, none")
	return cmd
}

// writeAudit renders res in format f to outFile, or to stdout when outFile is "". A report
// holds no secret, so the file is created 0644; it is written whole or not at all.
func writeAudit(stdout io.Writer, l report.Layout, outFile string, f report.Format, res *audit.Result) error {
	render := func(w io.Writer) error {
		switch f {
		case report.Markdown:
			return audit.WriteMarkdown(w, res)
		case "html":
			return audit.WriteHTML(w, res)
		case report.JSON:
			return audit.WriteJSON(w, res)
		case "sarif":
			root, _ := os.Getwd()
			_, err := report.WriteSARIF(w, root, res.CodeScan.Findings)
			return err
		}
		return audit.WriteTerminal(w, l, res)
	}
	if outFile == "" {
		return render(stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(outFile), ".audit-*")
	if err != nil {
		return fmt.Errorf("--out %s: %w", outFile, err)
	}
	defer os.Remove(tmp.Name())
	if err := render(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), outFile); err != nil {
		return fmt.Errorf("--out %s: %w", outFile, err)
	}
	return nil
}
