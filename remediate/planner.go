package remediate

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/auth0-migrate/auth0audit/usecase"
)

// PlanOptions steer the planner.
type PlanOptions struct {
	Tenant string
	// SetSecret plans custom-secret steps (generate, stage, confirm, PATCH, probe) instead of
	// rotate-secret for clients whose secret must change.
	SetSecret bool
	// Clients are rotated (or given a custom secret) explicitly.
	Clients []string
	// Links are explicit server-side links: primary user id -> secondary provider|id.
	Links [][2]string
	// Unlinks are explicit unlinks: primary user id -> secondary provider|id.
	Unlinks [][2]string
	Now     func() time.Time
	// LogsAudited says the findings include a log scan's: only then may a step wait on "no
	// affected call seen" (see tenantfix.go).
	LogsAudited bool
}

// maxEvidence bounds the sample locations kept per step.
const maxEvidence = 5

// BuildPlan turns findings and explicit requests into a plan. Findings that need no change
// (not affected, compliant, informational) produce no step; findings only code can fix become
// review steps; secrets that must change become rotate or set-secret steps; an unlink that
// failed because it sent an ID token becomes an unlink step with the tool's access token.
func BuildPlan(findings []usecase.Finding, opt PlanOptions) (*Plan, error) {
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	b := planBuilder{byID: map[string]*Step{}}
	secretOp := OpRotate
	if opt.SetSecret {
		secretOp = OpSetSecret
	}
	for _, f := range findings {
		b.addFinding(f, secretOp)
	}
	b.addTenantFixes(findings, opt)
	for _, c := range opt.Clients {
		if c == "" {
			continue
		}
		b.add(Step{ID: string(secretOp) + ":" + c, Op: secretOp, ClientID: c, Reason: "requested with --clients"}, "")
	}
	for _, l := range opt.Links {
		provider, _, ok := strings.Cut(l[1], "|")
		if !ok {
			return nil, fmt.Errorf("--users %s=%s: the secondary must be provider|id (e.g. google-oauth2|123)", l[0], l[1])
		}
		b.add(Step{ID: "link:" + l[0] + ":" + l[1], Op: OpLink, UserID: l[0], Provider: provider, SecondaryUserID: l[1],
			Reason: "requested with --users: link server-side with the tool's access token (update:users)"}, "")
	}
	for _, l := range opt.Unlinks {
		provider, bare, ok := strings.Cut(l[1], "|")
		if !ok {
			return nil, fmt.Errorf("--unlink %s=%s: the secondary must be provider|id", l[0], l[1])
		}
		b.add(Step{ID: "unlink:" + l[0] + ":" + l[1], Op: OpUnlink, UserID: l[0], Provider: provider, SecondaryUserID: bare,
			Reason: "requested with --unlink"}, "")
	}
	return &Plan{Format: PlanFormat, Version: 1, Tenant: opt.Tenant, Created: now().UTC(), Steps: b.steps()}, nil
}

type planBuilder struct {
	order []string
	byID  map[string]*Step
}

func (b *planBuilder) add(s Step, evidence string) {
	cur, ok := b.byID[s.ID]
	if !ok {
		cp := s
		cur = &cp
		b.byID[s.ID] = cur
		b.order = append(b.order, s.ID)
	}
	for _, u := range s.UseCases {
		if !containsID(cur.UseCases, u) {
			cur.UseCases = append(cur.UseCases, u)
		}
	}
	if evidence != "" {
		cur.EvidenceCount++
		if len(cur.Evidence) < maxEvidence {
			cur.Evidence = append(cur.Evidence, evidence)
		}
	}
}

func containsID(ids []usecase.ID, id usecase.ID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// steps orders executable steps before review steps, keeping first-seen order otherwise.
func (b *planBuilder) steps() []Step {
	out := make([]Step, 0, len(b.order))
	for _, id := range b.order {
		out = append(out, *b.byID[id])
	}
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].Op.Destructive() && !out[j].Op.Destructive()
	})
	return out
}

func (b *planBuilder) addFinding(f usecase.Finding, secretOp Op) {
	where := f.Where()
	who := f.ClientID
	if who == "" {
		who = "unknown client"
	}
	switch f.UseCase {
	case usecase.SecretHardcoded:
		if f.ClientID != "" {
			b.add(Step{ID: string(secretOp) + ":" + f.ClientID, Op: secretOp, ClientID: f.ClientID, UseCases: []usecase.ID{f.UseCase},
				Reason: "a client secret is hard-coded: change it, then move it to a secret store"}, where)
			return
		}
		b.add(Step{ID: "review:" + string(f.UseCase) + ":" + f.File, Op: OpReview, UseCases: []usecase.ID{f.UseCase},
			Reason: "a client secret is hard-coded: find its client, plan `--clients ID`, and move the secret to a secret store"}, where)
	case usecase.SecretStaleUse:
		b.add(Step{ID: "review:" + string(f.UseCase) + ":" + f.ClientID, Op: OpReview, ClientID: f.ClientID, UseCases: []usecase.ID{f.UseCase},
			Reason: "apps of " + who + " still present the old secret after it changed: give them the current secret"}, where)
	case usecase.UnlinkIDTokenBearer:
		if s, ok := unlinkFromPath(f); ok {
			b.add(s, where)
			return
		}
		b.addReview(f, where, who)
	case usecase.LinkIDTokenBearer, usecase.LinkUserIDCurrentUser, usecase.Auth0jsIDToken, usecase.Auth0jsCurrentUser,
		usecase.LinkUndetermined, usecase.UnlinkUndetermined, usecase.DeprecationNotice:
		b.addReview(f, where, who)
	}
	// Every other use case (not affected, compliant, informational) needs no change.
}

func (b *planBuilder) addReview(f usecase.Finding, where, who string) {
	key := f.ClientID
	if f.Source == usecase.FromCode {
		key = f.File
	}
	b.add(Step{ID: "review:" + string(f.UseCase) + ":" + key, Op: OpReview, ClientID: f.ClientID, UseCases: []usecase.ID{f.UseCase},
		Reason: reviewReason(f.UseCase, who)}, where)
}

func reviewReason(id usecase.ID, who string) string {
	switch id {
	case usecase.LinkIDTokenBearer, usecase.Auth0jsIDToken:
		return "code of " + who + " links with an ID token as bearer: get an access token (update:current_user_identities) and send the secondary's ID token as link_with"
	case usecase.LinkUserIDCurrentUser, usecase.Auth0jsCurrentUser:
		return "code of " + who + " links by user_id with a user token: send the secondary's RS256 ID token as link_with (aud = the access token's azp), or link server-side with update:users"
	case usecase.UnlinkIDTokenBearer:
		return "code of " + who + " unlinks with an ID token as bearer: use an access token"
	case usecase.DeprecationNotice:
		return "the tenant logged a deprecation notice: read it and plan the change"
	}
	return "the evidence cannot tell which token " + who + " uses: check the calling code"
}

// unlinkFromPath turns a failed unlink (sent with an ID token) into the same unlink done with
// the tool's access token. Only failed calls: a successful one already unlinked.
func unlinkFromPath(f usecase.Finding) (Step, bool) {
	if f.Source != usecase.FromLogs || f.StatusCode < 400 || f.Path == "" {
		return Step{}, false
	}
	segs := strings.Split(strings.Trim(f.Path, "/"), "/")
	if len(segs) > 0 && segs[0] == "api" {
		segs = segs[1:]
	}
	if len(segs) != 6 || segs[0] != "v2" || segs[1] != "users" || segs[3] != "identities" {
		return Step{}, false
	}
	var dec [6]string
	for i, s := range segs {
		d, err := url.PathUnescape(s)
		if err != nil {
			return Step{}, false
		}
		dec[i] = d
	}
	primary, provider, secondary := dec[2], dec[4], dec[5]
	return Step{ID: "unlink:" + primary + ":" + provider + "|" + secondary, Op: OpUnlink, UserID: primary, Provider: provider,
		SecondaryUserID: secondary, UseCases: []usecase.ID{f.UseCase},
		Reason: "this unlink failed because it sent an ID token: redo it with the tool's access token"}, true
}

// ReadFindingsFile reads the findings of `auth0audit logs --format json` or
// `auth0audit code --format json`: an object with a "findings" array, or a bare array.
func ReadFindingsFile(path string) ([]usecase.Finding, error) {
	fs, _, err := readFindings(path)
	return fs, err
}

// LogFindings is a findings file given to a plan as logs.
type LogFindings struct {
	Findings []usecase.Finding
	// IsLogs is false for a file of tenant or code findings only (no logs summary, no finding
	// from logs): it says nothing about the logs.
	IsLogs bool
	// NotWhole is empty when the file is a logs report that covers every event of its inputs
	// (read to the end, no filter, no interruption, no fetch started mid-way), else says why
	// not. Only a whole report may let a plan read "no call seen" as "no call made".
	NotWhole []string
}

// ReadLogFindingsFile reads a findings file given as logs (`auth0audit logs --format json`).
func ReadLogFindingsFile(path string) (LogFindings, error) {
	fs, sum, err := readFindings(path)
	if err != nil {
		return LogFindings{}, err
	}
	lf := LogFindings{Findings: fs, IsLogs: true}
	switch {
	case sum == nil || sum.Whole == nil:
		if !slices.ContainsFunc(fs, func(f usecase.Finding) bool { return f.Source == usecase.FromLogs }) {
			lf.IsLogs = false
			return lf, nil
		}
		lf.NotWhole = []string{path + " does not say it covers whole logs (write it with auth0audit logs --format json)"}
	case !*sum.Whole:
		for _, why := range sum.NotWhole {
			lf.NotWhole = append(lf.NotWhole, path+": "+why)
		}
		if len(lf.NotWhole) == 0 {
			lf.NotWhole = []string{path + ": not whole"}
		}
	case sum.Reported == nil || *sum.Reported != len(fs):
		// A report lists every finding it counted: fewer or more were edited in or out
		// afterwards (a jq filter), and a missing one may be the call that needs the flag.
		lf.NotWhole = []string{fmt.Sprintf("%s lists %d finding(s) but its summary does not say it reported that many (was it filtered or edited after auth0audit logs wrote it?)", path, len(fs))}
	}
	return lf, nil
}

// findingsSummary is what a plan needs of the "summary" of a logs report.
type findingsSummary struct {
	Whole    *bool    `json:"whole"`
	NotWhole []string `json:"not_whole"`
	Reported *int     `json:"reported"`
}

func readFindings(path string) ([]usecase.Finding, *findingsSummary, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	var wrapped struct {
		Summary  *findingsSummary   `json:"summary"`
		Findings *[]usecase.Finding `json:"findings"`
	}
	var fs []usecase.Finding
	trimmed := strings.TrimSpace(string(b))
	switch {
	case strings.HasPrefix(trimmed, "["):
		if err := json.Unmarshal(b, &fs); err != nil {
			return nil, nil, fmt.Errorf("%s: %v", jsonErrAt(path, b, err), err)
		}
	case strings.HasPrefix(trimmed, "{"):
		if err := json.Unmarshal(b, &wrapped); err != nil {
			return nil, nil, fmt.Errorf("%s: %v", jsonErrAt(path, b, err), err)
		}
		if wrapped.Findings == nil {
			return nil, nil, fmt.Errorf("%s: no \"findings\" array (want the output of `auth0audit logs --format json` or `auth0audit code --format json`)", path)
		}
		fs = *wrapped.Findings
	default:
		return nil, nil, fmt.Errorf("%s: not JSON (want the output of `auth0audit logs --format json` or `auth0audit code --format json`)", path)
	}
	for i, f := range fs {
		if f.UseCase == "" {
			return nil, nil, fmt.Errorf("%s: findings[%d] has no use_case", path, i)
		}
		if !f.UseCase.Valid() {
			return nil, nil, fmt.Errorf("%s: findings[%d]: unknown use_case %q", path, i, f.UseCase)
		}
	}
	return fs, wrapped.Summary, nil
}
