package db

import "time"

// PoolStats are a database's connection pool figures, the same for both dialects (for metrics): a SQLite
// database is a database/sql pool of one connection, a PostgreSQL one a pgx pool.
type PoolStats struct {
	Dialect Dialect
	Max     int // the pool's size
	Open    int // connections open, in use or idle
	InUse   int
	Idle    int
	// Waits counts the acquires that found no idle connection and waited; WaitTime is their total wait.
	Waits    int64
	WaitTime time.Duration
}

// PoolStats reads the pool's figures now; cheap enough for every scrape.
func (c *Conn) PoolStats() PoolStats {
	if c.Pool != nil {
		s := c.Pool.Stat()
		return PoolStats{Dialect: c.Dialect, Max: int(s.MaxConns()), Open: int(s.TotalConns()),
			InUse: int(s.AcquiredConns()), Idle: int(s.IdleConns()), Waits: s.EmptyAcquireCount(),
			WaitTime: s.EmptyAcquireWaitTime()}
	}
	s := c.SQL.Stats()
	return PoolStats{Dialect: c.Dialect, Max: s.MaxOpenConnections, Open: s.OpenConnections, InUse: s.InUse,
		Idle: s.Idle, Waits: s.WaitCount, WaitTime: s.WaitDuration}
}

// PoolStats are the app database's pool figures.
func (s *DbServiceImpl) PoolStats() PoolStats { return s.conn.PoolStats() }

// PoolStats are the session database's pool figures.
func (s *SessionStore) PoolStats() PoolStats { return s.conn.PoolStats() }
