package rules

import (
	"testing"
	"time"

	"github.com/auth0-migrate/auth0audit/usecase"
)

func TestParseDateString(t *testing.T) {
	for _, s := range []string{
		"2026-10-02T09:15:00.000Z", "2026-10-02T09:15:00Z", "2026-10-02T09:15:00.123456789Z",
		"2026-10-02T11:15:00+02:00", "2026-10-02T01:15:00-08:00", "2024-02-29T00:00:00Z",
		"2026-10-02T09:15:00.1234567891234Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
	} {
		got, ok := ParseDateString(s)
		want, err := time.Parse(time.RFC3339Nano, s)
		if !ok || err != nil || !got.Equal(want) {
			t.Errorf("%s: got %v %v, time.Parse %v %v", s, got, ok, want, err)
		}
	}
	for _, s := range []string{
		"", "2026-10-02", "2026-10-02T09:15:00", "2026-10-02 09:15:00Z", "2026-10-02t09:15:00z",
		"2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-10-02T24:00:00Z", "2026-10-02T09:60:00Z",
		"2026-10-02T09:15:60Z", "2026-10-02T9:15:00Z", "2026-10-02T09:15:00,5Z", "2026-10-02T09:15:00.Z",
		"2026-10-02T09:15:00+24:00", "2026-10-02T09:15:00+01:60", "2026-10-02T09:15:00+0100",
		"2026-10-02T09:15:00Z ", "0001-01-01T00:00:00Z", "0000-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00",
	} {
		if got, ok := ParseDateString(s); ok {
			t.Errorf("%q: read as %v, want no date", s, got)
		}
	}
}

func TestDateFromMillis(t *testing.T) {
	for ms, want := range map[float64]string{
		1790000000000: "2026-09-21T14:13:20Z", 1790000000000.9: "2026-09-21T14:13:20Z", 0: "1970-01-01T00:00:00Z",
		MinEpochMillis: "0000-01-01T00:00:00Z", MaxEpochMillis: "9999-12-31T23:59:59.999Z",
	} {
		got, ok := DateFromMillis(ms)
		if !ok || got.Format(time.RFC3339Nano) != want {
			t.Errorf("%v: %v %v, want %s", ms, got, ok, want)
		}
	}
	for _, ms := range []float64{MinEpochMillis - 1, MaxEpochMillis + 1, 1e300, -62135596800000} {
		if got, ok := DateFromMillis(ms); ok {
			t.Errorf("%v: read as %v, want no date", ms, got)
		}
	}
}

// TestTablesEndInACatchAll: every decision table decides every call.
func TestTablesEndInACatchAll(t *testing.T) {
	for name, table := range map[string][]CallRule{"link": LinkRules, "unlink": UnlinkRules} {
		last := table[len(table)-1]
		if len(last.Kinds) != 0 || len(last.When) != 0 {
			t.Errorf("%s rules do not end in a rule that always applies", name)
		}
	}
	if last := TokenRules[len(TokenRules)-1]; len(last.When) != 0 {
		t.Error("token rules do not end in a rule that always applies")
	}
}

func TestLogUseCasesAreRows(t *testing.T) {
	for _, id := range LogUseCases() {
		if _, ok := usecase.Lookup(id); !ok {
			t.Errorf("%s is not a row of the use-case table", id)
		}
	}
	if len(LogUseCases()) != 17 {
		t.Errorf("%d log use cases, want the 17 rows a log event can land in", len(LogUseCases()))
	}
}
