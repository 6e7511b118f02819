# Bodhi. The two commands a newcomer needs: `make run` and `make test` (see README.md).
GO        ?= go
SQLC      := $(GO) tool -modfile=tools/go.mod sqlc
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT    ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
LDFLAGS   := -X main.version=$(VERSION) -X main.commitSHA=$(COMMIT)

.PHONY: run dev build build.ui services test test.backend test.fuzz test.ui test.e2e test.scale bench generate check-generate lint fmt \
	docker.build.hosted docker.compose.hosted docker.compose.hosted.down docker.compose.hosted.logs

## run: the server with the built-in defaults (standalone, SQLite under ~/.cache/bodhi)
run: build
	bin/bodhi serve

## dev: a standalone server with the development identity provider, a seeded org and users (never for production);
## its data goes to BODHI_HOME (default ~/.cache/bodhi-dev), its port is BODHI_PORT (default 1135)
dev: build
	bin/bodhi dev

## build: the binary, into bin/bodhi (the web app is rebuilt first when its sources changed)
build: build.ui
	@echo "compiling bin/bodhi (the first build compiles SQLite's C sources: a few minutes)"
	CGO_ENABLED=1 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o bin/bodhi ./cmd/bodhi

# The web app's inputs: when none is newer than the last build, the build is skipped. Tests are not inputs.
UI_SOURCES := $(shell find ui/src ui/public -type f ! -name '*.test.ts' ! -name '*.test.tsx' ! -path 'ui/src/test/*' 2>/dev/null) \
	$(wildcard ui/index.html ui/package.json ui/vite.config.ts ui/tsconfig*.json)
# npm ci writes node_modules/.package-lock.json last: newer than package-lock.json once the install is complete.
UI_DEPS := ui/node_modules/.package-lock.json

$(UI_DEPS): ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund

## build.ui: the web app, into ui/dist/app (embedded by the next go build), when its sources changed
build.ui: ui/dist/app/index.html

ui/dist/app/index.html: $(UI_DEPS) $(UI_SOURCES)
	@echo "building the web app (its sources changed since the last build)"
	cd ui && npm run build
	@touch $@

## services: start (or install) PostgreSQL and Redis for the tests
services:
	scripts/ensure-services.sh

## test: everything, against real SQLite, PostgreSQL and Redis
test: services test.backend test.fuzz test.ui test.e2e test.scale

test.backend: build.ui
	$(GO) test -race -count=1 -timeout 30m ./...

## test.fuzz: a short run of each fuzz target, by execution count (a time limit can end in a spurious
## "context deadline exceeded" on a loaded machine); the seed corpus already runs in test.backend
test.fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzSlugFromHost$$' -fuzztime 150000x ./auth/
	$(GO) test -run '^$$' -fuzz '^FuzzParseBearer$$' -fuzztime 150000x ./server/
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime 500000x ./localmodels/gguf/

test.ui: build.ui
	cd ui && npm test

## test.e2e: the browser scenarios of ui/e2e (headless Debian chromium via playwright-core) against a hosted Bodhi;
## screenshots go to ui/e2e/artifacts. build.ui comes first: the test binary embeds ui/dist/app.
test.e2e: build.ui
	@command -v /usr/bin/chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	$(GO) test -tags e2e -count=1 -v -timeout 25m ./e2e/

## test.scale: three replicas behind HAProxy with PostgreSQL, a private Redis, the development identity provider
## and a fake upstream; seven checks (runtime.md §11.2 and a rolling restart), PASS or FAIL each
test.scale:
	scripts/scale-test.sh

## docker.*: the hosted image and the compose stack (deploy/; needs Docker, and deploy/.env.hosted made from
## deploy/.env.hosted.template)
COMPOSE := VERSION=$(VERSION) COMMIT=$(COMMIT) docker compose -f deploy/docker-compose.multi-tenant.yml --env-file deploy/.env.hosted

docker.build.hosted:
	docker build -f deploy/Dockerfile --build-arg VERSION=$(VERSION) --build-arg COMMIT=$(COMMIT) -t bodhi-hosted:$(VERSION) .

docker.compose.hosted:
	$(COMPOSE) up -d

docker.compose.hosted.down:
	$(COMPOSE) down

docker.compose.hosted.logs:
	$(COMPOSE) logs -f

## bench: the benchmarks and the gateway load run (bench/, a few minutes), printing their figures
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./auth/ ./app/ ./membudget/
	BODHI_BENCH=1 $(GO) test -run '^TestGatewayLoad$$' -count=1 -v -timeout 15m ./bench/

## generate: regenerate db/gen from queries/ and migrations/
generate: $(UI_DEPS)
	$(SQLC) generate
	$(GO) run ./cmd/bodhi openapi > docs/openapi.json
	cd ui && npm run generate:api

## check-generate: fail when db/gen is stale or was edited by hand
check-generate:
	$(SQLC) diff

## lint: gofmt, go vet (also the tagged e2e and scale packages), ESLint + Prettier over the web app, and the web app's
## API types (ui/src/api/schema.ts) current with docs/openapi.json
lint: $(UI_DEPS)
	@test -z "$$(gofmt -l .)" || (echo "gofmt needed:"; gofmt -l .; exit 1)
	$(GO) vet ./...
	$(GO) vet -tags e2e ./e2e/
	$(GO) vet -tags scale ./scale/
	cd ui && npm run lint
	cd ui && npm run check:api

fmt:
	gofmt -w .
