package logscan

import "hash/maphash"

// dedupe remembers the log_ids of relevant events as 64-bit hashes.
//
// Only relevant events (findings and feccft candidates) are deduplicated: duplicates of the
// other 98% change no output but the events_read count, and remembering every log_id of a
// corpus of millions of events would make memory grow with the input. A log_id is ~56 bytes;
// its hash costs 8 bytes plus map overhead (~20 bytes per id in all), so even a million
// relevant events cost ~20 MB. With 64-bit hashes the chance of any collision among n ids is
// about n²/2⁶⁵: 3e-8 for a million ids.
type dedupe struct {
	seed maphash.Seed
	seen map[uint64]struct{}
}

func newDedupe() *dedupe {
	return &dedupe{seed: maphash.MakeSeed(), seen: map[uint64]struct{}{}}
}

// first reports whether logID is new, and remembers it. Events without a log_id cannot be
// deduplicated and are always new.
func (d *dedupe) first(logID string) bool {
	if logID == "" {
		return true
	}
	h := maphash.String(d.seed, logID)
	if _, ok := d.seen[h]; ok {
		return false
	}
	d.seen[h] = struct{}{}
	return true
}
