// Package secretword tells a literal client secret from a placeholder standing in for one.
package secretword

import "strings"

// placeholderWords mark sample values in docs, tests and templates. A real Auth0 client secret
// is 64 random characters, so these words never occur in one by accident in practice.
var placeholderWords = []string{
	"your", "example", "placeholder", "changeme", "change_me", "change-me", "replace",
	"secret", "xxx", "todo", "dummy", "fake", "sample", "test", "redacted", "insert",
	"<", ">", "${", "{{", "***",
}

// Placeholder reports whether s is an obvious stand-in for a secret rather than a secret:
// empty or short, a repeated character, or containing a placeholder word.
func Placeholder(s string) bool {
	t := strings.ToLower(strings.TrimSpace(s))
	if len(t) < 8 {
		return true
	}
	if strings.Count(t, t[:1]) == len(t) {
		return true
	}
	for _, w := range placeholderWords {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}
