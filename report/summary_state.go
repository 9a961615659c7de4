package report

import (
	"cmp"
	"slices"
)

// SummaryState is a Summarizer as a long-running process saves it (the log-stream receiver
// checkpoints it), so that a restart goes on counting where it stopped.
type SummaryState struct {
	Groups []Group           `json:"groups"`
	Daily  []DailyCount      `json:"daily"` // Client holds the client id (or name when the events had no id)
	Names  map[string]string `json:"names"`
}

// State returns the summarizer's state, in a stable order.
func (s *Summarizer) State() SummaryState {
	st := SummaryState{Groups: make([]Group, 0, len(s.groups)), Daily: make([]DailyCount, 0, len(s.daily)), Names: map[string]string{}}
	for _, g := range s.groups {
		c := *g
		c.Samples = slices.Clone(g.Samples)
		st.Groups = append(st.Groups, c)
	}
	slices.SortFunc(st.Groups, func(a, b Group) int {
		return cmp.Or(cmp.Compare(a.UseCase, b.UseCase), cmp.Compare(a.ClientID, b.ClientID))
	})
	for k, n := range s.daily {
		st.Daily = append(st.Daily, DailyCount{Day: k.day, Client: k.client, Count: n})
	}
	slices.SortFunc(st.Daily, func(a, b DailyCount) int {
		return cmp.Or(cmp.Compare(a.Day, b.Day), cmp.Compare(a.Client, b.Client))
	})
	for id, name := range s.names {
		st.Names[id] = name
	}
	return st
}

// RestoreSummarizer rebuilds a summarizer from its saved state.
func RestoreSummarizer(st SummaryState) *Summarizer {
	s := NewSummarizer()
	for _, g := range st.Groups {
		c := g
		c.Samples = slices.Clone(g.Samples)
		s.groups[groupKey{g.UseCase, g.ClientID}] = &c
	}
	for _, d := range st.Daily {
		s.daily[dayKey{d.Day, d.Client}] = d.Count
	}
	for id, name := range st.Names {
		s.names[id] = name
	}
	return s
}
