package decode

import (
	"github.com/tidwall/gjson"
)

// maxWrapping bounds how many envelopes Unwrap peels (EventBridge holds a log-stream envelope,
// a Splunk export holds a result holding _raw): enough for every real shape, and a guard
// against crafted nesting.
const maxWrapping = 4

// Unwrapped is the event found inside a record.
type Unwrapped struct {
	Event []byte
	// LogID is the log_id of the innermost envelope, for events whose data lacks one.
	LogID string
	// Batch, when set, is a JSON array of records instead of one event: the "logs" of a page
	// saved from GET /api/v2/logs?include_totals=true ({"start","limit","length","total","logs"}).
	Batch []byte
}

// Unwrap peels the envelopes around an event: log-stream {"log_id","data":{...}}, EventBridge
// {"detail-type","detail":{...}}, Splunk {"result":{...}} and {"_raw":"<event JSON>"}. rec must
// be a valid JSON object. It returns a reason when what is left is not an event: an object
// carrying log_id or type (design section 5, "Malformed").
func Unwrap(rec []byte) (Unwrapped, string) {
	u := Unwrapped{Event: rec}
	for range maxWrapping {
		var detail, data, result, raw, logs gjson.Result
		var keyed, typed bool
		gjson.ParseBytes(u.Event).ForEach(func(k, v gjson.Result) bool {
			switch k.Str {
			case "detail":
				detail = v
			case "data":
				data = v
			case "result":
				result = v
			case "_raw":
				raw = v
			case "logs":
				logs = v
			case "log_id":
				keyed = true
				if v.Type == gjson.String {
					u.LogID = v.Str
				}
			case "type":
				keyed, typed = true, true
			}
			return true
		})
		switch {
		case detail.IsObject() && !typed:
			u.Event = []byte(detail.Raw)
		case data.IsObject() && !typed:
			// A log-stream envelope: the event is data; the envelope's log_id stands in for
			// an event that lacks its own.
			u.Event = []byte(data.Raw)
		case raw.Type == gjson.String:
			if !gjson.Valid(raw.Str) || !gjson.Parse(raw.Str).IsObject() {
				return u, "_raw does not hold a JSON object"
			}
			u.Event = []byte(raw.Str)
		case result.IsObject() && !typed:
			u.Event = []byte(result.Raw)
		case keyed:
			return u, ""
		case logs.IsArray():
			u.Batch = []byte(logs.Raw)
			return u, ""
		default:
			return u, "JSON object without log_id or type"
		}
	}
	return u, "too many nested envelopes"
}
