// Package gguf reads what Bodhi needs from a GGUF model file: its header, its key/value metadata and its tensor
// infos, never the tensor data. It follows the GGUF specification in the ggml repository, docs/gguf.md at commit
// de7a91e11b536da7622131297b840fc055033a02 (versions 2 and 3, little-endian), and turns the result into the model
// metadata of runtime.md §9.5 (Metadata).
//
// The files are untrusted: a model downloaded from anywhere, or a file truncated by an interrupted copy. Every
// length and count the file declares is checked against the bytes the file still holds and against the limits
// below before anything is allocated, values Bodhi does not use are skipped without being read into memory, and
// every failure is an error wrapping ErrNotGGUF, ErrUnsupported, ErrTruncated or ErrMalformed. Parsing a file
// allocates at most a few MiB whatever it declares.
package gguf

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// The kinds of failure; every error of Parse wraps one of them.
var (
	ErrNotGGUF     = errors.New("not a GGUF file")
	ErrUnsupported = errors.New("unsupported GGUF file")
	ErrTruncated   = errors.New("truncated GGUF file")
	ErrMalformed   = errors.New("malformed GGUF file")
)

// Limits on what a file may declare. They are far above any real model's (a vocabulary has a few hundred thousand
// tokens, a chat template a few tens of KiB, a model a few thousand tensors) and keep a hostile file's cost small.
const (
	maxKeyLen          = 1<<16 - 1 // the specification's limit on a key
	maxKeptString      = 4 << 20   // a value Bodhi keeps (the chat template is the largest)
	maxTensorNameLen   = 1<<16 - 1 // the specification says 64; a longer name costs nothing to skip
	maxKVs             = 1 << 20
	maxTensors         = 1 << 20
	maxArrayItems      = 1 << 26 // items of an array whose items are not of fixed size (strings, arrays)
	maxArrayDepth      = 8       // arrays of arrays
	maxDims            = 8       // the specification's GGML_MAX_DIMS is 4
	maxContextKeys     = 64      // "<arch>.context_length" candidates remembered until the architecture is known
	maxNamedTemplates  = 16      // "tokenizer.chat_template.<name>" values kept
	defaultAlignment   = 32
	minKVBytes         = 8 + 4 + 1     // key length, value type, the smallest value
	minTensorInfoBytes = 8 + 4 + 4 + 8 // name length, dimension count, type, offset
)

// File is what Bodhi reads of a GGUF file. Pointer fields are nil when the file does not say.
type File struct {
	Version     uint32
	TensorCount uint64
	KVCount     uint64

	Architecture string // general.architecture
	Name         string // general.name
	// FileType is general.file_type, llama.cpp's llama_ftype (Quantization names it).
	FileType *int64
	// ParameterCount is general.parameter_count, else the sum of the tensors' element counts.
	ParameterCount *int64
	// ContextLength is <architecture>.context_length.
	ContextLength *int64
	// ChatTemplate is tokenizer.chat_template; NamedTemplates are the tokenizer.chat_template.<name> variants
	// (e.g. "tool_use").
	ChatTemplate   *string
	NamedTemplates map[string]string
	// HasCLIP is set when any clip.* key is present: the file is, or carries, a CLIP vision or audio encoder.
	HasCLIP bool
}

// ParseFile parses the GGUF file at path. Its errors of the four kinds never name the path: they can be shown to
// a client as they are.
func ParseFile(path string) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: not a regular file", ErrNotGGUF)
	}
	return Parse(f, info.Size())
}

// Parse reads the header, the metadata and the tensor infos of the GGUF file of size bytes that r holds. A failure
// of r itself (not the file ending early) is returned wrapped, without one of the four kinds.
func Parse(r io.ReaderAt, size int64) (*File, error) {
	rd := newReader(r, size)
	f := &File{}
	if err := readHeader(rd, f); err != nil {
		return nil, err
	}
	kv := newKVState()
	for i := uint64(0); i < f.KVCount; i++ {
		if err := readKV(rd, f, kv); err != nil {
			return nil, err
		}
	}
	kv.finish(f)
	if err := readTensorInfos(rd, f, kv.alignment); err != nil {
		return nil, err
	}
	return f, nil
}

// readHeader reads the magic, the version and the two counts.
func readHeader(r *reader, f *File) error {
	magic, err := r.fixed(4, field{name: "magic"})
	if err != nil {
		if errors.Is(err, ErrTruncated) {
			return fmt.Errorf("%w: the file has %d bytes, fewer than a header", ErrNotGGUF, r.size)
		}
		return err
	}
	if string(magic) != "GGUF" {
		return fmt.Errorf("%w: the file starts with %q, not \"GGUF\"", ErrNotGGUF, magic)
	}
	if f.Version, err = r.u32(field{name: "version"}); err != nil {
		return err
	}
	switch {
	case f.Version == 2 || f.Version == 3:
	case f.Version&0xffff == 0:
		// A version of 2 or 3 written big-endian reads as 0x02000000 or 0x03000000 here.
		return fmt.Errorf("%w: the file looks big-endian (version field %#x); only little-endian files are read",
			ErrUnsupported, f.Version)
	default:
		return fmt.Errorf("%w: version %d; versions 2 and 3 are read", ErrUnsupported, f.Version)
	}
	if f.TensorCount, err = r.u64(field{name: "tensor count"}); err != nil {
		return err
	}
	if f.KVCount, err = r.u64(field{name: "metadata key/value count"}); err != nil {
		return err
	}
	if f.TensorCount > maxTensors {
		return fmt.Errorf("%w: %d tensors declared, over the limit of %d", ErrMalformed, f.TensorCount, maxTensors)
	}
	if f.KVCount > maxKVs {
		return fmt.Errorf("%w: %d metadata keys declared, over the limit of %d", ErrMalformed, f.KVCount, maxKVs)
	}
	if err := r.needEach(f.KVCount, minKVBytes, field{name: "the metadata"}); err != nil {
		return err
	}
	return nil
}
