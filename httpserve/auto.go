package httpserve

// fdReserveMin is the fewest file descriptors kept out of the connection cap's reach.
const fdReserveMin = 256

// fallbackOpenFiles stands in for the open-file limit where the platform cannot report it.
const fallbackOpenFiles = 4096

// AutoMaxConnections is the connection cap derived from the process's open-file limit (BODHI_MAX_CONNECTIONS=0):
//
//	(nofile − reserve) / 2, with reserve = max(256, nofile / 4), and at least 16
//
// The reserve is for everything else that takes a descriptor: the database pools, Redis, the idle connections
// kept to providers, files, and the short-lived connections answered 503 past the cap. The rest is halved
// because every relayed request also opens a connection to its provider.
func AutoMaxConnections(nofile uint64) int {
	const ceiling = 1 << 24 // an "unlimited" limit must not overflow
	n := int(min(nofile, ceiling))
	reserve := max(fdReserveMin, n/4)
	return max((n-reserve)/2, 16)
}
