// Package report renders Findings for people and machines: a terminal table, Markdown, CSV,
// JSON and NDJSON. Every part of the product (code, logs, tenant) reports through it, so a
// finding looks the same wherever it was made.
package report

import (
	"slices"
	"sort"
	"time"

	"github.com/auth0-migrate/auth0audit/usecase"
)

// MaxSamples is how many example locations (log_ids, file:line) a group keeps.
const MaxSamples = 3

// Group aggregates the findings of one use case for one client.
type Group struct {
	UseCase    usecase.ID         `json:"use_case"`
	Status     usecase.Status     `json:"status"`
	Confidence usecase.Confidence `json:"confidence"`
	ClientID   string             `json:"client_id,omitempty"`
	ClientName string             `json:"client_name,omitempty"`
	Count      int                `json:"count"`
	// Failed counts the findings whose call failed (status code >= 400).
	Failed    int       `json:"failed,omitempty"`
	FirstSeen time.Time `json:"first_seen,omitzero"`
	LastSeen  time.Time `json:"last_seen,omitzero"`
	Samples   []string  `json:"samples"`
}

type groupKey struct {
	id     usecase.ID
	client string
}

// Summarizer aggregates findings one at a time, so a scanner can report on input of any size
// without keeping every finding.
type Summarizer struct {
	groups map[groupKey]*Group
	daily  map[dayKey]int
	// names remembers each client id's name: not every event of a client carries it.
	names map[string]string
}

type dayKey struct {
	day    string // YYYY-MM-DD, UTC
	client string
}

// NewSummarizer returns an empty Summarizer.
func NewSummarizer() *Summarizer {
	return &Summarizer{groups: map[groupKey]*Group{}, daily: map[dayKey]int{}, names: map[string]string{}}
}

// Add counts one finding.
func (s *Summarizer) Add(f usecase.Finding) {
	k := groupKey{f.UseCase, f.ClientID}
	g := s.groups[k]
	if g == nil {
		g = &Group{UseCase: f.UseCase, Status: f.Status, Confidence: f.Confidence, ClientID: f.ClientID}
		s.groups[k] = g
	}
	g.Count++
	if g.ClientName == "" {
		g.ClientName = f.ClientName
	}
	// A group is only as certain as its least certain member.
	if confidenceRank(f.Confidence) > confidenceRank(g.Confidence) {
		g.Confidence = f.Confidence
	}
	if f.StatusCode >= 400 {
		g.Failed++
	}
	if !f.Time.IsZero() {
		if g.FirstSeen.IsZero() || f.Time.Before(g.FirstSeen) {
			g.FirstSeen = f.Time
		}
		if f.Time.After(g.LastSeen) {
			g.LastSeen = f.Time
		}
	}
	if f.ClientID != "" && f.ClientName != "" && s.names[f.ClientID] == "" {
		s.names[f.ClientID] = f.ClientName
	}
	if f.Status == usecase.Affected && !f.Time.IsZero() {
		client := f.ClientID
		if client == "" {
			client = f.ClientName
		}
		s.daily[dayKey{f.Time.UTC().Format(time.DateOnly), client}]++
	}
	if w := sampleOf(f); w != "" {
		g.Samples = keepSmallest(g.Samples, w, MaxSamples)
	}
}

// keepSmallest adds w to the sorted samples, keeping the n smallest: the samples then do not
// depend on the order findings arrive in (scanner workers finish in any order). Auth0 log_ids
// start with the event's date, so the smallest are also the earliest.
func keepSmallest(samples []string, w string, n int) []string {
	i, found := slices.BinarySearch(samples, w)
	if found || i >= n {
		return samples
	}
	samples = slices.Insert(samples, i, w)
	return samples[:min(len(samples), n)]
}

// Groups returns the groups, most urgent first, then by use case, then by count.
func (s *Summarizer) Groups() []Group {
	out := make([]Group, 0, len(s.groups))
	for _, g := range s.groups {
		c := *g
		if c.ClientName == "" {
			c.ClientName = s.names[c.ClientID] // named by another of the client's events
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if ra, rb := a.Status.Rank(), b.Status.Rank(); ra != rb {
			return ra < rb
		}
		if a.UseCase != b.UseCase {
			return a.UseCase < b.UseCase
		}
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.ClientID < b.ClientID
	})
	return out
}

// DailyCount is the number of affected calls one client made on one day.
type DailyCount struct {
	Day    string `json:"day"` // YYYY-MM-DD, UTC
	Client string `json:"client"`
	Count  int    `json:"count"`
}

// Daily returns the affected calls per day per client, by day then client: the series that
// shows whether usage goes down after a fix is deployed.
func (s *Summarizer) Daily() []DailyCount {
	out := make([]DailyCount, 0, len(s.daily))
	for k, n := range s.daily {
		out = append(out, DailyCount{Day: k.day, Client: s.label(k.client), Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Day != out[j].Day {
			return out[i].Day < out[j].Day
		}
		return out[i].Client < out[j].Client
	})
	return out
}

// label names a client for a chart: its name when any event gave one, else its id.
func (s *Summarizer) label(client string) string {
	if client == "" {
		return "(unknown client)"
	}
	if name := s.names[client]; name != "" {
		return name
	}
	return client
}

// Summarize groups findings by use case and client.
func Summarize(fs []usecase.Finding) []Group {
	s := NewSummarizer()
	for _, f := range fs {
		s.Add(f)
	}
	return s.Groups()
}

// CountByStatus returns how many findings each status has.
func CountByStatus(groups []Group) map[usecase.Status]int {
	out := map[usecase.Status]int{}
	for _, g := range groups {
		out[g.Status] += g.Count
	}
	return out
}

func sampleOf(f usecase.Finding) string {
	if f.LogID != "" {
		return f.LogID
	}
	return f.Where()
}

func confidenceRank(c usecase.Confidence) int {
	switch c {
	case usecase.Confirmed:
		return 0
	case usecase.Suspected:
		return 1
	}
	return 2
}
