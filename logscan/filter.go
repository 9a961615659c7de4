package logscan

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/auth0-migrate/auth0audit/usecase"
)

// Filter selects the findings a report shows. The zero Filter selects everything. Filters
// apply to reporting only: a rotation outside the time window still makes a later feccft
// inside it a stale use.
type Filter struct {
	Since, Until time.Time // inclusive bounds; zero means open
	Client       string    // client id, or client name (case-insensitive)
	UseCases     []usecase.ID
}

// Match reports whether f passes the filter.
func (flt Filter) Match(f usecase.Finding) bool {
	if !flt.Since.IsZero() && f.Time.Before(flt.Since) {
		return false
	}
	if !flt.Until.IsZero() && f.Time.After(flt.Until) {
		return false
	}
	if flt.Client != "" && f.ClientID != flt.Client && !strings.EqualFold(f.ClientName, flt.Client) {
		return false
	}
	if len(flt.UseCases) > 0 && !slices.Contains(flt.UseCases, f.UseCase) {
		return false
	}
	return true
}

// ParseTimeBound reads a --since/--until value: RFC 3339, or a date (YYYY-MM-DD, UTC). A date
// as an upper bound means the end of that day.
func ParseTimeBound(flag, s string, upper bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q: want RFC 3339 (2026-10-01T12:00:00Z) or a date (2026-10-01)", flag, s)
	}
	if upper {
		d = d.Add(24*time.Hour - time.Nanosecond)
	}
	return d, nil
}

// ParseUseCases reads a comma-separated --use-case list and checks every name against the
// use-case table.
func ParseUseCases(flag string, values []string) ([]usecase.ID, error) {
	var out []usecase.ID
	for _, v := range values {
		for _, name := range strings.Split(v, ",") {
			name = strings.TrimSpace(name)
			if name == "" {
				continue
			}
			id := usecase.ID(name)
			if !id.Valid() {
				var valid []string
				for _, uc := range usecase.All() {
					valid = append(valid, string(uc.ID))
				}
				return nil, fmt.Errorf("%s %q: not a use case; one of %s", flag, name, strings.Join(valid, ", "))
			}
			out = append(out, id)
		}
	}
	return out, nil
}
