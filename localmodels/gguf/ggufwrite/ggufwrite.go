// Package ggufwrite writes GGUF files for tests: valid headers with any metadata and tensor infos (the GGUF
// specification in the ggml repository, docs/gguf.md at commit de7a91e11b536da7622131297b840fc055033a02), ready-made
// files for several architectures (fixtures.go), broken and hostile files (hostile.go), and a Hugging Face cache to
// put them in (hub.go). It is written from the specification, independently of the reader in package gguf, so
// the two check each other. Test support only: nothing outside tests imports it.
package ggufwrite

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
)

// Type is a GGUF metadata value type (gguf_metadata_value_type).
type Type uint32

// The value types of the specification.
const (
	Uint8 Type = iota
	Int8
	Uint16
	Int16
	Uint32
	Int32
	Float32
	Bool
	String
	ArrayType
	Uint64
	Int64
	Float64
)

// KV is one metadata pair. Value is a Go value of the matching type: uint8, int8, uint16, int16, uint32, int32,
// float32, bool, string, uint64, int64, float64, []string, []int32, []float32, []uint32, or an Array.
type KV struct {
	Key   string
	Value any
}

// Array is an array value whose items are all of type Of (an Array for nested arrays).
type Array struct {
	Of    Type
	Items []any
}

// Tensor is one tensor info; its data is zeros.
type Tensor struct {
	Name string
	Dims []uint64
	Type uint32 // a ggml_type; 0 (F32) when unset
}

// File is a GGUF file to write.
type File struct {
	Version   uint32 // 3 when 0
	Alignment uint64 // the data alignment the file uses; 32 (the default) when 0, written as general.alignment otherwise
	KV        []KV
	Tensors   []Tensor
}

// Bytes encodes the file: header, metadata, tensor infos, padding, and one alignment unit of zero data per tensor
// (each tensor's offset is its index times the alignment).
func (f File) Bytes() []byte {
	var e Encoder
	version := f.Version
	if version == 0 {
		version = 3
	}
	alignment := f.Alignment
	kvs := f.KV
	if alignment == 0 {
		alignment = 32
	} else {
		kvs = append([]KV{{"general.alignment", uint32(alignment)}}, kvs...)
	}
	e.Raw([]byte("GGUF"))
	e.U32(version)
	e.U64(uint64(len(f.Tensors)))
	e.U64(uint64(len(kvs)))
	for _, kv := range kvs {
		e.Str(kv.Key)
		e.Value(kv.Value)
	}
	for i, t := range f.Tensors {
		e.Str(t.Name)
		e.U32(uint32(len(t.Dims)))
		for _, d := range t.Dims {
			e.U64(d)
		}
		e.U32(t.Type)
		e.U64(uint64(i) * alignment)
	}
	if len(f.Tensors) > 0 {
		e.Raw(make([]byte, (alignment-uint64(e.Len())%alignment)%alignment))
		e.Raw(make([]byte, uint64(len(f.Tensors))*alignment))
	}
	return e.Bytes()
}

// Encoder writes GGUF's little-endian fields one by one, for files no valid File describes.
type Encoder struct{ bytes.Buffer }

// Raw appends bytes as they are.
func (e *Encoder) Raw(b []byte) { e.Write(b) }

// U32 appends a uint32.
func (e *Encoder) U32(v uint32) { e.Write(binary.LittleEndian.AppendUint32(nil, v)) }

// U64 appends a uint64.
func (e *Encoder) U64(v uint64) { e.Write(binary.LittleEndian.AppendUint64(nil, v)) }

// Str appends a GGUF string: its uint64 length, then its bytes.
func (e *Encoder) Str(s string) {
	e.U64(uint64(len(s)))
	e.WriteString(s)
}

// Value appends a value's type and the value.
func (e *Encoder) Value(v any) {
	t, write := e.encoding(v)
	e.U32(uint32(t))
	write()
}

// encoding is the type of v and the function that appends v without its type.
func (e *Encoder) encoding(v any) (Type, func()) {
	le := func(f func([]byte) []byte) func() { return func() { e.Write(f(nil)) } }
	switch v := v.(type) {
	case uint8:
		return Uint8, func() { e.WriteByte(v) }
	case int8:
		return Int8, func() { e.WriteByte(byte(v)) }
	case uint16:
		return Uint16, le(func(b []byte) []byte { return binary.LittleEndian.AppendUint16(b, v) })
	case int16:
		return Int16, le(func(b []byte) []byte { return binary.LittleEndian.AppendUint16(b, uint16(v)) })
	case uint32:
		return Uint32, func() { e.U32(v) }
	case int32:
		return Int32, func() { e.U32(uint32(v)) }
	case float32:
		return Float32, func() { e.U32(math.Float32bits(v)) }
	case bool:
		return Bool, func() { e.WriteByte(map[bool]byte{false: 0, true: 1}[v]) }
	case string:
		return String, func() { e.Str(v) }
	case uint64:
		return Uint64, func() { e.U64(v) }
	case int64:
		return Int64, func() { e.U64(uint64(v)) }
	case float64:
		return Float64, func() { e.U64(math.Float64bits(v)) }
	case Array:
		return ArrayType, func() { e.array(v) }
	case []string:
		return e.encoding(Array{Of: String, Items: items(v)})
	case []int32:
		return e.encoding(Array{Of: Int32, Items: items(v)})
	case []uint32:
		return e.encoding(Array{Of: Uint32, Items: items(v)})
	case []float32:
		return e.encoding(Array{Of: Float32, Items: items(v)})
	}
	panic(fmt.Sprintf("ggufwrite: no GGUF encoding for %T", v))
}

func (e *Encoder) array(a Array) {
	e.U32(uint32(a.Of))
	e.U64(uint64(len(a.Items)))
	for _, item := range a.Items {
		t, write := e.encoding(item)
		if t != a.Of {
			panic(fmt.Sprintf("ggufwrite: an array of type %d holds a %T", a.Of, item))
		}
		write()
	}
}

func items[T any](vs []T) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}
