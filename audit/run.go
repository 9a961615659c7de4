package audit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"time"

	"github.com/auth0/go-auth0/management"

	"github.com/auth0-migrate/auth0audit/analyzers/codescan"
	"github.com/auth0-migrate/auth0audit/jsscan"
	"github.com/auth0-migrate/auth0audit/logscan"
	"github.com/auth0-migrate/auth0audit/logscan/fetch"
	"github.com/auth0-migrate/auth0audit/logscan/ownreads"
	"github.com/auth0-migrate/auth0audit/remediate"
	"github.com/auth0-migrate/auth0audit/report"
	"github.com/auth0-migrate/auth0audit/tenantcheck"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// Inputs say which sources to audit. A source left empty is not run.
type Inputs struct {
	// CodePatterns are Go package patterns, resolved in CodeDir.
	CodePatterns []string
	CodeDir      string
	// CodeInclude names JavaScript/TypeScript files skipped by default to scan after all
	// (node_modules, build, minified, testdata).
	CodeInclude []string
	// LogFiles are log files in any supported format, or directories of them; "-" is
	// standard input.
	LogFiles []string
	Stdin    io.Reader
	// Tenant, when set, is checked (configuration) and, with FetchLogs, its logs are read live.
	Tenant       *management.Management
	TenantDomain string
	FetchLogs    bool
	// SetSecret plans custom-secret steps instead of rotations.
	SetSecret bool
	// SelfClientIDs are the clients whose credentials this tool used (its M2M client, or the
	// azp of its token). Their secret-read events are the tool's own reads of the tenant
	// (each audit would find more of them); they are left out and counted in SelfExcluded.
	SelfClientIDs []string
	Now           func() time.Time
	// Progress, when set, receives one line per stage (for stderr on a terminal).
	Progress func(string)
}

// Result is the joined audit.
type Result struct {
	Tenant      string
	GeneratedAt time.Time

	Code     []report.Group
	CodeScan *codescan.Result
	// JSScan is the JavaScript/TypeScript part of the code scan (its findings are in CodeScan).
	JSScan     *jsscan.Result
	Logs       []report.Group
	LogStats   *logscan.Stats
	Daily      []report.DailyCount
	TenantRan  bool
	TenantFind []report.Group
	// TenantError is set when some tenant checks could not run (a missing scope); the
	// findings of the others are kept.
	TenantError string
	// tenantErr is TenantError's error, kept for Incomplete: it unwraps to the API's refusals
	// (a 403 for a missing scope), which the exit status reads.
	tenantErr error

	Clients []report.ClientView
	Plan    *remediate.Plan

	// SelfExcluded counts the secret-read events of SelfClients left out of the report.
	SelfExcluded int
	SelfClients  []string
	// Actionable holds the findings that need attention (affected, action, review), with
	// their times: the HTML report draws their weekly trend.
	Actionable []usecase.Finding
	// DashboardDomain, when set, is the tenant whose Auth0 Dashboard the HTML report links
	// to instead of Tenant; DashboardNote is said beside the links.
	DashboardDomain, DashboardNote string
}

// Attention counts findings in all sources that fail gate.
func (r *Result) Attention(gate report.Gate) int {
	return gate.Count(r.Code) + gate.Count(r.Logs) + gate.Count(r.TenantFind)
}

// Run audits the sources in Inputs. It fails only when no source could be read at all;
// a source that failed partly says so in the Result.
func Run(ctx context.Context, in Inputs) (*Result, error) {
	now := time.Now
	if in.Now != nil {
		now = in.Now
	}
	progress := in.Progress
	if progress == nil {
		progress = func(string) {}
	}
	res := &Result{Tenant: in.TenantDomain, GeneratedAt: now().UTC()}
	// Plan input: only what may need a step. Not-affected and compliant log events can be
	// millions; they never produce a step.
	var actionable []usecase.Finding
	keep := func(f usecase.Finding) {
		if f.Status == usecase.Affected || f.Status == usecase.Action || f.Status == usecase.Review {
			actionable = append(actionable, f)
		}
	}

	if len(in.CodePatterns) > 0 {
		progress(fmt.Sprintf("scanning code %v", in.CodePatterns))
		cs, js, err := ScanCode(ctx, codescan.Options{Dir: in.CodeDir}, in.CodeInclude, nil, in.CodePatterns...)
		switch {
		case err != nil && ctx.Err() == nil:
			return nil, fmt.Errorf("code: %w", err)
		case err == nil:
			res.CodeScan, res.JSScan = cs, js
			res.Code = report.Summarize(cs.Findings)
			for _, f := range cs.Findings {
				keep(f)
			}
		}
	}

	// Interrupted: what was read so far is reported, the sources not reached are not run.
	linking := map[string]bool{}
	self := map[string]bool{}
	for _, id := range in.SelfClientIDs {
		if id != "" {
			self[id] = true
		}
	}
	res.SelfClients = slices.Sorted(maps.Keys(self))
	// logsWhole: every log input was read to its end, was logs and had no record that could
	// not be read. Only then may the plan
	// count "no call seen" as no call made (enable_idtoken_api2 off).
	logsWhole := false
	// The tool's own secret reads are those of its client that carry its User-Agent, seen in
	// the tenant's logs as they are fetched; another program's reads through a shared client
	// are kept.
	own := &ownreads.Tap{Clients: res.SelfClients}
	if (len(in.LogFiles) > 0 || (in.FetchLogs && in.Tenant != nil)) && ctx.Err() == nil {
		sum := report.NewSummarizer()
		sc := logscan.New(logscan.Options{}, func(f usecase.Finding) error {
			if f.UseCase == usecase.SecretRead && own.Own(f.LogID) {
				res.SelfExcluded++
				return nil
			}
			sum.Add(f)
			keep(f)
			if ClientSideLink(f.UseCase) && f.ClientID != "" {
				linking[f.ClientID] = true
			}
			return nil
		})
		defer sc.Close()
		var scanErrs []error
		files, err := logscan.ExpandInputs(in.LogFiles)
		if err != nil {
			return nil, fmt.Errorf("logs: %w", err)
		}
		stdin := in.Stdin
		if stdin == nil {
			stdin = os.Stdin
		}
		for _, name := range files {
			progress("scanning logs " + name)
			if err := sc.ScanPath(ctx, name, stdin); err != nil {
				scanErrs = append(scanErrs, err)
			}
		}
		if in.FetchLogs && in.Tenant != nil {
			progress("fetching logs from " + in.TenantDomain)
			if err := scanLive(ctx, sc, in.Tenant, in.TenantDomain, own); err != nil {
				scanErrs = append(scanErrs, err)
			}
		}
		st, err := sc.Finish()
		if err != nil {
			scanErrs = append(scanErrs, err)
		}
		res.LogStats = &st
		// As `logs` writes Summary.Whole: malformed records count against it too.
		logsWhole = len(scanErrs) == 0 && len(st.NotWhole()) == 0
		res.Logs = sum.Groups()
		res.Daily = sum.Daily()
		if len(scanErrs) > 0 && st.EventsRead == 0 && ctx.Err() == nil {
			return nil, fmt.Errorf("logs: %w", errors.Join(scanErrs...))
		}
		// Partial read errors (a truncated gzip) are in st.Files[].Error and reported.
	}

	if in.Tenant != nil && ctx.Err() == nil {
		progress("checking tenant configuration of " + in.TenantDomain)
		known := make([]string, 0, len(linking))
		for id := range linking {
			known = append(known, id)
		}
		fs, err := tenantcheck.Run(ctx, in.Tenant, tenantcheck.Options{LinkingClients: known})
		res.TenantRan = true
		if err != nil {
			res.TenantError, res.tenantErr = err.Error(), err
		}
		res.TenantFind = report.Summarize(fs)
		for _, f := range fs {
			keep(f)
		}
	}

	res.Clients = ByClient(Sources{Code: res.Code, Logs: res.Logs, Tenant: res.TenantFind})
	plan, err := remediate.BuildPlan(actionable, remediate.PlanOptions{Tenant: in.TenantDomain, SetSecret: in.SetSecret, Now: now,
		LogsAudited: logsWhole && ctx.Err() == nil})
	if err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	res.Plan = plan
	res.Actionable = actionable
	return res, nil
}

// ClientSideLink: use cases whose client links accounts from the browser, so its ID tokens
// must be RS256 for link_with.
func ClientSideLink(id usecase.ID) bool {
	switch id {
	case usecase.LinkUserIDCurrentUser, usecase.LinkWithIDToken, usecase.Auth0jsCurrentUser, usecase.Auth0jsIDToken, usecase.LinkIDTokenBearer:
		return true
	}
	return false
}

// scanLive streams the tenant's logs into the scanner through a pipe, so a long retention
// period is never held in memory.
func scanLive(ctx context.Context, sc *logscan.Scanner, api *management.Management, domain string, own *ownreads.Tap) error {
	pr, pw := io.Pipe()
	own.W = pw
	go func() {
		_, err := (&fetch.Fetcher{API: api}).Fetch(ctx, own)
		pw.CloseWithError(err)
	}()
	err := sc.Scan(ctx, "tenant "+domain, pr)
	pr.Close()
	return err
}
