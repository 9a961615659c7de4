package watch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Spool is the on-disk queue between the HTTP handler and the classifier: a batch is
// acknowledged only once its frame is on disk (fsync'd), and the classifier reads frames back
// from the disk, so a crash or a restart loses nothing that was acknowledged.
//
// Group commit: handlers hand their frames to one writer goroutine and wait; the writer takes
// every frame queued while the previous fsync ran, writes them with one write and one fsync,
// then wakes each handler. Batches arriving together share an fsync, and each is acknowledged
// only after the fsync that covers it.
//
// Frames go to numbered segment files (SEGMENT.seg); a new one is started past segmentSize and
// at every open. The classifier's checkpoint releases the segments it has consumed. The bytes
// of the segments kept are bounded by Limit: past it Append refuses with ErrSpoolFull.
type Spool struct {
	dir         string
	limit       int64
	segmentSize int64

	mu        sync.Mutex
	segments  []segment // kept, oldest first; the last is being written
	cur       *os.File
	committed Position // end of what is on disk and fsync'd
	kept      int64    // bytes of the kept segments, plus frames queued
	queue     []*appendReq
	wake      chan struct{}
	newData   chan struct{} // closed and replaced at every commit
	broken    error
	diskFull  bool // the last write failed for lack of space (cleared by the next commit)
	closed    bool
	done      chan struct{}
	ops       fileOps

	stats SpoolStats
}

// SpoolStats counts the spool's work since it was opened.
type SpoolStats struct {
	Commits        int64 // fsyncs
	FramesWritten  int64
	EventsWritten  int64
	BytesWritten   int64
	LastCommitSize int // frames in the last commit
	TornTail       int64
}

// Position is a place in the spool: a segment and a byte offset in it.
type Position struct {
	Segment uint64 `json:"segment"`
	Offset  int64  `json:"offset"`
}

func (p Position) before(q Position) bool {
	return p.Segment < q.Segment || (p.Segment == q.Segment && p.Offset < q.Offset)
}

type segment struct {
	id   uint64
	size int64 // committed size
}

type appendReq struct {
	frame  []byte
	events int
	done   chan error
}

// ErrSpoolFull is returned by Append when the kept segments reach the spool's limit.
var ErrSpoolFull = errors.New("spool full")

const defaultSegmentSize = 64 << 20

// maxKeptCommitBuffer bounds the commit buffer the writer keeps between commits.
const maxKeptCommitBuffer = 8 << 20

// SpoolOptions configure OpenSpool.
type SpoolOptions struct {
	// Limit bounds the bytes the spool keeps on disk.
	Limit int64
	// SegmentSize is the size past which a new segment is started; 0 means 64 MiB.
	SegmentSize int64

	ops fileOps
}

// fileOps are the spool's writes to its segments; tests replace them to inject faults.
type fileOps struct {
	write func(f *os.File, b []byte) (int, error)
	sync  func(f *os.File) error
}

func (o fileOps) withDefaults() fileOps {
	if o.write == nil {
		o.write = (*os.File).Write
	}
	if o.sync == nil {
		o.sync = (*os.File).Sync
	}
	return o
}

// Recovered says what OpenSpool found after from.
type Recovered struct {
	Frames, Events int64
	// StreamEvents counts the events of log-stream deliveries (the rest came from gap fills).
	StreamEvents int64
	// TornBytes were cut off the end of the last segment: a write a crash interrupted, never
	// acknowledged.
	TornBytes int64
	// Damaged lists the bytes set aside because they were not whole frames although whole
	// frames follow them: damage on disk (or a write a power loss tore out of order). Their
	// batches may have been acknowledged.
	Damaged []DamagedRange
	// Missing lists the segments that should be there and are not (deleted by hand): the
	// spool numbers its segments one after the other and removes only those consumed.
	Missing []string
}

// DamagedRange is a run of unreadable bytes found in a segment when the spool was opened. The
// segment was rewritten without them (the frames before and after kept) and the original kept
// as Kept.
type DamagedRange struct {
	File   string
	Offset int64
	Bytes  int64
	Kept   string
}

// OpenSpool opens (creating) the spool in dir. Segments wholly before from (the classifier's
// checkpoint) are removed; the frames after it are checked, and a frame cut short at the end of
// the last segment is cut off.
func OpenSpool(dir string, from Position, opt SpoolOptions) (*Spool, Recovered, error) {
	var rec Recovered
	if opt.SegmentSize <= 0 {
		opt.SegmentSize = defaultSegmentSize
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, rec, fmt.Errorf("spool: %w", err)
	}
	s := &Spool{dir: dir, limit: opt.Limit, segmentSize: opt.SegmentSize, ops: opt.ops.withDefaults(),
		wake: make(chan struct{}, 1), newData: make(chan struct{}), done: make(chan struct{})}
	ids, err := s.listSegments()
	if err != nil {
		return nil, rec, err
	}
	expect := from.Segment
	for i, id := range ids {
		path := s.segmentPath(id)
		for ; id >= from.Segment && expect < id; expect++ {
			rec.Missing = append(rec.Missing, s.segmentPath(expect))
		}
		expect = max(expect, id+1)
		if id < from.Segment {
			if err := os.Remove(path); err != nil {
				return nil, rec, fmt.Errorf("spool: removing consumed segment: %w", err)
			}
			continue
		}
		start := int64(0)
		if id == from.Segment {
			start = from.Offset
		}
		size, r, err := scanSegment(path, start, i == len(ids)-1)
		if err != nil {
			return nil, rec, err
		}
		rec.Frames += r.Frames
		rec.Events += r.Events
		rec.StreamEvents += r.StreamEvents
		rec.TornBytes += r.TornBytes
		rec.Damaged = append(rec.Damaged, r.Damaged...)
		s.segments = append(s.segments, segment{id: id, size: size})
		s.kept += size
	}
	next := from.Segment
	if len(s.segments) > 0 {
		next = max(next, s.segments[len(s.segments)-1].id+1)
	}
	if err := s.startSegment(next); err != nil {
		return nil, rec, err
	}
	s.stats.TornTail = rec.TornBytes
	go s.writer()
	return s, rec, nil
}

func (s *Spool) segmentPath(id uint64) string {
	return filepath.Join(s.dir, fmt.Sprintf("%020d.seg", id))
}

func (s *Spool) listSegments() ([]uint64, error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	var ids []uint64
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".seg")
		if !ok {
			continue
		}
		id, err := strconv.ParseUint(name, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("spool: %s: not a segment name (want 20 digits.seg)", filepath.Join(s.dir, e.Name()))
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids, nil
}

// scanSegment checks the frames of a segment from start and returns its size. Bytes that are
// not a whole frame at the end of the last segment, with no whole frame after them, are cut
// off (a crash interrupted their write, so they were never acknowledged). Anywhere else they
// are damage: the segment is rewritten without them (see salvageSegment), so that the whole
// frames after them, acknowledged batches, are still classified.
func scanSegment(path string, start int64, last bool) (int64, Recovered, error) {
	var rec Recovered
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return 0, rec, fmt.Errorf("spool: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, rec, fmt.Errorf("spool: %w", err)
	}
	size := st.Size()
	off := start
	h := make([]byte, frameHeaderLen)
	var payload []byte
	for off < size {
		fh, err := readFrameAt(f, off, size, h, &payload)
		if err != nil {
			rest := make([]byte, size-off)
			if _, err := f.ReadAt(rest, off); err != nil {
				return 0, rec, fmt.Errorf("spool: reading %s: %w", path, err)
			}
			if !last || nextWholeFrame(rest, 1) >= 0 {
				f.Close()
				return salvageSegment(path, off, rec)
			}
			if err := f.Truncate(off); err != nil {
				return 0, rec, fmt.Errorf("spool: cutting the torn end of %s: %w", path, err)
			}
			if err := f.Sync(); err != nil {
				return 0, rec, fmt.Errorf("spool: %w", err)
			}
			rec.TornBytes = size - off
			return off, rec, nil
		}
		rec.Frames++
		rec.Events += int64(fh.events)
		if fh.source == SourceStream {
			rec.StreamEvents += int64(fh.events)
		}
		off += frameHeaderLen + int64(fh.length)
	}
	return size, rec, nil
}

// wholeFrameAt returns the length of the whole frame at the start of b, or -1.
func wholeFrameAt(b []byte) int {
	fh, err := parseFrameHeader(b)
	if err != nil || len(b)-frameHeaderLen < fh.length {
		return -1
	}
	if checkFrame(b[:frameHeaderLen], fh, b[frameHeaderLen:frameHeaderLen+fh.length]) != nil {
		return -1
	}
	return frameHeaderLen + fh.length
}

// nextWholeFrame returns the offset of the first whole frame in b at or after from, or -1.
func nextWholeFrame(b []byte, from int) int {
	for from < len(b) {
		i := bytes.Index(b[from:], frameMagic[:])
		if i < 0 {
			return -1
		}
		if wholeFrameAt(b[from+i:]) > 0 {
			return from + i
		}
		from += i + 1
	}
	return -1
}

// salvageSegment rewrites a damaged segment with its whole frames only: the bytes before bad
// as they are (frames checked, or consumed before the checkpoint), then every whole frame after it, skipping the runs of bytes that are not whole frames. The original is
// kept as path.damaged (the spool ignores it) for whoever wants to look at it; the frames keep
// their order, and offsets up to bad do not move, so the checkpoint's position stays valid.
func salvageSegment(path string, bad int64, rec Recovered) (int64, Recovered, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, rec, fmt.Errorf("spool: %w", err)
	}
	kept := path + ".damaged"
	out := slices.Clone(b[:bad])
	for off := int(bad); off < len(b); {
		n := wholeFrameAt(b[off:])
		if n < 0 {
			next := nextWholeFrame(b, off+1)
			if next < 0 {
				next = len(b)
			}
			rec.Damaged = append(rec.Damaged, DamagedRange{File: path, Offset: int64(off), Bytes: int64(next - off), Kept: kept})
			off = next
			continue
		}
		fh, _ := parseFrameHeader(b[off:])
		rec.Frames++
		rec.Events += int64(fh.events)
		if fh.source == SourceStream {
			rec.StreamEvents += int64(fh.events)
		}
		out = append(out, b[off:off+n]...)
		off += n
	}
	tmp := path + ".salvage"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return 0, rec, fmt.Errorf("spool: salvaging %s: %w", path, err)
	}
	_, werr := f.Write(out)
	if err := errors.Join(werr, f.Sync(), f.Close()); err != nil {
		os.Remove(tmp)
		return 0, rec, fmt.Errorf("spool: salvaging %s: %w", path, err)
	}
	os.Remove(kept) // from an earlier salvage of the same segment
	if err := os.Link(path, kept); err != nil {
		os.Remove(tmp)
		return 0, rec, fmt.Errorf("spool: keeping the damaged %s aside: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return 0, rec, fmt.Errorf("spool: salvaging %s: %w", path, err)
	}
	// The copy is kept for DefaultDamagedKeep from now, not from the segment's last write.
	now := time.Now()
	_ = os.Chtimes(kept, now, now)
	if err := syncDir(filepath.Dir(path)); err != nil {
		return 0, rec, err
	}
	return int64(len(out)), rec, nil
}

// readFrameAt reads and checks the frame at off of a file of the given size.
func readFrameAt(f *os.File, off, size int64, h []byte, payload *[]byte) (frameHeader, error) {
	if size-off < frameHeaderLen {
		return frameHeader{}, errTorn
	}
	if _, err := f.ReadAt(h, off); err != nil {
		return frameHeader{}, err
	}
	fh, err := parseFrameHeader(h)
	if err != nil {
		return fh, err
	}
	if size-off-frameHeaderLen < int64(fh.length) {
		return fh, errTorn
	}
	if cap(*payload) < fh.length {
		*payload = make([]byte, fh.length)
	}
	p := (*payload)[:fh.length]
	if _, err := f.ReadAt(p, off+frameHeaderLen); err != nil {
		return fh, err
	}
	*payload = p
	return fh, checkFrame(h, fh, p)
}

// startSegment makes segment id the one written. Its directory entry is made durable, so the
// frames fsync'd into it are found after a crash.
func (s *Spool) startSegment(id uint64) error {
	f, err := os.OpenFile(s.segmentPath(id), os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	if err := syncDir(s.dir); err != nil {
		f.Close()
		os.Remove(s.segmentPath(id)) // empty: the next roll makes it again
		return err
	}
	if s.cur != nil {
		s.cur.Close()
	}
	s.cur = f
	s.segments = append(s.segments, segment{id: id})
	s.committed = Position{Segment: id}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("spool: syncing %s: %w", dir, err)
	}
	return nil
}

// Append writes a batch's frame and returns once it is on disk: the caller may acknowledge the
// batch then. It returns ErrSpoolFull when the spool has no room, and the spool's error once a
// write or fsync failed (the spool then refuses everything: restart the receiver).
func (s *Spool) Append(ctx context.Context, frame []byte, events int) error {
	req := &appendReq{frame: frame, events: events, done: make(chan error, 1)}
	s.mu.Lock()
	switch {
	case s.closed:
		s.mu.Unlock()
		return errors.New("spool closed")
	case s.broken != nil:
		s.mu.Unlock()
		return s.broken
	case s.limit > 0 && s.kept+int64(len(frame)) > s.limit:
		s.mu.Unlock()
		return ErrSpoolFull
	}
	s.kept += int64(len(frame))
	s.queue = append(s.queue, req)
	select {
	case s.wake <- struct{}{}:
	default:
	}
	s.mu.Unlock()
	select {
	case err := <-req.done:
		return err
	case <-ctx.Done():
		// The frame may still be committed: a batch the sender gave up on is sent again and
		// deduplicated.
		return ctx.Err()
	}
}

// writer is the group-commit loop.
func (s *Spool) writer() {
	defer close(s.done)
	var buf []byte
	for range s.wake {
		for {
			s.mu.Lock()
			batch := s.queue
			s.queue = nil
			closed := s.closed
			s.mu.Unlock()
			if len(batch) == 0 {
				if closed {
					return
				}
				break
			}
			buf = buf[:0]
			events := 0
			for _, r := range batch {
				buf = append(buf, r.frame...)
				events += r.events
			}
			err := s.commit(buf, len(batch), events)
			for _, r := range batch {
				r.done <- err
			}
			if cap(buf) > maxKeptCommitBuffer {
				buf = nil // a burst of large deliveries: do not hold its copy for good
			}
		}
	}
}

// commit writes buf (whole frames) at the end of the current segment and fsyncs it.
func (s *Spool) commit(buf []byte, frames, events int) error {
	s.mu.Lock()
	if s.broken != nil {
		s.kept -= int64(len(buf))
		s.mu.Unlock()
		return s.broken
	}
	curSize := s.segments[len(s.segments)-1].size
	roll := curSize > 0 && curSize+int64(len(buf)) > s.segmentSize
	s.mu.Unlock()
	if roll {
		s.mu.Lock()
		err := s.startSegment(s.segments[len(s.segments)-1].id + 1)
		s.mu.Unlock()
		if err != nil && isDiskFull(err) {
			// Nothing was written: the current segment goes on, refused until there is room.
			return s.refuse(err, len(buf))
		}
		if err != nil {
			return s.fail(err, len(buf))
		}
		curSize = 0
	}
	if _, err := s.ops.write(s.cur, buf); err != nil {
		// Leave no partial frame behind: later frames must follow whole ones.
		terr := s.cur.Truncate(curSize)
		if _, serr := s.cur.Seek(curSize, io.SeekStart); terr == nil && serr == nil {
			return s.refuse(fmt.Errorf("spool: writing: %w", err), len(buf))
		}
		return s.fail(fmt.Errorf("spool: writing: %w", err), len(buf))
	}
	if err := s.ops.sync(s.cur); err != nil {
		// After a failed fsync the kernel may have dropped the pages: nothing written since
		// the last good fsync can be trusted, and no later write may be acknowledged.
		return s.fail(fmt.Errorf("spool: fsync: %w", err), len(buf))
	}
	s.mu.Lock()
	s.diskFull = false
	last := &s.segments[len(s.segments)-1]
	last.size = curSize + int64(len(buf))
	s.committed = Position{Segment: last.id, Offset: last.size}
	s.stats.Commits++
	s.stats.FramesWritten += int64(frames)
	s.stats.EventsWritten += int64(events)
	s.stats.BytesWritten += int64(len(buf))
	s.stats.LastCommitSize = frames
	close(s.newData)
	s.newData = make(chan struct{})
	s.mu.Unlock()
	return nil
}

// refuse gives up a commit that left the spool as it was: the frames are not acknowledged and
// the next commit may succeed (the disk had no room for a moment).
func (s *Spool) refuse(err error, queued int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.kept -= int64(queued)
	s.diskFull = s.diskFull || isDiskFull(err)
	return err
}

// fail breaks the spool: nothing more is taken until a restart.
func (s *Spool) fail(err error, queued int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.kept -= int64(queued)
	s.diskFull = s.diskFull || isDiskFull(err)
	if s.broken == nil {
		s.broken = err
	}
	return err
}

// DiskFull reports whether the last write to the spool failed for lack of space (no space
// left, or the quota reached); a commit that succeeds clears it.
func (s *Spool) DiskFull() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.diskFull
}

// Committed returns the end of the committed frames, and a channel closed at the next commit.
func (s *Spool) Committed() (Position, <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.committed, s.newData
}

// segmentEnd returns the committed size of segment id and whether a later segment exists.
func (s *Spool) segmentEnd(id uint64) (size int64, later bool, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, sg := range s.segments {
		if sg.id == id {
			return sg.size, i < len(s.segments)-1, true
		}
		if sg.id > id {
			return 0, true, false
		}
	}
	return 0, false, false
}

// Release removes the segments wholly before p (the classifier has checkpointed p).
func (s *Spool) Release(p Position) error {
	s.mu.Lock()
	var drop []segment
	for len(s.segments) > 1 && s.segments[0].id < p.Segment {
		drop = append(drop, s.segments[0])
		s.kept -= s.segments[0].size
		s.segments = s.segments[1:]
	}
	s.mu.Unlock()
	var errs []error
	for _, sg := range drop {
		if err := os.Remove(s.segmentPath(sg.id)); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Usage returns the bytes kept (segments plus frames queued) and the limit.
func (s *Spool) Usage() (kept, limit int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.kept, s.limit
}

// Err is the error that broke the spool, if any.
func (s *Spool) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.broken
}

// Stats returns the spool's counters.
func (s *Spool) Stats() SpoolStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// Close stops the writer once the queued frames are committed, and closes the segment.
func (s *Spool) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.wake) // the writer commits what is queued, then stops
	s.mu.Unlock()
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		return errors.New("spool: writer did not stop")
	}
	return s.cur.Close()
}

// SpoolReader reads committed frames in order. It is used by one goroutine.
type SpoolReader struct {
	s       *Spool
	pos     Position
	f       *os.File
	fid     uint64
	h       []byte
	payload []byte
	batch   []byte
}

// Frame is one batch read back from the spool.
type Frame struct {
	Batch  []byte // valid until the next call to Next
	Events int
	Source byte
	At     Position // where the frame starts
	Next   Position // where the next frame starts
}

// NewReader returns a reader starting at p.
func (s *Spool) NewReader(p Position) *SpoolReader {
	return &SpoolReader{s: s, pos: p, h: make([]byte, frameHeaderLen)}
}

// Next returns the next committed frame, waiting for one until ctx is done.
func (r *SpoolReader) Next(ctx context.Context) (Frame, error) {
	for {
		_, more := r.s.Committed()
		size, later, ok := r.s.segmentEnd(r.pos.Segment)
		switch {
		case ok && r.pos.Offset < size:
			return r.read(size) // segment sizes are committed sizes
		case later:
			// At the end of a finished segment, or at one that is gone: go on at the next.
			next, _ := r.s.nextSegment(r.pos.Segment)
			r.pos = Position{Segment: next}
			continue
		}
		select {
		case <-more:
		case <-ctx.Done():
			return Frame{}, ctx.Err()
		}
	}
}

func (s *Spool) nextSegment(after uint64) (uint64, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sg := range s.segments {
		if sg.id > after {
			return sg.id, true
		}
	}
	return 0, false
}

func (r *SpoolReader) read(size int64) (Frame, error) {
	if r.f == nil || r.fid != r.pos.Segment {
		if r.f != nil {
			r.f.Close()
		}
		f, err := os.Open(r.s.segmentPath(r.pos.Segment))
		if err != nil {
			return Frame{}, fmt.Errorf("spool: %w", err)
		}
		r.f, r.fid = f, r.pos.Segment
	}
	fh, err := readFrameAt(r.f, r.pos.Offset, size, r.h, &r.payload)
	if err != nil {
		return Frame{}, fmt.Errorf("spool: %s at offset %d: %w", r.s.segmentPath(r.pos.Segment), r.pos.Offset, err)
	}
	batch, err := decodePayload(fh, r.payload, r.batch)
	if err != nil {
		return Frame{}, err
	}
	if fh.codec != codecRaw {
		r.batch = batch
	}
	at := r.pos
	r.pos.Offset += frameHeaderLen + int64(fh.length)
	return Frame{Batch: batch, Events: fh.events, Source: fh.source, At: at, Next: r.pos}, nil
}

// Close closes the reader's file.
func (r *SpoolReader) Close() error {
	if r.f == nil {
		return nil
	}
	return r.f.Close()
}
