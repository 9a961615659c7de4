package journal

// StepState summarises what the journal knows about one step.
type StepState struct {
	// Result is the step's latest result; empty if nothing was decided yet.
	Result Result
	// Unclear is set when the last intent has no outcome: the call may or may not have been
	// applied, and the tenant must be read back before anything else.
	Unclear bool
	// Open is that unclear intent (its action and fingerprints).
	Open Record
	// Attempts counts the intents written for the step.
	Attempts int
	// BeforeFP is the tenant's secret before the step's first change; StagedFP the latest value
	// staged (set-secret, or a converging PATCH); AfterFP the latest value the step put on the
	// tenant (or recovered from it).
	BeforeFP, StagedFP, AfterFP string
	// Known holds every fingerprint the step recorded: a sink stage holding one of these
	// values is this step's, so it may be replaced.
	Known map[string]bool
	// StagedOverFP is the tenant's secret when the latest secret was staged: a set-secret
	// finds out from it whether someone else changed the secret before its confirmation.
	StagedOverFP string
	// Applied is set once a change of the step reached the tenant.
	Applied bool
	// LateRisk is set when a call's outcome was decided by a read-back that showed no change:
	// the call may still land, and verification looks for it. A call lands at most once: its
	// recorded late landing (a rotate-secret outcome "applied" with no call open) clears it.
	LateRisk bool
	// Released is set once the step's tenant-side in-progress marker was removed (and no call
	// of the step went out since).
	Released bool
	// Next is the command recorded with the latest needs-attention outcome.
	Next string
	// Detail is the latest record's detail.
	Detail string
}

// Done reports whether the step must never run again.
func (s StepState) Done() bool { return s.Result == Done || s.Result == Live }

// State folds the records of one step into its current state.
func (j *Journal) State(step string) StepState {
	st := StepState{Known: map[string]bool{}}
	lateCalls := 0 // calls that may still land
	for _, r := range j.stepRecords(step) {
		for _, fp := range []string{r.BeforeFP, r.StagedFP, r.AfterFP} {
			if fp != "" {
				st.Known[fp] = true
			}
		}
		if r.BeforeFP != "" && st.BeforeFP == "" {
			st.BeforeFP = r.BeforeFP
		}
		if r.StagedFP != "" {
			st.StagedFP = r.StagedFP
		}
		if r.AfterFP != "" && (r.Result == Done || r.Result == Applied || r.Result == Live) {
			st.AfterFP = r.AfterFP
		}
		switch {
		case r.LateRisk:
			lateCalls++
		case lateCalls > 0 && !st.Unclear && r.Phase == Outcome && r.Action == "rotate-secret" && r.Result == Applied:
			lateCalls-- // one of them landed late, and was recovered
		}
		st.LateRisk = lateCalls > 0
		if r.Detail != "" {
			st.Detail = r.Detail
		}
		if r.Action == "release-marker" {
			st.Released = true
		}
		if r.Phase == Intent && r.Action == "stage" {
			st.StagedOverFP = r.BeforeFP
		}
		switch r.Phase {
		case Intent:
			if r.Action != "stage" {
				st.Attempts++       // calls to the tenant; staging is local
				st.Released = false // a call of the step is about to go out: its run holds a marker again
			}
			st.Unclear = true
			st.Open = r
		case Outcome, Note:
			if r.Result == "" {
				continue
			}
			if r.Result == NeedsAttention {
				// A stop says why the step stopped; an open intent stays open.
				if !st.Done() {
					st.Result, st.Next = r.Result, r.Next
				}
				continue
			}
			st.Unclear = false
			if r.Result == Applied || r.Result == Done || r.Result == Live {
				st.Applied = true
			}
			// A later note never downgrades a done step (a probe after done, say).
			if st.Done() {
				continue
			}
			st.Result = r.Result
			st.Next = r.Next
		}
	}
	return st
}
