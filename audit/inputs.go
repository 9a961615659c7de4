package audit

import (
	"errors"
	"fmt"
)

// Incomplete returns an error when some log input could not be used whole: one that is not
// an Auth0 log export, or was cut short. The report still covers everything that was read (and
// says which input failed and why), but an audit that skipped an input must not exit 0: a
// gate on "no findings" would pass on garbage.
func (r *Result) Incomplete() error {
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
