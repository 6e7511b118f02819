package server

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/gateway"
	"github.com/bodhiapp/bodhi/usage"
)

// UsageRecorder takes the usage event of every gateway request (package usage); it never blocks.
type UsageRecorder interface {
	Record(ev usage.Event)
	StreamStarted() (ended func())
}

// gatewayUsage is one gateway request's usage event in the making: begun once the request names its model,
// recorded when the handler returns, with the status the client got.
type gatewayUsage struct {
	rec       UsageRecorder
	ev        usage.Event
	served    gateway.Served
	meter     *usage.Meter
	endStream func()
}

// trackUsage begins the usage event of the request in c for model. Record it with done, deferred.
func (s *Server) trackUsage(c *gin.Context, model string, stream bool) *gatewayUsage {
	u := &gatewayUsage{rec: s.deps.Usage}
	if u.rec == nil {
		return u
	}
	ctx := c.Request.Context()
	org, _ := Org(ctx)
	id := Identity(ctx)
	u.ev = usage.Event{OrgID: org.OrgID, OrgSlug: org.Slug, UserID: id.UserID, Username: id.Username,
		Model: model, Route: c.FullPath(), Stream: stream, StartedAt: time.Now()}
	switch id.Kind {
	case auth.KindAPIToken:
		u.ev.AuthKind, u.ev.TokenID = usage.KindAPIToken, ptrTo(id.TokenID)
		if u.ev.UserID == "" {
			u.ev.UserID = id.TokenOwnerID
		}
	case auth.KindExternalApp:
		u.ev.AuthKind, u.ev.AppClientID = usage.KindApp, ptrTo(id.Azp)
	default:
		u.ev.AuthKind = usage.KindSession
	}
	if stream {
		u.endStream = u.rec.StreamStarted()
	}
	return u
}

// call lets the gateway say what served the call.
func (u *gatewayUsage) call(call gateway.Call) gateway.Call {
	call.Served = &u.served
	return call
}

// opened meters the answer's body; dropUsageChunk when Bodhi asked the provider for stream usage on its own.
func (u *gatewayUsage) opened(resp *http.Response, dropUsageChunk bool) {
	if u.rec == nil && !dropUsageChunk {
		return
	}
	u.meter = usage.NewMeter(resp.Body, resp.Header.Get("Content-Type"), u.ev.StartedAt, dropUsageChunk)
	resp.Body = u.meter
}

// done records the event.
func (u *gatewayUsage) done(c *gin.Context) {
	if u.endStream != nil {
		u.endStream()
	}
	if u.rec == nil {
		return
	}
	u.ev.Status = c.Writer.Status()
	u.ev.Provider, u.ev.ProviderModel = u.served.Provider, u.served.UpstreamModel
	if u.served.APIModelID != "" {
		u.ev.APIModelID = ptrTo(u.served.APIModelID)
	}
	if u.meter != nil {
		if t, ok := u.meter.Tokens(); ok {
			u.ev.PromptTokens, u.ev.CompletionTokens, u.ev.TotalTokens = t.Prompt, t.Completion, t.Total
		}
		u.ev.TTFB, u.ev.Upstream = u.meter.Timing()
	}
	u.rec.Record(u.ev)
}

func ptrTo(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// askStreamUsage makes a streamed OpenAI request ask the provider for usage (stream_options.include_usage), so
// every stream's tokens are counted. It reports whether it added the ask, in which case the usage chunk is the
// server's, not the client's, and is not relayed.
func askStreamUsage(fields map[string]json.RawMessage) (added bool, err error) {
	opts := map[string]json.RawMessage{}
	if raw, ok := fields["stream_options"]; ok && string(raw) != "null" {
		if err := json.Unmarshal(raw, &opts); err != nil {
			return false, err
		}
	}
	var include bool
	if raw, ok := opts["include_usage"]; ok {
		_ = json.Unmarshal(raw, &include)
	}
	if include {
		return false, nil
	}
	opts["include_usage"] = json.RawMessage("true")
	raw, err := json.Marshal(opts)
	if err != nil {
		return false, err
	}
	fields["stream_options"] = raw
	return true, nil
}
