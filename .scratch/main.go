package main

import (
	"os"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

func main() {
	t := tablewriter.NewTable(os.Stdout,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Borders: tw.BorderNone, Settings: tw.Settings{Separators: tw.SeparatorsNone, Lines: tw.LinesNone}})),
		tablewriter.WithMaxWidth(80),
		tablewriter.WithRowAutoWrap(tw.WrapNormal),
	)
	t.Header("Status", "Use case", "Confidence", "Client", "Count", "First seen", "Last seen", "Sample")
	t.Append("affected", "auth0js-current-user", "confirmed", "Acme SPA (SpaAuth0js000000000000000000003)", "2 (1 failed)", "2026-10-17 09:00", "2026-10-29 09:00", "90020261017090000276219000000000000000000000000000000245 (+1)")
	t.Append("action", "secret-stale-use", "confirmed", "Billing Web (web)", "1", "2026-10-17 09:00", "2026-10-29 09:00", "90020261017090000276219000000000000000000000000000000245")
	t.Render()
}
