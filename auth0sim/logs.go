package auth0sim

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
)

// maxTake is the Management API's limit on take in checkpoint mode.
const maxTake = 100

// handleLogs serves GET /api/v2/logs in two modes, like the real API:
//   - checkpoint mode (from and/or take): events with log_id greater than from (exclusive),
//     oldest first, at most take (default 50, max 100); without from, the take most recent,
//     newest first. from=0 starts at the oldest event.
//   - page mode (page, per_page, include_totals, q): newest first, filtered by q.
func (s *Server) handleLogs(c *call) (int, any, *apiError) {
	if err := s.requireScopeLocked(c.p, "read:logs"); err != nil {
		return 0, nil, err
	}
	q := c.r.URL.Query()
	if q.Has("from") || q.Has("take") {
		take := 50
		if v := q.Get("take"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > maxTake {
				return 0, nil, errBadRequest("Query validation error: 'take' must be an integer between 1 and 100, got "+
					strconv.Quote(v)+".", "invalid_query_string")
			}
			take = n
		}
		from := q.Get("from")
		if from == "" {
			start := max(len(s.logs)-take, 0)
			out := slices.Clone(s.logs[start:])
			slices.Reverse(out)
			return http.StatusOK, nonNil(out), nil
		}
		idx, _ := slices.BinarySearch(s.logIDs, from)
		if idx < len(s.logIDs) && s.logIDs[idx] == from {
			idx++ // from is exclusive
		}
		end := min(idx+take, len(s.logs))
		return http.StatusOK, nonNil(slices.Clone(s.logs[idx:end])), nil
	}

	filter, err := parseLogQuery(q.Get("q"))
	if err != nil {
		return 0, nil, errBadRequest("Query validation error: "+err.Error()+".", "invalid_query_string")
	}
	var matched []json.RawMessage
	for i := len(s.logs) - 1; i >= 0; i-- {
		if filter.matches(s.logs[i]) {
			matched = append(matched, s.logs[i])
		}
	}
	page, perPage, totals, apiErr := pageParams(c.r, 50)
	if apiErr != nil {
		return 0, nil, apiErr
	}
	items := pageOf(matched, page, perPage)
	if totals {
		return http.StatusOK, map[string]any{"start": page * perPage, "limit": perPage, "length": len(items),
			"total": len(matched), "logs": items}, nil
	}
	return http.StatusOK, items, nil
}

func nonNil(events []json.RawMessage) []json.RawMessage {
	if events == nil {
		return []json.RawMessage{}
	}
	return events
}
