package main

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/auth0-migrate/auth0audit/internal/iostreams"
)

// Placeholder until the owning issue lands; replaced wholesale by that work.
func newLogsCmd(ios *iostreams.IOStreams) *cobra.Command {
	return &cobra.Command{
		Use:   "logs",
		Short: "(not built yet)",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("auth0audit logs is not built yet")
		},
	}
}
