package watch

import (
	"fmt"
	"strconv"
	"sync"
	"time"
)

// Log lines about refused requests are limited: anyone who can reach the receiver can send
// requests without the token, and one log line each would let them fill the disk under the
// log (journald, a container's log file). Per kind of line (a bounded set: the refusal reasons
// and the classifier's errors) at most logBurst lines are written per logInterval; the rest
// are counted, and the next line of that kind written says how many were left out.
const (
	logBurst    = 10
	logInterval = time.Minute
	// maxLoggedPath bounds the request path quoted in a line (a path can be 64 KiB long).
	maxLoggedPath = 128
)

// logLimiter rate-limits log lines by kind.
type logLimiter struct {
	log func(string)
	now func() time.Time

	mu     sync.Mutex
	kinds  map[string]*logWindow
	onDrop func(kind string) // counts a line left out (metrics)
}

type logWindow struct {
	start   time.Time
	written int
	dropped int // left out since the last line of this kind was written
	since   time.Time
}

func newLogLimiter(log func(string), now func() time.Time) *logLimiter {
	return &logLimiter{log: log, now: now, kinds: map[string]*logWindow{}}
}

// logf writes msg unless logBurst lines of this kind were written in the current window.
func (l *logLimiter) logf(kind, msg string) {
	l.mu.Lock()
	now := l.now()
	w := l.kinds[kind]
	if w == nil {
		w = &logWindow{start: now}
		l.kinds[kind] = w
	}
	if now.Sub(w.start) >= logInterval || now.Before(w.start) {
		w.start, w.written = now, 0
	}
	if w.written >= logBurst {
		if w.dropped == 0 {
			w.since = now
		}
		w.dropped++
		drop := l.onDrop
		l.mu.Unlock()
		if drop != nil {
			drop(kind)
		}
		return
	}
	w.written++
	if w.dropped > 0 {
		msg += fmt.Sprintf(" (and %d more %s lines since %s were not logged: at most %d a minute are)",
			w.dropped, kind, w.since.UTC().Format(time.RFC3339), logBurst)
		w.dropped = 0
	}
	l.mu.Unlock()
	l.log(msg)
}

// flush writes, for every kind, how many lines were left out and not told yet (at shutdown).
func (l *logLimiter) flush() {
	l.mu.Lock()
	var lines []string
	for kind, w := range l.kinds {
		if w.dropped > 0 {
			lines = append(lines, fmt.Sprintf("%d %s lines since %s were not logged (at most %d a minute are)",
				w.dropped, kind, w.since.UTC().Format(time.RFC3339), logBurst))
			w.dropped = 0
		}
	}
	l.mu.Unlock()
	for _, s := range lines {
		l.log(s)
	}
}

// loggedPath is a request path as a log line shows it: bounded, and quoted when it holds
// anything but printable ASCII (the path is decoded: %0A would start a forged line).
func loggedPath(p string) string {
	long := len(p) > maxLoggedPath
	if long {
		p = p[:maxLoggedPath]
	}
	for i := 0; i < len(p); i++ {
		if c := p[i]; c <= ' ' || c >= 0x7f || c == '"' || c == '\\' {
			p = strconv.Quote(p)
			break
		}
	}
	if long {
		p += "..."
	}
	return p
}
