package main

import (
	"fmt"
	"runtime"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bodhiapp/bodhi/apidoc"
)

func (c *cli) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print version information",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintln(c.stdout, versionLine(c.version, c.commitSHA))
			return nil
		},
	}
}

// versionLine names the build once: a version that is the commit itself (`git describe --always` on an untagged
// checkout, maybe with -dirty) does not repeat it, and an unknown commit is left out.
func versionLine(version, commit string) string {
	details := fmt.Sprintf("%s, %s/%s", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if commit != "" && commit != "unknown" && !strings.Contains(version, commit) {
		details = "commit " + commit + ", " + details
	}
	return fmt.Sprintf("bodhi %s (%s)", version, details)
}

// openapiCommand prints the OpenAPI document the server serves at /api-docs/openapi.json, for client generators
// that work offline (and for make generate, which keeps docs/openapi.json).
func (c *cli) openapiCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "openapi",
		Short: "Print the OpenAPI 3.1 document of the HTTP API",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			doc, err := apidoc.Document()
			if err != nil {
				return err
			}
			_, err = c.stdout.Write(doc)
			return err
		},
	}
}
