package watch

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/auth0-migrate/auth0audit/usecase"
)

const testToken = "s3cr3t-token"

// startReceiver opens a receiver on dir and serves it; the returned stop ends Run and closes it.
func startReceiver(t *testing.T, dir string, mod func(*Config)) (*Receiver, *httptest.Server, func()) {
	t.Helper()
	auth, err := NewAuthenticator(testToken)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Dir: dir, Auth: auth, CheckpointEvery: 50 * time.Millisecond, Log: func(s string) { t.Log(s) }}
	if mod != nil {
		mod(&cfg)
	}
	r, err := Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(r.Handler())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		srv.Close()
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		if err := r.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	}
	t.Cleanup(stop)
	return r, srv, stop
}

// event is a log event in the real shape: a login (irrelevant) unless typ says otherwise.
func event(id int, typ, clientID, date string) string {
	logID := fmt.Sprintf("900%s%039d", "20261001000000", id)
	return fmt.Sprintf(`{"_id":%q,"log_id":%q,"date":%q,"type":%q,"description":"","client_id":%q,"client_name":"App %s","ip":"198.51.100.7","user_agent":"Other 0.0.0","details":{},"user_id":"auth0|u%d"}`,
		logID, logID, date, typ, clientID, clientID, id)
}

// linkWithIDToken is a POST identities by a user acting on themselves with no scopes.
func linkWithIDToken(id int, clientID, date string) string {
	logID := fmt.Sprintf("900%s%039d", "20261001000000", id)
	return fmt.Sprintf(`{"_id":%q,"log_id":%q,"date":%q,"type":"sapi","description":"Link a User Account","client_id":%q,"client_name":"Legacy","details":{"request":{"method":"post","path":"/api/v2/users/auth0%%7Cprimary/identities","body":{"provider":"github","user_id":"4242"},"auth":{"strategy":"jwt","user":{"user_id":"auth0|primary"},"credentials":{}}},"response":{"statusCode":201,"body":[]}},"user_id":"auth0|primary"}`,
		logID, logID, date, clientID)
}

func envelope(ev string) string {
	id := ev[strings.Index(ev, `"log_id":"`)+10:]
	id = id[:strings.IndexByte(id, '"')]
	return `{"log_id":"` + id + `","data":` + ev + `}`
}

func post(t *testing.T, url, auth, contentType, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func waitIdle(t *testing.T, r *Receiver) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := r.WaitIdle(ctx); err != nil {
		t.Fatalf("classifier did not catch up: %v (counts %+v)", err, r.Counts())
	}
}

func TestDeliveryIsSpooledClassifiedAndDeduplicated(t *testing.T) {
	r, srv, _ := startReceiver(t, t.TempDir(), nil)
	var lines []string
	for i := 1; i <= 5; i++ {
		lines = append(lines, envelope(event(i, "s", "web", "2026-10-01T10:00:00.000Z")))
	}
	lines = append(lines, envelope(linkWithIDToken(6, "legacy", "2026-10-01T10:00:01.000Z")))
	body := strings.Join(lines, "\n") + "\n"
	code, msg := post(t, srv.URL+"/", "Bearer "+testToken, "application/json", body)
	if code != http.StatusOK {
		t.Fatalf("POST: %d %s", code, msg)
	}
	// A redelivery of the same batch.
	if code, msg := post(t, srv.URL+"/", "Bearer "+testToken, "application/json", body); code != http.StatusOK {
		t.Fatalf("redelivery: %d %s", code, msg)
	}
	waitIdle(t, r)
	c := r.Counts()
	if c.Classified != 6 || c.Deduplicated != 6 || c.Consumed != 12 {
		t.Errorf("counts %+v, want 6 classified, 6 deduplicated", c)
	}
	groups := r.Groups()
	if len(groups) != 1 || groups[0].UseCase != usecase.LinkIDTokenBearer || groups[0].Count != 1 {
		t.Errorf("groups %+v, want one link-idtoken-bearer", groups)
	}
}
