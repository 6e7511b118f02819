package server

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/gateway"
	"github.com/bodhiapp/bodhi/proxy"
)

func invalidOAIRequest(msg string) *APIError {
	return NewError(TypeInvalidRequest, "oai_route_error-invalid_request", msg)
}

type oaiModel struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Created int64  `json:"created"`
	OwnedBy string `json:"owned_by"`
}

func viewOAIModel(m gateway.Model) oaiModel {
	return oaiModel{ID: m.ID, Object: "model", Created: m.Created.Unix(), OwnedBy: m.OwnedBy}
}

func (s *Server) oaiListModels(c *gin.Context) {
	ctx := c.Request.Context()
	org, _ := Org(ctx)
	models, err := s.deps.Gateway.Models(ctx, org)
	if err != nil {
		s.fail(c, "list models", err)
		return
	}
	out := make([]oaiModel, len(models))
	for i, m := range models {
		out[i] = viewOAIModel(m)
	}
	c.JSON(http.StatusOK, gin.H{"object": "list", "data": out})
}

func (s *Server) oaiGetModel(c *gin.Context) {
	ctx := c.Request.Context()
	org, _ := Org(ctx)
	m, err := s.deps.Gateway.Model(ctx, org, strings.TrimPrefix(c.Param("id"), "/"))
	if err != nil {
		s.fail(c, "get model", err)
		return
	}
	c.JSON(http.StatusOK, viewOAIModel(m))
}

// oaiRequest validates an OpenAI request body and returns it with its model and its decoded fields
// (http-api.md §7). chat adds the checks of chat completions.
func oaiRequest(c *gin.Context, body []byte, chat bool) (gateway.OpenAIRequest, bool) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		WriteError(c, jsonRejection(jsonErrorDetail(err)))
		return gateway.OpenAIRequest{}, false
	}
	var model string
	if err := json.Unmarshal(fields["model"], &model); err != nil || fields["model"] == nil {
		WriteError(c, invalidOAIRequest("Field 'model' is required and must be a string."))
		return gateway.OpenAIRequest{}, false
	}
	if chat {
		// An array is all that is checked here: decoding it would copy every message once more.
		if !isJSONArray(fields["messages"]) {
			WriteError(c, invalidOAIRequest("Field 'messages' is required and must be an array."))
			return gateway.OpenAIRequest{}, false
		}
		if raw, ok := fields["stream"]; ok {
			var stream bool
			if err := json.Unmarshal(raw, &stream); err != nil {
				WriteError(c, invalidOAIRequest("Field 'stream' must be a boolean."))
				return gateway.OpenAIRequest{}, false
			}
		}
	}
	return gateway.OpenAIRequest{Raw: body, Fields: fields, Name: model}, true
}

// isTrue reports whether raw is the JSON value true.
func isTrue(raw json.RawMessage) bool {
	return string(bytes.TrimSpace(raw)) == "true"
}

// isJSONArray reports whether raw, a value taken from a decoded document (so valid JSON), is an array.
func isJSONArray(raw json.RawMessage) bool {
	trimmed := bytes.TrimLeft(raw, " \t\r\n")
	return len(trimmed) > 0 && trimmed[0] == '['
}

func (s *Server) oaiChat(c *gin.Context)       { s.oaiForward(c, gateway.EndpointChat, true) }
func (s *Server) oaiEmbeddings(c *gin.Context) { s.oaiForward(c, gateway.EndpointEmbeddings, false) }

var errNotJSON = NewError(TypeUnsupportedMedia, "oai_route_error-unsupported_media_type",
	"Content-Type must be application/json.")

// oaiForward relays an OpenAI request to the provider of its model in the org (the gateway opens the call).
func (s *Server) oaiForward(c *gin.Context, endpoint string, chat bool) {
	if mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type")); err != nil || mt != "application/json" {
		WriteError(c, errNotJSON)
		return
	}
	// The reservation is held until the relay ends: the upstream request keeps the body until then.
	body, res, err := s.readBody(c, apiBodyLimit)
	defer res.Release()
	if err != nil {
		writeBodyError(c, err)
		return
	}
	req, ok := oaiRequest(c, body, chat)
	if !ok {
		return
	}
	stream := chat && isTrue(req.Fields["stream"])
	askedUsage := false
	if stream {
		// Every stream's tokens are counted: the provider is asked for usage when the client did not ask.
		if askedUsage, err = askStreamUsage(req.Fields); err != nil {
			WriteError(c, invalidOAIRequest("Field 'stream_options' must be an object."))
			return
		}
		if askedUsage {
			if req.Raw, err = proxy.WithModel(req.Fields, req.Name); err != nil {
				WriteError(c, jsonRejection(err.Error()))
				return
			}
		}
	}
	u := s.trackUsage(c, req.Name, stream)
	defer u.done(c)
	ctx := c.Request.Context()
	org, _ := Org(ctx)
	w := s.awaitUpstream(c)
	defer w.done()
	resp, err := s.deps.Gateway.Forward(ctx, org, u.call(gateway.Call{Endpoint: endpoint,
		Accept: c.GetHeader("Accept"), Body: req}))
	if err != nil {
		s.failRelay(c, err)
		return
	}
	u.opened(resp, askedUsage)
	if err := proxy.Relay(c.Writer, resp); err != nil && ctx.Err() == nil {
		s.deps.Logger.Warn("relay interrupted", "org", org.Slug, "err", err)
	}
}

// failRelay answers a call the gateway could not open. When the client has gone away, the provider call failed
// for that reason: the answer is written for the access log, but it is not Bodhi's failure and is not logged.
func (s *Server) failRelay(c *gin.Context, err error) {
	if c.Request.Context().Err() != nil {
		WriteError(c, answerFor(err, ErrInternal))
		return
	}
	s.fail(c, "relay to the model provider", err)
}
