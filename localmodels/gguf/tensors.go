package gguf

import (
	"fmt"
	"math"
	"math/bits"
)

// readTensorInfos reads the tensor infos that follow the metadata. Their element counts give the parameter count
// when general.parameter_count is absent (as in most files), and their offsets show a file cut short in its tensor
// data: the data starts at the next multiple of the alignment, and every tensor must start inside it. The data
// itself is never read, so a tensor cut short at the very end of the file goes unnoticed.
func readTensorInfos(r *reader, f *File, alignment uint64) error {
	if err := r.needEach(f.TensorCount, minTensorInfoBytes, field{name: "the tensor info list"}); err != nil {
		return err
	}
	var total, maxOffset uint64
	for i := uint64(0); i < f.TensorCount; i++ {
		elements, offset, err := readTensorInfo(r, alignment)
		if err != nil {
			return err
		}
		sum, carry := bits.Add64(total, elements, 0)
		if carry != 0 || sum > math.MaxInt64 {
			return fmt.Errorf("%w: the tensors hold more than 2^63 elements together", ErrMalformed)
		}
		total, maxOffset = sum, max(maxOffset, offset)
	}
	if f.ParameterCount == nil && f.TensorCount > 0 {
		n := int64(total)
		f.ParameterCount = &n
	}
	if f.TensorCount == 0 {
		return nil
	}
	dataStart := uint64(r.pos)
	if rem := dataStart % alignment; rem != 0 {
		dataStart += alignment - rem
	}
	if dataStart > uint64(r.size) || maxOffset > uint64(r.size)-dataStart {
		return fmt.Errorf("%w: a tensor starts at byte %d of the tensor data, which begins at offset %d of a "+
			"%d-byte file", ErrTruncated, maxOffset, dataStart, r.size)
	}
	return nil
}

// readTensorInfo reads one tensor info and returns its element count and data offset.
func readTensorInfo(r *reader, alignment uint64) (elements, offset uint64, err error) {
	name, err := r.string(maxTensorNameLen, field{name: "a tensor name"})
	if err != nil {
		return 0, 0, err
	}
	what := field{"tensor", name}
	dims, err := r.u32(what)
	if err != nil {
		return 0, 0, err
	}
	if dims > maxDims {
		return 0, 0, fmt.Errorf("%w: %s has %d dimensions, over the limit of %d", ErrMalformed, what, dims, maxDims)
	}
	elements = 1
	for d := uint32(0); d < dims; d++ {
		n, err := r.u64(what)
		if err != nil {
			return 0, 0, err
		}
		hi, lo := bits.Mul64(elements, n)
		if hi != 0 || lo > math.MaxInt64 {
			return 0, 0, fmt.Errorf("%w: %s has more than 2^63 elements", ErrMalformed, what)
		}
		elements = lo
	}
	if _, err := r.u32(what); err != nil { // ggml_type: new types appear often, and the data is not read
		return 0, 0, err
	}
	if offset, err = r.u64(what); err != nil {
		return 0, 0, err
	}
	if offset%alignment != 0 {
		return 0, 0, fmt.Errorf("%w: %s has offset %d, not a multiple of the alignment %d", ErrMalformed, what,
			offset, alignment)
	}
	return elements, offset, nil
}
