package logscan

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"slices"
	"sort"
)

// dedupe remembers the log_ids of relevant events, as 64-bit hashes, in bounded memory.
//
// Only relevant events (findings and feccft candidates) are deduplicated: duplicates of the
// other 98% change no output but the events_read count. With 64-bit hashes the chance of any
// collision among n ids is about n²/2⁶⁵: 3e-8 for a million ids.
//
// Even relevant events grow with the input, so the set keeps at most memIDs hashes in memory.
// Past that they move to a sorted file of hashes (0600; it holds hashes, nothing else), merged
// with the file's content, and a fixed-size Bloom filter tells which hashes may be in the file:
// only those cost a lookup: one ReadAt of the block a sparse index (at most maxFences entries)
// points to. Memory stays under 1 MB whatever the input; a tenant would need millions of
// relevant events before lookups slow down.
type dedupe struct {
	seed   maphash.Seed
	mem    map[uint64]struct{}
	memIDs int

	bloom  []uint64 // bloomBits bits over every hash in the file
	file   *os.File
	inFile int64 // hashes in file, sorted ascending, 8 bytes each, little-endian
	// fences[i] is the first hash of the file's block i of blockLen hashes.
	fences   []uint64
	blockLen int64
	block    []byte
}

const (
	// defaultMemIDs: ~16k relevant events are about 1 GiB of typical logs; their map takes
	// ~1 MB (heap profile), allocated up front so that memory does not step up as the input
	// grows.
	defaultMemIDs = 1 << 14
	// bloomBits: 256 KiB, 3 probes. Past a million ids in the file, a third of new ids cost a
	// needless 4 KiB read (~2.5 µs): still far below the cost of reading their events.
	bloomBits   = 1 << 21
	bloomHashes = 3
	minBlockLen = 512  // hashes: a 4 KiB read
	maxFences   = 4096 // past minBlockLen*maxFences hashes, blocks grow instead
)

func newDedupe(memIDs int) *dedupe {
	if memIDs <= 0 {
		memIDs = defaultMemIDs
	}
	return &dedupe{seed: maphash.MakeSeed(), mem: make(map[uint64]struct{}, memIDs), memIDs: memIDs}
}

// first reports whether logID is new, and remembers it. Events without a log_id cannot be
// deduplicated and are always new.
func (d *dedupe) first(logID string) (bool, error) {
	if logID == "" {
		return true, nil
	}
	h := maphash.String(d.seed, logID)
	if _, ok := d.mem[h]; ok {
		return false, nil
	}
	if d.inFile > 0 && d.mayBeInFile(h) {
		found, err := d.fileHas(h)
		if err != nil || found {
			return false, err
		}
	}
	d.mem[h] = struct{}{}
	if len(d.mem) >= d.memIDs {
		return true, d.flush()
	}
	return true, nil
}

// bloomPositions derives the filter's bit positions from the hash (double hashing).
func bloomPositions(h uint64) [bloomHashes]uint64 {
	var p [bloomHashes]uint64
	a, b := h, h>>32|h<<32|1
	for i := range p {
		p[i] = (a + uint64(i)*b) % bloomBits
	}
	return p
}

func (d *dedupe) mayBeInFile(h uint64) bool {
	for _, p := range bloomPositions(h) {
		if d.bloom[p/64]&(1<<(p%64)) == 0 {
			return false
		}
	}
	return true
}

// fileHas looks h up in the file: the sparse index names the one block it can be in.
func (d *dedupe) fileHas(h uint64) (bool, error) {
	j := sort.Search(len(d.fences), func(i int) bool { return d.fences[i] > h })
	if j == 0 {
		return false, nil
	}
	first := int64(j-1) * d.blockLen
	n := min(d.blockLen, d.inFile-first)
	block := d.block[:n*8]
	if _, err := d.file.ReadAt(block, first*8); err != nil {
		return false, fmt.Errorf("reading the log_id index: %w", err)
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

// flush merges the hashes in memory into the file and empties memory.
func (d *dedupe) flush() (err error) {
	hashes := make([]uint64, 0, len(d.mem))
	for h := range d.mem {
		hashes = append(hashes, h)
	}
	slices.Sort(hashes)
	if d.bloom == nil {
		d.bloom = make([]uint64, bloomBits/64)
	}
	for _, h := range hashes {
		for _, p := range bloomPositions(h) {
			d.bloom[p/64] |= 1 << (p % 64)
		}
	}
	next, err := os.CreateTemp("", "auth0audit-logids-*.bin")
	if err != nil {
		return fmt.Errorf("spilling the log_id index to a temporary file: %w", err)
	}
	defer func() {
		if err != nil {
			next.Close()
			os.Remove(next.Name())
		}
	}()
	w := bufio.NewWriterSize(next, 64<<10)
	var old *bufio.Reader
	if d.file != nil {
		old = bufio.NewReaderSize(io.NewSectionReader(d.file, 0, d.inFile*8), 64<<10)
	}
	total := d.inFile + int64(len(hashes))
	blockLen := max(minBlockLen, (total+maxFences-1)/maxFences)
	// A new slice: if the merge fails, the old file stays in use with its own fences.
	fences := make([]uint64, 0, min(maxFences, int(total/blockLen)+1))
	n, err := mergeSorted(w, old, d.inFile, hashes, func(i int64, v uint64) {
		if i%blockLen == 0 {
			fences = append(fences, v)
		}
	})
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		return fmt.Errorf("spilling the log_id index: %w", err)
	}
	if err := d.close(); err != nil {
		return err
	}
	d.file, d.inFile, d.fences, d.blockLen = next, n, fences, blockLen
	if int64(cap(d.block)) < 8*blockLen {
		d.block = make([]byte, 8*blockLen)
	}
	clear(d.mem)
	return nil
}

// mergeSorted writes the union of the oldN sorted hashes of old and the sorted hashes, calling
// written with the index and value of each.
func mergeSorted(w io.Writer, old io.Reader, oldN int64, hashes []uint64, written func(int64, uint64)) (int64, error) {
	var buf [8]byte
	var n int64
	put := func(v uint64) error {
		written(n, v)
		binary.LittleEndian.PutUint64(buf[:], v)
		_, err := w.Write(buf[:])
		return err
	}
	for i := int64(0); i < oldN; i++ {
		if _, err := io.ReadFull(old, buf[:]); err != nil {
			return n, err
		}
		v := binary.LittleEndian.Uint64(buf[:])
		for len(hashes) > 0 && hashes[0] < v {
			if err := put(hashes[0]); err != nil {
				return n, err
			}
			hashes, n = hashes[1:], n+1
		}
		if err := put(v); err != nil {
			return n, err
		}
		n++
	}
	for _, h := range hashes {
		if err := put(h); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// close removes the file, if any.
func (d *dedupe) close() error {
	if d.file == nil {
		return nil
	}
	name := d.file.Name()
	err := errors.Join(d.file.Close(), os.Remove(name))
	d.file, d.inFile = nil, 0
	return err
}
