package auth0sim

import "net/http"

// LoopbackOnly exposes the helper API guard to the external tests.
func LoopbackOnly(h http.Handler) http.Handler { return loopbackOnly(h) }
