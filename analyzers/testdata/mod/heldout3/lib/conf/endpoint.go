package conf

import "golang.org/x/oauth2"

// Endpoint is the tenant's OAuth2 endpoint (this import makes conf an "OAuth" package).
func (o OAuth) Endpoint() oauth2.Endpoint {
	return oauth2.Endpoint{AuthURL: "https://" + o.Domain + "/authorize", TokenURL: "https://" + o.Domain + "/oauth/token"}
}
