package auth0sim

import (
	"net/http"
	"net/url"
	"slices"
)

func (s *Server) tenantSettingsLocked() map[string]any {
	return map[string]any{
		"friendly_name": s.tenantName,
		"flags": map[string]any{
			"enable_idtoken_api2":       s.enableIDTokenAPI2,
			"enable_client_connections": false,
		},
	}
}

func (s *Server) handleGetTenantSettings(c *call) (int, any, *apiError) {
	if err := s.requireScopeLocked(c.p, "read:tenant_settings"); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, s.tenantSettingsLocked(), nil
}

// handlePatchTenantSettings supports friendly_name and flags.enable_idtoken_api2; other flags
// are accepted and ignored.
func (s *Server) handlePatchTenantSettings(c *call) (int, any, *apiError) {
	if err := s.requireScopeLocked(c.p, "update:tenant_settings"); err != nil {
		return 0, nil, err
	}
	if c.body == nil {
		return 0, nil, errBadRequest("Payload validation error: expected an object.", "invalid_body")
	}
	name, flag := s.tenantName, s.enableIDTokenAPI2
	if v, ok := c.body["friendly_name"]; ok {
		str, ok := v.(string)
		if !ok {
			return 0, nil, errBadRequest("Payload validation error: 'friendly_name' must be a string.", "invalid_body")
		}
		name = str
	}
	if v, ok := c.body["flags"]; ok {
		flags, ok := v.(map[string]any)
		if !ok {
			return 0, nil, errBadRequest("Payload validation error: 'flags' must be an object.", "invalid_body")
		}
		if fv, ok := flags["enable_idtoken_api2"]; ok {
			b, ok := fv.(bool)
			if !ok {
				return 0, nil, errBadRequest("Payload validation error: 'flags.enable_idtoken_api2' must be a boolean.", "invalid_body")
			}
			flag = b
		}
	}
	if name != s.tenantName || flag != s.enableIDTokenAPI2 {
		s.tenantName, s.enableIDTokenAPI2 = name, flag
		c.changed = true
	}
	return http.StatusOK, s.tenantSettingsLocked(), nil
}

// managementResourceServerLocked is the Management API as GET /api/v2/resource-servers shows it.
func (s *Server) managementResourceServerLocked() map[string]any {
	return map[string]any{
		"id":                   "rs_management_api",
		"name":                 "Auth0 Management API",
		"identifier":           s.ManagementAudience(),
		"is_system":            true,
		"signing_alg":          "RS256",
		"token_lifetime":       86400,
		"allow_offline_access": false,
		"skip_consent_for_verifiable_first_party_clients": false,
		"subject_type_authorization": map[string]any{
			"user":   map[string]any{"policy": s.userAccessPolicy},
			"client": map[string]any{"policy": "require_client_grant"},
		},
		"scopes": scopeObjects(AllManagementScopes),
	}
}

func scopeObjects(scopes []string) []map[string]string {
	out := make([]map[string]string, 0, len(scopes)+1)
	for _, sc := range append(slices.Clone(scopes), "update:current_user_identities") {
		out = append(out, map[string]string{"value": sc, "description": sc})
	}
	return out
}

func (s *Server) handleListResourceServers(c *call) (int, any, *apiError) {
	if err := s.requireScopeLocked(c.p, "read:resource_servers"); err != nil {
		return 0, nil, err
	}
	all := []map[string]any{s.managementResourceServerLocked()}
	page, perPage, totals, err := pageParams(c.r, 50)
	if err != nil {
		return 0, nil, err
	}
	items := pageOf(all, page, perPage)
	if totals {
		return http.StatusOK, map[string]any{"start": page * perPage, "limit": perPage, "total": len(all), "resource_servers": items}, nil
	}
	return http.StatusOK, items, nil
}

// handleGetResourceServer accepts the id or the (percent-encoded) identifier.
func (s *Server) handleGetResourceServer(c *call) (int, any, *apiError) {
	if err := s.requireScopeLocked(c.p, "read:resource_servers"); err != nil {
		return 0, nil, err
	}
	id := c.r.PathValue("id")
	if dec, err := url.PathUnescape(id); err == nil {
		id = dec
	}
	rs := s.managementResourceServerLocked()
	if id != rs["id"] && id != rs["identifier"] {
		return 0, nil, errNotFound("The resource server does not exist", "inexistent_resource_server")
	}
	return http.StatusOK, rs, nil
}

func (s *Server) handleListClientGrants(c *call) (int, any, *apiError) {
	if err := s.requireScopeLocked(c.p, "read:client_grants"); err != nil {
		return 0, nil, err
	}
	q := c.r.URL.Query()
	all := []ClientGrant{}
	for _, g := range s.grants {
		g.Scope = slices.Clone(g.Scope)
		if g.Audience == managementAudiencePlaceholder {
			g.Audience = s.ManagementAudience()
		}
		if cid := q.Get("client_id"); cid != "" && g.ClientID != cid {
			continue
		}
		if aud := q.Get("audience"); aud != "" && g.Audience != aud {
			continue
		}
		all = append(all, g)
	}
	page, perPage, totals, err := pageParams(c.r, 50)
	if err != nil {
		return 0, nil, err
	}
	items := pageOf(all, page, perPage)
	if totals {
		return http.StatusOK, map[string]any{"start": page * perPage, "limit": perPage, "total": len(all), "client_grants": items}, nil
	}
	return http.StatusOK, items, nil
}
