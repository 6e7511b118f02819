package membudget

import (
	"context"
	"errors"
	"io"
)

// ErrTooLarge reports a body longer than the limit given to ReadAll.
var ErrTooLarge = errors.New("the body exceeds the size limit")

// unknownSizeStep is the first reservation of a body without a declared length; each further one doubles the
// buffer, so a small chunked body costs one small reservation and a large one about log2(size/step) of them.
const unknownSizeStep = 16 << 10

// ReadAll reads r to its end into memory reserved from b, and returns the bytes with their reservation, which
// the caller releases once it no longer holds the bytes. size is the declared length (-1 when unknown): it is
// reserved before the first byte is read, and read into a buffer of exactly that size. A body without a declared
// length reserves as it grows. A body longer than limit fails with ErrTooLarge; a reservation not granted within
// the budget's wait fails with ErrBusy (nothing more is read then). On any error nothing stays reserved.
func (b *Budget) ReadAll(ctx context.Context, r io.Reader, size, limit int64) ([]byte, Reservation, error) {
	res := Reservation{budget: b}
	if size > limit {
		return nil, res, ErrTooLarge
	}
	var data []byte
	var err error
	if size >= 0 {
		data, err = b.readDeclared(ctx, r, size, &res)
	} else {
		data, err = b.readGrowing(ctx, r, limit, &res)
	}
	if err != nil {
		res.Release()
		return nil, Reservation{}, err
	}
	return data, res, nil
}

// readDeclared reads a body of a declared length: one reservation, one allocation.
func (b *Budget) readDeclared(ctx context.Context, r io.Reader, size int64, res *Reservation) ([]byte, error) {
	if err := b.reserve(ctx, size); err != nil {
		return nil, err
	}
	res.n = size
	// One spare byte to read on to the end with: the reader reports EOF only then (and an HTTP body then lets its
	// connection go on). A local probe array would cost an allocation of its own.
	buf := make([]byte, size+1)
	data, probe := buf[:size], buf[size:]
	if _, err := io.ReadFull(r, data); err != nil {
		return nil, err
	}
	for {
		n, err := r.Read(probe)
		if n > 0 {
			return nil, ErrTooLarge // longer than declared
		}
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// readGrowing reads a body of unknown length, reserving each growth of its buffer before making it.
func (b *Budget) readGrowing(ctx context.Context, r io.Reader, limit int64, res *Reservation) ([]byte, error) {
	var data []byte
	for {
		if len(data) == cap(data) {
			if int64(len(data)) > limit {
				return nil, ErrTooLarge
			}
			grown := min(max(2*int64(cap(data)), unknownSizeStep), limit+1)
			if err := b.reserve(ctx, grown-res.n); err != nil {
				return nil, err
			}
			res.n = grown
			next := make([]byte, len(data), grown)
			copy(next, data)
			data = next
		}
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			if int64(len(data)) > limit {
				return nil, ErrTooLarge
			}
			return data, nil
		}
		if err != nil {
			return nil, err
		}
	}
}
