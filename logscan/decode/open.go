// Package decode turns a log file, in any of the shapes Auth0 logs reach an auditor, into
// chunks of whole records for the scanner's workers, and unwraps each record to the event
// inside it.
//
// Shapes: a JSON array as GET /api/v2/logs returns it (or a page of it with include_totals,
// {"start","limit","length","total","logs":[...]}), NDJSON, log-stream envelopes
// {"log_id","data"} (HTTP stream batches in JSONLINES, JSONARRAY or JSONOBJECT form, Datadog),
// EventBridge {"detail-type":"Auth0 log","detail":{...}}, Splunk exports carrying the event as
// a string in _raw (JSON, or CSV with a _raw column), and gzip of any of these. The shape is
// detected per file (NDJSON, a stream of JSON values, or Splunk CSV) and the envelope per
// record.
package decode

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/gzip"
)

// gzipMagic starts every gzip member (RFC 1952).
var gzipMagic = []byte{0x1f, 0x8b}

// Open returns a reader of r's content, decompressing it when it starts with the gzip magic
// bytes (the file name is not trusted: exports are often renamed). compressed reports which.
func Open(r io.Reader) (content io.Reader, compressed bool, err error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(len(gzipMagic))
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, false, err
	}
	if len(head) < len(gzipMagic) || head[0] != gzipMagic[0] || head[1] != gzipMagic[1] {
		return br, false, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, true, fmt.Errorf("gzip header: %w", err)
	}
	return zr, true, nil
}
