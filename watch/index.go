package watch

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/cespare/xxhash/v2"
)

// logIDIndex remembers the log_ids the receiver classified, across restarts, in bounded
// memory: a redelivered batch, a batch sent again after a lost answer, or a gap fill that
// overlaps the stream must not count an event twice.
//
// Ids are kept as 64-bit xxhash values (a fixed function: they are saved). Recent ones are in
// a map; at each checkpoint the map is written as sorted run files (0600; they hold hashes,
// nothing else), one per UTC day of the events' dates, each ending with the sparse index of its
// blocks (so a start reads 8 bytes per 512 ids, not the whole run). Runs of one day and of a
// similar size are merged four at a time, and a day that is over is merged into one run. Each
// run also keeps the smallest and largest log_id it holds. Auth0 log_ids grow with time, so a
// live event is newer than every run and costs a map lookup alone; an old id (a redelivery, a
// gap fill) costs one 4 KiB read per run whose range holds it. Memory: the map, plus 8 bytes
// per 512 ids on disk.
//
// Forgetting. Auth0 keeps a tenant's logs 30 days at most, retries a failed delivery within
// minutes, and a gap fill reads GET /api/v2/logs, so an event can arrive again only while it
// is younger than the tenant's retention. The runs of days older than the window (35 days by
// default: retention plus a margin) are dropped, so the index's disk use and the time a start
// takes are bounded by the window, not by the receiver's lifetime. The window is measured back
// from the date of the newest event seen, or from the clock when that is later (a replay of old
// logs is not forgotten while it is replayed; an event dated in the future does not make the
// index forget early). Ids whose event has no readable date are kept for good.
//
// With 64-bit hashes the chance of any collision among n ids is about n²/2⁶⁵: 3e-6 for ten
// million ids, where an event would be taken for a redelivery and not counted.
type logIDIndex struct {
	dir     string
	mem     map[uint64]int32 // hash → day of the event
	memDays map[int32]*idRange
	runs    []*indexRun
	runsMax string // the largest MaxID of the runs: a newer id is in none of them
	seq     uint64 // next run number
	unused  []string
	block   []byte

	opt    indexOptions
	newest time.Time // date of the newest event seen
	cutoff int32     // the runs of days before this one are dropped (it only moves forward)
}

// indexOptions configure a logIDIndex.
type indexOptions struct {
	// window is how long an id is kept after its event's date; 0 keeps every id for good.
	window time.Duration
	// now is the clock; nil means time.Now.
	now func() time.Time
	// legacyRuns writes runs as the first version did, without the sparse index at the end
	// (benchmarks compare against it; such runs are read whole at a start).
	legacyRuns bool
}

// indexState is what a checkpoint records of the index.
type indexState struct {
	Runs   []RunMeta
	Seq    uint64
	Newest time.Time
	Cutoff string // a day, "2006-01-02"
}

type idRange struct{ minID, maxID string }

// indexRun is one sorted run file.
type indexRun struct {
	RunMeta
	day    int32
	f      *os.File
	fences []uint64 // first hash of each block of blockLen hashes
}

// RunMeta is what a checkpoint records of a run.
type RunMeta struct {
	Name  string `json:"name"`
	Count int64  `json:"count"`
	MinID string `json:"min_id"`
	MaxID string `json:"max_id"`
	Tier  int    `json:"tier"`
	// Day is the UTC day of the events whose ids the run holds, "none" for events of no known
	// date (kept for good). Runs of the first version have none: their day is read from MaxID.
	Day string `json:"day,omitempty"`
	// Fences says the file ends with the run's sparse index (one hash per block).
	Fences bool `json:"fences,omitempty"`
}

const (
	indexBlockLen = 512 // hashes per block: a 4 KiB read
	mergeFanIn    = 4
	// undatedDay is the day of ids whose event has no readable date: never dropped.
	undatedDay  = math.MaxInt32
	undatedName = "none"
	noCutoff    = math.MinInt32
	// dayClosedAfter: a day this long over gets no more live events; its runs become one.
	dayClosedAfter = time.Hour
	// DefaultDedupeWindow is Auth0's longest log retention (30 days) plus a margin for clock
	// differences, the runs' day grain and a gap fill reading at the edge of the retention.
	DefaultDedupeWindow = 35 * 24 * time.Hour
)

// openLogIDIndex opens the runs a checkpoint lists, except those of days the window has
// passed (removed after the next checkpoint); run files it does not list (a merge or a seal a
// crash interrupted before its checkpoint) are removed.
func openLogIDIndex(dir string, st indexState, opt indexOptions) (*logIDIndex, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("log_id index: %w", err)
	}
	if opt.now == nil {
		opt.now = time.Now
	}
	x := &logIDIndex{dir: dir, mem: map[uint64]int32{}, memDays: map[int32]*idRange{}, seq: st.Seq,
		block: make([]byte, 8*indexBlockLen), opt: opt, newest: st.Newest, cutoff: noCutoff}
	if st.Cutoff != "" {
		d, err := time.Parse(time.DateOnly, st.Cutoff)
		if err != nil {
			return nil, fmt.Errorf("log_id index: cutoff %q: %w", st.Cutoff, err)
		}
		x.cutoff = dayNumber(d)
	}
	x.advanceCutoff()
	listed := map[string]bool{}
	for _, m := range st.Runs {
		listed[m.Name] = true
		if day := runDay(m); day < x.cutoff {
			x.unused = append(x.unused, m.Name) // the checkpoint that no longer lists it comes first
			continue
		}
		r, err := x.openRun(m)
		if err != nil {
			x.close()
			return nil, err
		}
		x.runs = append(x.runs, r)
	}
	x.runsChanged()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("log_id index: %w", err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".run") && !listed[e.Name()] {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return nil, fmt.Errorf("log_id index: %w", err)
			}
		}
	}
	return x, nil
}

// runDay is the day of a run's ids; a run of the first version (no Day) takes the day of its
// largest log_id when both ends of its range read as dated log_ids of one prefix (then every
// id between is older or of that day), else it is kept for good.
func runDay(m RunMeta) int32 {
	switch m.Day {
	case undatedName:
		return undatedDay
	case "":
	default:
		if d, err := time.Parse(time.DateOnly, m.Day); err == nil {
			return dayNumber(d)
		}
		return undatedDay
	}
	lo, okLo := logIDTime(m.MinID)
	hi, okHi := logIDTime(m.MaxID)
	if !okLo || !okHi || m.MinID[:3] != m.MaxID[:3] || hi.Before(lo) {
		return undatedDay
	}
	return dayNumber(hi)
}

func (x *logIDIndex) openRun(m RunMeta) (*indexRun, error) {
	f, err := os.Open(filepath.Join(x.dir, m.Name))
	if err != nil {
		return nil, fmt.Errorf("log_id index: %w", err)
	}
	r := &indexRun{RunMeta: m, day: runDay(m), f: f}
	nf := (m.Count + indexBlockLen - 1) / indexBlockLen
	want := 8 * m.Count
	if m.Fences {
		want += 8 * nf
	}
	st, err := f.Stat()
	if err != nil || st.Size() != want {
		f.Close()
		size := int64(-1)
		if st != nil {
			size = st.Size()
		}
		return nil, fmt.Errorf("log_id index: %s holds %d bytes, the checkpoint says %d ids (%d bytes)", m.Name, size, m.Count, want)
	}
	if m.Fences {
		b := make([]byte, 8*nf)
		if _, err := f.ReadAt(b, 8*m.Count); err != nil {
			f.Close()
			return nil, fmt.Errorf("log_id index: reading %s: %w", m.Name, err)
		}
		r.fences = make([]uint64, nf)
		for i := range r.fences {
			r.fences[i] = binary.LittleEndian.Uint64(b[8*i:])
		}
		return r, nil
	}
	// A run of the first version: the fences are every blockLen-th hash.
	br := bufio.NewReaderSize(io.NewSectionReader(f, 0, st.Size()), 64<<10)
	var b [8]byte
	for i := int64(0); i < m.Count; i++ {
		if _, err := io.ReadFull(br, b[:]); err != nil {
			f.Close()
			return nil, fmt.Errorf("log_id index: reading %s: %w", m.Name, err)
		}
		if i%indexBlockLen == 0 {
			r.fences = append(r.fences, binary.LittleEndian.Uint64(b[:]))
		}
	}
	return r, nil
}

// seen reports whether logID was seen before, and remembers it; at is its event's date (zero
// when unknown).
func (x *logIDIndex) seen(logID string, at time.Time) (bool, error) {
	day := int32(undatedDay)
	if !at.IsZero() {
		day = dayNumber(at)
		if at.After(x.newest) {
			x.newest = at
		}
	}
	h := xxhash.Sum64String(logID)
	if _, ok := x.mem[h]; ok {
		return true, nil
	}
	if logID <= x.runsMax { // else a live event, newer than every run
		for _, r := range x.runs {
			if logID < r.MinID || logID > r.MaxID {
				continue
			}
			found, err := x.runHas(r, h)
			if err != nil || found {
				return found, err
			}
		}
	}
	x.mem[h] = day
	if rg := x.memDays[day]; rg == nil {
		x.memDays[day] = &idRange{minID: logID, maxID: logID}
	} else {
		rg.minID = min(rg.minID, logID)
		rg.maxID = max(rg.maxID, logID)
	}
	return false, nil
}

// forgotten reports whether an event of that date is older than the window: its id could
// have been seen and dropped since, so a second copy would not be recognised.
func (x *logIDIndex) forgotten(at time.Time) bool {
	return !at.IsZero() && dayNumber(at) < x.cutoff
}

func (x *logIDIndex) runHas(r *indexRun, h uint64) (bool, error) {
	j := sort.Search(len(r.fences), func(i int) bool { return r.fences[i] > h })
	if j == 0 {
		return false, nil
	}
	first := int64(j-1) * indexBlockLen
	n := min(int64(indexBlockLen), r.Count-first)
	block := x.block[:n*8]
	if _, err := r.f.ReadAt(block, first*8); err != nil {
		return false, fmt.Errorf("log_id index: reading %s: %w", r.Name, err)
	}
	lo, hi := 0, int(n)
	for lo < hi {
		mid := lo + (hi-lo)/2
		switch v := binary.LittleEndian.Uint64(block[mid*8:]); {
		case v == h:
			return true, nil
		case v < h:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return false, nil
}

// reference is the time the window is measured back from: the newest event's date, or the
// clock when that is earlier.
func (x *logIDIndex) reference() time.Time {
	if now := x.opt.now(); now.Before(x.newest) {
		return now
	}
	return x.newest
}

// advanceCutoff moves the cutoff to the window's start (never back: a clock set back must not
// bring back runs already dropped).
func (x *logIDIndex) advanceCutoff() {
	if x.opt.window <= 0 || x.newest.IsZero() {
		return
	}
	x.cutoff = max(x.cutoff, dayNumber(x.reference().Add(-x.opt.window)))
}

// seal writes the ids in memory as runs, one per day, drops the runs of days the window has
// passed, and merges runs. The files of runs merged away or dropped stay until release: the
// checkpoint that no longer lists them must be on disk first.
func (x *logIDIndex) seal() error {
	x.advanceCutoff()
	byDay := map[int32][]uint64{}
	for h, day := range x.mem {
		if day >= x.cutoff {
			byDay[day] = append(byDay[day], h)
		}
	}
	days := make([]int32, 0, len(byDay))
	for d := range byDay {
		days = append(days, d)
	}
	slices.Sort(days)
	var sealed []*indexRun
	for _, d := range days {
		hashes := byDay[d]
		slices.Sort(hashes)
		rg := x.memDays[d]
		m := RunMeta{Count: int64(len(hashes)), MinID: rg.minID, MaxID: rg.maxID, Day: dayString(d)}
		r, err := x.writeRun(m, func(put func(uint64) error) error {
			for _, h := range hashes {
				if err := put(h); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			// Nothing of this seal is kept: the ids stay in memory for the next one.
			for _, r := range sealed {
				r.f.Close()
				os.Remove(filepath.Join(x.dir, r.Name))
			}
			return err
		}
		sealed = append(sealed, r)
	}
	x.runs = append(x.runs, sealed...)
	x.runsChanged()
	clear(x.mem)
	clear(x.memDays)
	x.prune()
	return x.compact()
}

// runsChanged recomputes what is derived from the list of runs.
func (x *logIDIndex) runsChanged() {
	x.runsMax = ""
	for _, r := range x.runs {
		x.runsMax = max(x.runsMax, r.MaxID)
	}
}

// prune drops the runs of days before the cutoff.
func (x *logIDIndex) prune() {
	kept := x.runs[:0]
	for _, r := range x.runs {
		if r.day < x.cutoff {
			r.f.Close()
			x.unused = append(x.unused, r.Name)
			continue
		}
		kept = append(kept, r)
	}
	clear(x.runs[len(kept):])
	x.runs = kept
	x.runsChanged()
}

// compact merges the runs of one day: all of them once the day is over, else mergeFanIn runs
// of the same tier into one of the next tier, as long as there are such runs.
func (x *logIDIndex) compact() error {
	ref := x.reference()
	for {
		merge := x.nextMerge(ref)
		if merge == nil {
			return nil
		}
		m := RunMeta{Day: dayString(merge[0].day), MinID: merge[0].MinID, MaxID: merge[0].MaxID}
		for _, r := range merge {
			m.Count += r.Count
			m.MinID = min(m.MinID, r.MinID)
			m.MaxID = max(m.MaxID, r.MaxID)
			m.Tier = max(m.Tier, r.Tier+1)
		}
		merged, err := x.writeRun(m, func(put func(uint64) error) error { return mergeRuns(merge, put) })
		if err != nil {
			return err
		}
		kept := x.runs[:0]
		for _, r := range x.runs {
			if !slices.Contains(merge, r) {
				kept = append(kept, r)
			}
		}
		x.runs = append(kept, merged)
		x.runsChanged()
		for _, r := range merge {
			r.f.Close()
			x.unused = append(x.unused, r.Name)
		}
	}
}

// nextMerge picks the runs to merge next, or nil.
func (x *logIDIndex) nextMerge(ref time.Time) []*indexRun {
	byDay := map[int32][]*indexRun{}
	var days []int32
	for _, r := range x.runs {
		if byDay[r.day] == nil {
			days = append(days, r.day)
		}
		byDay[r.day] = append(byDay[r.day], r)
	}
	slices.Sort(days)
	for _, d := range days {
		runs := byDay[d]
		if len(runs) > 1 && d != undatedDay && !ref.IsZero() && !dayStart(d+1).Add(dayClosedAfter).After(ref) {
			return runs
		}
		byTier := map[int][]*indexRun{}
		for _, r := range runs {
			byTier[r.Tier] = append(byTier[r.Tier], r)
			if len(byTier[r.Tier]) == mergeFanIn {
				return byTier[r.Tier]
			}
		}
	}
	return nil
}

// mergeRuns puts the union of the runs' sorted hashes, in order.
func mergeRuns(runs []*indexRun, put func(uint64) error) error {
	type cursor struct {
		r    *bufio.Reader
		left int64
		v    uint64
	}
	var cs []*cursor
	var b [8]byte
	next := func(c *cursor) (bool, error) {
		if c.left == 0 {
			return false, nil
		}
		if _, err := io.ReadFull(c.r, b[:]); err != nil {
			return false, err
		}
		c.left--
		c.v = binary.LittleEndian.Uint64(b[:])
		return true, nil
	}
	for _, r := range runs {
		c := &cursor{r: bufio.NewReaderSize(io.NewSectionReader(r.f, 0, 8*r.Count), 64<<10), left: r.Count}
		ok, err := next(c)
		if err != nil {
			return err
		}
		if ok {
			cs = append(cs, c)
		}
	}
	last, any := uint64(0), false
	for len(cs) > 0 {
		k := 0
		for i, c := range cs {
			if c.v < cs[k].v {
				k = i
			}
		}
		v := cs[k].v
		if !any || v != last {
			if err := put(v); err != nil {
				return err
			}
			last, any = v, true
		}
		ok, err := next(cs[k])
		if err != nil {
			return err
		}
		if !ok {
			cs = slices.Delete(cs, k, k+1)
		}
	}
	return nil
}

// writeRun writes a run file from the sorted hashes fill puts, then its fences, fsyncs it,
// and opens it.
func (x *logIDIndex) writeRun(m RunMeta, fill func(put func(uint64) error) error) (*indexRun, error) {
	m.Name = fmt.Sprintf("%016d.run", x.seq)
	x.seq++
	path := filepath.Join(x.dir, m.Name)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("log_id index: %w", err)
	}
	r := &indexRun{f: f}
	w := bufio.NewWriterSize(f, 64<<10)
	var n int64
	var b [8]byte
	err = fill(func(v uint64) error {
		if n%indexBlockLen == 0 {
			r.fences = append(r.fences, v)
		}
		n++
		binary.LittleEndian.PutUint64(b[:], v)
		_, err := w.Write(b[:])
		return err
	})
	if err == nil && !x.opt.legacyRuns {
		for _, v := range r.fences {
			binary.LittleEndian.PutUint64(b[:], v)
			if _, err = w.Write(b[:]); err != nil {
				break
			}
		}
	}
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if err != nil {
		f.Close()
		os.Remove(path)
		return nil, fmt.Errorf("log_id index: writing %s: %w", m.Name, err)
	}
	m.Count = n // a merge drops hashes common to its runs
	m.Fences = !x.opt.legacyRuns
	r.RunMeta = m
	r.day = runDay(m)
	return r, syncDir(x.dir)
}

// state is what a checkpoint records of the index.
func (x *logIDIndex) state() indexState {
	st := indexState{Seq: x.seq, Newest: x.newest, Runs: make([]RunMeta, 0, len(x.runs))}
	for _, r := range x.runs {
		st.Runs = append(st.Runs, r.RunMeta)
	}
	if x.cutoff != noCutoff {
		st.Cutoff = dayString(x.cutoff)
	}
	return st
}

// release removes the files of runs merged away or dropped, once a checkpoint no longer lists
// them.
func (x *logIDIndex) release() error {
	var errs []error
	for _, name := range x.unused {
		if err := os.Remove(filepath.Join(x.dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	x.unused = nil
	return errors.Join(errs...)
}

// size is the number of ids kept (a merge of runs that shared ids counts them once).
func (x *logIDIndex) size() int64 {
	n := int64(len(x.mem))
	for _, r := range x.runs {
		n += r.Count
	}
	return n
}

// diskBytes is the size of the run files kept.
func (x *logIDIndex) diskBytes() int64 {
	var n int64
	for _, r := range x.runs {
		n += 8 * r.Count
		if r.Fences {
			n += 8 * int64(len(r.fences))
		}
	}
	return n
}

func (x *logIDIndex) close() error {
	var errs []error
	for _, r := range x.runs {
		errs = append(errs, r.f.Close())
	}
	x.runs = nil
	return errors.Join(errs...)
}

const secondsPerDay = 24 * 60 * 60

// dayNumber is the UTC day of t, counted from 1970-01-01.
func dayNumber(t time.Time) int32 {
	s := t.Unix()
	d := s / secondsPerDay
	if s%secondsPerDay < 0 {
		d--
	}
	return int32(max(min(d, math.MaxInt32-1), math.MinInt32+1))
}

func dayStart(d int32) time.Time { return time.Unix(int64(d)*secondsPerDay, 0).UTC() }

func dayString(d int32) string {
	if d == undatedDay {
		return undatedName
	}
	return dayStart(d).Format(time.DateOnly)
}

// logIDTime reads the date an Auth0 log_id starts with: three digits, then the UTC date and
// time to the second (90020230314134133…, seen in every recorded Auth0 log; not documented).
func logIDTime(id string) (time.Time, bool) {
	if len(id) < 17 {
		return time.Time{}, false
	}
	for i := 0; i < 17; i++ {
		if id[i] < '0' || id[i] > '9' {
			return time.Time{}, false
		}
	}
	t, err := time.Parse("20060102150405", id[3:17])
	if err != nil || t.Year() < 2000 {
		return time.Time{}, false
	}
	return t, true
}
