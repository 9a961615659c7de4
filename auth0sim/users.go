package auth0sim

import (
	"net/http"
	"slices"
)

// userView is a user as GET /api/v2/users/{id} returns it.
type userView struct {
	UserID     string     `json:"user_id"`
	Email      string     `json:"email,omitempty"`
	Name       string     `json:"name,omitempty"`
	Identities []Identity `json:"identities"`
}

func errNoUser() *apiError {
	return errNotFound("The user does not exist.", "inexistent_user")
}

func (s *Server) handleGetUser(c *call) (int, any, *apiError) {
	id := c.r.PathValue("id")
	ownRead := c.p.userID() == id && (c.p.has("read:current_user") || (c.p.kind == kindIDToken && s.enableIDTokenAPI2))
	if !ownRead {
		if err := s.requireScopeLocked(c.p, "read:users"); err != nil {
			return 0, nil, err
		}
	}
	u, ok := s.users[id]
	if !ok {
		return 0, nil, errNoUser()
	}
	return http.StatusOK, userView{UserID: u.UserID, Email: u.Email, Name: u.Name, Identities: slices.Clone(u.Identities)}, nil
}

// isUserLinkScope reports the user-scoped link scope, in its real spelling and the migration
// guide's misspelling.
func isUserLinkScope(p *principal) bool {
	return p.has("update:current_user_identities") || p.has("update:current_user_metadata")
}

// authorizeIdentityChange applies the bearer rules shared by link and unlink. It reports
// whether the caller acts as the end user (self-service), which restricts the link body.
func (s *Server) authorizeIdentityChange(p *principal, pathUser, verb string) (selfService bool, err *apiError) {
	switch {
	case p.kind == kindIDToken:
		if !s.enableIDTokenAPI2 {
			return false, errIDTokenBearer()
		}
		// Legacy behaviour behind the flag: the ID token's own user may link and unlink.
		if p.sub != pathUser {
			return false, newAPIError(http.StatusForbidden, "An ID token can only "+verb+" identities of its own user ("+
				p.sub+"), not "+pathUser+".", "operation_not_allowed")
		}
		return false, nil
	case p.has("update:users"):
		return false, nil
	case p.kind == kindUser && isUserLinkScope(p):
		if p.sub != pathUser {
			return true, newAPIError(http.StatusForbidden, "A token with update:current_user_identities can only "+verb+
				" identities of its own user ("+p.sub+"), not "+pathUser+".", "operation_not_allowed")
		}
		return true, nil
	default:
		return false, errInsufficientScope("update:users", "update:current_user_identities")
	}
}

// handleLink links a secondary account into the primary {id}: the secondary's identities move
// into the primary's identities array and the secondary user stops existing on its own.
func (s *Server) handleLink(c *call) (int, any, *apiError) {
	primaryID := c.r.PathValue("id")
	selfService, err := s.authorizeIdentityChange(c.p, primaryID, "link")
	if err != nil {
		return 0, nil, err
	}
	if c.body == nil {
		return 0, nil, errBadRequest("Payload validation error: send either link_with, or provider and user_id.", "invalid_body")
	}
	linkWith, hasLinkWith := c.body["link_with"]
	_, hasProvider := c.body["provider"]
	_, hasUserID := c.body["user_id"]
	_, hasConnection := c.body["connection_id"]
	if hasLinkWith && (hasProvider || hasUserID || hasConnection) {
		return 0, nil, errBadRequest("Payload validation error: link_with cannot be sent with provider, user_id or connection_id.", "invalid_body")
	}
	var secondaryID string
	if hasLinkWith {
		token, ok := linkWith.(string)
		if !ok || token == "" {
			return 0, nil, errBadRequest("Payload validation error: link_with must be a JWT string.", "invalid_body")
		}
		sub, verr := s.verifyLinkWithLocked(token, c.p.clientID)
		if verr != nil {
			return 0, nil, verr
		}
		secondaryID = sub
	} else {
		if selfService {
			return 0, nil, errInsufficientScope("update:users")
		}
		provider, _ := c.body["provider"].(string)
		userID, _ := c.body["user_id"].(string)
		if provider == "" || userID == "" {
			return 0, nil, errBadRequest("Payload validation error: send either link_with, or provider and user_id.", "invalid_body")
		}
		secondaryID = provider + "|" + userID
		if p, _ := splitUserID(userID); p == provider {
			secondaryID = userID // user_id given in full, as go-auth0's tests send it
		}
	}
	primary, ok := s.users[primaryID]
	if !ok {
		return 0, nil, errNoUser()
	}
	if secondaryID == primaryID {
		return 0, nil, errBadRequest("Main identity and the new one are the same.", "invalid_body")
	}
	secondary, ok := s.users[secondaryID]
	if !ok {
		return 0, nil, errNotFound("The secondary user "+secondaryID+" does not exist.", "inexistent_user")
	}
	for _, ident := range secondary.Identities {
		if ident.ProfileData == nil {
			ident.ProfileData = map[string]any{"email": secondary.Email, "name": secondary.Name}
		}
		primary.Identities = append(primary.Identities, ident)
	}
	delete(s.users, secondaryID)
	s.userOrder = slices.DeleteFunc(s.userOrder, func(id string) bool { return id == secondaryID })
	c.changed = true
	return http.StatusCreated, slices.Clone(primary.Identities), nil
}

// handleUnlink removes identity {provider}/{user_id} (the bare id) from {id} and restores it
// as a standalone user.
func (s *Server) handleUnlink(c *call) (int, any, *apiError) {
	primaryID := c.r.PathValue("id")
	if _, err := s.authorizeIdentityChange(c.p, primaryID, "unlink"); err != nil {
		return 0, nil, err
	}
	provider, bareID := c.r.PathValue("provider"), c.r.PathValue("user_id")
	// A bare id may itself contain "|" (a custom OAuth2 connection's identity is provider
	// "oauth2", user_id "my-connection|123"): only the path's own provider as a prefix is the
	// mistake of sending the full user id.
	if p, _ := splitUserID(bareID); p != "" && p == provider {
		return 0, nil, errBadRequest("user_id must be the secondary identity's bare id, without the \""+p+
			"|\" prefix.", "invalid_uri")
	}
	primary, ok := s.users[primaryID]
	if !ok {
		return 0, nil, errNoUser()
	}
	idx := slices.IndexFunc(primary.Identities, func(i Identity) bool {
		return i.Provider == provider && i.UserID == bareID
	})
	switch {
	case idx == 0:
		return 0, nil, errBadRequest("Main identity cannot be removed.", "invalid_uri")
	case idx < 0:
		return 0, nil, errNotFound("The identity "+provider+"|"+bareID+" is not linked to "+primaryID+".", "inexistent_identity")
	}
	ident := primary.Identities[idx]
	primary.Identities = slices.Delete(primary.Identities, idx, idx+1)
	restored := User{UserID: provider + "|" + bareID, Identities: []Identity{ident}}
	if email, ok := ident.ProfileData["email"].(string); ok {
		restored.Email = email
	}
	if name, ok := ident.ProfileData["name"].(string); ok {
		restored.Name = name
	}
	restored.Identities[0].ProfileData = nil
	s.users[restored.UserID] = &restored
	s.userOrder = append(s.userOrder, restored.UserID)
	c.changed = true
	return http.StatusOK, slices.Clone(primary.Identities), nil
}
