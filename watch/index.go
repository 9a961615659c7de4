package watch

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/cespare/xxhash/v2"
)

// logIDIndex remembers every log_id the receiver classified, across restarts, in bounded
// memory: a redelivered batch, a batch sent again after a lost answer, or a gap fill that
// overlaps the stream must not count an event twice.
//
// Ids are kept as 64-bit xxhash values (a fixed function: they are saved). Recent ones are in
// a map; at each checkpoint the map is written as a sorted run file (0600; it holds hashes,
// nothing else) with a sparse index of its blocks in memory, and runs of a similar size are
// merged four at a time, so there are a few runs per size class. Each run also keeps the
// smallest and largest log_id it holds. Auth0 log_ids grow with time, so a live event is newer
// than every run and costs a map lookup alone; an old id (a redelivery, a gap fill) costs one
// 4 KiB read per run whose range holds it. Memory: the map, plus 8 bytes per 512 ids on disk.
//
// With 64-bit hashes the chance of any collision among n ids is about n²/2⁶⁵: 3e-6 for ten
// million ids, where an event would be taken for a redelivery and not counted.
type logIDIndex struct {
	dir    string
	mem    map[uint64]struct{}
	minID  string // range of mem
	maxID  string
	runs   []*indexRun
	seq    uint64 // next run number
	unused []string
	block  []byte
}

// indexRun is one sorted run file.
type indexRun struct {
	RunMeta
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
}

const (
	indexBlockLen = 512 // hashes per block: a 4 KiB read
	mergeFanIn    = 4
)

// openLogIDIndex opens the runs a checkpoint lists; run files it does not list (a merge or a
// seal a crash interrupted before its checkpoint) are removed.
func openLogIDIndex(dir string, runs []RunMeta, seq uint64) (*logIDIndex, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("log_id index: %w", err)
	}
	x := &logIDIndex{dir: dir, mem: map[uint64]struct{}{}, seq: seq, block: make([]byte, 8*indexBlockLen)}
	listed := map[string]bool{}
	for _, m := range runs {
		r, err := x.openRun(m)
		if err != nil {
			x.close()
			return nil, err
		}
		x.runs = append(x.runs, r)
		listed[m.Name] = true
	}
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

func (x *logIDIndex) openRun(m RunMeta) (*indexRun, error) {
	f, err := os.Open(filepath.Join(x.dir, m.Name))
	if err != nil {
		return nil, fmt.Errorf("log_id index: %w", err)
	}
	st, err := f.Stat()
	if err != nil || st.Size() != 8*m.Count {
		f.Close()
		return nil, fmt.Errorf("log_id index: %s holds %d bytes, the checkpoint says %d ids", m.Name, st.Size(), m.Count)
	}
	r := &indexRun{RunMeta: m, f: f}
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

// seen reports whether logID was seen before, and remembers it.
func (x *logIDIndex) seen(logID string) (bool, error) {
	h := xxhash.Sum64String(logID)
	if _, ok := x.mem[h]; ok {
		return true, nil
	}
	for _, r := range x.runs {
		if logID < r.MinID || logID > r.MaxID {
			continue
		}
		found, err := x.runHas(r, h)
		if err != nil || found {
			return found, err
		}
	}
	x.mem[h] = struct{}{}
	if len(x.mem) == 1 || logID < x.minID {
		x.minID = logID
	}
	if len(x.mem) == 1 || logID > x.maxID {
		x.maxID = logID
	}
	return false, nil
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

// seal writes the ids in memory as a run and merges runs of a size class once there are
// mergeFanIn of them. The files of runs merged away stay until release: the checkpoint that
// lists the new runs must be on disk first.
func (x *logIDIndex) seal() error {
	if len(x.mem) == 0 {
		return nil
	}
	hashes := make([]uint64, 0, len(x.mem))
	for h := range x.mem {
		hashes = append(hashes, h)
	}
	slices.Sort(hashes)
	m := RunMeta{Count: int64(len(hashes)), MinID: x.minID, MaxID: x.maxID}
	r, err := x.writeRun(m, func(put func(uint64) error) error {
		for _, h := range hashes {
			if err := put(h); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	x.runs = append(x.runs, r)
	clear(x.mem)
	x.minID, x.maxID = "", ""
	return x.compact()
}

// compact merges mergeFanIn runs of the same tier into one of the next tier, as long as there
// are such runs.
func (x *logIDIndex) compact() error {
	for {
		byTier := map[int][]*indexRun{}
		var merge []*indexRun
		for _, r := range x.runs {
			byTier[r.Tier] = append(byTier[r.Tier], r)
			if len(byTier[r.Tier]) == mergeFanIn {
				merge = byTier[r.Tier]
				break
			}
		}
		if merge == nil {
			return nil
		}
		m := RunMeta{Tier: merge[0].Tier + 1, MinID: merge[0].MinID, MaxID: merge[0].MaxID}
		for _, r := range merge {
			m.Count += r.Count
			m.MinID = min(m.MinID, r.MinID)
			m.MaxID = max(m.MaxID, r.MaxID)
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
		for _, r := range merge {
			r.f.Close()
			x.unused = append(x.unused, r.Name)
		}
	}
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

// writeRun writes a run file from the sorted hashes fill puts, fsyncs it, and opens it.
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
	r.RunMeta = m
	return r, syncDir(x.dir)
}

// meta lists the runs for a checkpoint.
func (x *logIDIndex) meta() []RunMeta {
	out := make([]RunMeta, 0, len(x.runs))
	for _, r := range x.runs {
		out = append(out, r.RunMeta)
	}
	return out
}

// release removes the files of runs merged away, once a checkpoint no longer lists them.
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

func (x *logIDIndex) close() error {
	var errs []error
	for _, r := range x.runs {
		errs = append(errs, r.f.Close())
	}
	x.runs = nil
	return errors.Join(errs...)
}
