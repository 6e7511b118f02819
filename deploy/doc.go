// Package deploy holds the hosted deployment (runtime.md §10): the container image (Dockerfile), the compose
// file with Traefik, PostgreSQL and Redis, its settings template (.env.hosted.template) and the development
// identity provider's seed. It has no Go code of its own: its tests load those files as Docker would and check
// them against each other and against the server's configuration keys.
package deploy
