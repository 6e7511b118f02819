//go:build unix

package httpserve

import "syscall"

// openFileLimit is the process's soft RLIMIT_NOFILE (Go raises it to the hard limit at start-up on Linux).
func openFileLimit() uint64 {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		return fallbackOpenFiles
	}
	return uint64(rl.Cur)
}
