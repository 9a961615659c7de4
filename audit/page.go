package audit

import (
	"cmp"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/auth0-migrate/auth0audit/remediate"
	"github.com/auth0-migrate/auth0audit/report"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// maxTodo bounds the "do these first" list: it is the page's first screen.
const maxTodo = 6

// maxWeeks bounds the chart: half a year of weeks stays readable.
const maxWeeks = 26

// noClient keys the findings that name no client (code, tenant-wide settings).
const noClient = ""

// page builds the HTML report's view of the audit, around the admin's decision: what to do
// first, per client, then every finding once and the plan's steps. It decides what comes
// first; report.WriteHTML only renders.
func (r *Result) page() report.HTMLReport {
	b := newPageBuilder(r)
	out := report.HTMLReport{
		Title: r.title(), Subtitle: r.subtitle(), GeneratedAt: r.GeneratedAt,
		Totals: b.totals(), Chart: b.chart(), Plan: b.plan(), Inputs: b.inputs(), Notes: b.notes(),
		DashboardNote: b.dashboardNote,
	}
	todo := b.todo()
	out.Todo = todo[:min(len(todo), maxTodo)]
	out.More = len(todo) - len(out.Todo)
	out.Clients = b.clients()
	out.Details, out.Other = b.details()
	return out
}

// sourced is a group with the source that found it.
type sourced struct {
	report.Group
	source usecase.Source
}

type pageBuilder struct {
	r             *Result
	dash          report.Dashboard
	dashboardNote string
	names         map[string]string // client id -> name
	groups        []sourced
	steps         map[*remediate.Step]int // plan step -> its number
}

func newPageBuilder(r *Result) *pageBuilder {
	b := &pageBuilder{r: r, names: map[string]string{}, steps: map[*remediate.Step]int{}}
	domain := cmp.Or(r.DashboardDomain, r.Tenant)
	var ok bool
	if b.dash, ok = report.NewDashboard(domain); ok {
		b.dashboardNote = r.DashboardNote
	} else if domain != "" {
		b.dashboardNote = fmt.Sprintf("No links into the Auth0 Dashboard: %s is not a tenant's canonical domain (NAME.REGION.auth0.com).", domain)
	} else if len(r.Logs)+len(r.TenantFind) > 0 {
		b.dashboardNote = "No links into the Auth0 Dashboard: the tenant is not known (audit with --tenant DOMAIN to link clients and log events)."
	}
	for _, s := range []struct {
		src    usecase.Source
		groups []report.Group
	}{{usecase.FromCode, r.Code}, {usecase.FromLogs, r.Logs}, {usecase.FromTenant, r.TenantFind}} {
		for _, g := range s.groups {
			b.groups = append(b.groups, sourced{g, s.src})
			if g.ClientID != "" && g.ClientName != "" && b.names[g.ClientID] == "" {
				b.names[g.ClientID] = g.ClientName
			}
		}
	}
	b.tellApartSameNames()
	if r.Plan != nil {
		for i := range r.Plan.Steps {
			b.steps[&r.Plan.Steps[i]] = i + 1
		}
	}
	return b
}

// tellApartSameNames adds the start of their id to the names that several clients share:
// Auth0 does not keep names unique ("Default App", a copied app), and the admin must be able
// to tell which one to fix without hovering each link.
func (b *pageBuilder) tellApartSameNames() {
	ids := map[string]int{}
	for _, name := range b.names {
		ids[name]++
	}
	for id, name := range b.names {
		if ids[name] > 1 {
			b.names[id] = fmt.Sprintf("%s (%s…)", name, id[:min(len(id), 8)])
		}
	}
}

// name is a client's name, or its id when no finding named it.
func (b *pageBuilder) name(id string) string { return cmp.Or(b.names[id], id) }

// client links a client by name to its Dashboard page, with its id on hover.
func (b *pageBuilder) client(id string) report.HTMLLink {
	if id == noClient {
		return report.HTMLLink{Text: "no client"}
	}
	l := report.HTMLLink{Text: b.name(id), URL: b.dash.Client(id)}
	if l.Text != id {
		l.Title = "client_id " + id
	}
	return l
}

// subject names what a group is about: its client, else where it was found.
func (b *pageBuilder) subject(g sourced) report.HTMLLink {
	switch {
	case g.ClientID != "":
		return b.client(g.ClientID)
	case g.source == usecase.FromCode:
		return report.HTMLLink{Text: "Code", URL: "#uc-" + string(g.UseCase)}
	case g.UseCase == usecase.TenantUserPolicyAllowAll:
		return report.HTMLLink{Text: "Management API", URL: b.dash.APIs()}
	case g.source == usecase.FromTenant:
		return report.HTMLLink{Text: "Tenant settings", URL: b.dash.TenantAdvanced()}
	}
	return report.HTMLLink{Text: "Unknown client"}
}

// evidence links a sample location: a log event to the Dashboard, a code position by file
// name and line with the full path on hover.
func (b *pageBuilder) evidence(sample string, src usecase.Source) report.HTMLLink {
	switch src {
	case usecase.FromLogs:
		id := strings.TrimPrefix(sample, "log_id ")
		short := id
		if len(id) > 12 {
			short = "…" + id[len(id)-8:]
		}
		return report.HTMLLink{Text: short, URL: b.dash.LogEvent(id), Title: "log_id " + id}
	case usecase.FromCode:
		return report.HTMLLink{Text: path.Base(sample), Title: sample}
	}
	return report.HTMLLink{Text: strings.TrimPrefix(sample, "tenant check ")}
}

var statusOrder = []usecase.Status{usecase.Affected, usecase.Action, usecase.Review, usecase.Info, usecase.NotAffected, usecase.Compliant}

func (b *pageBuilder) totals() []report.HTMLCount {
	counts := map[usecase.Status]int{}
	for _, g := range b.groups {
		counts[g.Status] += g.Count
	}
	var out []report.HTMLCount
	for _, st := range statusOrder {
		if counts[st] > 0 {
			out = append(out, report.HTMLCount{Status: st, N: counts[st]})
		}
	}
	return out
}

func needsAttention(s usecase.Status) bool {
	return s == usecase.Affected || s == usecase.Action || s == usecase.Review
}

// ---- what to do first ----

// todoItem is an action with what ranks it.
type todoItem struct {
	report.HTMLAction
	last  time.Time
	count int
}

// todo ranks what to do: apps failing now first (secret-stale-use), then what is affected,
// then actions, then what needs a look; inside each, the most recently seen and the most
// frequent first. One item per client and kind of fix, so that a client with four affected
// use cases is one thing to do.
func (b *pageBuilder) todo() []report.HTMLAction {
	var items []todoItem
	perClient := map[string][]sourced{} // affected calls in logs, per client
	var reviews = map[string][]sourced{}
	var code []sourced
	for _, g := range b.groups {
		switch {
		case g.UseCase == usecase.SecretStaleUse:
			items = append(items, b.outage(g))
		case g.UseCase == usecase.ClientIDTokenNotRS256:
			items = append(items, b.single(g, "links accounts, but its ID tokens are not RS256, which link_with refuses",
				"Switch its ID tokens to RS256 (`jwt_configuration.alg`) once no app checks them with the client secret"))
		case g.UseCase == usecase.SecretHardcoded:
			items = append(items, b.single(g, "holds a client secret in source code ("+b.samples(g)+")",
				"Rotate that client's secret (`auth0audit fix plan --clients CLIENT_ID`) and move it to a secret store"))
		case g.UseCase == usecase.TenantIDTokenAPI2Enabled:
			items = append(items, b.flag(g))
		case g.UseCase == usecase.TenantUserPolicyAllowAll:
			items = append(items, b.single(g, "lets any first-party app get user-scoped tokens (user access policy allow_all)",
				"Allow only the apps that link accounts client-side"))
		case g.source == usecase.FromCode && g.Status == usecase.Affected:
			code = append(code, g)
		case g.Status == usecase.Affected:
			perClient[g.ClientID] = append(perClient[g.ClientID], g)
		case g.Status == usecase.Review || g.Status == usecase.Action:
			reviews[g.ClientID] = append(reviews[g.ClientID], g)
		}
	}
	for id, gs := range perClient {
		items = append(items, b.linkingCode(id, gs))
	}
	if len(code) > 0 {
		items = append(items, b.codeSites(code))
	}
	for id, gs := range reviews {
		items = append(items, b.review(id, gs))
	}
	slices.SortStableFunc(items, func(x, y todoItem) int {
		return cmp.Or(
			-cmp.Compare(boolRank(x.Outage), boolRank(y.Outage)),
			cmp.Compare(x.Status.Rank(), y.Status.Rank()),
			-x.last.Compare(y.last),
			-cmp.Compare(x.count, y.count),
			cmp.Compare(x.Subject.Text, y.Subject.Text),
		)
	})
	out := make([]report.HTMLAction, len(items))
	for i, it := range items {
		out[i] = it.HTMLAction
	}
	return out
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (b *pageBuilder) outage(g sourced) todoItem {
	a := report.HTMLAction{Status: g.Status, Outage: true, Subject: b.subject(g),
		What:     "fails to authenticate: its apps send the client secret it had before the secret changed",
		Evidence: fmt.Sprintf("%d failed exchange(s) since, the last on %s", g.Count, fmtDay(g.LastSeen)),
		Do:       "Give its apps the current secret, or set one they hold: `auth0audit fix set-secret --client " + g.ClientID + "`",
		UseCases: []usecase.ID{g.UseCase}, Steps: b.stepsFor(g.ClientID, g.UseCase)}
	return todoItem{a, g.LastSeen, g.Count}
}

func (b *pageBuilder) single(g sourced, what, do string) todoItem {
	a := report.HTMLAction{Status: g.Status, Subject: b.subject(g), What: what, Do: do,
		UseCases: []usecase.ID{g.UseCase}, Steps: b.stepsFor(g.ClientID, g.UseCase)}
	return todoItem{a, g.LastSeen, g.Count}
}

func (b *pageBuilder) flag(g sourced) todoItem {
	it := b.single(g, "still accept ID tokens as bearer tokens (enable_idtoken_api2 is on)", "")
	it.Do = "Turn it off once nothing sends an ID token as a bearer"
	for s := range b.steps {
		if s.Op == remediate.OpDisableIDTokenAPI2 {
			it.Do = "Turn it off: no call in the logs audited sends an ID token as a bearer"
		}
	}
	return it
}

// linkingCode is the item of a client whose calls fail (or will) under the new rules.
func (b *pageBuilder) linkingCode(clientID string, gs []sourced) todoItem {
	slices.SortFunc(gs, func(x, y sourced) int {
		return cmp.Or(-cmp.Compare(x.Count, y.Count), cmp.Compare(x.UseCase, y.UseCase))
	})
	var ids []usecase.ID
	var steps []int
	count, failed := 0, 0
	var last time.Time
	for _, g := range gs {
		ids = append(ids, g.UseCase)
		steps = append(steps, b.stepsFor(clientID, g.UseCase)...)
		count += g.Count
		failed += g.Failed
		if g.LastSeen.After(last) {
			last = g.LastSeen
		}
	}
	ev := fmt.Sprintf("%d call(s), the last on %s", count, fmtDay(last))
	if count == 1 {
		ev = "1 call, on " + fmtDay(last)
	}
	if failed > 0 {
		ev += fmt.Sprintf("; %d already failed", failed)
	}
	uc, _ := usecase.Lookup(gs[0].UseCase)
	do := capitalise(uc.Instead)
	if len(gs) > 1 {
		do = "Change its linking code to call with access tokens, sending the secondary's ID token as link_with (each use case says how)"
	}
	a := report.HTMLAction{Status: usecase.Affected, Subject: b.client(clientID),
		What: "makes linking calls the new rules reject", Evidence: ev, Do: do, UseCases: ids, Steps: dedupe(steps)}
	if clientID == noClient {
		a.Subject = report.HTMLLink{Text: "Calls of no known client"}
	}
	return todoItem{a, last, count}
}

// codeSites is the item of the code that calls the API the old way.
func (b *pageBuilder) codeSites(gs []sourced) todoItem {
	var ids []usecase.ID
	var places []string
	n := 0
	for _, g := range gs {
		ids = append(ids, g.UseCase)
		n += g.Count
		for _, s := range g.Samples {
			places = append(places, path.Base(s))
		}
	}
	slices.Sort(places)
	if len(places) > 3 {
		places = append(places[:3], "...")
	}
	a := report.HTMLAction{Status: usecase.Affected, Subject: report.HTMLLink{Text: "Code", URL: "#uc-" + string(ids[0])},
		What:     fmt.Sprintf("calls the Management API in %d place(s) the way the new rules reject", n),
		Evidence: strings.Join(places, ", "),
		Do:       "Change each call as its use case says; `go vet -vettool=$(which auth0vet) ./...` in CI keeps them out",
		UseCases: dedupe(ids)}
	return todoItem{a, time.Time{}, n}
}

// review is the item of a client whose findings need a person to look.
func (b *pageBuilder) review(clientID string, gs []sourced) todoItem {
	var ids []usecase.ID
	count := 0
	var last time.Time
	for _, g := range gs {
		ids = append(ids, g.UseCase)
		count += g.Count
		if g.LastSeen.After(last) {
			last = g.LastSeen
		}
	}
	slices.Sort(ids)
	what := "makes linking calls whose token cannot be told from the logs"
	if len(ids) == 1 && ids[0] == usecase.DeprecationNotice {
		what = "received deprecation notices from Auth0"
	}
	a := report.HTMLAction{Status: usecase.Review, Subject: b.client(clientID), What: what,
		Evidence: fmt.Sprintf("%d event(s), the last on %s", count, fmtDay(last)),
		Do:       "Look at the calling code and the events, then fix it as the use case says", UseCases: dedupe(ids)}
	return todoItem{a, last, count}
}

// stepsFor returns the numbers of the plan steps for a client's use case.
func (b *pageBuilder) stepsFor(clientID string, id usecase.ID) []int {
	var out []int
	for s, n := range b.steps {
		if s.ClientID == clientID && slices.Contains(s.UseCases, id) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

func (b *pageBuilder) samples(g sourced) string {
	var out []string
	for _, s := range g.Samples {
		out = append(out, path.Base(s))
	}
	return strings.Join(out, ", ")
}

func dedupe[T cmp.Ordered](s []T) []T {
	slices.Sort(s)
	return slices.Compact(s)
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func fmtDay(t time.Time) string {
	if t.IsZero() {
		return "an unknown date"
	}
	return t.UTC().Format(time.DateOnly)
}

// ---- weeks ----

// weekOf returns the Monday (UTC) of t's week.
func weekOf(t time.Time) time.Time {
	d := t.UTC().Truncate(24 * time.Hour)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// weeks is the chart's window: every week from the first to the last event the logs reported
// on (any status), so that weeks after the last affected call show as zero. At most maxWeeks,
// the latest.
func (b *pageBuilder) weeks() []time.Time {
	var first, last time.Time
	for _, g := range b.groups {
		if g.source != usecase.FromLogs || g.FirstSeen.IsZero() {
			continue
		}
		if first.IsZero() || g.FirstSeen.Before(first) {
			first = g.FirstSeen
		}
		if g.LastSeen.After(last) {
			last = g.LastSeen
		}
	}
	if first.IsZero() {
		return nil
	}
	var out []time.Time
	for w := weekOf(first); !w.After(last); w = w.AddDate(0, 0, 7) {
		out = append(out, w)
	}
	if len(out) > maxWeeks {
		out = out[len(out)-maxWeeks:]
	}
	return out
}

// weekly counts each client's calls needing attention (affected and action, from the logs)
// per week of weeks.
func (b *pageBuilder) weekly(weeks []time.Time) map[string][]int {
	out := map[string][]int{}
	if len(weeks) == 0 {
		return out
	}
	index := map[time.Time]int{}
	for i, w := range weeks {
		index[w] = i
	}
	add := func(client string, t time.Time, n int) {
		i, ok := index[weekOf(t)]
		if !ok {
			return
		}
		if out[client] == nil {
			out[client] = make([]int, len(weeks))
		}
		out[client][i] += n
	}
	for _, f := range b.r.Actionable {
		if f.Source == usecase.FromLogs && !f.Time.IsZero() && (f.Status == usecase.Affected || f.Status == usecase.Action) {
			add(f.ClientID, f.Time, 1)
		}
	}
	if len(b.r.Actionable) == 0 {
		// A result without its findings (the log-stream receiver's keeps only the summary):
		// the affected calls per day, by client label, are what there is.
		ids := map[string]string{} // label -> client id
		for id, name := range b.names {
			ids[name] = id
		}
		for _, d := range b.r.Daily {
			day, err := time.Parse(time.DateOnly, d.Day)
			if err != nil {
				continue
			}
			add(cmp.Or(ids[d.Client], d.Client), day, d.Count)
		}
	}
	return out
}

// chart stacks the clients' weekly counts, the busiest clients first; past the palette's
// colours the rest are drawn together.
func (b *pageBuilder) chart() report.HTMLChart {
	weeks := b.weeks()
	per := b.weekly(weeks)
	type series struct {
		id    string
		total int
	}
	var all []series
	for id, counts := range per {
		t := 0
		for _, n := range counts {
			t += n
		}
		all = append(all, series{id, t})
	}
	slices.SortFunc(all, func(x, y series) int {
		return cmp.Or(-cmp.Compare(x.total, y.total), cmp.Compare(b.name(x.id), b.name(y.id)))
	})
	c := report.HTMLChart{Weeks: weeks}
	keep := len(report.ChartPalette) - 1
	for i, s := range all {
		label := b.name(s.id)
		if s.id == noClient {
			label = "no client"
		}
		if i < keep || len(all) == keep+1 {
			c.Series = append(c.Series, report.HTMLSeries{Label: label, Counts: per[s.id]})
			continue
		}
		if i == keep {
			c.Series = append(c.Series, report.HTMLSeries{Label: fmt.Sprintf("%d other clients", len(all)-keep), Counts: make([]int, len(weeks))})
		}
		other := c.Series[len(c.Series)-1].Counts
		for w, n := range per[s.id] {
			other[w] += n
		}
	}
	return c
}

// ---- clients ----

func (b *pageBuilder) clients() []report.HTMLClient {
	weeks := b.weeks()
	per := b.weekly(weeks)
	type acc struct {
		row     report.HTMLClient
		needs   map[usecase.ID]*report.HTMLChip
		also    map[usecase.Status]int
		sources map[usecase.Source]bool
	}
	byID := map[string]*acc{}
	var order []string
	for _, g := range b.groups {
		a := byID[g.ClientID]
		if a == nil {
			a = &acc{row: report.HTMLClient{Name: b.client(g.ClientID), Status: g.Status},
				needs: map[usecase.ID]*report.HTMLChip{}, also: map[usecase.Status]int{}, sources: map[usecase.Source]bool{}}
			if g.ClientID == noClient {
				a.row.Name = report.HTMLLink{Text: "No client (code, tenant settings)"}
			}
			byID[g.ClientID] = a
			order = append(order, g.ClientID)
		}
		if g.Status.Rank() < a.row.Status.Rank() {
			a.row.Status = g.Status
		}
		a.sources[g.source] = true
		if g.LastSeen.After(a.row.LastSeen) {
			a.row.LastSeen = g.LastSeen
		}
		if !needsAttention(g.Status) {
			a.also[g.Status] += g.Count
			continue
		}
		if c := a.needs[g.UseCase]; c != nil {
			c.Count += g.Count
		} else {
			a.needs[g.UseCase] = &report.HTMLChip{UseCase: g.UseCase, Status: g.Status, Count: g.Count}
		}
	}
	out := make([]report.HTMLClient, 0, len(order))
	for _, id := range order {
		a := byID[id]
		for _, c := range a.needs {
			a.row.Needs = append(a.row.Needs, *c)
		}
		slices.SortFunc(a.row.Needs, func(x, y report.HTMLChip) int {
			return cmp.Or(cmp.Compare(x.Status.Rank(), y.Status.Rank()), -cmp.Compare(x.Count, y.Count), cmp.Compare(x.UseCase, y.UseCase))
		})
		var also []string
		for _, st := range statusOrder {
			if n := a.also[st]; n > 0 {
				also = append(also, fmt.Sprintf("%d %s", n, st))
			}
		}
		a.row.Also = strings.Join(also, ", ")
		var srcs []string
		for _, s := range []usecase.Source{usecase.FromCode, usecase.FromLogs, usecase.FromTenant} {
			if a.sources[s] {
				srcs = append(srcs, string(s))
			}
		}
		a.row.Sources = strings.Join(srcs, ", ")
		if len(weeks) > 0 {
			a.row.Trend = per[id]
			if a.row.Trend == nil {
				a.row.Trend = make([]int, len(weeks))
			}
		}
		out = append(out, a.row)
	}
	slices.SortStableFunc(out, func(x, y report.HTMLClient) int {
		return cmp.Or(cmp.Compare(x.Status.Rank(), y.Status.Rank()),
			cmp.Compare(boolRank(x.Name.Text == "No client (code, tenant settings)"), boolRank(y.Name.Text == "No client (code, tenant settings)")),
			-x.LastSeen.Compare(y.LastSeen), cmp.Compare(x.Name.Text, y.Name.Text))
	})
	return out
}

// ---- details ----

// details lists every use case seen once, with a row per client and source: those needing
// attention, then the others.
func (b *pageBuilder) details() (attention, other []report.HTMLUseCase) {
	byID := map[usecase.ID]*report.HTMLUseCase{}
	var ids []usecase.ID
	for _, g := range b.groups {
		u := byID[g.UseCase]
		if u == nil {
			uc, _ := usecase.Lookup(g.UseCase)
			u = &report.HTMLUseCase{ID: g.UseCase, Status: g.Status, Seen: uc.Seen, Guide: uc.DocURL}
			if needsAttention(g.Status) {
				u.Instead = uc.Instead
			}
			byID[g.UseCase] = u
			ids = append(ids, g.UseCase)
		}
		row := report.HTMLFindingRow{Client: b.subject(g), Source: g.source, Confidence: g.Confidence, Count: g.Count,
			Failed: g.Failed, First: g.FirstSeen, Last: g.LastSeen}
		if g.ClientID == noClient && g.source == usecase.FromCode {
			row.Client = report.HTMLLink{Text: "code"}
		}
		for _, s := range g.Samples {
			row.Evidence = append(row.Evidence, b.evidence(s, g.source))
		}
		row.More = max(0, g.Count-len(g.Samples))
		u.Rows = append(u.Rows, row)
	}
	slices.SortFunc(ids, func(x, y usecase.ID) int {
		return cmp.Or(cmp.Compare(byID[x].Status.Rank(), byID[y].Status.Rank()), cmp.Compare(x, y))
	})
	for _, id := range ids {
		u := byID[id]
		slices.SortStableFunc(u.Rows, func(x, y report.HTMLFindingRow) int {
			return cmp.Or(-x.Last.Compare(y.Last), -cmp.Compare(x.Count, y.Count), cmp.Compare(x.Client.Text, y.Client.Text))
		})
		if needsAttention(u.Status) {
			attention = append(attention, *u)
		} else {
			other = append(other, *u)
		}
	}
	return attention, other
}

// ---- plan ----

func (b *pageBuilder) plan() report.HTMLPlan {
	p := report.HTMLPlan{Apply: "auth0audit audit ... --json | jq .plan > plan.json && auth0audit fix apply --plan plan.json --journal fix.journal"}
	if b.r.Plan == nil {
		return p
	}
	for i, s := range b.r.Plan.Steps {
		st := report.HTMLStep{N: i + 1, Op: string(s.Op), Why: b.withNames(s.Reason), Evidence: s.EvidenceCount, Target: b.target(s)}
		if s.Op.Destructive() {
			p.Changes = append(p.Changes, st)
		} else {
			p.Reviews = append(p.Reviews, st)
		}
	}
	return p
}

// target names what a step acts on: a client by name, the tenant's settings, or where in the
// code its evidence is.
func (b *pageBuilder) target(s remediate.Step) report.HTMLLink {
	switch {
	case s.Op == remediate.OpDisableIDTokenAPI2:
		return report.HTMLLink{Text: "Tenant settings: enable_idtoken_api2", URL: b.dash.TenantAdvanced()}
	case s.Op == remediate.OpLink || s.Op == remediate.OpUnlink:
		return report.HTMLLink{Text: s.Target()}
	case s.ClientID != "":
		return b.client(s.ClientID)
	case len(s.Evidence) > 0 && !strings.HasPrefix(s.Evidence[0], "log_id ") && !strings.HasPrefix(s.Evidence[0], "tenant check "):
		l := report.HTMLLink{Text: path.Base(s.Evidence[0]), Title: s.Evidence[0]}
		if s.EvidenceCount > 1 {
			l.Text += fmt.Sprintf(" (+%d)", s.EvidenceCount-1)
		}
		return l
	case slices.Contains(s.UseCases, usecase.TenantIDTokenAPI2Enabled):
		return report.HTMLLink{Text: "Tenant settings: enable_idtoken_api2", URL: b.dash.TenantAdvanced()}
	}
	return report.HTMLLink{Text: "code"}
}

var wordRE = regexp.MustCompile(`[A-Za-z0-9_-]+`)

// withNames replaces client ids in a plan reason by the clients' names.
func (b *pageBuilder) withNames(s string) string {
	return wordRE.ReplaceAllStringFunc(s, func(w string) string {
		if n := b.names[w]; n != "" {
			return n
		}
		return w
	})
}

// ---- inputs ----

func (b *pageBuilder) inputs() []string {
	var out []string
	r := b.r
	if r.CodeScan != nil {
		s := fmt.Sprintf("Code: %d package(s) analyzed.", r.CodeScan.Packages)
		if n := len(r.CodeScan.LoadErrors); n > 0 {
			s += fmt.Sprintf(" %d package error(s): those packages were not analyzed.", n)
		}
		out = append(out, s)
	}
	if st := r.LogStats; st != nil {
		s := fmt.Sprintf("Logs: %d event(s) from %d input(s), %d relevant, %d duplicate(s), %d malformed.",
			st.EventsRead, len(st.Files), st.Relevant, st.Duplicates, st.Malformed)
		if st.NotValidated > 0 {
			s += fmt.Sprintf(" %d irrelevant event(s) were checked for structure only, not parsed (--strict parses every record).", st.NotValidated)
		}
		out = append(out, s)
		for i, m := range st.MalformedExamples {
			if i == 3 {
				out = append(out, fmt.Sprintf("... %d more malformed record(s).", st.Malformed-3))
				break
			}
			out = append(out, fmt.Sprintf("Malformed: %s:%d: %s.", m.File, m.Line, m.Reason))
		}
	}
	if r.TenantRan {
		out = append(out, "Tenant configuration: read-only checks of "+r.Tenant+".")
	}
	return out
}

// notes are the problems a reader must not miss: inputs not read whole, checks not run.
func (b *pageBuilder) notes() []string {
	var out []string
	if st := b.r.LogStats; st != nil {
		for _, f := range st.Files {
			switch {
			case f.Error != "":
				out = append(out, f.Name+": "+f.Error)
			case f.Warning != "":
				out = append(out, f.Name+": "+f.Warning)
			}
		}
	}
	if b.r.CodeScan != nil && len(b.r.CodeScan.LoadErrors) > 0 {
		out = append(out, fmt.Sprintf("Code: %d package(s) not analyzed, the first: %s", len(b.r.CodeScan.LoadErrors), b.r.CodeScan.LoadErrors[0]))
	}
	if b.r.TenantError != "" {
		out = append(out, "Tenant checks incomplete: "+b.r.TenantError)
	}
	return out
}
