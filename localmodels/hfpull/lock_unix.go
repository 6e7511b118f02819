//go:build unix

package hfpull

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockPath takes an exclusive flock on path, the lock huggingface_hub itself takes on a blob it writes
// (filelock on .locks/<repo>/<blob>.lock), so Bodhi, `bodhi pull` and Python tools never write one file at once.
// It does not wait: a file being written elsewhere is reported as errBusy.
func lockPath(path string) (unlock func(), err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("create the lock directory: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open the lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		_ = f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, errBusy
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return func() { _ = f.Close() }, nil // closing the descriptor releases the lock
}
