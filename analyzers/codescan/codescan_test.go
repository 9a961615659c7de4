package codescan

import (
	"context"
	"strings"
	"testing"

	"github.com/auth0-migrate/auth0audit/usecase"
)

// TestConfidenceFollowsTheEvidence: a link call made with an ID-token client is confirmed; a
// client authenticated by an ID token with no call seen only suggests a link, so suspected.
func TestConfidenceFollowsTheEvidence(t *testing.T) {
	res, err := Scan(context.Background(), Options{Dir: "../testdata/mod"},
		"./idtokenbearer/sdkv1", "./idtokenbearer/sdkv1unused")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]map[usecase.Confidence]int{}
	for _, f := range res.Findings {
		if got[f.File] == nil {
			got[f.File] = map[usecase.Confidence]int{}
		}
		got[f.File][f.Confidence]++
	}
	if c := got["idtokenbearer/sdkv1unused/sdkv1unused.go"]; c[usecase.Suspected] != 1 || c[usecase.Confirmed] != 0 {
		t.Errorf("unused ID-token client: %v, want one suspected finding", c)
	}
	confirmed := 0
	for file, c := range got {
		if file != "idtokenbearer/sdkv1unused/sdkv1unused.go" {
			confirmed += c[usecase.Confirmed]
			if c[usecase.Suspected] != 0 {
				t.Errorf("%s: %v, want only confirmed findings", file, c)
			}
		}
	}
	if confirmed == 0 {
		t.Errorf("no confirmed finding in idtokenbearer/sdkv1: %v (load errors %v)", got, res.LoadErrors)
	}
}

// TestHelpersInOtherPackages: only ./realistic/idt/web is asked for, yet its helpers in
// realistic/idt/authkit are loaded from source and summarized, so a finding that rests on a
// helper of another package is reported at the caller, naming the helper and its package.
func TestHelpersInOtherPackages(t *testing.T) {
	res, err := Scan(context.Background(), Options{Dir: "../testdata/mod"}, "./realistic/idt/web")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.LoadErrors) > 0 {
		t.Fatalf("load errors: %v", res.LoadErrors)
	}
	found := false
	for _, f := range res.Findings {
		if f.File != "realistic/idt/web/web.go" {
			t.Errorf("finding outside the package asked for: %+v", f)
		}
		if strings.Contains(f.Detail, "via helpers authkit.SendLink → Authorize, package example.com/auth0vettest/realistic/idt/authkit") {
			found = true
		}
	}
	if !found {
		t.Errorf("no finding through authkit.SendLink in %+v", res.Findings)
	}
	if res.Packages != 1 {
		t.Errorf("Packages = %d, want 1 (the helpers are loaded, not reported on)", res.Packages)
	}
}
