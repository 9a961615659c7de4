// Package audit joins what the code scan, the log scan and the tenant checks found into one
// report per tenant: per client, what was found where, most urgent first, with the
// remediation plan beside it.
package audit

import (
	"sort"

	"github.com/auth0-migrate/auth0audit/report"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// unattributed labels findings that name no client (most code findings, tenant-wide flags).
const unattributed = "(no client)"

// Sources holds each source's groups; a nil slice means the source was not run.
type Sources struct {
	Code   []report.Group
	Logs   []report.Group
	Tenant []report.Group
}

// ByClient joins the sources per client. Clients with something affected come first, then
// by name; inside a client, rows are ordered by status, then source.
func ByClient(s Sources) []report.ClientView {
	// Some events carry client_name and some do not: learn every client's name first, so
	// one client is one entry whatever each source knew of it.
	names := map[string]string{}
	for _, groups := range [][]report.Group{s.Code, s.Logs, s.Tenant} {
		for _, g := range groups {
			if g.ClientID != "" && g.ClientName != "" && names[g.ClientID] == "" {
				names[g.ClientID] = g.ClientName
			}
		}
	}
	rows := map[string][]report.ClientRow{}
	add := func(src usecase.Source, groups []report.Group) {
		for _, g := range groups {
			if g.ClientID != "" && g.ClientName == "" {
				g.ClientName = names[g.ClientID]
			}
			c := clientName(g)
			rows[c] = append(rows[c], report.ClientRow{
				Source: src, UseCase: g.UseCase, Status: g.Status, Count: g.Count,
				Where: firstSample(g),
			})
		}
	}
	add(usecase.FromCode, s.Code)
	add(usecase.FromLogs, s.Logs)
	add(usecase.FromTenant, s.Tenant)

	out := make([]report.ClientView, 0, len(rows))
	for c, r := range rows {
		sort.SliceStable(r, func(i, j int) bool {
			if a, b := r[i].Status.Rank(), r[j].Status.Rank(); a != b {
				return a < b
			}
			return r[i].Source < r[j].Source
		})
		out = append(out, report.ClientView{Client: c, Rows: r})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Rows[0].Status.Rank(), out[j].Rows[0].Status.Rank()
		if a != b {
			return a < b
		}
		// Findings without a client go last among equals: a named client is actionable.
		if (out[i].Client == unattributed) != (out[j].Client == unattributed) {
			return out[j].Client == unattributed
		}
		return out[i].Client < out[j].Client
	})
	return out
}

func clientName(g report.Group) string {
	if l := report.ClientLabel(g); l != "" {
		return l
	}
	return unattributed
}

func firstSample(g report.Group) string {
	if len(g.Samples) == 0 {
		return ""
	}
	return g.Samples[0]
}
