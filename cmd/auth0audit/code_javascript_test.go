package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/auth0-migrate/auth0audit/internal/iostreams"
)

// TestCodeJavaScriptSARIF: JavaScript findings reach SARIF with the use-case ID as ruleId, at
// the original file and line, from "code" and from "audit --code" alike.
func TestCodeJavaScriptSARIF(t *testing.T) {
	for _, args := range [][]string{
		{"code", "-C", "../..", "./jsscan/testdata/real/...", "--format", "sarif", "--fail-on", "none"},
		{"audit", "--code", "./jsscan/testdata/real/...", "--format", "sarif", "--fail-on", "none"},
	} {
		var out, errOut bytes.Buffer
		root := newRootCmd(iostreams.Test(strings.NewReader(""), &out, &errOut))
		root.SetArgs(args)
		if args[0] == "audit" {
			t.Chdir("../..")
		}
		if err := root.Execute(); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, errOut.String())
		}
		var doc struct {
			Runs []struct {
				Results []struct {
					RuleID    string `json:"ruleId"`
					Locations []struct {
						Physical struct {
							Artifact struct {
								URI string `json:"uri"`
							} `json:"artifactLocation"`
							Region struct {
								StartLine int `json:"startLine"`
							} `json:"region"`
						} `json:"physicalLocation"`
					} `json:"locations"`
				} `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
			t.Fatalf("%v: not JSON: %v", args, err)
		}
		var got []string
		for _, r := range doc.Runs[0].Results {
			l := r.Locations[0].Physical
			got = append(got, r.RuleID+" "+l.Artifact.URI+":"+itoaTest(l.Region.StartLine))
		}
		want := []string{
			"link-idtoken-bearer jsscan/testdata/real/auth0-link-accounts-sample/before-6bc3e02/SPA/app.js:189",
			"unlink-idtoken-bearer jsscan/testdata/real/auth0-link-accounts-sample/before-6bc3e02/SPA/app.js:210",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%v: results\n%s\nwant\n%s", args, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

func itoaTest(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
