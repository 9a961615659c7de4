// Command gencorpus writes synthetic Auth0 logs in the real event shape.
//
//	gencorpus -size 1GiB -o corpus.ndjson     the benchmark corpus (NDJSON, ~2% relevant)
//	gencorpus -sample testdata/logs           the sample tenant in several input formats
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/klauspost/compress/gzip"

	"github.com/auth0-migrate/auth0audit/bench/logscan/synth"
)

func main() {
	size := flag.String("size", "1GiB", "corpus size (bytes, or with KiB/MiB/GiB)")
	out := flag.String("o", "", "corpus output file (default stdout)")
	sample := flag.String("sample", "", "write the sample tenant's logs into this directory instead")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	log.SetFlags(0)

	if *sample != "" {
		if err := writeSample(*sample); err != nil {
			log.Fatal(err)
		}
		return
	}
	n, err := parseSize(*size)
	if err != nil {
		log.Fatalf("-size: %v", err)
	}
	var w io.Writer = os.Stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			log.Fatal(err)
		}
		defer f.Close()
		w = f
	}
	events, err := synth.WriteCorpus(w, n, synth.DefaultMix, *seed)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "wrote %d events\n", events)
}

func parseSize(s string) (int64, error) {
	mult := int64(1)
	for suffix, m := range map[string]int64{"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30} {
		if strings.HasSuffix(s, suffix) {
			s, mult = strings.TrimSuffix(s, suffix), m
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n * mult, err
}

// writeSample splits the sample month across the formats logs reach an auditor in.
func writeSample(dir string) error {
	evs := synth.Sample()
	part := func(from, to int) []synth.Obj {
		var out []synth.Obj
		lo := time.Date(2026, 10, from, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
		hi := time.Date(2026, 10, to+1, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
		for _, e := range evs {
			if d := e.Get("date").(string); d >= lo && d < hi {
				out = append(out, e)
			}
		}
		return out
	}
	files := map[string][]byte{}

	// The 1st-10th as GET /api/v2/logs returns them: a JSON array, newest first.
	export := part(1, 10)
	var b bytes.Buffer
	b.WriteString("[\n")
	for i := len(export) - 1; i >= 0; i-- {
		b.Write(synth.Marshal(export[i]))
		if i > 0 {
			b.WriteString(",\n")
		}
	}
	b.WriteString("\n]\n")
	files["api-export.json"] = bytes.Clone(b.Bytes())

	// The 11th-18th as NDJSON, oldest first, with one line cut short by a crashed writer.
	b.Reset()
	for i, e := range part(11, 18) {
		line := synth.Marshal(e)
		if i == 40 {
			b.Write(line[:len(line)/2])
			b.WriteByte('\n')
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	files["tenant.ndjson"] = bytes.Clone(b.Bytes())

	// The 19th-24th as an HTTP log stream in JSONARRAY format (batches of envelopes), gzipped.
	b.Reset()
	batch := []synth.Obj{}
	flush := func() {
		if len(batch) == 0 {
			return
		}
		env := make([]any, len(batch))
		for i, e := range batch {
			env[i] = synth.O("log_id", e.Get("log_id"), "data", e)
		}
		b.Write(synth.Marshal(env))
		b.WriteByte('\n')
		batch = batch[:0]
	}
	for _, e := range part(19, 24) {
		if batch = append(batch, e); len(batch) == 25 {
			flush()
		}
	}
	flush()
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(b.Bytes())
	if err := zw.Close(); err != nil {
		return err
	}
	files["stream-jsonarray.json.gz"] = gz.Bytes()

	// The 25th-28th as Amazon EventBridge events, written on Windows (CRLF).
	b.Reset()
	for i, e := range part(25, 28) {
		eb := synth.O("version", "0", "id", fmt.Sprintf("a1b2c3d4-0000-4000-8000-%012d", i),
			"detail-type", "Auth0 log", "source", "aws.partner/auth0.com/acme-sample-1234/auth0.logs",
			"account", "123456789012", "time", e.Get("date"), "region", "eu-west-1", "resources", []string{},
			"detail", synth.O("log_id", e.Get("log_id"), "data", e))
		b.Write(synth.Marshal(eb))
		b.WriteString("\r\n")
	}
	files["eventbridge.ndjson"] = bytes.Clone(b.Bytes())

	// The 29th-31st as a Splunk JSON export (the event as a string in _raw), with a BOM, and
	// two events of the 2nd and 10th exported again (duplicates).
	b.Reset()
	b.Write([]byte{0xEF, 0xBB, 0xBF})
	splunk := part(29, 31)
	for _, e := range export {
		if e.Get("date") == "2026-10-02T09:15:00.000Z" || e.Get("date") == "2026-10-10T02:00:00.000Z" {
			splunk = append(splunk, e)
		}
	}
	for i, e := range splunk {
		res := synth.O("preview", false, "offset", i, "result", synth.O(
			"_bkt", "auth0~12~ABCD", "_cd", fmt.Sprintf("12:%d", i), "_indextime", "1798761600",
			"_raw", string(synth.Marshal(e)), "_serial", strconv.Itoa(i), "_si", []string{"splunk", "auth0"},
			"_sourcetype", "auth0:logs", "_time", e.Get("date"), "host", "hec.example.com",
			"index", "auth0", "source", "auth0-log-stream", "sourcetype", "auth0:logs"))
		b.Write(synth.Marshal(res))
		b.WriteByte('\n')
	}
	files["splunk-export.json"] = bytes.Clone(b.Bytes())

	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
