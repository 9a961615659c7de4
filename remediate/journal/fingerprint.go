package journal

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// fingerprintHexLen is how many hex digits of the HMAC are kept (48 bits).
const fingerprintHexLen = 12

// Fingerprint returns the keyed fingerprint of secret for a journal with this salt. The empty
// secret has the empty fingerprint, so "no secret seen" never matches a real one.
func Fingerprint(salt []byte, secret string) string {
	if secret == "" {
		return ""
	}
	mac := hmac.New(sha256.New, salt)
	mac.Write([]byte(secret))
	return hex.EncodeToString(mac.Sum(nil))[:fingerprintHexLen]
}
