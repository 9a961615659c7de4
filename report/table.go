package report

import (
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
)

// Layout says how a table is laid out for where it is going.
type Layout struct {
	// Width is the terminal's width in columns. 0 means the output is not a terminal: tables
	// are then plain tab-separated rows without a header, every value in full (the GitHub CLI's
	// convention), ready for cut, awk and grep.
	Width int
	// Wide shows every column and every id and path in full on a terminal, even when a line
	// gets longer than the terminal (--wide).
	Wide bool
}

// Terminal reports whether the table is drawn for a person at a terminal.
func (l Layout) Terminal() bool { return l.Width > 0 }

// textWidth is where prose (advice, notes) wraps: the terminal's width up to 100 columns, or
// 100 when piped.
func (l Layout) textWidth() int {
	if l.Width > 0 && l.Width < 100 {
		return l.Width
	}
	return 100
}

// Fit says how a column gives way when a table is wider than the terminal.
type Fit int

const (
	// Keep never narrows the column: statuses, counts, use-case IDs (the public vocabulary is
	// never shortened).
	Keep Fit = iota
	// Wrap breaks the column's text between words (a word longer than the column is cut into
	// pieces): names, sentences.
	Wrap
	// Shorten cuts the middle out of each value ("90020261017…0000245"): ids and paths, whose
	// full value is one --wide or --format json away.
	Shorten
)

// Column describes one column of a TextTable.
type Column struct {
	Header string
	Fit    Fit
	// Min is the narrowest a Wrap or Shorten column becomes (default 12).
	Min int
	// Optional columns are left out, highest first, when the table cannot fit otherwise
	// (--wide shows them all). 0 means the column always shows.
	Optional int
	// HideEmpty leaves the column out when no row has a value in it ("" or "-").
	HideEmpty bool
}

// TextTable is a terminal table that fits its terminal: columns wrap and shorten, optional ones
// give way, and no line is wider than Layout.Width unless --wide asked for every value in
// full.
type TextTable struct {
	cols []Column
	rows [][]string
	// headings[i] is a line printed before rows[i] on a terminal (a group's name), or "".
	headings       []string
	pendingHeading string
}

// NewTable returns an empty table with the given columns.
func NewTable(cols ...Column) *TextTable { return &TextTable{cols: cols} }

// AddRow appends a row; missing cells are empty. A cell may hold several lines.
func (t *TextTable) AddRow(cells ...string) {
	row := make([]string, len(t.cols))
	copy(row, cells)
	t.rows = append(t.rows, row)
	t.headings = append(t.headings, t.pendingHeading)
	t.pendingHeading = ""
}

// AddHeading starts a group of rows: on a terminal its text is a line of its own above them
// (the rows are indented under it); piped, headings are left out, so the rows should carry
// the group in a column of their own.
func (t *TextTable) AddHeading(text string) {
	t.pendingHeading = text
}

// Len returns the number of rows.
func (t *TextTable) Len() int { return len(t.rows) }

// gap separates columns.
const gap = "  "

// Render writes the table for l.
func (t *TextTable) Render(w io.Writer, l Layout) error {
	var b strings.Builder
	if !l.Terminal() {
		for _, row := range t.rows {
			for i, c := range row {
				if i > 0 {
					b.WriteByte('\t')
				}
				b.WriteString(plainCell(c))
			}
			b.WriteByte('\n')
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	indent := ""
	for _, h := range t.headings {
		if h != "" {
			indent = gap
		}
	}
	cols := t.visibleColumns()
	fitTo := l
	fitTo.Width -= len(indent)
	widths := t.fit(cols, fitTo)
	t.renderRow(&b, indent, cols, widths, l, headerCells(t.cols, cols))
	for i, row := range t.rows {
		if h := t.headings[i]; h != "" {
			b.WriteString(WrapLine(h, l.Width) + "\n")
		}
		t.renderRow(&b, indent, cols, widths, l, row)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func headerCells(all []Column, cols []int) []string {
	out := make([]string, len(all))
	for _, i := range cols {
		out[i] = strings.ToUpper(all[i].Header)
	}
	return out
}

// plainCell puts a value on one tab-free line.
func plainCell(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), "\t", " ")
	return strings.Join(strings.Split(s, "\n"), ", ")
}

func empty(s string) bool { return s == "" || s == "-" }

// visibleColumns returns the indexes of the columns that have something to show.
func (t *TextTable) visibleColumns() []int {
	var out []int
	for i, c := range t.cols {
		if c.HideEmpty {
			any := false
			for _, r := range t.rows {
				if !empty(r[i]) {
					any = true
					break
				}
			}
			if !any {
				continue
			}
		}
		out = append(out, i)
	}
	return out
}

func (c Column) min() int {
	if c.Min > 0 {
		return c.Min
	}
	return 12
}

// shrinkable reports whether a column may be narrower than its widest value.
func (c Column) shrinkable(l Layout) bool {
	return c.Fit == Wrap || (c.Fit == Shorten && !l.Wide)
}

// fit chooses the widths of the columns in cols (indexed like t.cols), leaving optional
// columns out (width 0) until the table fits.
func (t *TextTable) fit(cols []int, l Layout) []int {
	natural := make([]int, len(t.cols))
	for _, i := range cols {
		natural[i] = maxLineWidth(strings.ToUpper(t.cols[i].Header))
		for _, r := range t.rows {
			natural[i] = max(natural[i], maxLineWidth(r[i]))
		}
	}
	floor := func(i int) int {
		if t.cols[i].shrinkable(l) {
			return min(natural[i], max(t.cols[i].min(), longestWord(t.cols[i].Header)))
		}
		return natural[i]
	}
	total := func(of func(int) int, shown []int) int {
		n := len(gap) * (len(shown) - 1)
		for _, i := range shown {
			n += of(i)
		}
		return n
	}
	shown := append([]int(nil), cols...)
	if !l.Wide {
		// Leave out optional columns, least needed first, until the rest can fit.
		for total(floor, shown) > l.Width {
			drop := -1
			for k, i := range shown {
				if o := t.cols[i].Optional; o > 0 && (drop < 0 || o > t.cols[shown[drop]].Optional) {
					drop = k
				}
			}
			if drop < 0 {
				break
			}
			shown = append(shown[:drop], shown[drop+1:]...)
		}
	}
	widths := make([]int, len(t.cols))
	for _, i := range shown {
		widths[i] = natural[i]
	}
	// Narrow the widest shrinkable column, one column at a time, until the table fits:
	// widths even out instead of one column being squeezed to nothing.
	for excess := total(func(i int) int { return widths[i] }, shown) - l.Width; excess > 0; excess-- {
		widest := -1
		for _, i := range shown {
			if widths[i] > floor(i) && (widest < 0 || widths[i] > widths[widest]) {
				widest = i
			}
		}
		if widest < 0 {
			break // every column at its floor: the line overflows
		}
		widths[widest]--
	}
	return widths
}

// renderRow writes one row, several lines high when a cell wraps.
func (t *TextTable) renderRow(b *strings.Builder, indent string, cols []int, widths []int, l Layout, row []string) {
	var shown []int
	for _, i := range cols {
		if widths[i] > 0 {
			shown = append(shown, i)
		}
	}
	cells := make([][]string, len(t.cols))
	height := 1
	for _, i := range shown {
		cells[i] = layoutCell(row[i], t.cols[i].Fit, widths[i], l)
		height = max(height, len(cells[i]))
	}
	for line := range height {
		var sb strings.Builder
		sb.WriteString(indent)
		for k, i := range shown {
			if k > 0 {
				sb.WriteString(gap)
			}
			s := ""
			if line < len(cells[i]) {
				s = cells[i][line]
			}
			sb.WriteString(s)
			sb.WriteString(strings.Repeat(" ", max(0, widths[i]-runewidth.StringWidth(s))))
		}
		b.WriteString(strings.TrimRight(sb.String(), " "))
		b.WriteByte('\n')
	}
}

// layoutCell splits a value into the lines it takes in a column of width w.
func layoutCell(s string, fit Fit, w int, l Layout) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		switch {
		case runewidth.StringWidth(line) <= w:
			out = append(out, line)
		case fit == Shorten && !l.Wide:
			out = append(out, shortenMiddle(line, w))
		case fit == Keep || fit == Shorten:
			out = append(out, line)
		default:
			out = append(out, WrapText(line, w)...)
		}
	}
	return out
}

// shortenMiddle keeps a value's head and (longer) tail around an ellipsis, so that an Auth0
// log_id keeps its date and its sequence number, and a path its file name and line.
func shortenMiddle(s string, w int) string {
	if w < 3 {
		return runewidth.Truncate(s, w, "")
	}
	head := (w - 1) / 3
	tail := w - 1 - head
	return runewidth.Truncate(s, head, "") + "…" + runewidth.TruncateLeft(s, runewidth.StringWidth(s)-tail, "")
}

// WrapText breaks s between words into lines of at most w columns; a word longer than w is
// cut into pieces of w.
func WrapText(s string, w int) []string {
	if w <= 0 {
		return []string{s}
	}
	var lines []string
	var cur strings.Builder
	curW := 0
	flush := func() {
		lines = append(lines, cur.String())
		cur.Reset()
		curW = 0
	}
	for _, word := range strings.Fields(s) {
		ww := runewidth.StringWidth(word)
		for ww > w {
			if curW > 0 {
				flush()
			}
			piece := runewidth.Truncate(word, w, "")
			lines = append(lines, piece)
			word = word[len(piece):]
			ww = runewidth.StringWidth(word)
		}
		if ww == 0 {
			continue
		}
		switch {
		case curW == 0:
		case curW+1+ww > w:
			flush()
		default:
			cur.WriteByte(' ')
			curW++
		}
		cur.WriteString(word)
		curW += ww
	}
	if curW > 0 || len(lines) == 0 {
		flush()
	}
	return lines
}

func maxLineWidth(s string) int {
	n := 0
	for _, line := range strings.Split(s, "\n") {
		n = max(n, runewidth.StringWidth(line))
	}
	return n
}

func longestWord(s string) int {
	n := 0
	for _, w := range strings.Fields(s) {
		n = max(n, runewidth.StringWidth(w))
	}
	return n
}

// WrapLine wraps one line of prose to width, keeping its indentation on every piece (and a
// list item's hanging indent after "- "). A line that fits is returned as it is.
func WrapLine(line string, width int) string {
	if width <= 0 || runewidth.StringWidth(line) <= width {
		return line
	}
	body := strings.TrimLeft(line, " ")
	indent := line[:len(line)-len(body)]
	hang := indent
	if strings.HasPrefix(body, "- ") {
		hang += "  "
	}
	pieces := WrapText(body, max(20, width-len(hang)))
	return indent + strings.Join(pieces, "\n"+hang)
}

// WrapLines wraps every line of text with WrapLine (0: as it is): a block of notes on a
// terminal, each line keeping its indentation.
func WrapLines(text string, width int) string {
	if width <= 0 {
		return text
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = WrapLine(l, width)
	}
	return strings.Join(lines, "\n")
}
