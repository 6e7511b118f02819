// Command fakellama plays llama.cpp's llama-server for Bodhi's tests, which cannot run the real one: it takes
// llama-server's arguments, loads nothing, and serves /health, /v1/chat/completions (whole or streamed) and
// /v1/embeddings with llama-server's shapes and status codes. It records what it got, and --fake-* arguments make
// it slow to become ready, never ready, fail at start, crash, stream slowly or ignore SIGTERM. See README.md.
package main

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	opts, err := parse(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		fmt.Fprintln(os.Stderr, "to show complete usage, run with -h")
		os.Exit(1)
	}
	rec := openRecorder(opts.record)
	rec.write(event{Event: "start", Args: os.Args[1:], Env: envNames()})
	fmt.Fprintln(os.Stderr, "build: 0 (fake) with go for", "linux")
	fmt.Fprintf(os.Stderr, "system info: n_threads = 2, fake llama-server pid %d\n", os.Getpid())
	if opts.exitAtStart > 0 {
		for i := 1; i <= 25; i++ {
			fmt.Fprintf(os.Stderr, "fake startup error line %d\n", i)
		}
		os.Exit(opts.exitAtStart)
	}
	if err := checkModel(opts.model); err != nil {
		fmt.Fprintln(os.Stderr, err)
		fmt.Fprintln(os.Stderr, "srv    load_model: failed to load model, '"+opts.model+"'")
		fmt.Fprintln(os.Stderr, "main: exiting due to model loading error")
		os.Exit(1)
	}
	l, err := net.Listen("tcp", net.JoinHostPort(opts.host, strconv.Itoa(opts.port)))
	if err != nil {
		fmt.Fprintf(os.Stderr, "main: couldn't bind HTTP server socket, hostname: %s, port: %d\n", opts.host, opts.port)
		os.Exit(1)
	}
	s := newServer(opts, rec)
	go handleSignals(opts, rec)
	fmt.Fprintf(os.Stdout, "main: server is listening on http://%s - starting the main loop\n", l.Addr())
	fmt.Fprintln(os.Stderr, "srv    load_model: loading model '"+opts.model+"'")
	if err := http.Serve(l, s); err != nil {
		fmt.Fprintln(os.Stderr, "serve:", err)
		os.Exit(1)
	}
}

func envNames() []string {
	var names []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		names = append(names, name)
	}
	return names
}

// checkModel fails as llama.cpp does for a file that is missing or not GGUF (its first four bytes are "GGUF").
func checkModel(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("gguf_init_from_file: failed to open GGUF file '%s'", path)
	}
	defer f.Close()
	magic := make([]byte, 4)
	if _, err := io.ReadFull(f, magic); err != nil || !bytes.Equal(magic, []byte("GGUF")) {
		return fmt.Errorf("gguf_init_from_file_impl: invalid magic characters: '%s', expected 'GGUF'", magic)
	}
	return nil
}

// handleSignals exits on SIGTERM or SIGINT like llama-server (after recording it), unless told to ignore SIGTERM.
func handleSignals(opts options, rec *recorder) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT)
	for sig := range sigs {
		if opts.ignoreSIGTERM && sig == syscall.SIGTERM {
			fmt.Fprintln(os.Stderr, "fake: ignoring SIGTERM")
			continue
		}
		rec.write(event{Event: "exit", Signal: sig.String()})
		fmt.Fprintln(os.Stderr, "srv    operator(): cleaning up before exit...")
		time.Sleep(10 * time.Millisecond)
		os.Exit(0)
	}
}
