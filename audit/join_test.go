package audit

import (
	"testing"

	"github.com/auth0-migrate/auth0audit/report"
	"github.com/auth0-migrate/auth0audit/usecase"
)

func TestByClientJoinsSourcesPerClient(t *testing.T) {
	s := Sources{
		Code: []report.Group{{UseCase: usecase.SecretHardcoded, Status: usecase.Action, Count: 1, Samples: []string{"main.go:7:2"}}},
		Logs: []report.Group{
			{UseCase: usecase.LinkIDTokenBearer, Status: usecase.Affected, ClientID: "spa1", Count: 3, Samples: []string{"900"}},
			{UseCase: usecase.LinkWithIDToken, Status: usecase.Compliant, ClientID: "spa1", ClientName: "Shop", Count: 9},
			{UseCase: usecase.LinkUserIDUpdateUsers, Status: usecase.NotAffected, ClientID: "m2m", Count: 2},
		},
		Tenant: []report.Group{{UseCase: usecase.ClientIDTokenNotRS256, Status: usecase.Affected, ClientID: "spa1", ClientName: "Shop", Count: 1}},
	}
	got := ByClient(s)
	if len(got) != 3 {
		t.Fatalf("%d clients, want 3 (spa1 once, m2m, no client): %+v", len(got), got)
	}
	if got[0].Client != "Shop (spa1)" || len(got[0].Rows) != 3 {
		t.Fatalf("first client = %+v, want Shop (spa1) with 3 rows", got[0])
	}
	if got[0].Rows[0].Status != usecase.Affected || got[0].Rows[2].Status != usecase.Compliant {
		t.Errorf("rows not ordered by urgency: %+v", got[0].Rows)
	}
	if got[1].Client != unattributed || got[2].Client != "m2m" {
		t.Errorf("order = %s, %s; want the action finding without client before the not-affected client", got[1].Client, got[2].Client)
	}
}
