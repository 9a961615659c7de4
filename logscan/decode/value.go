package decode

import "bytes"

// Results of valueEnd besides an end offset.
const (
	incomplete = -1 // the value runs past the end of the buffer: read more
	badStart   = -2 // the byte cannot start a JSON value
)

// valueEnd returns the offset just past the JSON value that starts at b[0], counting the
// newlines inside it into *lines. It only tracks nesting and strings, so an object whose
// brackets balance but whose content is invalid is still delimited (the caller validates it).
// At the end of the buffer it returns incomplete, unless atEOF, when a scalar ends there.
func valueEnd(b []byte, atEOF bool, lines *int) int {
	if len(b) == 0 {
		return incomplete
	}
	switch c := b[0]; {
	case c == '"':
		end := stringEnd(b, 1)
		if end < 0 {
			return incomplete
		}
		*lines += bytes.Count(b[:end], nl)
		return end
	case c == '{' || c == '[':
		return containerEnd(b, lines)
	case c == '-' || c == 't' || c == 'f' || c == 'n' || (c >= '0' && c <= '9'):
		for i := 1; i < len(b); i++ {
			switch b[i] {
			case ',', ']', '}', ' ', '\t', '\r', '\n':
				return i
			}
		}
		if atEOF {
			return len(b)
		}
		return incomplete
	}
	return badStart
}

var nl = []byte{'\n'}

// containerEnd delimits an object or array starting at b[0].
func containerEnd(b []byte, lines *int) int {
	depth, n := 0, 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				*lines += n
				return i + 1
			}
		case '\n':
			n++
		case '"':
			end := stringEnd(b, i+1)
			if end < 0 {
				return incomplete
			}
			n += bytes.Count(b[i:end], nl)
			i = end - 1
		}
	}
	return incomplete
}

// stringEnd returns the offset just past the closing quote of a string whose content starts at
// b[from], or -1 when the buffer ends first.
func stringEnd(b []byte, from int) int {
	for i := from; i < len(b); {
		j := bytes.IndexByte(b[i:], '"')
		if j < 0 {
			return -1
		}
		q := i + j
		// The quote is escaped when an odd number of backslashes precede it.
		bs := 0
		for k := q - 1; k >= from && b[k] == '\\'; k-- {
			bs++
		}
		if bs%2 == 0 {
			return q + 1
		}
		i = q + 1
	}
	return -1
}
