package localmodels

import (
	"fmt"

	"github.com/bodhiapp/bodhi/apperr"
)

// The refusals of the aliases and files (http-api.md §5.2); each names what the client asked for.
var (
	ErrAliasExists   = apperr.New(apperr.Invalid, "data_service_error-alias_exists", "The alias already exists.")
	ErrAliasNotFound = apperr.New(apperr.NotFound, "data_service_error-alias_not_found", "Alias not found.")
	ErrFileNotFound  = apperr.New(apperr.NotFound, "hub_service_error-file_not_found", "File not found.")
	ErrRepoPattern   = apperr.New(apperr.Invalid, "obj_validation_error-file_pattern_mismatch", "Bad repo.")
	ErrValidation    = apperr.New(apperr.Invalid, "obj_validation_error-validation_errors", "Invalid field.")
)

func aliasExists(alias string) *apperr.Error {
	return apperr.New(ErrAliasExists.Kind, ErrAliasExists.Code, fmt.Sprintf("Alias '%s' already exists.", alias))
}

// AliasNotFound is ErrAliasNotFound naming id.
func AliasNotFound(id string) *apperr.Error {
	return apperr.New(ErrAliasNotFound.Kind, ErrAliasNotFound.Code, fmt.Sprintf("Alias '%s' not found.", id))
}

func fileNotFound(repo, filename, snapshot string) *apperr.Error {
	if snapshot == "" {
		snapshot = "main"
	}
	return apperr.New(ErrFileNotFound.Kind, ErrFileNotFound.Code, fmt.Sprintf(
		"File '%s' of repo '%s' (snapshot '%s') is not in the Hugging Face cache; download it first.",
		filename, repo, snapshot))
}

func repoPattern(repo string) *apperr.Error {
	return apperr.New(ErrRepoPattern.Kind, ErrRepoPattern.Code, fmt.Sprintf(
		"repo must be owner/name, neither part empty nor holding '/' or whitespace; got '%s'.", repo))
}

func invalid(msg string) *apperr.Error {
	return apperr.New(ErrValidation.Kind, ErrValidation.Code, msg)
}
