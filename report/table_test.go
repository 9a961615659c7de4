package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"
)

func sampleTable() *TextTable {
	t := NewTable(
		Column{Header: "Status"},
		Column{Header: "Use case"},
		Column{Header: "Client", Fit: Wrap},
		Column{Header: "Empty", HideEmpty: true},
		Column{Header: "Last seen", Optional: 2},
		Column{Header: "Sample", Fit: Shorten, Min: 16, Optional: 1},
	)
	t.AddRow("affected", "link-idtoken-bearer", "Acme SPA (SpaAuth0js000000000000000000003)", "", "2026-10-26 08:05",
		"90020261002091500762785000000000000000000000000000000233")
	t.AddRow("not-affected", "client-granted-current-user-identities", "Bäckerei Müller 日本", "-", "", "x")
	return t
}

func render(t *testing.T, tb *TextTable, l Layout) string {
	t.Helper()
	var b bytes.Buffer
	if err := tb.Render(&b, l); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestTableFitsEveryWidth(t *testing.T) {
	// 66 columns: the two kept columns and the client at its floor of 12.
	for width := 66; width <= 200; width += 7 {
		out := render(t, sampleTable(), Layout{Width: width})
		for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			if w := runewidth.StringWidth(line); w > width {
				t.Errorf("width %d: line of %d columns: %q", width, w, line)
			}
			if strings.HasSuffix(line, " ") {
				t.Errorf("width %d: trailing space: %q", width, line)
			}
		}
		if strings.Contains(out, "EMPTY") {
			t.Errorf("width %d: an empty column is shown", width)
		}
		// IDs of the public vocabulary are never shortened.
		if !strings.Contains(out, "client-granted-current-user-identities") {
			t.Errorf("width %d: a use case was cut:\n%s", width, out)
		}
	}
	wide := render(t, sampleTable(), Layout{Width: 200})
	if !strings.Contains(wide, "90020261002091500762785000000000000000000000000000000233") || !strings.Contains(wide, "LAST SEEN") {
		t.Errorf("a wide terminal shows every column in full:\n%s", wide)
	}
	narrow := render(t, sampleTable(), Layout{Width: 80})
	if strings.Contains(narrow, "LAST SEEN") && !strings.Contains(narrow, "SAMPLE") {
		t.Errorf("optional columns left out in the wrong order:\n%s", narrow)
	}
	if full := render(t, sampleTable(), Layout{Width: 80, Wide: true}); !strings.Contains(full, "90020261002091500762785000000000000000000000000000000233") {
		t.Errorf("--wide shortened an id:\n%s", full)
	}
}

func TestShortenKeepsHeadAndTail(t *testing.T) {
	id := "90020261002091500762785000000000000000000000000000000233"
	s := shortenMiddle(id, 20)
	if runewidth.StringWidth(s) != 20 || !strings.HasPrefix(s, "900202") || !strings.HasSuffix(s, "0000233") || !strings.Contains(s, "…") {
		t.Errorf("shortenMiddle = %q", s)
	}
}

func TestPlainRowsAreTabSeparatedAndComplete(t *testing.T) {
	tb := sampleTable()
	tb.AddRow("review", "x", "multi\nline", "", "", "a\tb")
	out := render(t, tb, Layout{})
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want one per row and no header:\n%s", len(lines), out)
	}
	if got := strings.Split(lines[0], "\t"); len(got) != 6 || got[5] != "90020261002091500762785000000000000000000000000000000233" {
		t.Errorf("row %q", lines[0])
	}
	if got := strings.Split(lines[2], "\t"); got[2] != "multi, line" || got[5] != "a b" {
		t.Errorf("cells are not one tab-free line each: %q", lines[2])
	}
}

func TestHeadingsGroupRowsOnATerminalOnly(t *testing.T) {
	tb := NewTable(Column{Header: "Status"}, Column{Header: "Use case"})
	tb.AddHeading("Acme SPA (spa)")
	tb.AddRow("affected", "link-idtoken-bearer")
	out := render(t, tb, Layout{Width: 80})
	if !strings.Contains(out, "Acme SPA (spa)\n  affected") {
		t.Errorf("terminal:\n%s", out)
	}
	if plain := render(t, tb, Layout{}); strings.Contains(plain, "Acme") {
		t.Errorf("piped rows carry a heading: %q", plain)
	}
}
