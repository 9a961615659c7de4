package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/auth0-migrate/auth0audit/usecase"
)

func TestWriteSARIF(t *testing.T) {
	code := usecase.New(usecase.LinkIDTokenBearer, usecase.FromCode, usecase.Confirmed)
	code.File, code.Line, code.Column = "/repo/internal/link/handler.go", 42, 9
	code.Detail = "link-idtoken-bearer: ID token used as bearer"
	secret := usecase.New(usecase.SecretHardcoded, usecase.FromCode, usecase.Confirmed)
	secret.File, secret.Line = "/repo/main.go", 7
	logs := usecase.New(usecase.SecretStaleUse, usecase.FromLogs, usecase.Confirmed)
	logs.LogID = "9001"

	var buf bytes.Buffer
	leftOut, err := WriteSARIF(&buf, "/repo", []usecase.Finding{code, secret, logs})
	if err != nil {
		t.Fatal(err)
	}
	if leftOut != 1 {
		t.Errorf("leftOut = %d, want 1 (the log finding)", leftOut)
	}
	// Read it back with the library's own parser: the output must be a valid SARIF log.
	rep, err := sarif.FromBytes(buf.Bytes())
	if err != nil {
		t.Fatalf("output is not SARIF: %v\n%s", err, buf.String())
	}
	if rep.Version != "2.1.0" || len(rep.Runs) != 1 {
		t.Fatalf("version %q, %d runs", rep.Version, len(rep.Runs))
	}
	run := rep.Runs[0]
	if len(run.Tool.Driver.Rules) != len(usecase.All()) {
		t.Errorf("%d rules, want one per use case (%d)", len(run.Tool.Driver.Rules), len(usecase.All()))
	}
	if len(run.Results) != 2 {
		t.Fatalf("%d results, want 2", len(run.Results))
	}
	r := run.Results[0]
	loc := r.Locations[0].PhysicalLocation
	if *r.RuleID != "link-idtoken-bearer" || *r.Level != "error" ||
		*loc.ArtifactLocation.URI != "internal/link/handler.go" || *loc.Region.StartLine != 42 || *loc.Region.StartColumn != 9 {
		b, _ := json.Marshal(r)
		t.Errorf("first result = %s", b)
	}
	if *run.Results[1].Level != "warning" {
		t.Errorf("hard-coded secret level = %s, want warning", *run.Results[1].Level)
	}
}
