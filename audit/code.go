package audit

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/auth0-migrate/auth0audit/analyzers/codescan"
	"github.com/auth0-migrate/auth0audit/jsscan"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// ScanCode runs the Go analyzers and the JavaScript/TypeScript scanner over the same patterns
// and joins their findings into one codescan.Result. A tree with no Go packages is fine when
// it has JavaScript or TypeScript (and the reverse); a Go loader failure is then a note on
// notes (unless it only says there is no Go code).
func ScanCode(ctx context.Context, opts codescan.Options, include []string, notes io.Writer, patterns ...string) (*codescan.Result, *jsscan.Result, error) {
	js, err := jsscan.ScanPatterns(ctx, jsscan.Options{Dir: opts.Dir, Include: include}, patterns...)
	if err != nil {
		return nil, nil, fmt.Errorf("javascript: %w", err)
	}
	res, goErr := codescan.Scan(ctx, opts, patterns...)
	if goErr != nil {
		if js.Files == 0 && len(js.Unparsed) == 0 {
			return nil, nil, goErr
		}
		if notes != nil && !strings.Contains(goErr.Error(), "no Go packages match") {
			fmt.Fprintln(notes, "note: no Go code analyzed:", goErr)
		}
		res = &codescan.Result{}
	}
	if js.Files > 0 {
		// A directory of JavaScript only is no broken Go package.
		kept := res.LoadErrors[:0]
		for _, e := range res.LoadErrors {
			if !strings.Contains(e.Message, "no Go files in") {
				kept = append(kept, e)
			}
		}
		res.LoadErrors = kept
	}
	JoinJS(res, js)
	return res, js, nil
}

// JoinJS adds the JavaScript findings and problems to a Go scan's result: files that did not
// parse are load errors (not analyzed), directive problems and limits are warnings.
func JoinJS(res *codescan.Result, js *jsscan.Result) {
	if js == nil {
		return
	}
	res.Findings = append(res.Findings, js.Findings...)
	usecase.Sort(res.Findings)
	for _, p := range js.Unparsed {
		res.LoadErrors = append(res.LoadErrors, codescan.Problem{Where: p.Where, Message: p.Message})
	}
	for _, p := range js.Warnings {
		res.Warnings = append(res.Warnings, codescan.Problem{Where: p.Where, Message: p.Message})
	}
}
