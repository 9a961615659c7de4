package main

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/auth0-migrate/auth0audit/internal/iostreams"
)

// Placeholder until the owning issue lands; replaced wholesale by that work.
func newCodeCmd(ios *iostreams.IOStreams) *cobra.Command {
	return &cobra.Command{
		Use:   "code",
		Short: "(not built yet)",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("auth0audit code is not built yet")
		},
	}
}
