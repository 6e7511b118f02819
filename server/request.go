package server

import (
	"encoding/json"
	"errors"
	"mime"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/db"
)

func jsonRejection(detail string) *APIError {
	return NewError(TypeInvalidRequest, "json_rejection_error", "Invalid JSON in request: "+detail)
}

func queryRejection(detail string) *APIError {
	return NewError(TypeInvalidRequest, "query_rejection_error", "Invalid query parameter: "+detail)
}

// bindJSON decodes the request body into v (http-api.md §1.4): a non-JSON content type, malformed JSON, a wrong
// field type or a body over the limit answer 400 json_rejection_error, and bindJSON returns false. With optional
// set, an empty body without a Content-Type leaves v as is. A body that finds no room in the body memory budget
// answers 503 server_busy. The raw bytes are given back to the budget once decoded.
func (s *Server) bindJSON(c *gin.Context, v any, optional bool) bool {
	body, res, err := s.readBody(c, bodyLimit(c.Request.URL.Path))
	defer res.Release()
	if err != nil {
		writeBodyError(c, err)
		return false
	}
	ct := c.GetHeader("Content-Type")
	if len(body) == 0 && optional && ct == "" {
		return true
	}
	if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
		WriteError(c, jsonRejection("expected Content-Type: application/json"))
		return false
	}
	if err := json.Unmarshal(body, v); err != nil {
		WriteError(c, jsonRejection(jsonErrorDetail(err)))
		return false
	}
	if jsonHasNUL(body) {
		WriteError(c, jsonRejection("strings must not contain the NUL character (\\u0000)"))
		return false
	}
	return true
}

func jsonErrorDetail(err error) string {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return "field '" + typeErr.Field + "' has the wrong type"
	}
	return err.Error()
}

// pageQuery reads page and page_size (http-api.md §1.5), page_size at most 100.
func pageQuery(c *gin.Context) (page, size int64, ok bool) { return pageQueryUpTo(c, 100) }

// pageQueryUpTo reads page and page_size with page_size at most maxSize.
func pageQueryUpTo(c *gin.Context, maxSize int64) (page, size int64, ok bool) {
	page, size = 1, 30
	for _, q := range []struct {
		name string
		dst  *int64
	}{{"page", &page}, {"page_size", &size}} {
		raw, present := c.GetQuery(q.name)
		if !present {
			continue
		}
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			WriteError(c, queryRejection(q.name+" must be an integer"))
			return 0, 0, false
		}
		*q.dst = n
	}
	if page < 1 {
		page = 1
	}
	if size < 1 {
		size = 30
	}
	return page, min(size, maxSize), true
}

func toPage(page, size int64) db.Page { return db.Page{Limit: size, Offset: (page - 1) * size} }

// paginated is the list envelope (http-api.md §1.5).
type paginated[T any] struct {
	Data     []T   `json:"data"`
	Total    int64 `json:"total"`
	Page     int64 `json:"page"`
	PageSize int64 `json:"page_size"`
}

func noStore(c *gin.Context) {
	c.Header("Cache-Control", "no-cache, no-store, must-revalidate")
}

// rfc3339 renders a time as http-api.md §1.2 asks: UTC, "Z", fractional seconds only when non-zero.
func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
