#!/usr/bin/env bash
# make test.scale: the horizontal-scaling verification of runtime.md §11, without Docker. Three `bodhi serve`
# processes in hosted mode behind HAProxy, sharing PostgreSQL (fresh databases) and a private Redis on a free port
# (never the shared one on 6379), with the development identity provider and a fake OpenAI upstream. The Go test
# program (scale/, build tag scale) starts and stops all of them, runs the seven checks and prints PASS or FAIL for
# each; this script installs what is missing from Debian packages and builds the binary first.
#
# HAProxy rather than nginx: its active health checks on /health take a draining replica out of rotation, as
# Traefik does in the compose deployment, which the rolling-restart check relies on (nginx's open-source build
# has no active health checks).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "scale-test: $*" >&2; }

scripts/ensure-services.sh # PostgreSQL on 127.0.0.1:5432 (and redis-server, whose binary the test starts)

if ! command -v haproxy >/dev/null; then
  log "installing haproxy"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log "building bodhi"
CGO_ENABLED=1 go build -o "$work/bodhi" ./cmd/bodhi

status=0
BODHI_SCALE_BIN="$work/bodhi" go test -tags scale -count=1 -v -timeout 15m ./scale/ >"$work/out.txt" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
  cat "$work/out.txt"
fi
grep '^scale:' "$work/out.txt" || log "no check ran (see the output above)"
if [ "$status" -ne 0 ]; then
  log "FAIL"
  exit 1
fi
log "PASS"
