package hfpull

import "fmt"

// checkRoom refuses a download of needed bytes onto a disk with free bytes available (runtime.md §9.3). It is
// the whole decision, so that it is tested without filling a disk.
func checkRoom(free, needed uint64) error {
	if needed <= free {
		return nil
	}
	return fmt.Errorf("not enough disk space: the download needs %s more and the disk has %s free", humanBytes(needed),
		humanBytes(free))
}

// humanBytes renders n in the decimal units the hub's pages use.
func humanBytes(n uint64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := uint64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}
