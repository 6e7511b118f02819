package app

import "github.com/bodhiapp/bodhi/localmodels/llamaserver"

// LlamaServer is a's llama-server manager (nil in hosted mode), for the tests of package app_test.
func LlamaServer(a *App) *llamaserver.Manager { return a.llama }
