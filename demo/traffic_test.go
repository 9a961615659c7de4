package demo

import (
	"context"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/auth0-migrate/auth0audit/auth0sim"
)

func TestTrafficProducesEveryEventKind(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{Seed: auth0sim.MidMigrationSeed()})
	steps, err := Traffic(context.Background(), srv)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"ok", "ok", "rejected 403", "ok", "ok", "ok", "ok", "rejected 401"}
	if len(steps) != len(want) {
		t.Fatalf("%d steps, want %d: %+v", len(steps), len(want), steps)
	}
	for i, s := range steps {
		if s.Status != want[i] {
			t.Errorf("step %d (%s: %s) = %s, want %s", i, s.Who, s.What, s.Status, want[i])
		}
	}
	types := map[string]int{}
	for _, ev := range srv.Logs() {
		types[gjson.GetBytes(ev, "type").String()]++
	}
	if types["sapi"] < 6 || types["fapi"] < 1 || types["feccft"] != 1 {
		t.Errorf("log event types = %v", types)
	}
	if srv.Applied("rotate-secret") != 1 {
		t.Errorf("rotations applied = %d, want 1", srv.Applied("rotate-secret"))
	}
}
