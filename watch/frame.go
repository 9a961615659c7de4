package watch

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"slices"

	"github.com/klauspost/compress/s2"
)

// A spool segment is a sequence of frames, one per acknowledged batch:
//
//	magic   "A0S1"
//	length  uint32  payload bytes, as stored
//	events  uint32  events in the batch
//	source  uint8   SourceStream or SourceGapFill
//	codec   uint8   codecS2 (the batch compressed with S2) or codecRaw
//	        [2]byte zero
//	crc     uint32  CRC-32C of the 12 header bytes after the magic, then the payload
//	payload
//
// Little-endian. The CRC tells a frame cut short by a crash (or damaged on disk) from a whole
// one, so recovery never hands a torn batch to the classifier.
const (
	frameHeaderLen = 20
	codecRaw       = 0
	codecS2        = 1
	// maxFramePayload guards against reading a garbage length as an allocation size.
	maxFramePayload = 1 << 30
)

// Batch sources, recorded in each frame.
const (
	SourceStream  = 1 // a log-stream delivery
	SourceGapFill = 2 // a page of GET /api/v2/logs
)

var (
	frameMagic = [4]byte{'A', '0', 'S', '1'}
	castagnoli = crc32.MakeTable(crc32.Castagnoli)
)

// errTorn means the bytes at an offset are not a whole frame: the end of a segment a crash cut
// short, or damage.
var errTorn = errors.New("not a whole spool frame")

// encodeFrame appends the frame of a batch to dst. S2 shrinks log JSON about fivefold at a
// few hundred MB/s per core: the spool writes (and fsyncs) a fifth of the bytes.
func encodeFrame(dst, batch []byte, events int, source byte) []byte {
	start := len(dst)
	need := frameHeaderLen + s2.MaxEncodedLen(len(batch))
	dst = slices.Grow(dst, need)[:start+need] // a pooled buffer is not cleared again
	enc := s2.Encode(dst[start+frameHeaderLen:], batch)
	dst = dst[:start+frameHeaderLen+len(enc)]
	h := dst[start : start+frameHeaderLen]
	copy(h[0:4], frameMagic[:])
	binary.LittleEndian.PutUint32(h[4:8], uint32(len(enc)))
	binary.LittleEndian.PutUint32(h[8:12], uint32(events))
	h[12], h[13] = source, codecS2
	crc := crc32.Update(crc32.Checksum(h[4:16], castagnoli), castagnoli, enc)
	binary.LittleEndian.PutUint32(h[16:20], crc)
	return dst
}

// frameHeader is a decoded frame header.
type frameHeader struct {
	length int
	events int
	source byte
	codec  byte
	crc    uint32
}

func parseFrameHeader(h []byte) (frameHeader, error) {
	if len(h) < frameHeaderLen || [4]byte(h[0:4]) != frameMagic {
		return frameHeader{}, errTorn
	}
	fh := frameHeader{
		length: int(binary.LittleEndian.Uint32(h[4:8])),
		events: int(binary.LittleEndian.Uint32(h[8:12])),
		source: h[12], codec: h[13],
		crc: binary.LittleEndian.Uint32(h[16:20]),
	}
	if fh.length > maxFramePayload || (fh.codec != codecS2 && fh.codec != codecRaw) {
		return frameHeader{}, errTorn
	}
	return fh, nil
}

// checkFrame verifies the payload against the header's CRC.
func checkFrame(h []byte, fh frameHeader, payload []byte) error {
	if crc32.Update(crc32.Checksum(h[4:16], castagnoli), castagnoli, payload) != fh.crc {
		return errTorn
	}
	return nil
}

// decodePayload returns the batch a frame holds, using buf when it is large enough.
func decodePayload(fh frameHeader, payload, buf []byte) ([]byte, error) {
	if fh.codec == codecRaw {
		return payload, nil
	}
	n, err := s2.DecodedLen(payload)
	if err != nil {
		return nil, fmt.Errorf("spool frame: %w", err)
	}
	if cap(buf) < n {
		buf = make([]byte, n)
	}
	out, err := s2.Decode(buf[:n], payload)
	if err != nil {
		return nil, fmt.Errorf("spool frame: %w", err)
	}
	return out, nil
}
