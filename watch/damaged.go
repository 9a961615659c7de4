package watch

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// DefaultDamagedKeep is how long the original of a segment found damaged (SEGMENT.seg.damaged,
// kept aside when the spool salvaged its whole frames) is kept for whoever wants to look at
// it. Such a copy is outside --spool-max-bytes (a whole segment, up to 64 MiB), so it is not
// kept for good: after a week the damaged events are past saving anyway unless the tenant
// keeps logs longer, and --tenant or auth0audit logs --tenant reads them from there.
const DefaultDamagedKeep = 7 * 24 * time.Hour

// sweepInterval is how often a running receiver deletes the copies past their keep.
const sweepInterval = time.Hour

// damagedCopies are the copies of damaged segments left in the spool.
type damagedCopies struct {
	files int
	bytes int64
}

// sweepDamaged deletes the copies of damaged segments kept longer than keep, and the
// temporary file of a salvage a crash interrupted (SEGMENT.seg.salvage); it logs what it
// deletes and, when report is set, every copy it keeps that is not in told (name, size, when it
// is deleted).
func sweepDamaged(segDir string, now time.Time, keep time.Duration, report bool, told map[string]bool, logf func(string)) damagedCopies {
	var left damagedCopies
	entries, err := os.ReadDir(segDir)
	if err != nil {
		logf(fmt.Sprintf("spool: listing %s for damaged copies: %v", segDir, err))
		return left
	}
	for _, e := range entries {
		path := filepath.Join(segDir, e.Name())
		switch {
		case strings.HasSuffix(e.Name(), ".seg.salvage"):
			if err := os.Remove(path); err == nil {
				logf(fmt.Sprintf("spool: removed %s, left by a salvage a crash interrupted (the segment itself is whole)", path))
			}
		case strings.HasSuffix(e.Name(), ".seg.damaged"):
			info, err := e.Info()
			if err != nil {
				continue
			}
			since := info.ModTime() // set when the copy was made
			if keep >= 0 && now.Sub(since) >= keep {
				if err := os.Remove(path); err != nil {
					logf(fmt.Sprintf("spool: cannot remove %s, the copy of a damaged segment kept since %s: %v",
						path, since.UTC().Format(time.RFC3339), err))
				} else {
					logf(fmt.Sprintf("spool: removed %s (%d bytes), the copy of a damaged segment kept since %s (kept %s)",
						path, info.Size(), since.UTC().Format(time.RFC3339), keep))
					continue
				}
			}
			left.files++
			left.bytes += info.Size()
			if report && !told[path] {
				until := "for good"
				if keep >= 0 {
					until = "until " + since.Add(keep).UTC().Format(time.RFC3339)
				}
				logf(fmt.Sprintf("spool: %s (%d bytes) is the original of a segment found damaged on %s, kept for inspection %s "+
					"(outside --spool-max-bytes; delete it once looked at)", path, info.Size(), since.UTC().Format(time.RFC3339), until))
			}
		}
	}
	return left
}
