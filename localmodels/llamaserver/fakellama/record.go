package main

import (
	"encoding/json"
	"os"
	"sync"
)

// event is one line of the record file: the arguments at start, each request, a signal at exit.
type event struct {
	Event  string          `json:"event"` // start, request, exit
	PID    int             `json:"pid"`
	Args   []string        `json:"args,omitempty"`
	Env    []string        `json:"env,omitempty"` // the names of the environment's variables, at start
	Method string          `json:"method,omitempty"`
	Path   string          `json:"path,omitempty"`
	Accept string          `json:"accept,omitempty"`
	Body   json.RawMessage `json:"body,omitempty"`
	Signal string          `json:"signal,omitempty"`
}

// recorder appends events to a file shared by every fake a test starts; each line is one write to a file opened
// with O_APPEND, so lines of several processes do not interleave.
type recorder struct {
	mu   sync.Mutex
	file *os.File
}

func openRecorder(path string) *recorder {
	if path == "" {
		return &recorder{}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return &recorder{}
	}
	return &recorder{file: f}
}

func (r *recorder) write(e event) {
	if r.file == nil {
		return
	}
	e.PID = os.Getpid()
	if len(e.Body) > 0 && !json.Valid(e.Body) {
		raw, _ := json.Marshal(string(e.Body))
		e.Body = raw
	}
	line, _ := json.Marshal(e)
	r.mu.Lock()
	defer r.mu.Unlock()
	_, _ = r.file.Write(append(line, '\n'))
}
