package app

import (
	"github.com/bodhiapp/bodhi/membudget"
	"github.com/bodhiapp/bodhi/server"
)

// BodyBudget is the request-body memory budget of the server (BODHI_BODY_MEMORY_MB); tests read its gauges.
func (a *App) BodyBudget() *membudget.Budget { return a.handler.(*server.Server).BodyBudget() }
