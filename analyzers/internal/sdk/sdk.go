// Package sdk names the symbols of the Auth0 SDKs, golang.org/x/oauth2 and net/http that the
// analyzers match. Matching is by object identity (package path + name, and the receiver type
// for methods), never by identifier spelling, so unrelated code with the same names is ignored.
package sdk

import (
	"go/types"
	"strings"
)

// Package paths. v5 is the archived gopkg.in/auth0.v5, v1 is github.com/auth0/go-auth0 and v3
// is github.com/auth0/go-auth0/v3 (the Fern-generated client).
const (
	V1Management     = "github.com/auth0/go-auth0/management"
	V1Authentication = "github.com/auth0/go-auth0/authentication"
	V1OAuth          = "github.com/auth0/go-auth0/authentication/oauth"
	V3Management     = "github.com/auth0/go-auth0/v3/management"
	V3Client         = "github.com/auth0/go-auth0/v3/management/client"
	V3Option         = "github.com/auth0/go-auth0/v3/management/option"
	V3Identities     = "github.com/auth0/go-auth0/v3/management/users/identities"
	V3Authentication = "github.com/auth0/go-auth0/v3/authentication"
	V3OAuth          = "github.com/auth0/go-auth0/v3/authentication/oauth"
	V5Management     = "gopkg.in/auth0.v5/management"

	OAuth2            = "golang.org/x/oauth2"
	ClientCredentials = "golang.org/x/oauth2/clientcredentials"
	NetHTTP           = "net/http"
	Fmt               = "fmt"
)

// Scope names. The migration guide once wrote update:current_user_metadata where
// update:current_user_identities is meant; both count as the user-scoped link scope.
var UserLinkScopes = []string{"update:current_user_identities", "update:current_user_metadata"}

// HasUserLinkScope reports whether a space- or comma-separated scope string names the
// user-scoped link scope.
func HasUserLinkScope(scope string) bool {
	for _, s := range strings.FieldsFunc(scope, func(r rune) bool { return r == ' ' || r == ',' }) {
		for _, want := range UserLinkScopes {
			if s == want {
				return true
			}
		}
	}
	return false
}

// UserScoped reports whether a token requested with these space- or comma-separated scope
// strings is user-scoped for linking: it names the user-scoped link scope and not
// update:users (with update:users a link by user_id is allowed).
func UserScoped(scopes ...string) bool {
	user := false
	for _, sc := range scopes {
		for _, s := range strings.FieldsFunc(sc, func(r rune) bool { return r == ' ' || r == ',' }) {
			if s == "update:users" {
				return false
			}
		}
		user = user || HasUserLinkScope(sc)
	}
	return user
}

// ImportsAny reports whether pkg directly imports one of paths. Analyzers use it as their fast
// path: a package that imports none of the SDKs cannot contain a finding.
func ImportsAny(pkg *types.Package, paths ...string) bool {
	for _, imp := range pkg.Imports() {
		for _, p := range paths {
			if imp.Path() == p {
				return true
			}
		}
	}
	return false
}

// IsFunc reports whether obj is the package-level function pkgPath.name.
func IsFunc(obj types.Object, pkgPath string, names ...string) bool {
	fn, ok := obj.(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != pkgPath {
		return false
	}
	if sig, ok := fn.Type().(*types.Signature); !ok || sig.Recv() != nil {
		return false
	}
	return oneOf(fn.Name(), names)
}

// IsMethod reports whether obj is the method recvType.name declared in pkgPath (pointer or
// value receiver).
func IsMethod(obj types.Object, pkgPath, recvType string, names ...string) bool {
	fn, ok := obj.(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != pkgPath || !oneOf(fn.Name(), names) {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	return IsNamed(sig.Recv().Type(), pkgPath, recvType)
}

// IsNamed reports whether t (or what it points to) is the named type pkgPath.name.
func IsNamed(t types.Type, pkgPath string, names ...string) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Origin().Obj()
	return obj.Pkg() != nil && obj.Pkg().Path() == pkgPath && oneOf(obj.Name(), names)
}

func oneOf(s string, names []string) bool {
	for _, n := range names {
		if s == n {
			return true
		}
	}
	return false
}

// ManagementTokenOption reports whether fn builds a Management client option from a bearer
// token string: v1/v5 management.WithStaticToken, v3 option.WithToken.
func ManagementTokenOption(fn types.Object) bool {
	return IsFunc(fn, V1Management, "WithStaticToken") ||
		IsFunc(fn, V5Management, "WithStaticToken") ||
		IsFunc(fn, V3Option, "WithToken")
}

// ManagementTokenSourceOption reports whether fn builds a Management client option from an
// oauth2.TokenSource (v3 option.WithTokenSource).
func ManagementTokenSourceOption(fn types.Object) bool {
	return IsFunc(fn, V3Option, "WithTokenSource")
}

// ManagementHTTPClientOption reports whether fn builds a Management client option from an
// *http.Client: v1/v5 management.WithClient, v3 option.WithHTTPClient.
func ManagementHTTPClientOption(fn types.Object) bool {
	return IsFunc(fn, V1Management, "WithClient") ||
		IsFunc(fn, V5Management, "WithClient") ||
		IsFunc(fn, V3Option, "WithHTTPClient")
}

// ManagementConstructor reports whether fn builds a Management client from options:
// v1/v5 management.New, v3 client.New and client.NewWithOptions.
func ManagementConstructor(fn types.Object) bool {
	return IsFunc(fn, V1Management, "New") ||
		IsFunc(fn, V5Management, "New") ||
		IsFunc(fn, V3Client, "New", "NewWithOptions")
}

// Op is what a call does to a user's identities.
type Op int

const (
	OpNone Op = iota
	OpLink
	OpUnlink
)

// IdentityCall reports whether fn is an SDK call that links or unlinks identities, and the
// index of its body argument for links (-1 for unlinks): v1 (*UserManager).Link/Unlink, v5
// (*UserManager).Link, v3 (*identities.Client).Link/Delete (and the raw client).
func IdentityCall(fn types.Object) (op Op, bodyArg int) {
	switch {
	case IsMethod(fn, V1Management, "UserManager", "Link"):
		return OpLink, 2
	case IsMethod(fn, V1Management, "UserManager", "Unlink"):
		return OpUnlink, -1
	case IsMethod(fn, V5Management, "UserManager", "Link"):
		return OpLink, 1
	case IsMethod(fn, V3Identities, "Client", "Link"), IsMethod(fn, V3Identities, "RawClient", "Link"):
		return OpLink, 2
	case IsMethod(fn, V3Identities, "Client", "Delete"), IsMethod(fn, V3Identities, "RawClient", "Delete"):
		return OpUnlink, -1
	}
	return OpNone, -1
}

// IsLinkBody reports whether t is an SDK link request body: v1/v5 management.UserIdentityLink
// or v3 management.LinkUserIdentityRequestContent.
func IsLinkBody(t types.Type) bool {
	return IsNamed(t, V1Management, "UserIdentityLink") ||
		IsNamed(t, V5Management, "UserIdentityLink") ||
		IsNamed(t, V3Management, "LinkUserIdentityRequestContent")
}

// ClientSecretArg returns the index of the client-secret parameter of an SDK function that
// takes one (client-credentials options and authentication.WithClientSecret), or -1.
func ClientSecretArg(fn types.Object) int {
	switch {
	case IsFunc(fn, V1Management, "WithClientCredentials", "WithClientCredentialsAndAudience"),
		IsFunc(fn, V3Option, "WithClientCredentials", "WithClientCredentialsAndAudience"):
		return 2
	case IsFunc(fn, V5Management, "WithClientCredentials"):
		return 1
	case IsFunc(fn, V1Authentication, "WithClientSecret"), IsFunc(fn, V3Authentication, "WithClientSecret"):
		return 0
	}
	return -1
}
