package main

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"
)

func (c *cli) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print version information",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintf(c.stdout, "bodhi %s (commit %s, %s, %s/%s)\n", c.version, c.commitSHA, runtime.Version(),
				runtime.GOOS, runtime.GOARCH)
			return nil
		},
	}
}
