//go:build unix

package hfpull

import (
	"fmt"
	"syscall"
)

// diskFree is the space available to an unprivileged user on the filesystem holding dir (statfs).
func diskFree(dir string) (uint64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, fmt.Errorf("statfs %s: %w", dir, err)
	}
	return uint64(st.Bavail) * uint64(st.Bsize), nil
}
