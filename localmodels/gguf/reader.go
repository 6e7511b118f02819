package gguf

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// reader reads a GGUF file front to back and knows how many bytes are left, so that every length the file
// declares is checked against what the file can still hold before anything is allocated or skipped: a declared
// 2^40-byte string in a 1 KiB file fails at once instead of allocating or reading to the end.
// field names what is being read, for errors only: a name and, when the field belongs to a key or a tensor, that
// key or tensor. It is a plain value so that naming a field costs nothing until an error needs the words.
type field struct{ name, of string }

func (f field) String() string {
	if f.of == "" {
		return f.name
	}
	return f.name + " " + f.of
}

type reader struct {
	br   *bufio.Reader
	pos  int64 // offset of the next byte in the file
	size int64 // the file's size
	// scratch holds the fixed-size field just read (at most 8 bytes), valid until the next read.
	scratch [8]byte
}

func newReader(r io.ReaderAt, size int64) *reader {
	return &reader{br: bufio.NewReaderSize(io.NewSectionReader(r, 0, size), 64<<10), size: size}
}

func (r *reader) remaining() int64 { return r.size - r.pos }

// need fails unless n more bytes of the file remain; what names the field for the error.
func (r *reader) need(n uint64, what field) error {
	if n > uint64(r.remaining()) {
		return fmt.Errorf("%w: %s needs %d bytes at offset %d, but the file has %d left",
			ErrTruncated, what, n, r.pos, r.remaining())
	}
	return nil
}

// needEach is need for count items of at least size bytes each, without overflowing.
func (r *reader) needEach(count, size uint64, what field) error {
	if size != 0 && count > math.MaxUint64/size {
		return fmt.Errorf("%w: %s declares %d items of %d bytes, more than any file holds", ErrMalformed, what, count, size)
	}
	return r.need(count*size, what)
}

// read fills buf from the file; the caller has checked the length with need.
func (r *reader) read(buf []byte, what field) error {
	n, err := io.ReadFull(r.br, buf)
	r.pos += int64(n)
	return readFailure(err, "reading", what, r.pos)
}

// readFailure is nil for a nil err; the file ending before its declared end (it shrank while being read) is
// ErrTruncated; anything else is the reader's own failure, wrapped.
func readFailure(err error, doing string, what field, pos int64) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%w: %s %s at offset %d: the file ended early", ErrTruncated, doing, what, pos)
	}
	return fmt.Errorf("%s %s at offset %d: %w", doing, what, pos, err)
}

func (r *reader) fixed(n int, what field) ([]byte, error) {
	if err := r.need(uint64(n), what); err != nil {
		return nil, err
	}
	if err := r.read(r.scratch[:n], what); err != nil {
		return nil, err
	}
	return r.scratch[:n], nil
}

func (r *reader) u32(what field) (uint32, error) {
	b, err := r.fixed(4, what)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(b), nil
}

func (r *reader) u64(what field) (uint64, error) {
	b, err := r.fixed(8, what)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint64(b), nil
}

// skip passes over n bytes the parser does not use (most of a real file's metadata is its vocabulary).
func (r *reader) skip(n uint64, what field) error {
	if err := r.need(n, what); err != nil {
		return err
	}
	done, err := r.br.Discard(int(n)) // need bounded n by the file's size, which fits an int on 64-bit platforms
	r.pos += int64(done)
	return readFailure(err, "skipping", what, r.pos)
}

// stringLen reads a string's length prefix and checks it against limit and the bytes left.
func (r *reader) stringLen(limit uint64, what field) (uint64, error) {
	n, err := r.u64(what) // a length cut short reads as the field cut short
	if err != nil {
		return 0, err
	}
	if n > limit {
		return 0, fmt.Errorf("%w: %s is %d bytes long, over the limit of %d", ErrMalformed, what, n, limit)
	}
	return n, r.need(n, what)
}

// string reads a GGUF string (uint64 length, then the bytes) of at most limit bytes.
func (r *reader) string(limit uint64, what field) (string, error) {
	n, err := r.stringLen(limit, what)
	if err != nil {
		return "", err
	}
	buf := make([]byte, n)
	if err := r.read(buf, what); err != nil {
		return "", err
	}
	return string(buf), nil
}

// skipString passes over a string of any length the file can hold.
func (r *reader) skipString(what field) error {
	n, err := r.stringLen(math.MaxUint64, what)
	if err != nil {
		return err
	}
	return r.skip(n, what)
}
