package classify

import (
	"github.com/tidwall/gjson"

	"github.com/auth0-migrate/auth0audit/usecase"
)

// link applies the link rules: first the auth0.js rows (5-7), then the others (1-4).
func link(kind tokenKind, auth0js bool, linkWith gjson.Result) (usecase.ID, usecase.Confidence, string) {
	why := kind.String()
	if auth0js {
		why = "auth0.js; " + why
		switch kind {
		case tokenServer:
			return usecase.Auth0jsUpdateUsers, usecase.Confirmed, why
		case tokenUser:
			return usecase.Auth0jsCurrentUser, usecase.Confirmed, why
		case tokenSuspectedID:
			return usecase.Auth0jsIDToken, usecase.Suspected, why
		}
		return usecase.LinkUndetermined, usecase.Unknown, why
	}
	hasLinkWith := linkWith.Exists() && linkWith.Type != gjson.Null
	switch {
	case kind == tokenSuspectedID:
		return usecase.LinkIDTokenBearer, usecase.Suspected, why
	case hasLinkWith:
		return usecase.LinkWithIDToken, usecase.Confirmed, "body sends link_with; " + why
	case kind == tokenServer:
		return usecase.LinkUserIDUpdateUsers, usecase.Confirmed, why
	case kind == tokenUser:
		return usecase.LinkUserIDCurrentUser, usecase.Confirmed, why
	}
	if kind == tokenUnknown {
		why = unknownTokenNote
	}
	return usecase.LinkUndetermined, usecase.Unknown, why
}

// unlink applies the unlink rules.
func unlink(kind tokenKind) (usecase.ID, usecase.Confidence, string) {
	switch kind {
	case tokenServer, tokenUser, tokenOtherAccess:
		return usecase.UnlinkAccessToken, usecase.Confirmed, kind.String()
	case tokenSuspectedID:
		return usecase.UnlinkIDTokenBearer, usecase.Suspected, kind.String()
	}
	return usecase.UnlinkUndetermined, usecase.Unknown, unknownTokenNote
}
