package watch

import (
	"bytes"
	"net/http"

	"github.com/auth0-migrate/auth0audit/audit"
	"github.com/auth0-migrate/auth0audit/logscan"
	"github.com/auth0-migrate/auth0audit/remediate"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// Result returns the current joined report: the audit a file scan of the same events would
// give (logs source only), with the remediation plan of its actionable findings.
func (r *Receiver) Result() (*audit.Result, error) {
	st := r.state
	st.mu.Lock()
	groups := st.summary.Groups()
	daily := st.summary.Daily()
	counts := st.counts
	changed := st.stale.Changed()
	st.mu.Unlock()

	stats := &logscan.Stats{
		Files: []logscan.FileStats{{Name: "log stream (" + r.cfg.Dir + ")", Layout: "stream",
			Events: counts.Consumed, Malformed: counts.Malformed}},
		EventsRead: counts.Consumed, Relevant: counts.Relevant, Duplicates: counts.Deduplicated,
		FailedExchanges: counts.FailedExchanges, SecretChanges: changed, Malformed: counts.Malformed,
		MalformedExamples: []logscan.Malformed{},
	}
	// The planner wants findings; a group stands for its findings (one step per client and
	// use case, with the group's samples as evidence).
	var actionable []usecase.Finding
	for _, g := range groups {
		if g.Status != usecase.Affected && g.Status != usecase.Action && g.Status != usecase.Review {
			continue
		}
		for _, s := range g.Samples {
			f := usecase.New(g.UseCase, usecase.FromLogs, g.Confidence)
			f.ClientID, f.ClientName, f.LogID, f.Time = g.ClientID, g.ClientName, s, g.LastSeen
			actionable = append(actionable, f)
		}
	}
	plan, err := remediate.BuildPlan(actionable, remediate.PlanOptions{Tenant: r.cfg.Tenant, Now: r.now})
	if err != nil {
		return nil, err
	}
	return &audit.Result{
		Tenant: r.cfg.Tenant, GeneratedAt: r.now().UTC(),
		Logs: groups, LogStats: stats, Daily: daily,
		Clients: audit.ByClient(audit.Sources{Logs: groups}),
		Plan:    plan,
	}, nil
}

// serveReport renders Result with the audit's HTML writer.
func (r *Receiver) serveReport(w http.ResponseWriter, req *http.Request) {
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		w.Header().Set("Allow", "GET")
		writeError(w, http.StatusMethodNotAllowed, "GET the report")
		return
	}
	res, err := r.Result()
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	var b bytes.Buffer
	if err := audit.WriteHTML(&b, res); err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
	w.Write(b.Bytes())
}
