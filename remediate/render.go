package remediate

// Rendering of plans and run reports lives in package report (WritePlan, WriteRunReport):
// this package returns data.

// Target names what a step acts on.
func (s Step) Target() string {
	switch s.Op {
	case OpRotate, OpSetSecret:
		return "client " + s.ClientID
	case OpLink:
		return s.SecondaryUserID + " -> " + s.UserID
	case OpUnlink:
		return s.Provider + "|" + s.SecondaryUserID + " from " + s.UserID
	}
	if t := tenantFixTarget(s); t != "" {
		return t
	}
	if s.ClientID != "" {
		return "client " + s.ClientID
	}
	return "-"
}
