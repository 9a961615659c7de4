package auth0sim

import (
	"fmt"
	"net/http"
)

// routes maps every endpoint to its route name (the names SetFault and Applied take).
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST /oauth/token", s.endpoint("oauth-token", s.handleOAuthToken))
	mux.Handle("GET /.well-known/jwks.json", s.endpoint("jwks", s.handleJWKS))

	api := func(pattern, route, description string, h apiHandler) {
		mux.Handle(pattern, s.endpoint(route, s.managementAPI(route, description, h)))
	}
	api("GET /api/v2/users/{id}", "get-user", "Get a user", s.handleGetUser)
	api("POST /api/v2/users/{id}/identities", "link", "Link a User Account", s.handleLink)
	api("DELETE /api/v2/users/{id}/identities/{provider}/{user_id}", "unlink", "Unlink a User Account", s.handleUnlink)
	api("GET /api/v2/clients", "list-clients", "Get clients", s.handleListClients)
	api("GET /api/v2/clients/{id}", "get-client", "Get a client", s.handleGetClient)
	api("PATCH /api/v2/clients/{id}", "patch-client", "Update a client", s.handlePatchClient)
	api("POST /api/v2/clients/{id}/rotate-secret", "rotate-secret", "Rotate a client secret", s.handleRotateSecret)
	api("GET /api/v2/logs", "logs", "Get logs", s.handleLogs)
	api("GET /api/v2/tenants/settings", "get-tenant-settings", "Get tenant settings", s.handleGetTenantSettings)
	api("PATCH /api/v2/tenants/settings", "patch-tenant-settings", "Update tenant settings", s.handlePatchTenantSettings)
	api("GET /api/v2/resource-servers", "list-resource-servers", "Get resource servers", s.handleListResourceServers)
	api("GET /api/v2/resource-servers/{id}", "get-resource-server", "Get a resource server", s.handleGetResourceServer)
	api("GET /api/v2/client-grants", "list-client-grants", "Get client grants", s.handleListClientGrants)

	mux.Handle("/__sim/", loopbackOnly(s.helperRoutes()))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, newAPIError(http.StatusNotFound, "Not Found", ""))
	})
	return mux
}

// routeNames are the route names above, in the package documentation's order.
var routeNames = []string{"oauth-token", "jwks", "get-user", "link", "unlink", "list-clients", "get-client", "patch-client",
	"rotate-secret", "logs", "get-tenant-settings", "patch-tenant-settings", "list-resource-servers",
	"get-resource-server", "list-client-grants"}

// knownRoute reports whether name is one of the route names above.
func knownRoute(name string) bool {
	for _, r := range routeNames {
		if r == name {
			return true
		}
	}
	return false
}

// mustKnowRoute panics on a route name the simulator does not serve: a typo in a test would
// otherwise inject a fault nowhere, or count changes that can never happen, and pass vacuously.
func mustKnowRoute(name string) {
	if !knownRoute(name) {
		panic(fmt.Sprintf("auth0sim: unknown route %q (see the package documentation for route names)", name))
	}
}
