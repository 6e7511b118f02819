package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/bodhiapp/bodhi/config"
)

// Exit codes (runtime.md §4.1).
const (
	exitOK          = 0
	exitFailure     = 1 // runtime failure: not found, duplicate, database error
	exitUsage       = 2 // bad flags or input, invalid configuration
	exitInvalidated = 3 // the database changed but the cache invalidation could not be published
)

// exitError carries an exit code and the one line to print on stderr.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageErr(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

func failure(err error) error { return &exitError{code: exitFailure, err: err} }

// cli holds the process's streams and environment, so tests run commands in process.
type cli struct {
	stdin            io.Reader
	stdout, stderr   io.Writer
	environ          []string
	version          string
	commitSHA        string
	invalidateRepeat time.Duration // delay of the second, delayed invalidation (runtime.md §6.4)
	ctx              context.Context

	// global flags
	sets        []string
	home, host  string
	port        int
	multiTenant bool
	logLevel    string
	logFormat   string
}

func (c *cli) run(args []string) int {
	if c.ctx == nil {
		c.ctx = context.Background()
	}
	root := c.rootCommand()
	root.SetArgs(args)
	err := root.ExecuteContext(c.ctx)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if !errors.As(err, &ee) {
		// cobra's own errors: unknown command or flag, wrong number of arguments.
		ee = &exitError{code: exitUsage, err: err}
	}
	fmt.Fprintln(c.stderr, "bodhi: "+strings.ReplaceAll(ee.err.Error(), "\n", "\nbodhi: "))
	return ee.code
}

func (c *cli) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:           "bodhi",
		Short:         "Bodhi: an OpenAI-compatible LLM gateway for organizations, or for one user on a laptop",
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetOut(c.stdout)
	root.SetErr(c.stderr)
	root.SetIn(c.stdin)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageErr("%v", err) })
	f := root.PersistentFlags()
	f.StringArrayVar(&c.sets, "set", nil, "set any configuration key: --set KEY=VALUE (repeatable)")
	f.StringVar(&c.home, "home", "", "data directory (BODHI_HOME)")
	f.StringVar(&c.host, "host", "", "listen address (BODHI_HOST)")
	f.IntVar(&c.port, "port", 0, "listen port (BODHI_PORT)")
	f.BoolVar(&c.multiTenant, "multi-tenant", false, "hosted mode (BODHI_MULTI_TENANT)")
	f.StringVar(&c.logLevel, "log-level", "", "error, warn, info or debug (BODHI_LOG_LEVEL)")
	f.StringVar(&c.logFormat, "log-format", "", "text or json (BODHI_LOG_FORMAT)")

	root.AddCommand(c.serveCommand(), c.migrateCommand(), c.orgCommand(), c.versionCommand(), c.devidpCommand(),
		c.devCommand(), c.modelsCommand(), c.pullCommand(), c.openapiCommand())
	return root
}

// loadConfig resolves the configuration (flags > env > settings.yaml > defaults) and validates what purpose
// needs; every problem is reported at once with exit code 2 (runtime.md §2.3).
func (c *cli) loadConfig(cmd *cobra.Command, purpose config.Purpose) (*config.Config, error) {
	cmdline := map[string]string{}
	for _, kv := range c.sets {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, usageErr("--set wants KEY=VALUE; got %q", kv)
		}
		cmdline[k] = v
	}
	flags := cmd.Flags()
	shortcut := func(flag, key, value string) {
		if flags.Changed(flag) {
			cmdline[key] = value
		}
	}
	shortcut("home", "BODHI_HOME", c.home)
	shortcut("host", "BODHI_HOST", c.host)
	shortcut("port", "BODHI_PORT", fmt.Sprint(c.port))
	shortcut("multi-tenant", "BODHI_MULTI_TENANT", fmt.Sprint(c.multiTenant))
	shortcut("log-level", "BODHI_LOG_LEVEL", c.logLevel)
	shortcut("log-format", "BODHI_LOG_FORMAT", c.logFormat)
	cfg, err := config.Load(cmdline, c.environ, map[string]string{"BODHI_VERSION": c.version, "BODHI_COMMIT_SHA": c.commitSHA})
	if err != nil {
		return nil, usageErr("%v", err)
	}
	if err := cfg.Validate(purpose); err != nil {
		return nil, &exitError{code: exitUsage, err: err}
	}
	return cfg, nil
}

// exactArgs is cobra.ExactArgs with a usage exit code.
func exactArgs(n int, names string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != n {
			return usageErr("expected %s; got %d argument(s)", names, len(args))
		}
		return nil
	}
}
