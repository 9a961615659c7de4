package sinktest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// Answers of real Vault servers, recorded by others (no Vault server can be built or
// installed on this project's machines: see the README's secret-store section). The fake
// must answer with the same status, the same envelope and the same error messages.
var (
	// PUT /v1/secret/data/PATH, Vault 1.18 (a curl capture in a public blog repository; found
	// with the code search as id 37153053440); Vault before 1.17 has no mount_type.
	recordedVaultWrite = `{"request_id":"55d9e183-0000-0000-0000-000000000000","lease_id":"","renewable":false,"lease_duration":0,"data":{"created_time":"2024-11-19T12:25:17.82545Z","custom_metadata":null,"deletion_time":"","destroyed":false,"version":1},"wrap_info":null,"warnings":null,"auth":null,"mount_type":"kv"}`
	// GET /v1/secret/data/PATH, Vault 1.15.6 (libopenstorage/secrets,
	// vault/vault_cooldowns_test.go at 148196bf, "get-key").
	recordedVaultRead = `{"auth":null,"data":{"data":{"bar":"baz987"},"metadata":{"created_time":"2024-04-12T07:40:32.759558919Z","custom_metadata":null,"deletion_time":"","destroyed":false,"version":3}},"lease_duration":0,"lease_id":"","renewable":false,"request_id":"2915b7e5-73a5-3cdb-36b5-2ccf142de848","warnings":null,"wrap_info":null}`
	// A write whose cas is not the current version: 400 (hashicorp/vault issue 15676;
	// vault-plugin-secrets-kv path_data.go validateCheckAndSetOption).
	recordedVaultCASMismatch = `{"errors":["check-and-set parameter did not match the current version"]}`
	// A missing secret or version: 404 with no message (vault/sdk RespondErrorCommon for a
	// read with no response).
	recordedVaultMissing = `{"errors":[]}`
	// A token without access: 403 (libopenstorage/secrets, "perm").
	recordedVaultDenied = `{"errors":["permission denied"]}`
)

func vaultDo(t *testing.T, v *VaultKV, method, path, token, body string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, v.URL+path, strings.NewReader(body))
	req.Header.Set("X-Vault-Token", token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// shape is the JSON's structure: every object's keys (recursively) and each value's JSON type,
// without the values (ids and times differ between any two answers).
func shape(t *testing.T, doc []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		t.Fatalf("%v: %s", err, doc)
	}
	var walk func(any) any
	walk = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			out := map[string]any{}
			for k, e := range x {
				out[k] = walk(e)
			}
			return out
		case []any:
			return "array"
		case string:
			return "string"
		case float64:
			return "number"
		case bool:
			return "bool"
		}
		return "null"
	}
	return walk(v)
}

func sameShape(t *testing.T, what string, got, recorded []byte, ignore ...string) {
	t.Helper()
	g, r := shape(t, got), shape(t, recorded)
	for _, k := range ignore {
		delete(g.(map[string]any), k)
		delete(r.(map[string]any), k)
	}
	if !reflect.DeepEqual(g, r) {
		gj, _ := json.Marshal(g)
		rj, _ := json.Marshal(r)
		t.Errorf("%s: the fake's answer is not shaped as the recorded real one\nfake:     %s\nrecorded: %s", what, gj, rj)
	}
}

func sameBody(t *testing.T, what string, got []byte, recorded string) {
	t.Helper()
	var g, r any
	json.Unmarshal(got, &g)
	json.Unmarshal([]byte(recorded), &r)
	if !reflect.DeepEqual(g, r) {
		t.Errorf("%s: fake answers %s, a real Vault %s", what, bytes.TrimSpace(got), recorded)
	}
}

func TestVaultFakeAnswersAsRecordedRealVault(t *testing.T) {
	v := StartVaultKV(t)
	status, b := vaultDo(t, v, "PUT", "/v1/secret/data/app", v.Token, `{"options":{"cas":0},"data":{"bar":"baz1"}}`)
	if status != 200 {
		t.Fatalf("write: %d %s", status, b)
	}
	sameShape(t, "write", b, []byte(recordedVaultWrite))

	status, b = vaultDo(t, v, "GET", "/v1/secret/data/app", v.Token, "")
	if status != 200 {
		t.Fatalf("read: %d %s", status, b)
	}
	// The recording is from Vault 1.15, before mount_type.
	sameShape(t, "read", b, []byte(recordedVaultRead), "mount_type")
	var read struct {
		Data struct {
			Data     map[string]string
			Metadata struct{ Version int }
		}
	}
	json.Unmarshal(b, &read)
	if read.Data.Data["bar"] != "baz1" || read.Data.Metadata.Version != 1 {
		t.Errorf("read: %s", b)
	}

	status, b = vaultDo(t, v, "POST", "/v1/secret/data/app", v.Token, `{"options":{"cas":0},"data":{"bar":"baz2"}}`)
	if status != 400 {
		t.Errorf("stale cas: status %d, a real Vault 400", status)
	}
	sameBody(t, "stale cas", b, recordedVaultCASMismatch)

	vaultDo(t, v, "POST", "/v1/secret/data/app", v.Token, `{"options":{"cas":1},"data":{"bar":"baz2"}}`)
	status, b = vaultDo(t, v, "GET", "/v1/secret/data/app?version=1", v.Token, "")
	json.Unmarshal(b, &read)
	if status != 200 || read.Data.Data["bar"] != "baz1" || read.Data.Metadata.Version != 1 {
		t.Errorf("the previous version is not readable: %d %s", status, b)
	}

	for _, p := range []string{"/v1/secret/data/nope", "/v1/secret/data/app?version=9"} {
		status, b = vaultDo(t, v, "GET", p, v.Token, "")
		if status != 404 {
			t.Errorf("%s: status %d, a real Vault 404", p, status)
		}
		sameBody(t, p, b, recordedVaultMissing)
	}

	status, b = vaultDo(t, v, "GET", "/v1/secret/data/app", "not-the-token", "")
	if status != 403 {
		t.Errorf("bad token: status %d, a real Vault 403", status)
	}
	sameBody(t, "bad token", b, recordedVaultDenied)
}
