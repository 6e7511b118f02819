//go:build !unix

package httpserve

// openFileLimit has no RLIMIT_NOFILE to read here.
func openFileLimit() uint64 { return fallbackOpenFiles }
