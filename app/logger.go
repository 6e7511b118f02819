package app

import (
	"io"
	"log/slog"
)

// NewLogger builds the process logger from BODHI_LOG_LEVEL and BODHI_LOG_FORMAT (runtime.md §8.1).
func NewLogger(cfg *Config, w io.Writer) *slog.Logger {
	level := slog.LevelWarn
	switch cfg.LogLevel {
	case "error":
		level = slog.LevelError
	case "info":
		level = slog.LevelInfo
	case "debug", "trace":
		level = slog.LevelDebug
	}
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
