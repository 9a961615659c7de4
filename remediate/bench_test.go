package remediate

import (
	"fmt"
	"testing"

	"github.com/auth0-migrate/auth0audit/usecase"
)

// BenchmarkBuildPlan plans from 100k log findings (a large tenant's month of failing calls).
func BenchmarkBuildPlan(b *testing.B) {
	fs := make([]usecase.Finding, 0, 100_000)
	for i := range 100_000 {
		f := usecase.New(usecase.UnlinkIDTokenBearer, usecase.FromLogs, usecase.Suspected)
		f.LogID, f.StatusCode, f.ClientID = fmt.Sprint(i), 401, fmt.Sprintf("client-%d", i%50)
		f.Path = fmt.Sprintf("/api/v2/users/auth0%%7Cu%d/identities/google-oauth2/%d", i%5000, i%5000)
		fs = append(fs, f)
	}
	b.ReportAllocs()
	for b.Loop() {
		p, err := BuildPlan(fs, PlanOptions{})
		if err != nil || len(p.Steps) != 5000 {
			b.Fatalf("%d steps, %v", len(p.Steps), err)
		}
	}
}
