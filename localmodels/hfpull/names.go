package hfpull

import (
	"strings"
	"unicode"

	"github.com/bodhiapp/bodhi/apperr"
)

// Errors of the pull routes (http-api.md §5.4, §15).
var (
	// ErrRepoPattern refuses a repo that is not owner/name.
	ErrRepoPattern = apperr.New(apperr.Invalid, "obj_validation_error-file_pattern_mismatch",
		"repo must be owner/name: two non-empty parts without '/' or whitespace")
	// ErrBadFilename refuses a filename that could leave the repository's cache directory.
	ErrBadFilename = apperr.New(apperr.Invalid, "obj_validation_error-validation_errors",
		"filename must be a relative path inside the repository: non-empty parts separated by '/', no '.' or "+
			"'..' parts, no backslash or control character").WithParam("field", "filename")
	// ErrAlreadyCached refuses a download of a file that the cache already holds at refs/main.
	ErrAlreadyCached = apperr.New(apperr.Invalid, "pull_error-file_already_exists",
		"The file is already in the Hugging Face cache.")
	// ErrNotFound answers an unknown download id (in this org).
	ErrNotFound = apperr.New(apperr.NotFound, "db_error-item_not_found", "Download request not found.")
)

// validRepo reports whether repo is owner/name (http-api.md §5.2): neither part empty, neither holding '/' or
// whitespace. "." and ".." are refused as well: the hub has no such repository, and they would change the path
// of the hub URL.
func validRepo(repo string) bool {
	owner, name, ok := strings.Cut(repo, "/")
	if !ok {
		return false
	}
	for _, part := range []string{owner, name} {
		if part == "" || part == "." || part == ".." || strings.Contains(part, "/") ||
			strings.ContainsFunc(part, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
			return false
		}
	}
	return true
}

// validFilename reports whether filename names a file inside a repository: a relative path whose parts are
// neither empty nor "." or "..", so that snapshots/<commit>/<filename> stays under the snapshot directory.
func validFilename(filename string) bool {
	if filename == "" || strings.ContainsRune(filename, '\\') || strings.ContainsFunc(filename, unicode.IsControl) {
		return false
	}
	for _, part := range strings.Split(filename, "/") {
		if part == "" || part == "." || part == ".." {
			return false
		}
	}
	return !strings.HasSuffix(filename, partialSuffix) // would collide with another file's partial download
}

// validate checks a pull request's repo and filename.
func validate(repo, filename string) error {
	if !validRepo(repo) {
		return ErrRepoPattern
	}
	if !validFilename(filename) {
		return ErrBadFilename
	}
	return nil
}
