package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"sort"
	"time"

	"github.com/auth0-migrate/auth0audit/usecase"
)

// HTMLReport is everything the self-contained HTML report shows. The page has no script and
// loads nothing: styles are inline and the chart is an SVG drawn here, so it renders the same
// on an air-gapped laptop as in a browser with network.
type HTMLReport struct {
	Title       string
	Subtitle    string
	GeneratedAt time.Time
	Sections    []HTMLSection
	Clients     []ClientView
	Daily       []DailyCount
	Plan        []string
	Notes       []string
}

// HTMLSection is one source's table (code, logs, tenant configuration).
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

//go:embed html.tmpl
var htmlTemplate string

// WriteHTML renders r as one self-contained HTML page.
func WriteHTML(w io.Writer, r HTMLReport) error {
	tmpl, err := template.New("report").Funcs(template.FuncMap{
		"time":   fmtTime,
		"client": clientLabel,
		"advice": func(id usecase.ID) usecase.UseCase { uc, _ := usecase.Lookup(id); return uc },
		"chart":  func(d []DailyCount) template.HTML { return dailyChartSVG(d) },
		"join":   func(s []string) string { return joinSpace(s) },
	}).Parse(htmlTemplate)
	if err != nil {
		return fmt.Errorf("report template: %w", err)
	}
	totals := map[usecase.Status]int{}
	for _, s := range r.Sections {
		for st, n := range CountByStatus(s.Groups) {
			totals[st] += n
		}
	}
	return tmpl.Execute(w, struct {
		HTMLReport
		Totals map[usecase.Status]int
		Order  []usecase.Status
	}{r, totals, []usecase.Status{usecase.Affected, usecase.Action, usecase.Review, usecase.Info, usecase.NotAffected, usecase.Compliant}})
}

func joinSpace(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}

// chartPalette is colour-blind safe (Okabe-Ito).
var chartPalette = [...]string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"}

// dailyChartSVG draws affected calls per day, one line per client, with a filled gap for days
// without calls so a drop to zero after a deploy is visible as such.
func dailyChartSVG(d []DailyCount) template.HTML {
	if len(d) == 0 {
		return template.HTML(`<p class="muted">No dated affected calls in the logs.</p>`)
	}
	first, err1 := time.Parse(time.DateOnly, d[0].Day)
	last, err2 := time.Parse(time.DateOnly, d[len(d)-1].Day)
	if err1 != nil || err2 != nil {
		return template.HTML(`<p class="muted">Chart unavailable: undated events.</p>`)
	}
	days := int(last.Sub(first).Hours()/24) + 1
	perClient := map[string][]int{}
	maxCount := 1
	for _, p := range d {
		day, _ := time.Parse(time.DateOnly, p.Day)
		series := perClient[p.Client]
		if series == nil {
			series = make([]int, days)
			perClient[p.Client] = series
		}
		i := int(day.Sub(first).Hours() / 24)
		series[i] += p.Count
		if series[i] > maxCount {
			maxCount = series[i]
		}
	}
	clients := make([]string, 0, len(perClient))
	for c := range perClient {
		clients = append(clients, c)
	}
	sort.Strings(clients)

	const w, h, left, right, top, bottom = 760.0, 240.0, 48.0, 16.0, 16.0, 28.0
	plotW, plotH := w-left-right, h-top-bottom
	x := func(i int) float64 {
		if days == 1 {
			return left + plotW/2
		}
		return left + plotW*float64(i)/float64(days-1)
	}
	y := func(n int) float64 { return top + plotH - plotH*float64(n)/float64(maxCount) }

	esc := template.HTMLEscapeString
	out := fmt.Sprintf(`<svg role="img" aria-label="Affected calls per day per client" viewBox="0 0 %.0f %.0f" width="100%%" xmlns="http://www.w3.org/2000/svg">`, w, h)
	out += fmt.Sprintf(`<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#999"/>`, left, y(0), w-right, y(0))
	out += fmt.Sprintf(`<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#999"/>`, left, top, left, y(0))
	out += fmt.Sprintf(`<text x="%.0f" y="%.1f" class="axis" text-anchor="end">%d</text>`, left-6, y(maxCount)+4, maxCount)
	out += fmt.Sprintf(`<text x="%.0f" y="%.1f" class="axis" text-anchor="end">0</text>`, left-6, y(0)+4)
	out += fmt.Sprintf(`<text x="%.0f" y="%.0f" class="axis">%s</text>`, left, h-bottom+18, esc(d[0].Day))
	if days > 1 {
		out += fmt.Sprintf(`<text x="%.0f" y="%.0f" class="axis" text-anchor="end">%s</text>`, w-right, h-bottom+18, esc(d[len(d)-1].Day))
	}
	for ci, c := range clients {
		colour := chartPalette[ci%len(chartPalette)]
		points := ""
		for i, n := range perClient[c] {
			points += fmt.Sprintf("%.1f,%.1f ", x(i), y(n))
		}
		out += fmt.Sprintf(`<polyline fill="none" stroke="%s" stroke-width="2" points="%s"><title>%s</title></polyline>`, colour, points, esc(c))
		for i, n := range perClient[c] {
			if n > 0 {
				out += fmt.Sprintf(`<circle cx="%.1f" cy="%.1f" r="3" fill="%s"><title>%s %s: %d</title></circle>`,
					x(i), y(n), colour, esc(c), first.AddDate(0, 0, i).Format(time.DateOnly), n)
			}
		}
	}
	out += `</svg>`
	// The legend is HTML, not SVG text, so long client names wrap instead of overlapping.
	out += `<ul class="legend">`
	for ci, c := range clients {
		out += fmt.Sprintf(`<li><span class="swatch" style="background:%s"></span>%s</li>`, chartPalette[ci%len(chartPalette)], esc(c))
	}
	out += `</ul>`
	return template.HTML(out)
}
