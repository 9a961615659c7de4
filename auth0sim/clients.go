package auth0sim

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// clientView is a client as the Management API returns it.
type clientView struct {
	Name                    string            `json:"name"`
	Description             string            `json:"description,omitempty"`
	ClientID                string            `json:"client_id"`
	ClientSecret            string            `json:"client_secret,omitempty"`
	AppType                 string            `json:"app_type,omitempty"`
	IsFirstParty            bool              `json:"is_first_party"`
	OIDCConformant          bool              `json:"oidc_conformant"`
	JWTConfiguration        map[string]any    `json:"jwt_configuration"`
	TokenEndpointAuthMethod string            `json:"token_endpoint_auth_method,omitempty"`
	SSODisabled             bool              `json:"sso_disabled"`
	GrantTypes              []string          `json:"grant_types"`
	Callbacks               []string          `json:"callbacks,omitempty"`
	ClientMetadata          map[string]string `json:"client_metadata"`
}

func viewClient(c *Client, withSecret bool) clientView {
	v := clientView{
		Name: c.Name, Description: c.Description, ClientID: c.ClientID, AppType: c.AppType,
		IsFirstParty: c.IsFirstParty, OIDCConformant: true,
		JWTConfiguration:        map[string]any{"alg": c.IDTokenAlg, "lifetime_in_seconds": 36000, "secret_encoded": false},
		TokenEndpointAuthMethod: c.AuthMethod, GrantTypes: slices.Clone(c.GrantTypes), Callbacks: slices.Clone(c.Callbacks),
	}
	if v.GrantTypes == nil {
		v.GrantTypes = []string{}
	}
	v.ClientMetadata = maps.Clone(c.Metadata)
	if v.ClientMetadata == nil {
		v.ClientMetadata = map[string]string{}
	}
	if withSecret {
		v.ClientSecret = c.Secret
	}
	return v
}

func errNoClient() *apiError {
	return errNotFound("The client does not exist", "inexistent_client")
}

func (s *Server) handleListClients(c *call) (int, any, *apiError) {
	if err := s.requireScopeLocked(c.p, "read:clients", "read:client_keys"); err != nil {
		return 0, nil, err
	}
	sel, err := fieldsOf(c.r)
	if err != nil {
		return 0, nil, err
	}
	withSecret := c.p.has("read:client_keys") && sel.keeps("client_secret")
	all := make([]any, 0, len(s.clientOrder))
	for _, id := range s.clientOrder {
		all = append(all, sel.view(viewClient(s.clients[id], withSecret)))
	}
	if withSecret && len(all) > 0 {
		c.accessedSecrets = []string{"client_secret"}
	}
	page, perPage, totals, err := pageParams(c.r, 50)
	if err != nil {
		return 0, nil, err
	}
	items := pageOf(all, page, perPage)
	if totals {
		return http.StatusOK, map[string]any{"start": page * perPage, "limit": perPage, "total": len(all), "clients": items}, nil
	}
	return http.StatusOK, items, nil
}

func (s *Server) handleGetClient(c *call) (int, any, *apiError) {
	if err := s.requireScopeLocked(c.p, "read:clients", "read:client_keys"); err != nil {
		return 0, nil, err
	}
	cl, ok := s.clients[c.r.PathValue("id")]
	if !ok {
		return 0, nil, errNoClient()
	}
	sel, err := fieldsOf(c.r)
	if err != nil {
		return 0, nil, err
	}
	withSecret := c.p.has("read:client_keys") && sel.keeps("client_secret")
	if withSecret {
		c.accessedSecrets = []string{"client_secret"}
	}
	return http.StatusOK, sel.view(viewClient(cl, withSecret)), nil
}

// handlePatchClient updates a client. Setting client_secret needs update:client_keys; other
// fields need update:clients (or update:client_keys). Unknown fields are ignored.
func (s *Server) handlePatchClient(c *call) (int, any, *apiError) {
	if err := s.requireScopeLocked(c.p, "update:clients", "update:client_keys"); err != nil {
		return 0, nil, err
	}
	cl, ok := s.clients[c.r.PathValue("id")]
	if !ok {
		return 0, nil, errNoClient()
	}
	if c.body == nil {
		return 0, nil, errBadRequest("Payload validation error: expected an object", "invalid_body")
	}
	if _, ok := c.body["client_id"]; ok {
		return 0, nil, errBadRequest("Payload validation error: 'Additional properties not allowed: client_id'.", "invalid_body")
	}
	updated := *cl
	if v, ok := c.body["client_secret"]; ok {
		if !c.p.has("update:client_keys") {
			return 0, nil, errInsufficientScope("update:client_keys")
		}
		secret, ok := v.(string)
		if !ok || secret == "" {
			return 0, nil, errBadRequest("Payload validation error: 'client_secret' must be a non-empty string.", "invalid_body")
		}
		updated.Secret = secret
	}
	for key, dst := range map[string]*string{"name": &updated.Name, "description": &updated.Description,
		"app_type": &updated.AppType, "token_endpoint_auth_method": &updated.AuthMethod} {
		if v, ok := c.body[key]; ok {
			str, ok := v.(string)
			if !ok {
				return 0, nil, errBadRequest("Payload validation error: '"+key+"' must be a string.", "invalid_body")
			}
			*dst = str
		}
	}
	for key, dst := range map[string]*[]string{"grant_types": &updated.GrantTypes, "callbacks": &updated.Callbacks} {
		if v, ok := c.body[key]; ok {
			list, err := stringList(key, v)
			if err != nil {
				return 0, nil, err
			}
			*dst = list
		}
	}
	if v, ok := c.body["client_metadata"]; ok {
		md, err := mergeClientMetadata(updated.Metadata, v)
		if err != nil {
			return 0, nil, err
		}
		updated.Metadata = md
	}
	if v, ok := c.body["jwt_configuration"]; ok {
		alg, err := patchJWTConfiguration(v)
		if err != nil {
			return 0, nil, err
		}
		if alg != "" {
			updated.IDTokenAlg = alg
		}
	}
	if !clientsEqual(&updated, cl) {
		if updated.Secret != cl.Secret {
			s.secretChanges[cl.ClientID]++
		}
		*cl = updated
		c.changed = true
	}
	withSecret := c.p.has("read:client_keys") || c.p.has("update:client_keys")
	return http.StatusOK, viewClient(cl, withSecret), nil
}

// patchJWTConfiguration checks a PATCHed jwt_configuration as the real API's schema does
// (an object of alg, lifetime_in_seconds, secret_encoded and scopes, nothing else) and returns
// the alg it sets, if any. Only alg is kept: it decides how the client's ID tokens are signed,
// which link_with checks; the other fields are accepted and not stored.
func patchJWTConfiguration(v any) (alg string, err *apiError) {
	jc, ok := v.(map[string]any)
	if !ok {
		return "", errBadRequest("Payload validation error: 'jwt_configuration' must be an object.", "invalid_body")
	}
	for key, val := range jc {
		var okType bool
		switch key {
		case "alg":
			alg, okType = val.(string)
			if okType && alg != "RS256" && alg != "HS256" {
				return "", errBadRequest("Payload validation error: 'jwt_configuration.alg' must be RS256 or HS256.", "invalid_body")
			}
		case "lifetime_in_seconds":
			n, isNum := val.(float64)
			okType = isNum && n == float64(int64(n)) && n > 0
		case "secret_encoded":
			_, okType = val.(bool)
		case "scopes":
			_, okType = val.(map[string]any)
		default:
			return "", errBadRequest("Payload validation error: 'Additional properties not allowed: jwt_configuration."+key+"'.", "invalid_body")
		}
		if !okType {
			return "", errBadRequest("Payload validation error: 'jwt_configuration."+key+"' has the wrong type.", "invalid_body")
		}
	}
	return alg, nil
}

func clientsEqual(a, b *Client) bool {
	return a.Name == b.Name && a.Description == b.Description && a.AppType == b.AppType &&
		a.AuthMethod == b.AuthMethod && a.Secret == b.Secret && a.IDTokenAlg == b.IDTokenAlg &&
		slices.Equal(a.GrantTypes, b.GrantTypes) && slices.Equal(a.Callbacks, b.Callbacks) && maps.Equal(a.Metadata, b.Metadata)
}

// Limits of client_metadata, as the Management API documents them: at most 10 properties,
// string values of at most 255 characters, names of at most 255 characters made of letters,
// digits and :,-+=_*?"/\()<>@ tab and space.
const (
	maxClientMetadataKeys = 10
	maxClientMetadataLen  = 255
)

// mergeClientMetadata applies a PATCH's client_metadata to md as the real API does: keys are
// merged at the top level, a null value removes its key, and the limits are enforced on the
// result.
func mergeClientMetadata(md map[string]string, patch any) (map[string]string, *apiError) {
	obj, ok := patch.(map[string]any)
	if !ok {
		return nil, errBadRequest(fmt.Sprintf("Payload validation error: 'Expected type object but found type %s' on property client_metadata.", jsonType(patch)), "invalid_body")
	}
	out := maps.Clone(md)
	if out == nil {
		out = map[string]string{}
	}
	for k, v := range obj {
		switch val := v.(type) {
		case nil:
			delete(out, k)
		case string:
			out[k] = val
		default:
			return nil, errBadRequest(fmt.Sprintf("Payload validation error: 'Expected type string but found type %s' on property client_metadata.%s.", jsonType(v), k), "invalid_body")
		}
	}
	if err := checkClientMetadata(out); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

func checkClientMetadata(md map[string]string) *apiError {
	if len(md) > maxClientMetadataKeys {
		return errBadRequest(fmt.Sprintf("Payload validation error: 'Too many properties (%d), maximum %d' on property client_metadata.", len(md), maxClientMetadataKeys), "invalid_body")
	}
	for k, v := range md {
		if k == "" || utf8.RuneCountInString(k) > maxClientMetadataLen || strings.IndexFunc(k, badMetadataKeyRune) >= 0 {
			return errBadRequest(fmt.Sprintf("Payload validation error: 'Invalid property name %q: at most 255 letters, digits and :,-+=_*?\"/\\()<>@ tab or space' on property client_metadata.", k), "invalid_body")
		}
		if n := utf8.RuneCountInString(v); n > maxClientMetadataLen {
			return errBadRequest(fmt.Sprintf("Payload validation error: 'String is too long (%d chars), maximum %d' on property client_metadata.%s.", n, maxClientMetadataLen, k), "invalid_body")
		}
	}
	return nil
}

func badMetadataKeyRune(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(":,-+=_*?\"/\\()<>@\t ", r))
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "array"
	}
	return "object"
}

func stringList(key string, v any) ([]string, *apiError) {
	items, ok := v.([]any)
	if !ok {
		return nil, errBadRequest("Payload validation error: '"+key+"' must be an array of strings.", "invalid_body")
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		str, ok := it.(string)
		if !ok {
			return nil, errBadRequest("Payload validation error: '"+key+"' must be an array of strings.", "invalid_body")
		}
		out = append(out, str)
	}
	return out, nil
}

// handleRotateSecret replaces the secret with a new random one and returns the client with it.
func (s *Server) handleRotateSecret(c *call) (int, any, *apiError) {
	if err := s.requireScopeLocked(c.p, "update:client_keys"); err != nil {
		return 0, nil, err
	}
	cl, ok := s.clients[c.r.PathValue("id")]
	if !ok {
		return 0, nil, errNoClient()
	}
	secret, err := newSecret()
	if err != nil {
		return 0, nil, newAPIError(http.StatusInternalServerError, "could not generate a secret", "")
	}
	cl.Secret = secret
	c.changed = true
	s.secretChanges[cl.ClientID]++
	return http.StatusOK, viewClient(cl, true), nil
}

// pageParams reads page (0-based), per_page and include_totals.
func pageParams(r *http.Request, defaultPerPage int) (page, perPage int, totals bool, err *apiError) {
	q := r.URL.Query()
	perPage = defaultPerPage
	intParam := func(name string, dst *int, lo, hi int) *apiError {
		v := q.Get(name)
		if v == "" {
			return nil
		}
		n, convErr := strconv.Atoi(v)
		if convErr != nil || n < lo || n > hi {
			return errBadRequest("Query validation error: '"+name+"' must be an integer between "+
				strconv.Itoa(lo)+" and "+strconv.Itoa(hi)+", got "+strconv.Quote(v)+".", "invalid_query_string")
		}
		*dst = n
		return nil
	}
	if err = intParam("page", &page, 0, 1000); err != nil {
		return
	}
	if err = intParam("per_page", &perPage, 1, 100); err != nil {
		return
	}
	totals = q.Get("include_totals") == "true"
	return
}

func pageOf[T any](all []T, page, perPage int) []T {
	start := min(page*perPage, len(all))
	end := min(start+perPage, len(all))
	return append(make([]T, 0, end-start), all[start:end]...)
}
