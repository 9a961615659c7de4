package logscan

import (
	"github.com/tidwall/gjson"

	"github.com/auth0-migrate/auth0audit/logscan/classify"
	"github.com/auth0-migrate/auth0audit/logscan/decode"
)

// knownType reports whether t is an event type code Auth0 documents ("Log Event Type Codes";
// go-auth0's management/log.go). A scan that reads no event of a known type, and no event
// shaped like one, was given something other than Auth0 logs. New codes appear over time: an
// event with an unknown code is still recognised by its shape (see isAuth0Event).
func knownType(t []byte) bool {
	switch string(t) {
	case "acls_summary", "actions_execution_failed", "api_limit", "api_limit_warning", "appi", "cls",
		"coff", "con", "cs", "depnote", "du", "f", "fapi", "fc", "fce", "fco", "fcoa", "fcp", "fcph",
		"fcpn", "fcpr", "fcpro", "fcu", "fd", "fdeac", "fdeaz", "fdecc", "fdu", "feacft", "feccft",
		"fede", "fens", "feoobft", "feotpft", "fepft", "fepotpft", "fercft", "fertft", "ferrt", "fi",
		"flo", "fn", "fp", "fs", "fsa", "fu", "fui", "fv", "fvr", "gd_auth_failed", "gd_auth_rejected",
		"gd_auth_succeed", "gd_enrollment_complete", "gd_otp_rate_limit_exceed", "gd_recovery_failed",
		"gd_recovery_rate_limit_exceed", "gd_recovery_succeed", "gd_send_email", "gd_send_pn",
		"gd_send_pn_failure", "gd_send_sms", "gd_send_sms_failure", "gd_send_voice",
		"gd_send_voice_failure", "gd_start_auth", "gd_start_enroll", "gd_start_enroll_failed",
		"gd_tenant_update", "gd_unenroll", "gd_update_device_account", "gd_webauthn_challenge_failed",
		"gd_webauthn_enrollment_failed", "limit_delegation", "limit_mu", "limit_sul", "limit_ui",
		"limit_wc", "mfar", "mgmt_api_read", "oidc_backchannel_logout_failed",
		"oidc_backchannel_logout_succeeded", "pla", "pwd_leak", "reset_pwd_leak", "resource_cleanup",
		"rich_consents_access_error", "s", "sapi", "scoa", "scp", "scph", "scpn", "scpr", "scu", "sd",
		"sdu", "seacft", "seccft", "sede", "sens", "seoobft", "seotpft", "sepft", "sercft", "sertft",
		"si", "signup_pwd_leak", "slo", "srrt", "ss", "ssa", "sui", "sv", "svr", "sys_os_update_end",
		"sys_os_update_start", "sys_update_end", "sys_update_start", "ublkdu", "w":
		return true
	}
	return false
}

// isAuth0Event reports whether ev (an unwrapped event, a valid JSON object) is an Auth0 log
// event: its type is a documented code, or it has the shape every Auth0 event has, a
// code-like type, a date and a log_id (its own or, for a log-stream event, its envelope's).
func isAuth0Event(ev []byte, envelopeLogID string) bool {
	r := gjson.GetManyBytes(ev, "type", "date", "log_id", "_id")
	if r[0].Type != gjson.String {
		return false
	}
	if knownType([]byte(r[0].Str)) {
		return true
	}
	hasID := envelopeLogID != "" || r[2].Type == gjson.String || r[3].Type == gjson.String
	return isTypeCode(r[0].Str) && r[1].Exists() && hasID
}

// isTypeCode reports whether s is shaped like an Auth0 type code: lower case, digits and _.
func isTypeCode(s string) bool {
	if s == "" || len(s) > 48 {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// recogniseRecord decides whether a record the fast path counted (a valid-looking object it
// did not parse) holds an Auth0 event, parsing it. Called until a chunk has one.
func recogniseRecord(rec []byte) bool {
	if !gjson.ValidBytes(rec) {
		return false
	}
	u, reason := decode.Unwrap(rec)
	if reason != "" {
		return false
	}
	if u.Batch != nil {
		found := false
		gjson.ParseBytes(u.Batch).ForEach(func(_, v gjson.Result) bool {
			if v.IsObject() && recogniseRecord([]byte(v.Raw)) {
				found = true
			}
			return !found
		})
		return found
	}
	return isAuth0Event(u.Event, u.LogID)
}

// RecognisedRecord reports whether a record (a line or value of an input) holds an Auth0 log
// event, as the scanner decides it for an input's verdict: its leading type is a documented
// code, or, parsed and unwrapped, an event of it has an Auth0 event's type or shape. Another
// reader of the same inputs (the DuckDB engine) uses it to judge them the same way.
func RecognisedRecord(rec []byte) bool {
	if v, ok := classify.LeadingType(rec); ok && knownType(v) {
		return true
	}
	return recogniseRecord(rec)
}
