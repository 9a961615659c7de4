package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/auth0-migrate/auth0audit/usecase"
)

// HTMLReport is the page a tenant admin decides from: what to do first (outages at the top),
// one row per client, then every finding once, and the plan's reviewable steps. It is built
// by the audit (audit.Result) and only rendered here.
//
// The page has no script and loads nothing: styles are inline and the chart is an SVG drawn
// here, so it renders the same on an air-gapped laptop as in a browser with network. Links go
// out only to the Auth0 Dashboard and the migration guides.
type HTMLReport struct {
	Title       string
	Subtitle    string
	GeneratedAt time.Time
	Totals      []HTMLCount
	// Todo is the ranked "do these first" list; More counts the findings needing attention
	// that it leaves to the details.
	Todo  []HTMLAction
	More  int
	Chart HTMLChart
	// Clients has one row per client (and one for findings of no client).
	Clients []HTMLClient
	// Details lists each use case needing attention once, with its findings; Other holds the
	// rest (informational, not affected, compliant), shown folded.
	Details []HTMLUseCase
	Other   []HTMLUseCase
	Plan    HTMLPlan
	// Inputs says what was read; Notes what went wrong (inputs not read whole, checks that
	// could not run); DashboardNote why links into the Dashboard are missing, or what they
	// point at.
	Inputs        []string
	Notes         []string
	DashboardNote string
}

// HTMLSection is one source's table (code, logs, tenant configuration), as the terminal and
// Markdown reports show them.
type HTMLSection struct {
	Name   string
	Note   string
	Groups []Group
}

// ClientView joins, for one client, what each source found.
type ClientView struct {
	Client string
	Rows   []ClientRow
}

// ClientRow is one use case seen for a client by one source.
type ClientRow struct {
	Source  usecase.Source
	UseCase usecase.ID
	Status  usecase.Status
	Count   int
	Where   string
}

// HTMLCount is the number of findings of one status.
type HTMLCount struct {
	Status usecase.Status
	N      int
}

// HTMLLink is a name that links somewhere when URL is set (a client's Dashboard page, a log
// event); Title is shown on hover (the full id).
type HTMLLink struct {
	Text, URL, Title string
}

// HTMLAction is one thing to do. Do may quote commands and flags between backticks, rendered
// as code.
type HTMLAction struct {
	Status usecase.Status
	// Outage marks apps failing now (secret-stale-use): they come first.
	Outage   bool
	Subject  HTMLLink // the client, or "Code", "Tenant settings"
	What     string   // what is wrong, one line
	Evidence string   // counts and dates
	Do       string
	UseCases []usecase.ID // anchors into the details
	Steps    []int        // the plan steps that do it
}

// HTMLClient is one row of the per-client table.
type HTMLClient struct {
	Name     HTMLLink
	Status   usecase.Status // the most urgent
	Needs    []HTMLChip     // the use cases needing attention
	Also     string         // the others, counted ("2 compliant, 1 info")
	Sources  string
	LastSeen time.Time
	// Trend counts the client's calls needing attention in each week of the chart.
	Trend []int
}

// HTMLChip is a use case with its count.
type HTMLChip struct {
	UseCase usecase.ID
	Status  usecase.Status
	Count   int
}

// HTMLChart is calls needing attention (affected and action) per week per client.
type HTMLChart struct {
	Weeks  []time.Time // the Monday of each week, UTC
	Series []HTMLSeries
}

// HTMLSeries is one client's weekly counts.
type HTMLSeries struct {
	Label  string
	Counts []int
}

// HTMLUseCase is one use case and every finding of it.
type HTMLUseCase struct {
	ID      usecase.ID
	Status  usecase.Status
	Seen    string
	Instead string
	Guide   string
	Rows    []HTMLFindingRow
}

// HTMLFindingRow is one client's (or one source's) findings of a use case.
type HTMLFindingRow struct {
	Client      HTMLLink
	Source      usecase.Source
	Confidence  usecase.Confidence
	Count       int
	Failed      int
	First, Last time.Time
	Evidence    []HTMLLink
	More        int // evidence not listed
}

// HTMLPlan is the remediation plan: the steps that change the tenant, each reviewable, and
// the code changes the API cannot make.
type HTMLPlan struct {
	Changes []HTMLStep
	Reviews []HTMLStep
	Apply   string // the command that applies it
}

// HTMLStep is one plan step.
type HTMLStep struct {
	N        int
	Op       string
	Target   HTMLLink
	Why      string
	Evidence int
}

//go:embed html.tmpl
var htmlTemplate string

// WriteHTML renders r as one self-contained HTML page.
func WriteHTML(w io.Writer, r HTMLReport) error {
	tmpl, err := template.New("report").Funcs(template.FuncMap{
		"date":      fmtDate,
		"span":      fmtSpan,
		"time":      fmtTime,
		"code":      codeSpans,
		"chart":     func(c HTMLChart) template.HTML { return weeklyChartSVG(c) },
		"sparkbars": sparkbarsSVG,
		"guide":     guideName,
	}).Parse(htmlTemplate)
	if err != nil {
		return fmt.Errorf("report template: %w", err)
	}
	return tmpl.Execute(w, r)
}

// guideName names the guide a use case links to, so that the links say where they lead.
func guideName(url string) string {
	switch url {
	case usecase.LinkingMigrationDoc:
		return "Migration guide"
	case usecase.SecretRotationDoc:
		return "Rotation guide"
	case usecase.AccountLinkingDoc:
		return "Linking guide"
	}
	return "Guide"
}

func fmtDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

// fmtSpan renders the days from first to last compactly: "2026-10-02 to 10-26" within a year.
func fmtSpan(first, last time.Time) string {
	a, b := fmtDate(first), fmtDate(last)
	switch {
	case a == b || a == "":
		return b
	case a[:5] == b[:5]:
		return a + " to " + b[5:]
	}
	return a + " to " + b
}

// codeSpans escapes s and renders the parts between backticks as code: plan reasons and
// instructions quote flags and commands that way.
func codeSpans(s string) template.HTML {
	parts := strings.Split(s, "`")
	if len(parts)%2 == 0 {
		// An unpaired backtick: no code spans, and no stray backtick shown.
		return template.HTML(template.HTMLEscapeString(strings.ReplaceAll(s, "`", "")))
	}
	var b strings.Builder
	for i, p := range parts {
		if i%2 == 1 {
			b.WriteString("<code>" + template.HTMLEscapeString(p) + "</code>")
		} else {
			b.WriteString(template.HTMLEscapeString(p))
		}
	}
	return template.HTML(b.String())
}

// ChartPalette colours the chart's clients. It is colour-blind safe (Okabe-Ito); the last
// colour, grey, is for the clients beyond the first seven, drawn together.
var ChartPalette = [...]string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#999999"}

// ChartBackground fills the chart's plot area and nothing else on the page, so that a test
// looking at a rendering can find the plot and check what is drawn inside it.
const ChartBackground = "#e8f1f8"

// weeklyChartSVG draws calls needing attention per week as bars stacked by client. Every week
// of the window has its slot, so weeks without a call show as gaps at zero: usage falling
// after a fix is deployed is seen as such.
func weeklyChartSVG(c HTMLChart) template.HTML {
	if len(c.Weeks) == 0 || len(c.Series) == 0 {
		return template.HTML(`<p class="muted">No dated call needing attention in the logs.</p>`)
	}
	totals := make([]int, len(c.Weeks))
	for _, s := range c.Series {
		for i, n := range s.Counts {
			totals[i] += n
		}
	}
	peak := 1
	for _, n := range totals {
		peak = max(peak, n)
	}
	const w, h, left, right, top, bottom = 420.0, 160.0, 30.0, 4.0, 6.0, 20.0
	plotW, plotH := w-left-right, h-top-bottom
	slot := plotW / float64(len(c.Weeks))
	barW := max(slot*0.7, 1)
	// A week with a call must not look like a week without: one call beside a peak of hundreds
	// would be a fraction of a unit tall. Every non-zero count gets at least minBar, and the
	// scale leaves room for that in the tallest stack, so no bar leaves the plot.
	const minBar = 2.0
	scaleH := max(plotH-minBar*float64(len(c.Series)), plotH/2)
	y := func(n int) float64 { return top + plotH - scaleH*float64(n)/float64(peak) }
	esc := template.HTMLEscapeString

	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" role="img" aria-label="Calls needing attention per week, per client" viewBox="0 0 %.0f %.0f" xmlns="http://www.w3.org/2000/svg">`, w, h)
	fmt.Fprintf(&b, `<rect class="plot" x="%.0f" y="%.0f" width="%.1f" height="%.1f" fill="%s"/>`, left, top, plotW, plotH, ChartBackground)
	// Gridlines at a quarter, half and the top.
	for _, f := range []float64{0.5, 1} {
		n := int(float64(peak)*f + 0.5)
		if n == 0 || f < 1 && n == peak {
			continue
		}
		fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#dde3e8"/>`, left, y(n), left+plotW, y(n))
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" class="axis" text-anchor="end">%d</text>`, left-4, y(n)+4, n)
	}
	fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" class="axis" text-anchor="end">0</text>`, left-4, y(0)+4)
	for i := range c.Weeks {
		x := left + slot*float64(i) + (slot-barW)/2
		stackTop := y(0)
		for si, s := range c.Series {
			n := s.Counts[i]
			if n == 0 {
				continue
			}
			colour := ChartPalette[min(si, len(ChartPalette)-1)]
			height := max(minBar, scaleH*float64(n)/float64(peak))
			stackTop -= height
			fmt.Fprintf(&b, `<rect class="bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s, week of %s: %d</title></rect>`,
				x, stackTop, barW, height, colour, esc(s.Label), c.Weeks[i].Format("Jan 2"), n)
		}
	}
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#888"/>`, left, y(0), left+plotW, y(0))
	// Week labels: as many as fit without overlapping (a label takes about 40 units).
	every := max(1, int(40/slot)+1)
	for i := 0; i < len(c.Weeks); i += every {
		fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" class="axis" text-anchor="middle">%s</text>`,
			left+slot*(float64(i)+0.5), h-6, c.Weeks[i].Format("Jan 2"))
	}
	b.WriteString(`</svg>`)
	// The legend is HTML, not SVG text, so long client names wrap instead of overlapping.
	b.WriteString(`<ul class="legend">`)
	for si, s := range c.Series {
		fmt.Fprintf(&b, `<li><span class="swatch" style="background:%s"></span><span class="name">%s</span></li>`, ChartPalette[min(si, len(ChartPalette)-1)], esc(s.Label))
	}
	b.WriteString(`</ul>`)
	return template.HTML(b.String())
}

// sparkbarsSVG draws a client's weekly trend in its table row.
func sparkbarsSVG(counts []int, status usecase.Status) template.HTML {
	if len(counts) == 0 {
		return ""
	}
	peak, total := 0, 0
	for _, n := range counts {
		peak, total = max(peak, n), total+n
	}
	if total == 0 {
		return template.HTML(`<span class="muted">none</span>`)
	}
	const h = 18.0
	bw := 5.0
	w := bw * float64(len(counts))
	colour := "#b00020"
	if status != usecase.Affected {
		colour = "#c25e00"
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="spark" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" role="img" aria-label="weekly calls: %s" xmlns="http://www.w3.org/2000/svg">`,
		w, h, w, h, strings.Trim(fmt.Sprint(counts), "[]"))
	fmt.Fprintf(&b, `<line x1="0" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#ccc"/>`, h-0.5, w, h-0.5)
	for i, n := range counts {
		if n == 0 {
			continue
		}
		bh := max(2, (h-1)*float64(n)/float64(peak))
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`, float64(i)*bw+0.5, h-1-bh, bw-1, bh, colour)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
