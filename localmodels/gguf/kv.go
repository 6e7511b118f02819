package gguf

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// valueType is gguf_metadata_value_type.
type valueType uint32

const (
	typeUint8 valueType = iota
	typeInt8
	typeUint16
	typeInt16
	typeUint32
	typeInt32
	typeFloat32
	typeBool
	typeString
	typeArray
	typeUint64
	typeInt64
	typeFloat64
)

// fixedSize is the encoded size of a value of type t, or 0 for strings and arrays (and unknown types).
func (t valueType) fixedSize() uint64 {
	switch t {
	case typeUint8, typeInt8, typeBool:
		return 1
	case typeUint16, typeInt16:
		return 2
	case typeUint32, typeInt32, typeFloat32:
		return 4
	case typeUint64, typeInt64, typeFloat64:
		return 8
	}
	return 0
}

func (t valueType) valid() bool { return t <= typeFloat64 }

func (t valueType) isInteger() bool {
	return t.fixedSize() != 0 && t != typeBool && t != typeFloat32 && t != typeFloat64
}

// minSize is the fewest bytes a value of type t takes: its fixed size, a string's length, an array's header.
func (t valueType) minSize() uint64 {
	switch t {
	case typeString:
		return 8
	case typeArray:
		return 4 + 8
	}
	return t.fixedSize()
}

// kvState is what the metadata loop remembers until its end: the context length is under a key named after the
// architecture, which may come later than it.
type kvState struct {
	contextLengths map[string]int64
	alignment      uint64
}

func newKVState() *kvState {
	return &kvState{contextLengths: map[string]int64{}, alignment: defaultAlignment}
}

func (s *kvState) finish(f *File) {
	if n, ok := s.contextLengths[f.Architecture+".context_length"]; ok && f.Architecture != "" {
		f.ContextLength = &n
	}
}

// readKV reads one key/value pair, keeping what File needs and skipping the rest.
func readKV(r *reader, f *File, s *kvState) error {
	key, err := r.string(maxKeyLen, field{name: "a metadata key"})
	if err != nil {
		return err
	}
	if key == "" {
		return fmt.Errorf("%w: a metadata key at offset %d is empty", ErrMalformed, r.pos-8)
	}
	raw, err := r.u32(field{"the type of", key})
	if err != nil {
		return err
	}
	t := valueType(raw)
	if !t.valid() {
		return fmt.Errorf("%w: key %s has unknown value type %d", ErrMalformed, key, raw)
	}
	if strings.HasPrefix(key, "clip.") {
		f.HasCLIP = true
	}
	switch {
	case t == typeString && isKeptString(key, f):
		v, err := r.string(maxKeptString, field{"the value of", key})
		if err != nil {
			return err
		}
		if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
			return fmt.Errorf("%w: the value of %s is not valid UTF-8 text", ErrMalformed, key)
		}
		keepString(f, key, v)
		return nil
	case t.isInteger() && isKeptInteger(key):
		b, err := r.fixed(int(t.fixedSize()), field{"the value of", key})
		if err != nil {
			return err
		}
		if n, ok := integer(t, b); ok {
			return keepInteger(f, s, key, n)
		}
		return nil
	}
	return skipValue(r, t, key, 0)
}

func isKeptString(key string, f *File) bool {
	switch key {
	case "general.architecture", "general.name", "tokenizer.chat_template":
		return true
	}
	name, named := strings.CutPrefix(key, "tokenizer.chat_template.")
	return named && name != "" && len(f.NamedTemplates) < maxNamedTemplates
}

func keepString(f *File, key, v string) {
	switch key {
	case "general.architecture":
		f.Architecture = v
	case "general.name":
		f.Name = v
	case "tokenizer.chat_template":
		f.ChatTemplate = &v
	default:
		if f.NamedTemplates == nil {
			f.NamedTemplates = map[string]string{}
		}
		f.NamedTemplates[strings.TrimPrefix(key, "tokenizer.chat_template.")] = v
	}
}

func isKeptInteger(key string) bool {
	switch key {
	case "general.file_type", "general.parameter_count", "general.alignment":
		return true
	}
	return strings.HasSuffix(key, ".context_length") && len(key) <= 256
}

func keepInteger(f *File, s *kvState, key string, n int64) error {
	switch key {
	case "general.file_type":
		f.FileType = &n
	case "general.parameter_count":
		f.ParameterCount = &n
	case "general.alignment":
		if n <= 0 || n%8 != 0 {
			return fmt.Errorf("%w: general.alignment is %d, not a positive multiple of 8", ErrMalformed, n)
		}
		s.alignment = uint64(n)
	default:
		if len(s.contextLengths) < maxContextKeys {
			s.contextLengths[key] = n
		}
	}
	return nil
}

// integer decodes a little-endian integer of type t; ok is false for a value outside int64 or below zero (no
// count or length Bodhi keeps can be negative).
func integer(t valueType, b []byte) (n int64, ok bool) {
	switch t {
	case typeUint8:
		return int64(b[0]), true
	case typeInt8:
		n = int64(int8(b[0]))
	case typeUint16:
		return int64(binary.LittleEndian.Uint16(b)), true
	case typeInt16:
		n = int64(int16(binary.LittleEndian.Uint16(b)))
	case typeUint32:
		return int64(binary.LittleEndian.Uint32(b)), true
	case typeInt32:
		n = int64(int32(binary.LittleEndian.Uint32(b)))
	case typeUint64:
		u := binary.LittleEndian.Uint64(b)
		return int64(u), u <= math.MaxInt64
	case typeInt64:
		n = int64(binary.LittleEndian.Uint64(b))
	}
	return n, n >= 0
}

// skipValue passes over a value of type t without keeping it; depth counts the arrays it is nested in.
func skipValue(r *reader, t valueType, key string, depth int) error {
	if size := t.fixedSize(); size != 0 {
		return r.skip(size, field{"a value of", key})
	}
	if t == typeString {
		return r.skipString(field{"a value of", key})
	}
	return skipArray(r, key, depth)
}

// skipArray passes over an array: its item type, its item count, its items. Items of fixed size are skipped in
// one step; strings and nested arrays one by one, after checking the file can hold their count.
func skipArray(r *reader, key string, depth int) error {
	if depth >= maxArrayDepth {
		return fmt.Errorf("%w: %s nests arrays more than %d deep", ErrMalformed, key, maxArrayDepth)
	}
	raw, err := r.u32(field{"the array item type of", key})
	if err != nil {
		return err
	}
	t := valueType(raw)
	if !t.valid() {
		return fmt.Errorf("%w: the array %s has unknown item type %d", ErrMalformed, key, raw)
	}
	count, err := r.u64(field{"the array length of", key})
	if err != nil {
		return err
	}
	if err := r.needEach(count, t.minSize(), field{"the array", key}); err != nil {
		return err
	}
	if size := t.fixedSize(); size != 0 {
		return r.skip(count*size, field{"the array", key}) // needEach checked the product
	}
	if count > maxArrayItems {
		return fmt.Errorf("%w: the array %s has %d items, over the limit of %d", ErrMalformed, key, count, maxArrayItems)
	}
	for i := uint64(0); i < count; i++ {
		if err := skipValue(r, t, key, depth+1); err != nil {
			return err
		}
	}
	return nil
}
