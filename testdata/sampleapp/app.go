package main

import (
	"context"
	"net/http"
	"sync"

	"golang.org/x/oauth2"
)

// app holds the server-side Management client and the logged-in users' tokens.
type app struct {
	cfg    config
	oauth  *oauth2.Config
	server *linker

	mu       sync.Mutex
	sessions map[string]*session
}

// session is what the app keeps per logged-in user.
type session struct {
	UserID  string
	Token   *oauth2.Token
	IDToken string
}

func newApp(cfg config) (*app, error) {
	l, err := newLinker(context.Background(), cfg)
	if err != nil {
		return nil, err
	}
	return &app{cfg: cfg, oauth: userOAuth(cfg), server: l, sessions: map[string]*session{}}, nil
}

// callback finishes the login and stores the tokens.
func (a *app) callback(w http.ResponseWriter, r *http.Request) {
	tok, err := a.oauth.Exchange(r.Context(), r.URL.Query().Get("code"))
	if err != nil {
		http.Error(w, "login failed", http.StatusUnauthorized)
		return
	}
	idToken, _ := tok.Extra("id_token").(string)
	s := &session{UserID: r.URL.Query().Get("state"), Token: tok, IDToken: idToken}
	a.mu.Lock()
	a.sessions[s.UserID] = s
	a.mu.Unlock()
}

func (a *app) session(r *http.Request) *session {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.sessions[r.Header.Get("X-Session")]
}
