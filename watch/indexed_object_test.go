package watch

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// indexKeyed builds a JSONOBJECT body keyed by index from lines, keys in the order given.
func indexKeyed(t *testing.T, lines []string, order []int, pretty bool) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("{")
	for i, k := range order {
		if i > 0 {
			b.WriteString(",")
		}
		if pretty {
			b.WriteString("\n  ")
		}
		fmt.Fprintf(&b, "%q:", fmt.Sprint(k))
		if pretty {
			var ind bytes.Buffer
			if err := json.Indent(&ind, []byte(lines[k]), "  ", "  "); err != nil {
				t.Fatal(err)
			}
			b.Write(ind.Bytes())
		} else {
			b.WriteString(lines[k])
		}
	}
	if pretty {
		b.WriteString("\n")
	}
	b.WriteString("}")
	return b.String()
}

// TestIndexKeyedJSONObjectDeliveries: a JSONOBJECT delivery holding its batch keyed by index
// ({"0":{..},"1":{..}}) was refused with 400 (read as one record that is not an event), so a
// stream configured that way lost every event at Auth0's side. Now its events are each
// classified, in any key order, pretty-printed, gzip'd, wrapped or plain, several such objects
// in one body; the findings equal those of the same events sent as JSONLINES.
func TestIndexKeyedJSONObjectDeliveries(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "watch", "delivery.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	n := len(lines)
	ref, refSrv, _ := startReceiver(t, t.TempDir(), nil)
	if code, msg := post(t, refSrv.URL, "Bearer "+testToken, "application/json", string(raw)); code != http.StatusOK {
		t.Fatalf("JSONLINES: %d %s", code, msg)
	}
	waitIdle(t, ref)
	want := ref.Groups()
	if len(want) == 0 {
		t.Fatal("the reference delivery has no findings")
	}

	shuffled := make([]int, n)
	for i := range shuffled {
		shuffled[i] = (i*5 + 3) % n
	}
	inOrder := make([]int, n)
	for i := range inOrder {
		inOrder[i] = i
	}
	unwrapped := make([]string, n)
	for i, l := range lines {
		var env struct{ Data json.RawMessage }
		if err := json.Unmarshal([]byte(l), &env); err != nil || len(env.Data) == 0 {
			t.Fatalf("line %d is not an envelope: %v", i+1, err)
		}
		unwrapped[i] = string(env.Data)
	}
	half := n / 2
	gz := func(s string) string {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		io.WriteString(w, s)
		w.Close()
		return b.String()
	}
	for _, c := range []struct {
		name, body, encoding string
	}{
		{"in order", indexKeyed(t, lines, inOrder, false), ""},
		{"keys shuffled", indexKeyed(t, lines, shuffled, false), ""},
		{"pretty-printed", indexKeyed(t, lines, shuffled, true), ""},
		{"plain events", indexKeyed(t, unwrapped, inOrder, true), ""},
		{"two objects", indexKeyed(t, lines[:half], inOrder[:half], false) + "\n" + indexKeyed(t, lines[half:], inOrder[:n-half], true), ""},
		{"gzip", gz(indexKeyed(t, lines, shuffled, true)), "gzip"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, srv, _ := startReceiver(t, t.TempDir(), nil)
			req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(c.body))
			req.Header.Set("Authorization", testToken)
			req.Header.Set("Content-Type", "application/json")
			if c.encoding != "" {
				req.Header.Set("Content-Encoding", c.encoding)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), fmt.Sprintf(`"events":%d`, n)) {
				t.Fatalf("%d %s, want 200 with %d events", resp.StatusCode, body, n)
			}
			waitIdle(t, r)
			if c := r.Counts(); c.Classified != int64(n) {
				t.Errorf("counts %+v, want %d classified", c, n)
			}
			if got := r.Groups(); !reflect.DeepEqual(got, want) {
				t.Errorf("findings differ from the JSONLINES delivery:\n got %+v\nwant %+v", got, want)
			}
		})
	}

	// Objects keyed by index whose values are not events are still refused, with the reason.
	r, srv, _ := startReceiver(t, t.TempDir(), nil)
	for _, bad := range []string{`{"0":"x","1":"y"}`, `{"0":{"type":"s"}}`, `{"0":{"log_id":"1"},"x":{"log_id":"2"}}`} {
		if code, msg := post(t, srv.URL, "Bearer "+testToken, "", bad); code != http.StatusBadRequest {
			t.Errorf("%s: %d %s, want 400", bad, code, msg)
		}
	}
	if c := r.Counts(); c.Classified != 0 {
		t.Errorf("refused bodies were classified: %+v", c)
	}
}

func TestIndexedObjectsShapes(t *testing.T) {
	for body, want := range map[string]string{
		`{"1":{"b":2},"0":{"a":1}}`:              "{\"a\":1}\n{\"b\":2}\n",
		" \n{ \"0\" : {\"a\" : 1} }\n{\"0\":{}}": "{\"a\":1}\n{}\n",
		`{"0":{"a":1},"01":{"b":2}}`:             "",
		`{"0":{"a":1}} [1]`:                      "",
		`{"log_id":"0"}`:                         "",
		`[{"0":{}}]`:                             "",
	} {
		got, ok := indexedObjects([]byte(body))
		if want == "" {
			if ok {
				t.Errorf("%s read as index-keyed: %q", body, got)
			}
			continue
		}
		if !ok || string(got) != want {
			t.Errorf("%s: %q %v, want %q", body, got, ok, want)
		}
	}
}
