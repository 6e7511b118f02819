// Command bodhi is the Bodhi server and its administration tool (runtime.md §4).
package main

import (
	"os"
	"time"
)

// Set at build time with -ldflags "-X main.version=… -X main.commitSHA=…".
var (
	version   = "dev"
	commitSHA = "unknown"
)

func main() {
	c := &cli{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, environ: os.Environ(),
		version: version, commitSHA: commitSHA, invalidateRepeat: 2 * time.Second,
	}
	os.Exit(c.run(os.Args[1:]))
}
