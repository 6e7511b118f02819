// Package scale is the horizontal-scaling verification of runtime.md §11: three `bodhi serve` processes in hosted
// mode behind HAProxy, sharing PostgreSQL and a private Redis, with the development identity provider and a fake
// OpenAI upstream. Its checks (build tag scale) are run by `make test.scale` (scripts/scale-test.sh), which
// installs what is missing and builds the binary first; they print PASS or FAIL per check.
package scale
