package server

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/apimodels"
	"github.com/bodhiapp/bodhi/membudget"
	"github.com/bodhiapp/bodhi/proxy"
)

// ollamaError answers with the Ollama quirk: HTTP 200 and {"error": "<message>"} (http-api.md §8.3). Only errors
// raised by these handlers use it; org and auth errors keep the standard body.
func ollamaError(c *gin.Context, msg string) {
	c.JSON(http.StatusOK, proxy.OllamaError{Error: msg})
}

// ollamaTags lists local aliases only, so it is empty until local models exist (always, in hosted mode).
func (s *Server) ollamaTags(c *gin.Context) {
	c.JSON(http.StatusOK, proxy.NewOllamaTagsResponse(nil))
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

// ollamaChat converts the request to an OpenAI chat request, routes it like /v1/chat/completions and converts the
// answer back, streamed line by line.
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
	target, err := s.deps.APIModels.Resolve(ctx, org, req.Model)
	if errors.Is(err, apimodels.ErrModelNotFound) {
		ollamaError(c, "model '"+req.Model+"' not found")
		return
	}
	if err != nil {
		ollamaError(c, "model resolution failed")
		return
	}
	key, err := apimodels.OpenKey(org, target.Alias)
	if err != nil {
		ollamaError(c, "The stored API key could not be decrypted.")
		return
	}
	upstreamReq.Model = target.UpstreamModel
	payload, err := json.Marshal(upstreamReq)
	if err != nil {
		ollamaError(c, err.Error())
		return
	}
	w := s.awaitUpstream(c)
	defer w.done()
	resp, err := proxy.Send(ctx, s.deps.Upstream, proxy.Request{URL: target.Alias.BaseURL + "/chat/completions",
		Key: key, Body: payload})
	if err != nil {
		ollamaError(c, "the model provider could not be reached")
		return
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		c.JSON(http.StatusOK, proxy.OllamaErrorFromUpstream(resp.StatusCode, raw))
		return
	}
	if !req.Streaming() {
		raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
		if err != nil {
			ollamaError(c, "reading the provider answer failed")
			return
		}
		out, err := proxy.NewOllamaChatResponse(raw, req.Model, time.Now())
		if err != nil {
			ollamaError(c, err.Error())
			return
		}
		c.JSON(http.StatusOK, out)
		return
	}
	c.Header("Content-Type", "application/x-ndjson")
	c.Status(http.StatusOK)
	conv := proxy.OllamaStreamConverter{Model: req.Model, Now: time.Now, Flush: c.Writer.Flush}
	if err := conv.Convert(resp.Body, c.Writer); err != nil && ctx.Err() == nil {
		s.deps.Logger.Warn("ollama stream conversion", "org", org.Slug, "err", err)
	}
}
