package recordings

import (
	"strings"
	"testing"
)

func TestLoadAndFind(t *testing.T) {
	c, err := Load("TestClient_RotateSecret.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ex, err := c.Find("POST", "/rotate-secret")
	if err != nil {
		t.Fatal(err)
	}
	if ex.Response.Code != 200 || !strings.Contains(ex.Response.Body, "client_secret") {
		t.Errorf("recorded rotate-secret answered %d with %.80s", ex.Response.Code, ex.Response.Body)
	}
	if _, err := c.Find("DELETE", "/nowhere"); err == nil || !strings.Contains(err.Error(), "TestClient_RotateSecret.yaml") {
		t.Errorf("missing exchange: err = %v, want one naming the recording", err)
	}
	if _, err := Load("NoSuchRecording.yaml"); err == nil || !strings.Contains(err.Error(), Module) {
		t.Errorf("missing recording: err = %v, want one naming the module", err)
	}
}
