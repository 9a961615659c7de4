// Package logscan reads Auth0 tenant logs in any form they reach an auditor (see package
// decode), classifies every relevant event into the use-case table (package classify) and
// hands each finding to the caller, with counts of what it read.
//
// A file is scanned by a pipeline: one goroutine reads and cuts it into chunks of whole
// records, GOMAXPROCS workers classify chunks, and the calling goroutine merges their results.
// The merge does not depend on the order chunks finish in: deduplication is a set, and
// secret-stale-use is resolved once everything has been read (see stale.go). Memory is bounded
// by the chunks in flight, not by the input.
package logscan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/auth0-migrate/auth0audit/logscan/classify"
	"github.com/auth0-migrate/auth0audit/logscan/decode"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// Options tune a scan.
type Options struct {
	// Workers classifying chunks; 0 means GOMAXPROCS.
	Workers int
	// Split bounds chunk and record sizes; zero values take decode.DefaultOptions.
	Split decode.Options
	// MaxExamples is how many malformed records are reported by location; 0 means 20.
	MaxExamples int
	// Strict validates every record as JSON, not only the relevant ones, so that a damaged
	// login event is reported as malformed too. It costs speed.
	Strict bool
	// Progress, when set, is called from the scanning goroutine as chunks are merged, with
	// the input's name and the content bytes and events read from it so far.
	Progress func(name string, bytes, events int64)

	// memIDs bounds the log_ids deduplicated in memory (see dedupe.go); tests lower it.
	memIDs int
}

// Scanner scans inputs one after another and accumulates what it found.
type Scanner struct {
	opt   Options
	emit  func(usecase.Finding) error
	stats Stats
	seen  *dedupe
	stale *staleUse
	ex    examples
}

// New returns a scanner that passes every finding to emit, in no particular order. Findings of
// secret-stale-use are emitted by Finish.
func New(opt Options, emit func(usecase.Finding) error) *Scanner {
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	if opt.MaxExamples <= 0 {
		opt.MaxExamples = 20
	}
	def := decode.DefaultOptions()
	if opt.Split.ChunkSize <= 0 {
		opt.Split.ChunkSize = def.ChunkSize
	}
	if opt.Split.MaxRecord <= 0 {
		opt.Split.MaxRecord = def.MaxRecord
	}
	return &Scanner{
		opt: opt, emit: emit, seen: newDedupe(opt.memIDs), stale: newStaleUse(),
		ex: examples{max: opt.MaxExamples, files: map[string]int{}},
	}
}

// Scan reads one input named name (a file name, "-" for stdin, or a tenant). A read error
// (such as a truncated gzip) is returned with the name and how far the scan got; the events
// read before it are kept, and the scanner can go on with other inputs.
func (s *Scanner) Scan(ctx context.Context, name string, r io.Reader) error {
	fs := FileStats{Name: name}
	s.ex.files[name] = len(s.ex.files)
	defer func() { s.stats.Files = append(s.stats.Files, fs) }()

	content, compressed, err := decode.Open(r)
	fs.Compressed = compressed
	if errors.Is(err, io.ErrUnexpectedEOF) {
		// A download that stopped within the first bytes: truncated, not foreign.
		fs.Error = "not read: the input ends inside its gzip header (cut off: the file was truncated); " + kept(0)
		return &InputError{Name: name, Kind: ErrTruncated, Detail: fs.Error, Err: err}
	}
	if err != nil {
		fs.Error = fmt.Sprintf("not read: %v", err)
		if compressed {
			// Only an input whose first bytes are gzip's gets the hint (not a network error).
			fs.Error += " (it starts like gzip but is not)"
		}
		return &InputError{Name: name, Kind: ErrUnreadable, Detail: fs.Error, Err: err}
	}
	head := &decode.HeadRecorder{R: content}
	sp := decode.NewSplitter(head, s.opt.Split)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type sequenced struct {
		seq int
		at  int64
		c   *decode.Chunk
	}
	chunks := make(chan sequenced, s.opt.Workers)
	results := make(chan chunkResult, s.opt.Workers)
	var readErr error
	go func() {
		defer close(chunks)
		for seq := 0; ; seq++ {
			at, _ := sp.Progress()
			c, err := sp.Next()
			if c == nil {
				readErr = err
				return
			}
			select {
			case chunks <- sequenced{seq, at, c}:
			case <-ctx.Done():
				readErr = ctx.Err()
				return
			}
		}
	}()
	s.startWorkers(name, func(w *worker) {
		for sc := range chunks {
			res := w.process(sc.c)
			sp.Release(sc.c) // results hold copies, never slices of the chunk
			res.seq, res.at = sc.seq, sc.at
			results <- res
		}
	}, func() { close(results) })

	o := s.newInOrder(name, &fs, cancel)
	for res := range results {
		o.add(res)
	}
	fs.Layout = sp.Layout().String()
	if o.stop == nil && readErr != nil {
		if errors.Is(readErr, io.ErrUnexpectedEOF) {
			readErr = fmt.Errorf("input ends early (truncated gzip?): %w", readErr)
		}
		offset, line := sp.Progress()
		if sp.Layout() == decode.Lines {
			line = o.linesBefore + 1 // line chunks count their lines themselves
		}
		o.fail(readErr, offset, line)
	}
	if o.stop != nil {
		return o.stop
	}
	return s.judge(name, &fs, o, head.Head(), sp.Cut())
}

// startWorkers runs work on Workers goroutines, each with its own worker, and calls done once
// they have all returned.
func (s *Scanner) startWorkers(name string, work func(w *worker), done func()) {
	var wg sync.WaitGroup
	for range s.opt.Workers {
		wg.Go(func() {
			work(&worker{file: name, strict: s.opt.Strict, maxExamples: s.opt.MaxExamples})
		})
	}
	go func() { wg.Wait(); done() }()
}

// merge folds one chunk's result into the scan. It runs on the calling goroutine only.
func (s *Scanner) merge(res chunkResult) error {
	s.stats.EventsRead += res.events
	s.stats.NotValidated += res.notValidated
	s.stats.Malformed += res.malformed
	s.ex.add(res.examples)
	for _, r := range res.results {
		first, err := s.seen.first(r.Finding.LogID)
		if err != nil {
			return err
		}
		if !first {
			s.stats.Duplicates++
			continue
		}
		if r.SecretChanged {
			s.stale.secretChanged(r.ChangedClient, r.Finding.Time, r.Finding.LogID)
		}
		switch r.Kind {
		case classify.FailedExchange:
			s.stats.FailedExchanges++
			if err := s.stale.candidate(r.Finding); err != nil {
				return err
			}
		case classify.Classified:
			s.stats.Relevant++
			if err := s.emit(r.Finding); err != nil {
				return err
			}
		}
	}
	return nil
}

// Finish resolves secret-stale-use, emitting those findings, and returns the statistics. It
// releases the scanner's temporary files, as Close does.
func (s *Scanner) Finish() (Stats, error) {
	err := s.stale.resolve(func(f usecase.Finding) error {
		s.stats.Relevant++
		return s.emit(f)
	})
	err = errors.Join(err, s.Close(), s.nothingRead())
	s.stats.SecretChanges = len(s.stale.changed)
	s.ex.trim()
	s.stats.MalformedExamples = s.ex.list
	if s.stats.MalformedExamples == nil {
		s.stats.MalformedExamples = []Malformed{}
	}
	return s.stats, err
}

// Close removes the temporary files a large scan spills to (the log_id index, feccft
// candidates). It is safe to call more than once, and needed only when Finish is not called.
func (s *Scanner) Close() error {
	return errors.Join(s.seen.close(), s.stale.close())
}
