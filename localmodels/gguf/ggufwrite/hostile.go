package ggufwrite

import "encoding/binary"

// Broken and hostile files. Each is small; what it declares is not.

// WrongMagic is the Llama fixture starting with "GGML" instead of "GGUF".
func WrongMagic() []byte {
	b := Llama().File.Bytes()
	copy(b, "GGML")
	return b
}

// Truncated is the Llama fixture cut in half, inside its metadata.
func Truncated() []byte {
	b := Llama().File.Bytes()
	return b[:len(b)/2]
}

// header starts a file of version 3 declaring tensors and kvs.
func header(tensors, kvs uint64) *Encoder {
	var e Encoder
	e.Raw([]byte("GGUF"))
	e.U32(3)
	e.U64(tensors)
	e.U64(kvs)
	return &e
}

// HugeString declares the value of key as a string of 2^40 bytes, followed by a few.
func HugeString(key string) []byte {
	e := header(0, 1)
	e.Str(key)
	e.U32(uint32(String))
	e.U64(1 << 40)
	e.Raw([]byte("Llama"))
	return e.Bytes()
}

// HugeKey declares a key of 2^20 bytes (the specification allows 2^16-1).
func HugeKey() []byte {
	e := header(0, 1)
	e.U64(1 << 20)
	e.Raw(make([]byte, 64))
	return e.Bytes()
}

// ArrayBomb declares tokenizer.ggml.tokens as an array of 2^62 strings.
func ArrayBomb() []byte {
	e := header(0, 1)
	e.Str("tokenizer.ggml.tokens")
	e.U32(uint32(ArrayType))
	e.U32(uint32(String))
	e.U64(1 << 62)
	e.Str("a")
	return e.Bytes()
}

// FixedArrayBomb declares an array of 2^61 uint64s: 2^64 bytes, which overflows a 64-bit size.
func FixedArrayBomb() []byte {
	e := header(0, 1)
	e.Str("tokenizer.ggml.scores")
	e.U32(uint32(ArrayType))
	e.U32(uint32(Uint64))
	e.U64(1 << 61)
	return e.Bytes()
}

// NestedArrayBomb nests arrays 1000 deep, each holding the next.
func NestedArrayBomb() []byte {
	e := header(0, 1)
	e.Str("bodhi.nested")
	e.U32(uint32(ArrayType))
	for range 1000 {
		e.U32(uint32(ArrayType))
		e.U64(1)
	}
	e.U32(uint32(Uint8))
	e.U64(0)
	return e.Bytes()
}

// KVCountBomb declares 2^40 metadata pairs in a file of a few bytes.
func KVCountBomb() []byte { return header(0, 1<<40).Bytes() }

// TensorCountBomb declares 2^40 tensors.
func TensorCountBomb() []byte { return header(1<<40, 0).Bytes() }

// ManyTensorsTruncated declares 2^19 tensors (under any limit) but holds none of them.
func ManyTensorsTruncated() []byte { return header(1<<19, 0).Bytes() }

// ElementOverflow has a tensor of 2^40 × 2^40 elements.
func ElementOverflow() []byte {
	e := header(1, 0)
	e.Str("token_embd.weight")
	e.U32(2)
	e.U64(1 << 40)
	e.U64(1 << 40)
	e.U32(0)
	e.U64(0)
	return e.Bytes()
}

// TooManyDims has a tensor of 1000 dimensions.
func TooManyDims() []byte {
	e := header(1, 0)
	e.Str("token_embd.weight")
	e.U32(1000)
	return e.Bytes()
}

// DataCut is the Llama fixture cut inside its tensor data, before its last tensor starts.
func DataCut() []byte {
	b := Llama().File.Bytes()
	return b[:len(b)-2*32]
}

// UnknownValueType has a value of type 13, which the specification does not define.
func UnknownValueType() []byte {
	e := header(0, 1)
	e.Str("general.name")
	e.U32(13)
	e.U64(0)
	return e.Bytes()
}

// Version1 is a GGUF version 1 header (32-bit counts), which Bodhi does not read.
func Version1() []byte {
	var e Encoder
	e.Raw([]byte("GGUF"))
	e.U32(1)
	e.U32(0)
	e.U32(0)
	return e.Bytes()
}

// BigEndian is a version 3 header written big-endian.
func BigEndian() []byte {
	b := []byte("GGUF")
	b = binary.BigEndian.AppendUint32(b, 3)
	b = binary.BigEndian.AppendUint64(b, 0)
	return binary.BigEndian.AppendUint64(b, 0)
}

// InvalidUTF8Template has a chat template that is not UTF-8 text (no database column could hold it).
func InvalidUTF8Template() []byte {
	return File{KV: []KV{{"general.architecture", "llama"}, {"tokenizer.chat_template", "bad \xff\x00 bytes"}}}.Bytes()
}
