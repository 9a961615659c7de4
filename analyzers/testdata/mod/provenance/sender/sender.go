// Package sender can send a request: the dataflow is computed.
package sender // want `active`

import "net/http"

type tokenResponse struct {
	IDToken string `json:"id_token"`
}

func Send(tr tokenResponse) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodGet, "https://api.example.com/", nil)
	if err == nil {
		req.Header.Set("Authorization", "Bearer "+tr.IDToken)
	}
	return req, err
}
