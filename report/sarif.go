package report

import (
	"io"
	"path/filepath"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/auth0-migrate/auth0audit/usecase"
)

// ToolInfoURI is where SARIF consumers send users who want to know about the tool.
const ToolInfoURI = "https://github.com/auth0-migrate/auth0audit"

// sarifLevel maps a use-case status to a SARIF result level: GitHub code scanning shows
// "error" and "warning" in pull requests, "note" only in the security tab.
func sarifLevel(s usecase.Status) string {
	switch s {
	case usecase.Affected:
		return "error"
	case usecase.Action:
		return "warning"
	}
	return "note"
}

// WriteSARIF writes the code findings among fs as a SARIF 2.1.0 log for GitHub code scanning.
// Findings without a file position (logs, tenant) have no place in SARIF and are left out;
// the count of those left out is returned so the caller can say so.
//
// Every use case is declared as a rule, so a consumer can show the rule's help even for
// rules with no result in this run. File paths are written relative to root with forward
// slashes, as code scanning expects paths relative to the repository.
func WriteSARIF(w io.Writer, root string, fs []usecase.Finding) (leftOut int, err error) {
	rep, err := sarif.New(sarif.Version210)
	if err != nil {
		return 0, err
	}
	run := sarif.NewRunWithInformationURI("auth0vet", ToolInfoURI)
	for _, uc := range usecase.All() {
		run.AddRule(string(uc.ID)).
			WithName(string(uc.ID)).
			WithShortDescription(sarif.NewMultiformatMessageString(uc.Seen)).
			WithFullDescription(sarif.NewMultiformatMessageString(uc.Seen + ". " + uc.Instead + ".")).
			WithHelpURI(uc.DocURL).
			WithTextHelp(uc.Instead + " See " + uc.DocURL).
			WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(uc.Status))).
			WithProperties(sarif.Properties{"tags": []string{"security", "auth0", string(uc.Status)}})
	}
	for _, f := range fs {
		if f.File == "" || f.Line <= 0 {
			leftOut++
			continue
		}
		uri := f.File
		if root != "" && filepath.IsAbs(uri) {
			if rel, err := filepath.Rel(root, uri); err == nil {
				uri = rel
			}
		}
		uri = filepath.ToSlash(uri)
		region := sarif.NewRegion().WithStartLine(f.Line)
		if f.Column > 0 {
			region = region.WithStartColumn(f.Column)
		}
		msg := f.Detail
		if msg == "" {
			msg = string(f.UseCase)
		}
		res := run.CreateResultForRule(string(f.UseCase)).
			WithLevel(sarifLevel(f.Status)).
			WithMessage(sarif.NewTextMessage(msg)).
			WithLocations([]*sarif.Location{sarif.NewLocationWithPhysicalLocation(
				sarif.NewPhysicalLocation().
					WithArtifactLocation(sarif.NewSimpleArtifactLocation(uri)).
					WithRegion(region))})
		props := sarif.NewPropertyBag()
		props.AddString("confidence", string(f.Confidence))
		if f.Check != "" {
			props.AddString("check", f.Check) // the check an //auth0vet:ignore directive names
		}
		res.AttachPropertyBag(props)
	}
	rep.AddRun(run)
	return leftOut, rep.PrettyWrite(w)
}
