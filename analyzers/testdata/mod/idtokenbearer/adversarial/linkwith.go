package adversarial

import (
	"bytes"
	"encoding/json"
	"net/http"

	"golang.org/x/oauth2"
)

type linkBody struct {
	LinkWith string `json:"link_with"`
}

// LinkWithStruct: the secondary's ID token in a link_with body, an access token as bearer.
func LinkWithStruct(primary, secondary *oauth2.Token, id string) {
	body, _ := json.Marshal(linkBody{LinkWith: secondary.Extra("id_token").(string)})
	req, _ := http.NewRequest(http.MethodPost, "https://"+domain+"/api/v2/users/"+id+"/identities", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+primary.AccessToken)
	http.DefaultClient.Do(req)
}
