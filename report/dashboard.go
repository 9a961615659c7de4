package report

import (
	"net/url"
	"strings"
)

// Dashboard builds links into the Auth0 Dashboard pages of one tenant, with the URL scheme
// the Dashboard itself uses (and the official auth0 CLI's "open" commands):
// https://manage.auth0.com/dashboard/{region}/{tenant}/..., where a tenant's canonical domain
// is {tenant}.{region}.auth0.com, or {tenant}.auth0.com for the first US region. The zero
// Dashboard makes no links.
type Dashboard struct {
	base string // ends with "/"
}

// NewDashboard returns the Dashboard of the tenant with canonical domain domain. ok is false
// for anything else (a custom domain, the simulator's 127.0.0.1:PORT, a private cloud), whose
// Dashboard URL cannot be told from the domain.
func NewDashboard(domain string) (d Dashboard, ok bool) {
	domain = strings.ToLower(strings.TrimSuffix(domain, "."))
	labels := strings.Split(domain, ".")
	if len(labels) < 3 || len(labels) > 4 || labels[len(labels)-2] != "auth0" || labels[len(labels)-1] != "com" {
		return Dashboard{}, false
	}
	region := "us"
	if len(labels) == 4 {
		region = labels[1]
	}
	for _, l := range []string{labels[0], region} {
		if l == "" || strings.Trim(l, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			return Dashboard{}, false
		}
	}
	return Dashboard{base: "https://manage.auth0.com/dashboard/" + region + "/" + labels[0] + "/"}, true
}

// Client links an application's settings page; "" for the zero Dashboard or no id.
func (d Dashboard) Client(clientID string) string {
	if d.base == "" || clientID == "" {
		return ""
	}
	return d.base + "applications/" + url.PathEscape(clientID) + "/settings"
}

// LogEvent links one log event; "" for the zero Dashboard or no id.
func (d Dashboard) LogEvent(logID string) string {
	if d.base == "" || logID == "" {
		return ""
	}
	return d.base + "logs/" + url.PathEscape(logID)
}

// TenantAdvanced links Settings > Advanced, where the tenant's migration flags are.
func (d Dashboard) TenantAdvanced() string {
	if d.base == "" {
		return ""
	}
	return d.base + "tenant/advanced"
}

// APIs links the APIs page, where the Management API's user access policy is.
func (d Dashboard) APIs() string {
	if d.base == "" {
		return ""
	}
	return d.base + "apis"
}
