// Command sampleapp is a small account-linking web app used to demonstrate auth0vet and
// "auth0audit code": it mixes code Auth0's linking change breaks with compliant code.
//
//	go run ./cmd/auth0vet ./testdata/sampleapp/...
package main

import (
	"context"
	"log"
	"net/http"
	"os"
)

func main() {
	cfg := loadConfig()
	app, err := newApp(cfg)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := newReportingClient(context.Background(), cfg); err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/callback", app.callback)
	mux.HandleFunc("/link/legacy", app.legacyLink)
	mux.HandleFunc("/link/self", app.selfServiceLink)
	mux.HandleFunc("/link/secondary", app.linkWithSecondary)
	mux.HandleFunc("/unlink", app.unlink)
	mux.HandleFunc("/logout", app.logout)
	addr := os.Getenv("ADDR")
	if addr == "" {
		addr = "127.0.0.1:3000"
	}
	log.Fatal(http.ListenAndServe(addr, mux))
}
