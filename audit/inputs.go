package audit

import (
	"errors"
	"fmt"
)

// Incomplete returns an error when some log input could not be used whole (one that is not
// an Auth0 log export, or was cut short) or some tenant checks could not run (a missing
// scope). The report still covers everything that was read (and says what failed and why),
// but an audit that skipped a part must not exit 0: a gate on "no findings" would pass on
// garbage or on checks never made. The tenant's error keeps the API's refusals (a 403 exits
// 4, as a missing read:logs does).
func (r *Result) Incomplete() error {
	var errs []error
	if err := r.LogsIncomplete(); err != nil {
		errs = append(errs, err)
	}
	if r.tenantErr != nil {
		errs = append(errs, fmt.Errorf("%w; the report covers the checks that ran", r.tenantErr))
	}
	return errors.Join(errs...)
}

// LogsIncomplete is Incomplete for the log inputs alone: whether every log input was used
// whole (what the plan may take "no call seen" from), whatever the tenant checks did.
func (r *Result) LogsIncomplete() error {
	if r.LogStats == nil {
		return nil
	}
	var errs []error
	for _, f := range r.LogStats.Files {
		if f.Error != "" {
			errs = append(errs, fmt.Errorf("%s: %s", f.Name, f.Error))
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("%d log input(s) could not be used whole; the report covers what was read:\n%w", len(errs), errors.Join(errs...))
}
