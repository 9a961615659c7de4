package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	htmlpkg "html"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/auth0-migrate/auth0audit/report"
)

// screen is the height of one screen at 1280 px wide (a 1280x800 laptop display): the demo's
// report must fit in three.
const screen = 800

// TestHTMLReportRendersInChromium looks at the demo's HTML report the way a person would: it
// renders it in headless Chromium at 1280 px wide and checks that the page fits in three
// screens, that the red "affected" badges are drawn, and that the chart's plot area (found by
// its background colour) holds bars of several clients. The check is proved to look inside the
// plot: the same page with its bars deleted, legend swatches and all else kept, must fail it.
//
// Chromium comes from Debian (.ci/setup-chromium.sh). Without it the test skips, except under
// CI, where a missing renderer is a failure: a check that cannot run must not pass.
func TestHTMLReportRendersInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("renders a page in a browser")
	}
	browser := findChromium()
	if browser == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed, and CI is set: run .ci/setup-chromium.sh")
		}
		t.Skip("chromium is not installed (apt-get install chromium, or .ci/setup-chromium.sh)")
	}
	t.Chdir(filepath.Join("..", ".."))
	out := t.TempDir()
	if _, stderr, err := runCLI(t, "demo", "--out-dir", out); err != nil {
		t.Fatalf("demo: %v\n%s", err, stderr)
	}
	page := filepath.Join(out, "report.html")
	img := renderPage(t, browser, page, filepath.Join(out, "report.png"))
	if h := inkHeight(img); h > 3*screen {
		t.Errorf("the page is %d px tall at 1280 px wide, more than three %d px screens", h, screen)
	} else {
		t.Logf("page height %d px (%.1f screens of %d)", h, float64(h)/screen, screen)
	}
	if problems := checkRendering(img); len(problems) > 0 {
		t.Errorf("the rendered report (kept at %s): %s", filepath.Join(out, "report.png"), strings.Join(problems, "; "))
	}

	// The same page without its bars: the legend and everything else is still there, and the
	// check must fail, on the chart.
	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	bars := regexp.MustCompile(`<rect class="bar"[^>]*>.*?</rect>`)
	if n := len(bars.FindAll(html, -1)); n == 0 {
		t.Fatal("the page has no bars to delete")
	}
	bare := filepath.Join(out, "no-bars.html")
	if err := os.WriteFile(bare, bars.ReplaceAll(html, nil), 0o644); err != nil {
		t.Fatal(err)
	}
	problems := checkRendering(renderPage(t, browser, bare, filepath.Join(out, "no-bars.png")))
	if !strings.Contains(strings.Join(problems, ";"), "chart") {
		t.Errorf("with every bar deleted the check still passes (problems: %v): it does not look inside the chart", problems)
	}

	t.Run("narrow screen", func(t *testing.T) { checkNarrowLayout(t, browser, html, out) })
}

// narrowWidth is the narrowest window headless Chromium lays a page out in (a narrower
// --window-size still gives a 500 px viewport): a phone in landscape, a split screen.
const narrowWidth = 500

// checkNarrowLayout lays the page out in a narrow window and measures it, with a script added
// to a copy of the page (the report itself has none) that writes the measures into the DOM
// Chromium dumps: the "do these first" list must get the width (beside a 420 px chart column it
// was squeezed to one word per line, a 10,000 px column of text), and the page must not scroll
// sideways (wide tables scroll inside their own box).
func checkNarrowLayout(t *testing.T, browser string, html []byte, dir string) {
	const probe = `<script>document.body.setAttribute("data-layout", JSON.stringify({` +
		`viewport: innerWidth, page: document.documentElement.scrollWidth,` +
		`todo: Math.round(document.querySelector("ol.todo").getBoundingClientRect().width)}))</script>`
	page := filepath.Join(dir, "narrow.html")
	if err := os.WriteFile(page, bytes.Replace(html, []byte("</body>"), []byte(probe+"</body>"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "--hide-scrollbars", "--force-device-scale-factor=1",
		"--window-size="+strconv.Itoa(narrowWidth)+",800", "--dump-dom", "file://"+page)
	dom, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	m := regexp.MustCompile(`data-layout="([^"]*)"`).FindSubmatch(dom)
	if m == nil {
		t.Fatalf("the probe wrote no measures into the page: %.300s", dom)
	}
	var got struct{ Viewport, Page, Todo int }
	if err := json.Unmarshal([]byte(htmlpkg.UnescapeString(string(m[1]))), &got); err != nil {
		t.Fatal(err)
	}
	t.Logf("at %d px: %+v", narrowWidth, got)
	if got.Viewport == 0 || got.Page > got.Viewport {
		t.Errorf("the page is %d px wide in a %d px window: it scrolls sideways", got.Page, got.Viewport)
	}
	if got.Todo < got.Viewport*2/3 {
		t.Errorf("the to-do list is %d px wide in a %d px window", got.Todo, got.Viewport)
	}
}

func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// renderPage screenshots the file at 1280 px wide, tall enough to hold three screens and more.
func renderPage(t *testing.T, browser, page, shot string) image.Image {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	// The flags keep Chromium off the network: the page must render with none.
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "--hide-scrollbars", "--force-device-scale-factor=1",
		"--window-size=1280,"+strconv.Itoa(4*screen), "--screenshot="+shot, "file://"+page)
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
	return img
}

// inkHeight is the height of the page's content: the last row holding a pixel that is not
// (almost) white.
func inkHeight(img image.Image) int {
	b := img.Bounds()
	for y := b.Max.Y - 1; y >= b.Min.Y; y-- {
		for x := b.Min.X; x < b.Max.X; x++ {
			if c := rgba(img, x, y); c.R < 240 || c.G < 240 || c.B < 240 {
				return y - b.Min.Y + 1
			}
		}
	}
	return 0
}

func rgba(img image.Image, x, y int) color.RGBA {
	return color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
}

func hexColour(s string) color.RGBA {
	v, _ := strconv.ParseUint(strings.TrimPrefix(s, "#"), 16, 32)
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
}

func near(a, b color.RGBA, tolerance int) bool {
	d := func(x, y uint8) int {
		if x > y {
			return int(x - y)
		}
		return int(y - x)
	}
	return d(a.R, b.R) <= tolerance && d(a.G, b.G) <= tolerance && d(a.B, b.B) <= tolerance
}

// checkRendering returns what is wrong with a rendering of the report: a blank page, no red
// "affected" badge, or a chart plot holding fewer than two clients' bars.
func checkRendering(img image.Image) []string {
	var problems []string
	b := img.Bounds()
	white, badge := 0, 0
	plot := image.Rectangle{}
	background := hexColour(report.ChartBackground)
	affected := hexColour("#b00020")
	for y := b.Min.Y; y < b.Max.Y; y++ {
		// The plot is the block of rows with a long run of its background: a stray pixel of
		// that colour (anti-aliased text) does not count.
		first, last, n := -1, -1, 0
		for x := b.Min.X; x < b.Max.X; x++ {
			c := rgba(img, x, y)
			if c.R > 250 && c.G > 250 && c.B > 250 {
				white++
			}
			if near(c, affected, 12) {
				badge++
			}
			if near(c, background, 2) {
				if first < 0 {
					first = x
				}
				last, n = x, n+1
			}
		}
		if n >= 100 {
			plot = plot.Union(image.Rect(first, y, last+1, y+1))
		}
	}
	if total := b.Dx() * b.Dy(); white > total*98/100 {
		return []string{fmt.Sprintf("the page rendered (almost) blank: %d of %d pixels white", white, total)}
	}
	if badge < 50 {
		problems = append(problems, fmt.Sprintf("%d pixels of the affected badge colour", badge))
	}
	if plot.Empty() || plot.Dx() < 200 || plot.Dy() < 80 {
		return append(problems, fmt.Sprintf("no chart plot area found (background %s over %v)", report.ChartBackground, plot))
	}
	// Inside the plot only: the legend's swatches are outside it.
	drawn := 0
	for _, p := range report.ChartPalette {
		want, n := hexColour(p), 0
		for y := plot.Min.Y; y < plot.Max.Y; y++ {
			for x := plot.Min.X; x < plot.Max.X; x++ {
				if near(rgba(img, x, y), want, 12) {
					n++
				}
			}
		}
		if n >= 40 {
			drawn++
		}
	}
	if drawn < 2 {
		problems = append(problems, fmt.Sprintf("the chart's plot area %v holds bars of %d client colour(s), want at least 2", plot, drawn))
	}
	return problems
}

// TestHTMLReportLongClientNames: client names come from the tenant and its logs, and nothing
// bounds them. A name without spaces (generated, or a URL) ran out of the "do these first"
// column over the chart and, in the clients table's unwrapped first column, made the page
// 2,840 px wide at 1,280: the whole report scrolled sideways. Names wrap wherever they must.
func TestHTMLReportLongClientNames(t *testing.T) {
	if testing.Short() {
		t.Skip("renders a page in a browser")
	}
	browser := findChromium()
	if browser == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed, and CI is set: run .ci/setup-chromium.sh")
		}
		t.Skip("chromium is not installed (apt-get install chromium, or .ci/setup-chromium.sh)")
	}
	logs, err := os.ReadFile(filepath.Join("..", "..", "testdata", "logs", "tenant.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("ShopFrontendProductionEuropeanMarketAutomaticallyGenerated", 4)
	logs = regexp.MustCompile(`"client_name":"[^"]*"`).ReplaceAll(logs, []byte(`"client_name":"`+long+`"`))
	dir := t.TempDir()
	in, page := filepath.Join(dir, "logs.ndjson"), filepath.Join(dir, "report.html")
	if err := os.WriteFile(in, logs, 0o600); err != nil {
		t.Fatal(err)
	}
	runCLI(t, "audit", "--logs", in, "--format", "html", "--out", page) // exits non-zero on its findings
	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(html, []byte(long)) {
		t.Fatal("the report does not show the long client name")
	}
	const probe = `<script>document.body.setAttribute("data-layout", JSON.stringify({` +
		`viewport: innerWidth, page: document.documentElement.scrollWidth}))</script>`
	probed := filepath.Join(dir, "probed.html")
	if err := os.WriteFile(probed, bytes.Replace(html, []byte("</body>"), []byte(probe+"</body>"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, width := range []int{1280, narrowWidth} {
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		dom, err := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
			"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
			"--user-data-dir="+t.TempDir(), "--hide-scrollbars", "--force-device-scale-factor=1",
			"--window-size="+strconv.Itoa(width)+",800", "--dump-dom", "file://"+probed).Output()
		cancel()
		if err != nil {
			t.Fatalf("chromium: %v", err)
		}
		m := regexp.MustCompile(`data-layout="([^"]*)"`).FindSubmatch(dom)
		if m == nil {
			t.Fatalf("the probe wrote no measures into the page: %.300s", dom)
		}
		var got struct{ Viewport, Page int }
		if err := json.Unmarshal([]byte(htmlpkg.UnescapeString(string(m[1]))), &got); err != nil {
			t.Fatal(err)
		}
		if got.Viewport == 0 || got.Page > got.Viewport {
			t.Errorf("at %d px: the page is %d px wide in a %d px window: it scrolls sideways", width, got.Page, got.Viewport)
		}
	}
}
