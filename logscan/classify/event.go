package classify

import (
	"strings"
	"time"
	"unsafe"

	"github.com/tidwall/gjson"

	"github.com/auth0-migrate/auth0audit/logscan/rules"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// event holds the top-level fields the rules read, gathered in one pass over the object (a
// gjson Get per field would walk the event once per field).
type event struct {
	typ, logID, clientID, clientName, userID, auth0Client string
	date, details                                         gjson.Result
}

func readEvent(raw []byte) event {
	var e event
	var seen uint8 // the first of duplicate keys wins, as with gjson.Get
	once := func(bit uint8) bool {
		if seen&bit != 0 {
			return false
		}
		seen |= bit
		return true
	}
	// Read in place, not from a copy (as gjson.ParseBytes makes): Event detaches every string
	// it returns, and nothing else outlives the call.
	gjson.Parse(unsafe.String(unsafe.SliceData(raw), len(raw))).ForEach(func(k, v gjson.Result) bool {
		switch k.Str {
		case "type":
			if once(1) {
				e.typ = v.String()
			}
		case "log_id":
			if once(2) {
				e.logID = v.String()
			}
		case "date":
			if once(4) {
				e.date = v
			}
		case "client_id":
			if once(8) {
				e.clientID = v.String()
			}
		case "client_name":
			if once(16) {
				e.clientName = v.String()
			}
		case "user_id":
			if once(32) {
				e.userID = v.String()
			}
		case "auth0_client":
			if once(64) {
				e.auth0Client = v.Get("name").String()
			}
		case "details":
			if once(128) {
				e.details = v
			}
		}
		return true
	})
	return e
}

// finding fills the fields every finding from an event carries.
func (e event) finding(id usecase.ID, conf usecase.Confidence) usecase.Finding {
	f := usecase.New(id, usecase.FromLogs, conf)
	f.LogID = e.logID
	f.Time = parseDate(e.date)
	f.ClientID = e.clientID
	f.ClientName = e.clientName
	f.UserID = e.userID
	return f
}

// parseDate reads the event date as the rules describe it: RFC 3339 as Auth0 writes it, or
// epoch milliseconds as some exporters rewrite it. No date is the zero time.
func parseDate(d gjson.Result) time.Time {
	var t time.Time
	switch d.Type {
	case gjson.String:
		t, _ = rules.ParseDateString(d.Str)
	case gjson.Number:
		t, _ = rules.DateFromMillis(d.Num)
	}
	return t
}

// request holds the fields of details.request and details.response the rules read, gathered
// in one pass over each.
type request struct {
	method string
	path   apiPath
	body   gjson.Result
	auth   gjson.Result
	status int
}

func readRequest(details gjson.Result) request {
	var r request
	var req, resp gjson.Result
	// The first of duplicate keys wins, as with gjson.Get (and SQL engines' JSON paths).
	details.ForEach(func(k, v gjson.Result) bool {
		switch {
		case k.Str == "request" && !req.Exists():
			req = v
		case k.Str == "response" && !resp.Exists():
			resp = v
		}
		return true
	})
	var method, path gjson.Result
	req.ForEach(func(k, v gjson.Result) bool {
		switch {
		case k.Str == "method" && !method.Exists():
			method = v
		case k.Str == "path" && !path.Exists():
			path = v
		case k.Str == "body" && !r.body.Exists():
			r.body = v
		case k.Str == "auth" && !r.auth.Exists():
			r.auth = v
		}
		return true
	})
	r.method = strings.ToUpper(method.String())
	r.path = parsePath(path.String())
	r.status = int(resp.Get("statusCode").Int())
	return r
}
