package server

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/apimodels"
	"github.com/bodhiapp/bodhi/apperr"
	"github.com/bodhiapp/bodhi/gateway"
	"github.com/bodhiapp/bodhi/localmodels"
	"github.com/bodhiapp/bodhi/membudget"
	"github.com/bodhiapp/bodhi/proxy"
)

// ollamaError answers with the Ollama quirk: HTTP 200 and {"error": "<message>"} (http-api.md §8.3). Only errors
// raised by these handlers use it; org and auth errors keep the standard body.
func ollamaError(c *gin.Context, msg string) {
	c.JSON(http.StatusOK, proxy.OllamaError{Error: msg})
}

// ollamaTags lists the local aliases (none in hosted mode) in Ollama's shape; API models are not listed yet.
func (s *Server) ollamaTags(c *gin.Context) {
	if s.deps.LocalModels == nil {
		c.JSON(http.StatusOK, proxy.NewOllamaTagsResponse(nil))
		return
	}
	ctx := c.Request.Context()
	aliases, err := s.deps.LocalModels.LocalAliases(ctx, OrgID(ctx))
	if err != nil {
		s.deps.Logger.Error("list local aliases", "err", err)
		ollamaError(c, "listing the local models failed")
		return
	}
	tags := make([]proxy.OllamaLocalAlias, len(aliases))
	for i, a := range aliases {
		tags[i] = ollamaAlias(a)
	}
	c.JSON(http.StatusOK, proxy.NewOllamaTagsResponse(tags))
}

// ollamaAlias is a local alias as the Ollama routes describe it: the file's size and SHA-256 (its blob's name)
// when the file is in the cache, the family and quantization when its metadata has been extracted.
func ollamaAlias(a localmodels.LocalAlias) proxy.OllamaLocalAlias {
	out := proxy.OllamaLocalAlias{Name: a.Name, ModifiedAt: a.Modified}
	if a.User != nil {
		out.Snapshot, out.ContextParams, out.RequestParams = a.User.Snapshot, a.User.ContextParams, a.User.RequestParams
	}
	if a.File != nil {
		out.Snapshot, out.Size, out.Digest = a.File.Snapshot, a.File.Size, a.File.Blob
	}
	if m := a.Metadata; m != nil {
		if m.Architecture.Family != nil {
			out.Family = *m.Architecture.Family
		}
		if m.Architecture.Quantization != nil {
			out.Quantization = *m.Architecture.Quantization
		}
	}
	return out
}

func (s *Server) ollamaShow(c *gin.Context) {
	var req proxy.OllamaShowRequest
	body, res, err := s.readBody(c, apiBodyLimit)
	defer res.Release()
	if errors.Is(err, membudget.ErrBusy) {
		ollamaBusy(c)
		return
	}
	if err != nil || json.Unmarshal(body, &req) != nil {
		ollamaError(c, "Invalid JSON in request")
		return
	}
	ollamaError(c, "model '"+req.Name+"' not found") // /api/show describes local aliases, which hosted mode lacks
}

// ollamaChat converts the request to an OpenAI chat request, has the gateway open it like /v1/chat/completions and
// converts the answer back (ollamaAnswer).
func (s *Server) ollamaChat(c *gin.Context) {
	body, res, err := s.readBody(c, apiBodyLimit)
	defer res.Release()
	if errors.Is(err, membudget.ErrBusy) {
		ollamaBusy(c)
		return
	}
	if err != nil {
		ollamaError(c, "Invalid JSON in request: the body exceeds the size limit")
		return
	}
	req, err := proxy.DecodeOllamaChatRequest(body)
	if err != nil {
		ollamaError(c, err.Error())
		return
	}
	upstreamReq, err := req.ToOpenAI()
	if err != nil {
		ollamaError(c, err.Error())
		return
	}
	ctx := c.Request.Context()
	org, _ := Org(ctx)
	w := s.awaitUpstream(c)
	defer w.done()
	resp, err := s.deps.Gateway.Forward(ctx, org, gateway.Call{Endpoint: gateway.EndpointChat,
		Body: gateway.OllamaChat{Request: upstreamReq}})
	if err != nil {
		ollamaError(c, ollamaFailure(err, req.Model))
		return
	}
	defer resp.Body.Close()
	if err := ollamaAnswer(c, resp, req); err != nil && ctx.Err() == nil {
		s.deps.Logger.Warn("ollama stream conversion", "org", org.Slug, "err", err)
	}
}

// ollamaFailure is the quirk message (§8.3) of a call the gateway could not open for model.
func ollamaFailure(err error, model string) string {
	switch {
	case errors.Is(err, apimodels.ErrModelNotFound):
		return "model '" + model + "' not found"
	case errors.Is(err, apimodels.ErrDecrypt):
		return "The stored API key could not be decrypted."
	case errors.Is(err, gateway.ErrProviderUnreachable), errors.Is(err, apimodels.ErrProviderBlocked):
		// A local model's failure says why (how llama-server died); a provider's, only that it failed.
		if e, _ := apperr.As(err); e != nil && errors.Is(err, gateway.ErrProviderUnreachable) &&
			e.Message != gateway.ErrProviderUnreachable.Message {
			return e.Message
		}
		return "the model provider could not be reached"
	}
	if e, ok := apperr.As(err); ok {
		return e.Message
	}
	return "model resolution failed"
}

// ollamaAnswer converts the provider's answer to req: a provider error as the quirk body, a whole answer as one
// Ollama chat response, a stream line by line (the error is the stream's, for the log).
func ollamaAnswer(c *gin.Context, resp *http.Response, req proxy.OllamaChatRequest) error {
	if resp.StatusCode/100 != 2 {
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		c.JSON(http.StatusOK, proxy.OllamaErrorFromUpstream(resp.StatusCode, raw))
		return nil
	}
	if !req.Streaming() {
		raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
		if err != nil {
			ollamaError(c, "reading the provider answer failed")
			return nil
		}
		out, err := proxy.NewOllamaChatResponse(raw, req.Model, time.Now())
		if err != nil {
			ollamaError(c, err.Error())
			return nil
		}
		c.JSON(http.StatusOK, out)
		return nil
	}
	c.Header("Content-Type", "application/x-ndjson")
	c.Status(http.StatusOK)
	conv := proxy.OllamaStreamConverter{Model: req.Model, Now: time.Now, Flush: c.Writer.Flush}
	return conv.Convert(resp.Body, c.Writer)
}
