package iostreams

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestConfirmReadsOneAnswerPerPrompt(t *testing.T) {
	var errOut bytes.Buffer
	ios := Test(strings.NewReader("y\nno\nYES\n"), &bytes.Buffer{}, &errOut)
	ios.SetTTY(true, true, true)
	var got []bool
	for range 3 {
		ok, err := ios.Confirm("go on?")
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, ok)
	}
	if !(got[0] && !got[1] && got[2]) {
		t.Fatalf("answers = %v, want [true false true]", got)
	}
	if strings.Count(errOut.String(), "go on? [y/N]") != 3 {
		t.Errorf("prompts on stderr: %q", errOut.String())
	}
}

func TestConfirmRefusesWithoutTerminal(t *testing.T) {
	ios := Test(strings.NewReader("y\n"), &bytes.Buffer{}, &bytes.Buffer{})
	if _, err := ios.Confirm("go on?"); !errors.Is(err, ErrNoPrompt) {
		t.Fatalf("err = %v, want ErrNoPrompt", err)
	}
	ios.SetTTY(true, true, true)
	ios.NoInput = true
	if _, err := ios.Confirm("go on?"); !errors.Is(err, ErrNoPrompt) {
		t.Fatalf("--no-input: err = %v, want ErrNoPrompt", err)
	}
}
