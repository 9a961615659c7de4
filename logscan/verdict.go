package logscan

import (
	"fmt"
	"strings"

	"github.com/auth0-migrate/auth0audit/logscan/decode"
)

// judge decides, once an input has been read whole, whether it was what it claims to be: an
// Auth0 log export. Garbage must not read as "no findings": an input in which no Auth0 event
// was recognised, or whose records are mostly not events, is an error of kind ErrNotLogs that
// says what the input looks like; one that ends inside a record or array (cut is why, for a
// stream of JSON values) is an error of kind ErrTruncated that says how many events were kept.
// Whatever was read is counted and reported either way.
//
// An input without a single record (an empty file, an empty array, a page of no logs) is only
// a warning: an hourly export of a quiet hour is empty, and a directory of them should not
// fail on it. A scan whose every input was empty fails as a whole (see nothingRead).
func (s *Scanner) judge(name string, fs *FileStats, o *inOrder, head []byte, cut string) error {
	if cut == "" && o.cutTail {
		cut = "its last line is cut off (no line end, and the object it starts is not closed): " +
			"the file was truncated, or is still being written"
	}
	fail := func(kind error, detail string) error {
		fs.Error = detail
		return &InputError{Name: name, Kind: kind, Detail: detail, Kept: fs.Events}
	}
	records := fs.Events + fs.Malformed
	// An input whose one record is the one cut off is a truncated export, not garbage.
	onlyTheCut := cut != "" && fs.Events == 0 && fs.Malformed <= 1
	switch {
	case records == 0 && cut == "":
		fs.Warning = "no records: " + emptyDescription(head, fs.Compressed)
		return nil
	case decode.Archive(head) != "":
		return fail(ErrNotLogs, fmt.Sprintf("not an Auth0 log export: it holds %s; read as text it gave %s",
			looks(head, fs.Compressed), recordCounts(fs)))
	case !o.recognised && !onlyTheCut:
		return fail(ErrNotLogs, fmt.Sprintf("not an Auth0 log export: it holds %s; no Auth0 log event among %s%s",
			looks(head, fs.Compressed), recordCounts(fs), o.firstProblem()))
	case cut != "":
		return fail(ErrTruncated, fmt.Sprintf("not read to the end: %s; %s", cut, kept(fs.Events)))
	case o.sampled >= minSampled && o.foreign*2 > o.sampled:
		return fail(ErrNotLogs, fmt.Sprintf("mostly not Auth0 log events: %d of the %d events checked are not Auth0 log events "+
			"but %s; %s", o.foreign, o.sampled, o.foreignLooks, kept(fs.Events)))
	case fs.Malformed > fs.Events:
		return fail(ErrNotLogs, fmt.Sprintf("mostly not Auth0 log events: %d of %d records are not events "+
			"(the malformed lines are listed); %s", fs.Malformed, records, kept(fs.Events)))
	}
	return nil
}

// minSampled is the fewest events checked (see eventSample) on which an input is judged to be
// mostly another product's events: one foreign event beside one Auth0 event decides nothing.
const minSampled = 4

// looks describes what an input's content looks like.
func looks(head []byte, compressed bool) string {
	d := decode.Describe(head)
	if compressed {
		return "gzip of " + d
	}
	return d
}

func emptyDescription(head []byte, compressed bool) string {
	d := looks(head, compressed)
	if strings.HasSuffix(d, "empty") {
		return d + " input"
	}
	return d
}

// firstProblem locates the input's first malformed record: what made the records unreadable
// says more than their count.
func (o *inOrder) firstProblem() string {
	if o.first == nil {
		return ""
	}
	return fmt.Sprintf(" (line %d: %s)", o.first.Line, o.first.Reason)
}

func recordCounts(fs *FileStats) string {
	return fmt.Sprintf("%d event(s) and %d malformed record(s)", fs.Events, fs.Malformed)
}

// nothingRead fails a scan whose inputs, all read without error, held no record at all: a
// report of "no findings" would be an all-clear on no data.
func (s *Scanner) nothingRead() error {
	if len(s.stats.Files) == 0 || s.stats.EventsRead > 0 || s.stats.Malformed > 0 {
		return nil
	}
	names := make([]string, 0, len(s.stats.Files))
	for _, f := range s.stats.Files {
		if f.Error != "" {
			return nil // that input's own error says what went wrong
		}
		names = append(names, f.Name)
	}
	if len(names) > 3 {
		names = append(names[:3], fmt.Sprintf("and %d more", len(names)-3))
	}
	return &InputError{Name: strings.Join(names, ", "), Kind: ErrNoEvents,
		Detail: "no events read: every input was empty, so there is nothing to audit"}
}
