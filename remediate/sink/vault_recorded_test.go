package sink

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// The vault: store reads and writes answers recorded from real Vault servers (the same
// recordings the fake is checked against in sinktest/vaultkv_test.go), so it depends on
// nothing the fake alone says.
func TestVaultStoreUnderstandsRecordedRealAnswers(t *testing.T) {
	const (
		// GET, Vault 1.15.6 (libopenstorage/secrets vault/vault_cooldowns_test.go, "get-key").
		read = `{"auth":null,"data":{"data":{"bar":"baz987"},"metadata":{"created_time":"2024-04-12T07:40:32.759558919Z","custom_metadata":null,"deletion_time":"","destroyed":false,"version":3}},"lease_duration":0,"lease_id":"","renewable":false,"request_id":"2915b7e5-73a5-3cdb-36b5-2ccf142de848","warnings":null,"wrap_info":null}`
		// PUT with a stale cas: 400.
		casMismatch = `{"errors":["check-and-set parameter did not match the current version"]}`
		// PUT, Vault 1.18.
		written = `{"request_id":"55d9e183-0000-0000-0000-000000000000","lease_id":"","renewable":false,"lease_duration":0,"data":{"created_time":"2024-11-19T12:25:17.82545Z","custom_metadata":null,"deletion_time":"","destroyed":false,"version":4},"wrap_info":null,"warnings":null,"auth":null,"mount_type":"kv"}`
	)
	writeAnswer := casMismatch
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodGet {
			io.WriteString(w, read)
			return
		}
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		if writeAnswer == casMismatch {
			w.WriteHeader(http.StatusBadRequest)
		}
		io.WriteString(w, writeAnswer)
	}))
	defer srv.Close()
	env := map[string]string{"VAULT_ADDR": srv.URL, "VAULT_TOKEN": "hvs.recorded"}
	v, err := ParseVault("secret/app#bar", func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	st, err := v.Read("web")
	if err != nil || st.Current != "baz987" || st.Pending != "" || st.Previous != "" {
		t.Fatalf("read of a recorded answer: %+v %v", st, err)
	}
	if w := v.Where("web", SlotCurrent); w == "" {
		t.Fatal("no Where")
	}
	to := Stages{Current: "baz987", Pending: "staged-value-1234"}
	var conflict *ConflictError
	if err := v.Write("web", st, to); !errors.As(err, &conflict) {
		t.Fatalf("a recorded cas mismatch must be a conflict, got %v", err)
	}
	writeAnswer = written
	if err := v.Write("web", st, to); err != nil {
		t.Fatalf("a recorded successful write: %v", err)
	}
	if len(bodies) != 2 || bodies[1] != `{"data":{"bar":"baz987","bar_pending":"staged-value-1234"},"options":{"cas":3}}` {
		t.Fatalf("the store sent %q: want cas on the version it read (3)", bodies)
	}
}
