// Package model declares a token response but sends nothing: no sink can be reached from
// here, so the dataflow is not computed.
package model

type TokenResponse struct {
	AccessToken string `json:"access_token"`
	IDToken     string `json:"id_token"`
}
