package journal

// StepState summarises what the journal knows about one step.
type StepState struct {
	// Result is the step's latest result; empty if nothing was decided yet.
	Result Result
	// Unclear is set when the last record is an intent without an outcome: the call may or may
	// not have been applied, and the tenant must be read back before anything else.
	Unclear bool
	// Open is that unclear intent (its action and fingerprints).
	Open Record
	// Attempts counts the intents written for the step.
	Attempts int
	// BeforeFP, StagedFP, AfterFP are the latest fingerprints recorded for the step.
	BeforeFP, StagedFP, AfterFP string
}

// Done reports whether the step must never run again.
func (s StepState) Done() bool { return s.Result == Done || s.Result == Live }

// State folds the records of one step into its current state.
func (j *Journal) State(step string) StepState {
	var st StepState
	for _, r := range j.Records() {
		if r.Step != step {
			continue
		}
		if r.BeforeFP != "" {
			st.BeforeFP = r.BeforeFP
		}
		if r.StagedFP != "" {
			st.StagedFP = r.StagedFP
		}
		if r.AfterFP != "" {
			st.AfterFP = r.AfterFP
		}
		switch r.Phase {
		case Intent:
			st.Attempts++
			st.Unclear = true
			st.Open = r
		case Outcome, Note:
			if r.Result == "" {
				continue
			}
			// A probe note after "done" upgrades to live but never downgrades a done step.
			if st.Done() && r.Result != Live {
				st.Unclear = false
				continue
			}
			st.Unclear = false
			st.Result = r.Result
		}
	}
	return st
}
