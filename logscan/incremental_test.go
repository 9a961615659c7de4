package logscan

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/auth0-migrate/auth0audit/logscan/classify"
	"github.com/auth0-migrate/auth0audit/report"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// walkFindings classifies a batch with WalkBatch and the StaleTracker, deduplicating relevant
// events by log_id as the scanner does.
func walkFindings(t *testing.T, batches [][]byte, opt BatchOptions) ([]report.Group, int) {
	t.Helper()
	sum := report.NewSummarizer()
	stale := NewStaleTracker(0)
	emit := func(f usecase.Finding) error { sum.Add(f); return nil }
	seen := map[string]bool{}
	events := 0
	for _, b := range batches {
		st, err := WalkBatch(b, opt, func(ev BatchEvent) error {
			r := ev.Result
			if r.Kind == classify.Irrelevant {
				return nil
			}
			if seen[r.Finding.LogID] {
				return nil
			}
			seen[r.Finding.LogID] = true
			if r.SecretChanged {
				if err := stale.SecretChanged(r.ChangedClient, r.Finding.Time, r.Finding.LogID, emit); err != nil {
					return err
				}
			}
			switch r.Kind {
			case classify.FailedExchange:
				return stale.FailedExchange(r.Finding, emit)
			case classify.Classified:
				return emit(r.Finding)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		events += st.Events
	}
	return sum.Groups(), events
}

func scanGroups(t *testing.T, name string, data []byte) ([]report.Group, Stats) {
	t.Helper()
	sum := report.NewSummarizer()
	sc := New(Options{}, func(f usecase.Finding) error { sum.Add(f); return nil })
	if err := sc.Scan(context.Background(), name, bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	st, err := sc.Finish()
	if err != nil {
		t.Fatal(err)
	}
	return sum.Groups(), st
}

// TestWalkBatchFindsWhatScanFinds: every sample file, walked whole as one batch, and its events
// re-sent as log-stream envelopes in JSONLINES, JSONARRAY and one-object batches (newest
// first, so that secret changes arrive after the feccfts they make stale), give the findings a
// file scan gives.
func TestWalkBatchFindsWhatScanFinds(t *testing.T) {
	files, _ := filepath.Glob("../testdata/logs/*.json*")
	files = append(files, "../testdata/logs/eventbridge.ndjson")
	var allEvents [][]byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want, st := scanGroups(t, f, data)
		got, events := walkFindings(t, [][]byte{data}, BatchOptions{Classify: true})
		if !reflect.DeepEqual(got, want) || int64(events) != st.EventsRead {
			t.Errorf("%s: WalkBatch found %d events, %+v\nscan read %d, %+v", f, events, got, st.EventsRead, want)
		}
		_, _ = WalkBatch(data, BatchOptions{}, func(ev BatchEvent) error {
			if gjson.ValidBytes(ev.Event) && ev.LogID != "" {
				allEvents = append(allEvents, bytes.Clone(ev.Event))
			}
			return nil
		})
	}
	var nd bytes.Buffer
	for _, ev := range allEvents {
		nd.Write(ev)
		nd.WriteByte('\n')
	}
	want, _ := scanGroups(t, "all", nd.Bytes())
	var lines, array, objects [][]byte
	var cur, arr bytes.Buffer
	for i := len(allEvents) - 1; i >= 0; i-- {
		env := fmt.Appendf(nil, `{"log_id":%q,"data":%s}`, gjson.GetBytes(allEvents[i], "log_id").String(), allEvents[i])
		cur.Write(env)
		cur.WriteByte('\n')
		if arr.Len() == 0 {
			arr.WriteString("[\n")
		} else {
			arr.WriteString(",\n")
		}
		arr.Write(env)
		objects = append(objects, env)
		if i%7 == 0 {
			lines = append(lines, bytes.Clone(cur.Bytes()))
			array = append(array, append(bytes.Clone(arr.Bytes()), "\n]"...))
			cur.Reset()
			arr.Reset()
		}
	}
	for name, batches := range map[string][][]byte{"JSONLINES": lines, "JSONARRAY": array, "JSONOBJECT": objects} {
		for _, strict := range []bool{false, true} {
			got, events := walkFindings(t, batches, BatchOptions{Classify: true, Strict: strict})
			if !reflect.DeepEqual(got, want) || events != len(allEvents) {
				t.Errorf("%s strict=%v: %d events, findings differ:\nwalk %+v\nscan %+v", name, strict, events, got, want)
			}
		}
	}
}
