package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// options are the arguments the fake understands: llama-server's own (the ones Bodhi and its tests pass; a
// value-taking flag takes the next argument, as llama-server's parser does) and the fake's --fake-* controls.
type options struct {
	model, host string
	port        int
	embeddings  bool   // --embedding/--embeddings: embeddings only, as llama-server
	apiKey      string // --api-key: model routes need "Authorization: Bearer <key>"
	// The fake's controls.
	record         string        // JSON lines of what it got, appended
	readyAfter     time.Duration // /health answers 503 "Loading model" until then
	neverReady     bool          // --fake-ready-after never
	exitAtStart    int           // >0: write startupErrorLines to stderr and exit with this status at once
	crashOnRequest int           // >0: the Nth model request makes it exit with status 3 before answering
	streamDelay    time.Duration // between two streamed chunks
	ignoreSIGTERM  bool          // only SIGKILL stops it
}

// llama-server's flags that take a value (tools/server/README.md, "Common params" and "Server-specific params").
var valueFlags = map[string]bool{
	"-m": true, "--model": true, "--host": true, "--port": true, "-c": true, "--ctx-size": true,
	"-n": true, "--predict": true, "--n-predict": true, "-t": true, "--threads": true, "-tb": true,
	"--threads-batch": true, "-b": true, "--batch-size": true, "-ub": true, "--ubatch-size": true,
	"-ngl": true, "--gpu-layers": true, "--n-gpu-layers": true, "-np": true, "--parallel": true, "-a": true,
	"--alias": true, "--chat-template": true, "--chat-template-file": true, "--temp": true, "--temperature": true,
	"--top-k": true, "--top-p": true, "--min-p": true, "-s": true, "--seed": true, "--pooling": true,
	"--reasoning-format": true, "--reasoning-budget": true, "-mm": true, "--mmproj": true, "--api-key": true, "-hft": true, "--hf-token": true,
	"-to": true, "--timeout": true, "--threads-http": true, "-ctk": true, "--cache-type-k": true, "-ctv": true,
	"--cache-type-v": true, "--rope-scaling": true, "--rope-freq-base": true, "--keep": true, "--lora": true,
	"-dev": true, "--device": true, "-sm": true, "--split-mode": true, "-mg": true, "--main-gpu": true,
	"--log-file": true, "-lv": true, "--verbosity": true, "--log-verbosity": true, "--slot-save-path": true,
	"--cache-reuse": true, "-fa": true, "--flash-attn": true,
	"--fake-record": true, "--fake-ready-after": true, "--fake-exit-at-start": true,
	"--fake-crash-on-request": true, "--fake-stream-delay": true,
}

// llama-server's switches the fake accepts.
var switches = map[string]bool{
	"--jinja": true, "--no-jinja": true, "--webui": true, "--no-webui": true, "--ui": true, "--no-ui": true,
	"--embedding": true, "--embeddings": true, "--metrics": true, "--props": true, "--slots": true,
	"--no-slots": true, "-v": true, "--verbose": true, "--log-disable": true, "-cb": true, "--cont-batching": true,
	"-nocb": true, "--no-cont-batching": true, "--mlock": true, "--no-mmap": true, "--context-shift": true,
	"--no-context-shift": true, "--no-warmup": true, "--fake-ignore-sigterm": true,
}

// parse reads the arguments as llama-server would: an unknown argument, or a flag without its value, is
// "error: invalid argument: X" and exit status 1.
func parse(args []string) (options, error) {
	o := options{host: "127.0.0.1", port: 8080}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if switches[a] {
			o.embeddings = o.embeddings || a == "--embedding" || a == "--embeddings"
			o.ignoreSIGTERM = o.ignoreSIGTERM || a == "--fake-ignore-sigterm"
			continue
		}
		if !valueFlags[a] {
			return o, fmt.Errorf("error: invalid argument: %s", a)
		}
		if i+1 == len(args) {
			return o, fmt.Errorf("error: expected value for argument: %s", a)
		}
		i++
		if err := o.set(a, args[i]); err != nil {
			return o, fmt.Errorf("error: invalid value for %s: %v", a, err)
		}
	}
	return o, nil
}

func (o *options) set(flag, v string) (err error) {
	switch flag {
	case "-m", "--model":
		o.model = v
	case "--api-key":
		o.apiKey = v
	case "--host":
		o.host = v
	case "--port":
		o.port, err = strconv.Atoi(v)
	case "--fake-record":
		o.record = v
	case "--fake-ready-after":
		if strings.EqualFold(v, "never") {
			o.neverReady = true
			return nil
		}
		o.readyAfter, err = time.ParseDuration(v)
	case "--fake-exit-at-start":
		o.exitAtStart, err = strconv.Atoi(v)
	case "--fake-crash-on-request":
		o.crashOnRequest, err = strconv.Atoi(v)
	case "--fake-stream-delay":
		o.streamDelay, err = time.ParseDuration(v)
	}
	return err
}
