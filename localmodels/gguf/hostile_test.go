package gguf_test

import (
	"bytes"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/localmodels/gguf"
	"github.com/bodhiapp/bodhi/localmodels/gguf/ggufwrite"
)

// allocated runs fn and returns the bytes the process allocated meanwhile. The tests that use it do not run in
// parallel, so the figure is fn's own (plus noise of a few KiB).
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Every broken or hostile file fails with a clear error, at once and in little memory, whatever it declares.
func TestParseRejectsBrokenFilesFastAndInLittleMemory(t *testing.T) {
	for _, tc := range []struct {
		name    string
		file    []byte
		kind    error
		message string
	}{
		{"wrong magic", ggufwrite.WrongMagic(), gguf.ErrNotGGUF, `the file starts with "GGML", not "GGUF"`},
		{"empty", nil, gguf.ErrNotGGUF, "the file has 0 bytes, fewer than a header"},
		{"truncated in the metadata", ggufwrite.Truncated(), gguf.ErrTruncated, "but the file has"},
		{"truncated in the tensor data", ggufwrite.DataCut(), gguf.ErrTruncated, "a tensor starts at byte 64 of the tensor data"},
		{"version 1", ggufwrite.Version1(), gguf.ErrUnsupported, "version 1; versions 2 and 3 are read"},
		{"big-endian", ggufwrite.BigEndian(), gguf.ErrUnsupported, "the file looks big-endian"},
		{"2^40-byte string skipped", ggufwrite.HugeString("tokenizer.huggingface.json"), gguf.ErrTruncated,
			"a value of tokenizer.huggingface.json needs 1099511627776 bytes at offset 70, but the file has 5 left"},
		{"2^40-byte string kept", ggufwrite.HugeString("tokenizer.chat_template"), gguf.ErrMalformed,
			"the value of tokenizer.chat_template is 1099511627776 bytes long, over the limit of 4194304"},
		{"2^20-byte key", ggufwrite.HugeKey(), gguf.ErrMalformed, "a metadata key is 1048576 bytes long, over the limit of 65535"},
		{"array of 2^62 strings", ggufwrite.ArrayBomb(), gguf.ErrMalformed,
			"the array tokenizer.ggml.tokens declares 4611686018427387904 items of 8 bytes"},
		{"array of 2^61 uint64s", ggufwrite.FixedArrayBomb(), gguf.ErrMalformed,
			"the array tokenizer.ggml.scores declares 2305843009213693952 items of 8 bytes"},
		{"arrays nested 1000 deep", ggufwrite.NestedArrayBomb(), gguf.ErrMalformed, "nests arrays more than 8 deep"},
		{"2^40 metadata pairs", ggufwrite.KVCountBomb(), gguf.ErrMalformed, "1099511627776 metadata keys declared"},
		{"2^40 tensors", ggufwrite.TensorCountBomb(), gguf.ErrMalformed, "1099511627776 tensors declared"},
		{"2^19 tensors in 24 bytes", ggufwrite.ManyTensorsTruncated(), gguf.ErrTruncated, "the tensor info list needs"},
		{"2^80 elements", ggufwrite.ElementOverflow(), gguf.ErrMalformed, "tensor token_embd.weight has more than 2^63 elements"},
		{"1000 dimensions", ggufwrite.TooManyDims(), gguf.ErrMalformed, "has 1000 dimensions, over the limit of 8"},
		{"unknown value type", ggufwrite.UnknownValueType(), gguf.ErrMalformed, "key general.name has unknown value type 13"},
		{"template not UTF-8", ggufwrite.InvalidUTF8Template(), gguf.ErrMalformed,
			"the value of tokenizer.chat_template is not valid UTF-8 text"},
	} {
		var err error
		start := time.Now()
		bytesUsed := allocated(func() { _, err = parse(t, tc.file) })
		require.ErrorIs(t, err, tc.kind, tc.name)
		require.Contains(t, err.Error(), tc.message, tc.name)
		require.Less(t, bytesUsed, uint64(256<<10), "%s allocated %d bytes", tc.name, bytesUsed)
		require.Less(t, time.Since(start), time.Second, tc.name)
	}
}

// A large value Bodhi does not use (a real file's tokenizer.huggingface.json is megabytes) is skipped, not read
// into memory.
func TestParseSkipsUnusedValuesWithoutHoldingThem(t *testing.T) {
	m := ggufwrite.Llama()
	m.File.KV = append(m.File.KV, ggufwrite.KV{Key: "tokenizer.huggingface.json", Value: strings.Repeat("x", 8<<20)},
		ggufwrite.KV{Key: "tokenizer.ggml.tokens", Value: make([]string, 200_000)})
	b := m.File.Bytes()
	var f *gguf.File
	var err error
	bytesUsed := allocated(func() { f, err = parse(t, b) })
	require.NoError(t, err)
	require.Equal(t, "llama", f.Architecture)
	require.Less(t, bytesUsed, uint64(1<<20), "parsing allocated %d bytes", bytesUsed)
}

// A file cut anywhere before its last tensor's data fails; the tensor data itself is never read.
func TestEveryCutOfAFileFails(t *testing.T) {
	t.Parallel()
	for _, m := range ggufwrite.Models() {
		b := m.File.Bytes()
		lastTensor := len(b)
		if n := len(m.File.Tensors); n > 0 {
			alignment := max(m.File.Alignment, 32)
			lastTensor = len(b) - int(alignment)
		}
		for n := range lastTensor {
			_, err := parse(t, b[:n])
			require.Error(t, err, "%s cut at %d of %d bytes", m.Filename, n, len(b))
			require.True(t, errors.Is(err, gguf.ErrTruncated) || errors.Is(err, gguf.ErrNotGGUF),
				"%s cut at %d: %v", m.Filename, n, err)
		}
		_, err := parse(t, b)
		require.NoError(t, err, m.Filename)
	}
}

// FuzzParse: no input makes the parser panic, hang or fail without one of its four kinds of error, and whatever
// it accepts gives metadata.
func FuzzParse(f *testing.F) {
	for _, m := range ggufwrite.Models() {
		f.Add(m.File.Bytes())
	}
	for _, b := range [][]byte{ggufwrite.WrongMagic(), ggufwrite.Truncated(), ggufwrite.HugeString("general.name"),
		ggufwrite.HugeKey(), ggufwrite.ArrayBomb(), ggufwrite.FixedArrayBomb(), ggufwrite.NestedArrayBomb(),
		ggufwrite.KVCountBomb(), ggufwrite.TensorCountBomb(), ggufwrite.ElementOverflow(), ggufwrite.DataCut(),
		ggufwrite.UnknownValueType(), ggufwrite.Version1(), ggufwrite.BigEndian(), ggufwrite.InvalidUTF8Template()} {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := gguf.Parse(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			for _, kind := range []error{gguf.ErrNotGGUF, gguf.ErrUnsupported, gguf.ErrTruncated, gguf.ErrMalformed} {
				if errors.Is(err, kind) {
					return
				}
			}
			t.Fatalf("an error of no known kind: %v", err)
		}
		m := file.Metadata("owner/repo", "model-Q4_K_M.gguf")
		if m.Architecture.Format != "gguf" || m.Capabilities.Vision == nil {
			t.Fatalf("incomplete metadata: %+v", m)
		}
	})
}
