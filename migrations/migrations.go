// Package migrations holds Bodhi's embedded schema migrations and runs them with goose.
//
// There are four independent sets (data-model.md §7.5): the app database and the session database, each in a
// SQLite and a PostgreSQL dialect. Each set keeps its own version table, so both databases may share one
// PostgreSQL database without their versions colliding.
package migrations

import "embed"

//go:embed sqlite/*.sql sqlite/session/*.sql postgres/*.sql postgres/session/*.sql
var files embed.FS
