package tenantcheck

import (
	"fmt"
	"slices"
	"sort"

	"github.com/auth0/go-auth0/management"

	"github.com/auth0-migrate/auth0audit/usecase"
)

func finding(id usecase.ID, check string, c *management.Client, detail string) usecase.Finding {
	f := usecase.New(id, usecase.FromTenant, usecase.Confirmed)
	f.Check, f.Detail = check, detail
	if c != nil {
		f.ClientID, f.ClientName = c.GetClientID(), c.GetName()
	}
	return f
}

// checkIDTokenFlag: while enable_idtoken_api2 is on, API v2 still takes ID tokens as bearers,
// so affected code keeps working and nothing tells its owners.
func checkIDTokenFlag(s *snapshot) []usecase.Finding {
	if s.tenant == nil || !s.tenant.GetFlags().GetEnableIDTokenAPI2() {
		return nil
	}
	return []usecase.Finding{finding(usecase.TenantIDTokenAPI2Enabled, "idtoken-api2-flag", nil,
		"flags.enable_idtoken_api2 is true: Management API v2 still accepts ID tokens as bearer tokens")}
}

// checkUserPolicy: allow_all on the Management API lets any first-party app ask for
// update:current_user_identities on a user's behalf.
func checkUserPolicy(s *snapshot) []usecase.Finding {
	if s.mgmtAPI == nil {
		return nil
	}
	policy := s.mgmtAPI.GetSubjectTypeAuthorization().GetUser().GetPolicy()
	if policy != "allow_all" {
		return nil
	}
	return []usecase.Finding{finding(usecase.TenantUserPolicyAllowAll, "mgmt-api-user-policy", nil,
		fmt.Sprintf("resource server %s: subject_type_authorization.user.policy is allow_all", s.mgmtAPIAud))}
}

// grantsCurrentUserIdentities reports whether a grant lets its client obtain the user-scoped
// link scope on the Management API. The migration guide's misspelling is honoured too.
func grantsCurrentUserIdentities(g *management.ClientGrant, mgmtAud string) bool {
	if mgmtAud != "" && g.GetAudience() != mgmtAud {
		return false
	}
	scopes := g.GetScope()
	return slices.Contains(scopes, "update:current_user_identities") || slices.Contains(scopes, "update:current_user_metadata")
}

// checkLinkingClients finds the clients that link accounts client-side (granted the user link
// scope, or named by the caller from logs/code) and, among them, those whose ID tokens are not
// RS256: link_with only accepts RS256 ID tokens, so their users cannot link.
func checkLinkingClients(s *snapshot, known []string) []usecase.Finding {
	linking := map[string]bool{}
	for _, id := range known {
		linking[id] = true
	}
	var out []usecase.Finding
	byID := map[string]*management.Client{}
	for _, c := range s.clients {
		byID[c.GetClientID()] = c
	}
	for _, g := range s.grants {
		if !grantsCurrentUserIdentities(g, s.mgmtAPIAud) {
			continue
		}
		linking[g.GetClientID()] = true
		detail := fmt.Sprintf("client grant %s (subject type %q) gives update:current_user_identities on %s",
			g.GetID(), g.GetSubjectType(), g.GetAudience())
		out = append(out, finding(usecase.ClientGrantedCurrentUserIDs, "user-link-grant", byID[g.GetClientID()], detail))
		if byID[g.GetClientID()] == nil {
			out[len(out)-1].ClientID = g.GetClientID()
		}
	}
	ids := make([]string, 0, len(linking))
	for id := range linking {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		c := byID[id]
		if c == nil {
			continue
		}
		alg := c.GetJWTConfiguration().GetAlgorithm()
		if alg == "" || alg == "RS256" {
			// Auth0 defaults new clients to RS256.
			continue
		}
		out = append(out, finding(usecase.ClientIDTokenNotRS256, "linking-client-alg", c,
			fmt.Sprintf("jwt_configuration.alg is %s; link_with needs RS256 ID tokens", alg)))
	}
	return out
}

// confidentialAppTypes are the app types that hold a client secret.
var confidentialAppTypes = []string{"regular_web", "non_interactive"}

// checkSecretClients lists the confidential clients that authenticate with a client secret:
// each is a rotation candidate. Clients on private_key_jwt or mTLS are left out.
func checkSecretClients(s *snapshot) []usecase.Finding {
	var out []usecase.Finding
	for _, c := range s.clients {
		if c.GetName() == "All Applications" {
			continue
		}
		if !slices.Contains(confidentialAppTypes, c.GetAppType()) {
			continue
		}
		method := c.GetTokenEndpointAuthMethod()
		if cam := c.ClientAuthenticationMethods; cam != nil &&
			(cam.PrivateKeyJWT != nil || cam.TLSClientAuth != nil || cam.SelfSignedTLSClientAuth != nil) {
			continue
		}
		if method == "none" {
			continue
		}
		if method == "" {
			method = "client_secret_post"
		}
		out = append(out, finding(usecase.ClientSecretAuth, "secret-clients", c,
			fmt.Sprintf("%s client authenticates with %s", c.GetAppType(), method)))
	}
	return out
}
