//go:build !unix

package hfpull

import "errors"

// diskFree is unknown off Unix: the check is skipped.
func diskFree(string) (uint64, error) {
	return 0, errors.New("free disk space is not known on this platform")
}
