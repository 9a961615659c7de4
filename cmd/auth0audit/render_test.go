package main

import (
	"context"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestHTMLReportRendersInChromium looks at the demo's HTML report the way a person would: it
// renders it in headless Chromium to a PNG and checks that what is drawn is the report: the
// red "affected" badges and the chart's lines are there in their colours. Chromium comes from
// Debian (apt-get install chromium); .ci/run installs it.
func TestHTMLReportRendersInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("renders a page in a browser")
	}
	browser, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed (apt-get install chromium)")
	}
	t.Chdir(filepath.Join("..", ".."))
	out := t.TempDir()
	if _, stderr, err := runCLI(t, "demo", "--out-dir", out); err != nil {
		t.Fatalf("demo: %v\n%s", err, stderr)
	}
	shot := filepath.Join(out, "report.png")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	// The flags keep Chromium off the network: the page must render with none.
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "--hide-scrollbars", "--window-size=1200,1400",
		"--screenshot="+shot, "file://"+filepath.Join(out, "report.html"))
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, b)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	targets := map[string]color.RGBA{
		"affected badge": {0xb0, 0x00, 0x20, 0xff},
		"chart blue":     {0x00, 0x72, 0xb2, 0xff},
		"chart orange":   {0xd5, 0x5e, 0x00, 0xff},
	}
	white := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			if c.R > 250 && c.G > 250 && c.B > 250 {
				white++
			}
			for name, want := range targets {
				if near(c, want) {
					counts[name]++
				}
			}
		}
	}
	total := b.Dx() * b.Dy()
	if white > total*98/100 {
		t.Fatalf("the page rendered (almost) blank: %d of %d pixels white", white, total)
	}
	for name := range targets {
		if counts[name] < 50 {
			t.Errorf("%s: %d pixels; the rendered report lacks it (screenshot kept at %s)", name, counts[name], shot)
		}
	}
	t.Logf("rendered %dx%d: %v", b.Dx(), b.Dy(), counts)
}

func near(a, b color.RGBA) bool {
	d := func(x, y uint8) int {
		if x > y {
			return int(x - y)
		}
		return int(y - x)
	}
	return d(a.R, b.R) < 12 && d(a.G, b.G) < 12 && d(a.B, b.B) < 12
}
