package main

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// legacyLink is the old client-side flow: it calls the Management API with the user's own
// ID token as the bearer. Auth0 no longer accepts that.
func (a *app) legacyLink(w http.ResponseWriter, r *http.Request) {
	s := a.session(r)
	body, _ := json.Marshal(map[string]string{
		"provider": r.FormValue("provider"),
		"user_id":  r.FormValue("user_id"),
	})
	url := "https://" + a.cfg.Domain + "/api/v2/users/" + s.UserID + "/identities"
	req, err := http.NewRequestWithContext(r.Context(), http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+s.IDToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, "link failed", http.StatusBadGateway)
		return
	}
	resp.Body.Close()
}
