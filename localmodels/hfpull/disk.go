package hfpull

import (
	"fmt"

	"github.com/dustin/go-humanize"
)

// checkRoom refuses a download of needed bytes onto a disk with free bytes available (runtime.md §9.3). It is
// the whole decision, so that it is tested without filling a disk.
func checkRoom(free, needed uint64) error {
	if needed <= free {
		return nil
	}
	return fmt.Errorf("not enough disk space: the download needs %s more and the disk has %s free", humanize.Bytes(needed),
		humanize.Bytes(free))
}
