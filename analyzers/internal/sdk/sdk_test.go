package sdk

import "testing"

func TestHasUserLinkScope(t *testing.T) {
	for scope, want := range map[string]bool{
		"openid update:current_user_identities": true,
		"update:current_user_metadata":          true, // the migration guide's misspelling
		"openid,update:current_user_identities": true,
		"update:users":                          false,
		"update:current_user_identities_extra":  false,
		"":                                      false,
	} {
		if got := HasUserLinkScope(scope); got != want {
			t.Errorf("HasUserLinkScope(%q) = %v, want %v", scope, got, want)
		}
	}
}
