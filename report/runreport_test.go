package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/auth0-migrate/auth0audit/remediate"
	"github.com/auth0-migrate/auth0audit/remediate/journal"
)

// TestRunReportNextCommand: a step that needs attention prints its next command on lines of
// their own; on a terminal they fit its width and still read back as the same command.
func TestRunReportNextCommand(t *testing.T) {
	next := "auth0audit fix rotate --client web --journal /srv/ops/fix/web-2026-12.journal --secret-sink 'file:/srv/ops/app secrets/' --tenant acme.eu.auth0.com --yes"
	rep := &remediate.Report{Journal: "j", NeedsAttention: 1, Outcomes: []remediate.Outcome{{Step: "rotate:web",
		Result: journal.NeedsAttention, Detail: "the sink cannot take the new secret", Next: next}}}
	for _, width := range []int{0, 80} {
		var b bytes.Buffer
		if err := WriteRunReport(&b, Layout{Width: width}, rep, nil); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		i := strings.Index(out, "next:\n")
		if i < 0 {
			t.Fatalf("width %d: no next command:\n%s", width, out)
		}
		cmd := out[i+len("next:\n"):]
		cmd = cmd[:strings.Index(cmd, "\n1 step(s)")]
		if got := readBack(cmd); got != next {
			t.Fatalf("width %d: the command reads back as\n%s", width, got)
		}
		for _, l := range strings.Split(out, "\n") {
			if width > 0 && len(l) > width {
				t.Errorf("width %d: a line of %d columns: %q", width, len(l), l)
			}
		}
		if !strings.Contains(out, "0 done, 1 need attention, 0 pending") {
			t.Errorf("width %d: summary:\n%s", width, out)
		}
	}
}

// readBack joins a wrapped command as a shell does: a backslash-newline vanishes; what stays
// is split into arguments at whitespace.
func readBack(cmd string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(cmd, "\\\n", "")), " ")
}

func TestWrapCommandBreaksALongArgument(t *testing.T) {
	cmd := "auth0audit fix rotate --journal /" + strings.Repeat("very-long-directory-name/", 8) + "j --yes"
	got := wrapCommand(cmd, 40)
	for _, l := range strings.Split(got, "\n") {
		if len(l) > 40 {
			t.Errorf("a line of %d columns: %q", len(l), l)
		}
	}
	if readBack(got) != cmd {
		t.Fatalf("reads back as %q", readBack(got))
	}
}
