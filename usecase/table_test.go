package usecase

import (
	"strings"
	"testing"
)

// The IDs are a public contract (design section 2): this list is the table as published, so a
// rename or a dropped row fails here before it reaches a user's CI gate.
func TestTableMatchesPublishedIDs(t *testing.T) {
	published := map[ID]Status{
		"link-idtoken-bearer":      Affected,
		"link-userid-update-users": NotAffected,
		"link-userid-current-user": Affected,
		"link-with-idtoken":        Compliant,
		"auth0js-idtoken":          Affected,
		"auth0js-update-users":     NotAffected,
		"auth0js-current-user":     Affected,
		"unlink-idtoken-bearer":    Affected,
		"unlink-access-token":      NotAffected,
		"link-undetermined":        Review,
		"unlink-undetermined":      Review,
		"secret-rotate":            Info,
		"secret-set-custom":        Info,
		"secret-in-client-update":  Info,
		"secret-stale-use":         Action,
		"secret-read":              Info,
		"secret-hardcoded":         Action,
		"deprecation-notice":       Review,

		"tenant-idtoken-api2-enabled":            Action,
		"tenant-user-policy-allow-all":           Review,
		"client-idtoken-not-rs256":               Affected,
		"client-granted-current-user-identities": Info,
		"client-secret-rotation-candidate":       Info,
	}
	all := All()
	if len(all) != len(published) {
		t.Fatalf("table has %d rows, published table has %d", len(all), len(published))
	}
	for _, uc := range all {
		want, ok := published[uc.ID]
		if !ok {
			t.Errorf("row %q is not in the published table", uc.ID)
			continue
		}
		if uc.Status != want {
			t.Errorf("%s: status %q, want %q", uc.ID, uc.Status, want)
		}
		if uc.Instead == "" || uc.Seen == "" {
			t.Errorf("%s: missing Seen or Instead text", uc.ID)
		}
		if !strings.HasPrefix(uc.DocURL, "https://auth0.com/docs/") {
			t.Errorf("%s: doc link %q is not an Auth0 docs page", uc.ID, uc.DocURL)
		}
	}
}

func TestAllIsOrderedByUrgency(t *testing.T) {
	all := All()
	for i := 1; i < len(all); i++ {
		if all[i-1].Status.Rank() > all[i].Status.Rank() {
			t.Fatalf("%s (%s) sorts before %s (%s)", all[i-1].ID, all[i-1].Status, all[i].ID, all[i].Status)
		}
	}
	if all[0].Status != Affected {
		t.Fatalf("first row is %s, want an affected row", all[0].Status)
	}
}

func TestLookupUnknown(t *testing.T) {
	if _, ok := Lookup("link-by-carrier-pigeon"); ok {
		t.Fatal("Lookup accepted an ID that is not in the table")
	}
	if ID("nope").Valid() {
		t.Fatal("Valid accepted an ID that is not in the table")
	}
}

func TestFindingWhereAndSort(t *testing.T) {
	fs := []Finding{
		New(LinkUserIDUpdateUsers, FromLogs, Confirmed),
		New(LinkIDTokenBearer, FromCode, Confirmed),
		New(SecretStaleUse, FromLogs, Confirmed),
	}
	fs[0].LogID = "900"
	fs[1].File, fs[1].Line, fs[1].Column = "main.go", 12, 3
	Sort(fs)
	if fs[0].UseCase != LinkIDTokenBearer || fs[1].UseCase != SecretStaleUse || fs[2].UseCase != LinkUserIDUpdateUsers {
		t.Fatalf("sort order = %s, %s, %s", fs[0].UseCase, fs[1].UseCase, fs[2].UseCase)
	}
	if got := fs[0].Where(); got != "main.go:12:3" {
		t.Errorf("code Where = %q", got)
	}
	if got := fs[2].Where(); got != "log_id 900" {
		t.Errorf("log Where = %q", got)
	}
}
