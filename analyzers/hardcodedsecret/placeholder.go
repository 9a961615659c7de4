package hardcodedsecret

import "github.com/auth0-migrate/auth0audit/analyzers/internal/secretword"

// Placeholder reports whether s is an obvious stand-in for a secret rather than a secret:
// empty or short, a repeated character, or containing a placeholder word.
func Placeholder(s string) bool { return secretword.Placeholder(s) }
