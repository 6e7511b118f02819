package server

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/apimodels"
	"github.com/bodhiapp/bodhi/gateway"
	"github.com/bodhiapp/bodhi/localmodels"
	"github.com/bodhiapp/bodhi/membudget"
	"github.com/bodhiapp/bodhi/ollama"
)

// The Ollama routes (http-api.md §8): Ollama's native API over the org's models, for clients that speak Ollama.
// Every error, including those of the org and auth middleware before the handler (WriteError), has Ollama's shape
// {"error": "<message>"} and a real status.

// IsOllamaRoute tells whether path is one of Ollama's routes, which answer errors in Ollama's shape; /api/orgs/*
// are Bodhi's own and keep its error body.
func IsOllamaRoute(path string) bool {
	return strings.HasPrefix(path, "/api/") && !strings.HasPrefix(path, "/api/orgs/")
}

// ollamaRoutes registers the Ollama API on group (any signed-in user or API token of the org).
func (s *Server) ollamaRoutes(group *gin.RouterGroup) {
	group.GET("/api/tags", s.ollamaTags)
	group.POST("/api/show", s.ollamaShow)
	group.POST("/api/chat", s.ollamaChat)
	group.POST("/api/generate", s.ollamaGenerate)
	group.POST("/api/embed", s.ollamaEmbed)
	group.POST("/api/embeddings", s.ollamaEmbeddings)
	group.GET("/api/version", s.ollamaVersion)
	group.GET("/api/ps", s.ollamaPs)
	// Ollama's model management has no meaning for a gateway: each answers a clear 400.
	group.POST("/api/pull", s.ollamaUnsupported)
	group.POST("/api/push", s.ollamaUnsupported)
	group.POST("/api/create", s.ollamaUnsupported)
	group.POST("/api/copy", s.ollamaUnsupported)
	group.DELETE("/api/delete", s.ollamaUnsupported)
	group.HEAD("/api/blobs/:digest", s.ollamaUnsupported)
	group.POST("/api/blobs/:digest", s.ollamaUnsupported)
}

// ollamaFail answers status with Ollama's error body.
func ollamaFail(c *gin.Context, status int, msg string) {
	c.AbortWithStatusJSON(status, ollama.Error{Error: msg})
}

func (s *Server) ollamaUnsupported(c *gin.Context) {
	route := strings.TrimPrefix(c.FullPath(), "/api/")
	if i := strings.IndexByte(route, '/'); i >= 0 {
		route = route[:i]
	}
	msg := "Bodhi does not support Ollama's /api/" + route + ": models come from the org's API models"
	if s.deps.LocalModels != nil {
		msg += " and from GGUF files downloaded with Bodhi's own downloads (POST /bodhi/v1/modelfiles/pull, or " +
			"the web app's Downloads page) and named with model aliases"
	}
	ollamaFail(c, http.StatusBadRequest, msg+".")
}

func (s *Server) ollamaVersion(c *gin.Context) {
	c.JSON(http.StatusOK, ollama.VersionResponse{Version: ollama.APIVersion})
}

// ollamaModels lists the models the caller may use, as the Ollama routes describe them: the local aliases with
// what their file's metadata says, then the API models.
func (s *Server) ollamaModels(ctx context.Context) ([]ollama.Model, error) {
	org, _ := Org(ctx)
	models, err := s.deps.Gateway.Models(ctx, org)
	if err != nil {
		return nil, err
	}
	local := map[string]localmodels.LocalAlias{}
	if s.deps.LocalModels != nil {
		aliases, err := s.deps.LocalModels.LocalAliases(ctx, org.OrgID)
		if err != nil {
			return nil, err
		}
		for _, a := range aliases {
			local[a.Name] = a
		}
	}
	out := make([]ollama.Model, len(models))
	for i, m := range models {
		if a, ok := local[m.ID]; ok && m.Format == gateway.LocalFormat {
			out[i] = ollamaLocalModel(a)
			continue
		}
		out[i] = ollama.Model{Name: m.ID, Modified: m.Created, Format: m.Format, Source: m.OwnedBy,
			Capabilities: []string{"completion"}}
	}
	return out, nil
}

// ollamaLocalModel describes a local alias: its file's size and SHA-256, and what its metadata knows.
func ollamaLocalModel(a localmodels.LocalAlias) ollama.Model {
	m := ollama.Model{Name: a.Name, Modified: a.Modified, Format: gateway.LocalFormat, Capabilities: []string{"completion"}}
	if a.User != nil {
		m.Source = a.User.Repo + "/" + a.User.Filename
		m.ContextParams, m.RequestParams = a.User.ContextParams, a.User.RequestParams
	}
	if f := a.File; f != nil {
		m.Source, m.Size, m.Digest = f.Repo+"/"+f.Filename, f.Size, f.Blob
	}
	md := a.Metadata
	if md == nil {
		return m
	}
	arch := md.Architecture
	m.Family, m.Quantization = deref(arch.Family), deref(arch.Quantization)
	if arch.ParameterCount != nil {
		m.ParameterSize = parameterSize(*arch.ParameterCount)
	}
	if md.Context.MaxInputTokens != nil {
		m.ContextLength = *md.Context.MaxInputTokens
	}
	caps := md.Capabilities
	for name, has := range map[string]*bool{"tools": caps.Tools.FunctionCalling, "vision": caps.Vision,
		"thinking": caps.Thinking} {
		if has != nil && *has {
			m.Capabilities = append(m.Capabilities, name)
		}
	}
	slices.Sort(m.Capabilities[1:]) // the map's order is random
	return m
}

func (s *Server) ollamaTags(c *gin.Context) {
	models, err := s.ollamaModels(c.Request.Context())
	if err != nil {
		s.fail(c, "list the models", err)
		return
	}
	c.JSON(http.StatusOK, ollama.NewTagsResponse(models))
}

func (s *Server) ollamaShow(c *gin.Context) {
	ollamaHandle(s, c, ollama.DecodeShowRequest, func(name string) {
		models, err := s.ollamaModels(c.Request.Context())
		if err != nil {
			s.fail(c, "list the models", err)
			return
		}
		i := slices.IndexFunc(models, func(m ollama.Model) bool { return m.Name == name })
		if i < 0 {
			ollamaFail(c, http.StatusNotFound, "model '"+name+"' not found")
			return
		}
		out, err := ollama.NewShowResponse(models[i])
		if err != nil {
			s.fail(c, "describe the model", err)
			return
		}
		c.JSON(http.StatusOK, out)
	})
}

// ollamaPs lists the local alias llama-server has in memory (standalone); API models are never "loaded".
func (s *Server) ollamaPs(c *gin.Context) {
	alias, until, ok := s.deps.Gateway.Loaded()
	if !ok {
		c.JSON(http.StatusOK, ollama.NewPsResponse(nil, time.Time{}))
		return
	}
	models, err := s.ollamaModels(c.Request.Context())
	if err != nil {
		s.fail(c, "list the models", err)
		return
	}
	for _, m := range models {
		if m.Name == alias {
			c.JSON(http.StatusOK, ollama.NewPsResponse(&m, until))
			return
		}
	}
	// The loaded alias is not this org's (standalone has one org) or was removed meanwhile: nothing to show.
	c.JSON(http.StatusOK, ollama.NewPsResponse(nil, time.Time{}))
}

// ollamaHandle is the start every Ollama route with a body shares: read it within the memory budget (held until
// the handler returns: the converted request holds as much, images above all), decode it (400 with the reason),
// then handle the request.
func ollamaHandle[R any](s *Server, c *gin.Context, decode func([]byte) (R, error), handle func(R)) {
	body, res, ok := s.ollamaBody(c)
	defer res.Release()
	if !ok {
		return
	}
	req, err := decode(body)
	if err != nil {
		ollamaFail(c, http.StatusBadRequest, err.Error())
		return
	}
	handle(req)
}

// ollamaConverted takes a request's OpenAI form, answering 400 when it cannot be built.
func ollamaConverted(c *gin.Context) func(ollama.OpenAIChat, error) (ollama.OpenAIChat, bool) {
	return func(req ollama.OpenAIChat, err error) (ollama.OpenAIChat, bool) {
		if err != nil {
			ollamaFail(c, http.StatusBadRequest, err.Error())
			return req, false
		}
		return req, true
	}
}

// ollamaAnswer writes a provider answer converted to Ollama's shape, or 502 when it could not be converted.
func ollamaAnswer(c *gin.Context) func(any, error) {
	return func(out any, err error) {
		if err != nil {
			ollamaFail(c, http.StatusBadGateway, err.Error())
			return
		}
		c.JSON(http.StatusOK, out)
	}
}

// ollamaBody reads the request body within the memory budget; false when it answered an error. The caller
// releases the reservation when the call ends: the converted request holds as much (images, above all) until then.
func (s *Server) ollamaBody(c *gin.Context) ([]byte, membudget.Reservation, bool) {
	body, res, err := s.readBody(c, apiBodyLimit)
	if err != nil {
		writeBodyError(c, err)
		return nil, res, false
	}
	return body, res, true
}

func (s *Server) ollamaChat(c *gin.Context) {
	ollamaHandle(s, c, ollama.DecodeChatRequest, func(req ollama.ChatRequest) {
		if upstream, ok := ollamaConverted(c)(req.OpenAI()); ok {
			s.ollamaComplete(c, ollama.Chat, req.Model, req.Streaming(), upstream)
		}
	})
}

func (s *Server) ollamaGenerate(c *gin.Context) {
	ollamaHandle(s, c, ollama.DecodeGenerateRequest, func(req ollama.GenerateRequest) {
		if req.Prompt == "" && len(req.Images) == 0 {
			// Ollama loads the model and answers at once; a provider has nothing to load, but the model must exist.
			s.ollamaLoad(c, req.Model)
			return
		}
		if upstream, ok := ollamaConverted(c)(req.OpenAI()); ok {
			s.ollamaComplete(c, ollama.Generate, req.Model, req.Streaming(), upstream)
		}
	})
}

func (s *Server) ollamaLoad(c *gin.Context, model string) {
	ctx := c.Request.Context()
	org, _ := Org(ctx)
	if _, err := s.deps.Gateway.Model(ctx, org, model); err != nil {
		s.ollamaCallFailed(c, model, err)
		return
	}
	c.JSON(http.StatusOK, ollama.LoadedResponse(model, ollama.Timing{End: time.Now()}))
}

// ollamaComplete sends a chat request through the gateway, as /v1/chat/completions does, and converts the answer:
// a whole one into one Ollama body, a stream line by line.
func (s *Server) ollamaComplete(c *gin.Context, kind ollama.Kind, model string, stream bool, req ollama.OpenAIChat) {
	ctx := c.Request.Context()
	org, _ := Org(ctx)
	start := time.Now()
	u := s.trackUsage(c, model, stream)
	defer u.done(c)
	resp, ok := s.ollamaOpen(c, u, model, gateway.Call{Endpoint: gateway.EndpointChat,
		Body: gateway.OllamaChat{Request: req}})
	if !ok {
		return
	}
	defer resp.Body.Close()
	if !stream {
		raw, ok := s.ollamaRead(c, resp)
		if !ok {
			return
		}
		t := ollama.Timing{Start: start, FirstByte: start, End: time.Now()}
		if kind == ollama.Generate {
			ollamaAnswer(c)(ollama.NewGenerateResponse(raw, model, t))
		} else {
			ollamaAnswer(c)(ollama.NewChatResponse(raw, model, t))
		}
		return
	}
	c.Header("Content-Type", "application/x-ndjson")
	c.Status(http.StatusOK)
	conv := ollama.StreamConverter{Kind: kind, Model: model, Start: start, Flush: c.Writer.Flush}
	if err := conv.Convert(resp.Body, c.Writer); err != nil && ctx.Err() == nil {
		s.deps.Logger.Warn("ollama stream conversion", "org", org.Slug, "err", err)
	}
}

func (s *Server) ollamaEmbed(c *gin.Context) {
	ollamaHandle(s, c, ollama.DecodeEmbedRequest, func(req ollama.EmbedRequest) {
		start := time.Now()
		upstream := req.OpenAI()
		if raw, ok := s.ollamaEmbedCall(c, req.Model, upstream); ok {
			ollamaAnswer(c)(ollama.NewEmbedResponse(raw, upstream, req.Model, ollama.Timing{Start: start, End: time.Now()}))
		}
	})
}

func (s *Server) ollamaEmbeddings(c *gin.Context) {
	ollamaHandle(s, c, ollama.DecodeEmbeddingsRequest, func(req ollama.EmbeddingsRequest) {
		if raw, ok := s.ollamaEmbedCall(c, req.Model, req.OpenAI()); ok {
			ollamaAnswer(c)(ollama.NewEmbeddingsResponse(raw))
		}
	})
}

// ollamaEmbedCall sends an embeddings request through the gateway and reads the whole answer.
func (s *Server) ollamaEmbedCall(c *gin.Context, model string, req ollama.OpenAIEmbeddings) ([]byte, bool) {
	u := s.trackUsage(c, model, false)
	defer u.done(c)
	resp, ok := s.ollamaOpen(c, u, model, gateway.Call{Endpoint: gateway.EndpointEmbeddings,
		Body: gateway.OllamaEmbeddings{Request: req}})
	if !ok {
		return nil, false
	}
	defer resp.Body.Close()
	return s.ollamaRead(c, resp)
}

// ollamaOpen opens a model call through the gateway. A failure to open it, or a provider's error answer, is
// answered here (false).
func (s *Server) ollamaOpen(c *gin.Context, u *gatewayUsage, model string, call gateway.Call) (*http.Response, bool) {
	ctx := c.Request.Context()
	org, _ := Org(ctx)
	w := s.awaitUpstream(c)
	defer w.done()
	resp, err := s.deps.Gateway.Forward(ctx, org, u.call(call))
	if err != nil {
		s.ollamaCallFailed(c, model, err)
		return nil, false
	}
	u.opened(resp, false)
	if resp.StatusCode/100 != 2 {
		defer resp.Body.Close()
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		ollamaFail(c, ollamaUpstreamStatus(resp.StatusCode), ollama.UpstreamError(resp.StatusCode, raw))
		return nil, false
	}
	return resp, true
}

// ollamaUpstreamStatus is the status a provider's error answer is relayed with: its own for rate limits, server
// errors and refusals of the request; 502 when the provider refused Bodhi's key (401, 403), which is not the
// client's fault, or answered something else.
func ollamaUpstreamStatus(status int) int {
	switch {
	case status == http.StatusUnauthorized, status == http.StatusForbidden:
		return http.StatusBadGateway
	case status >= 400 && status <= 599:
		return status
	}
	return http.StatusBadGateway
}

// ollamaRead reads a whole provider answer.
func (s *Server) ollamaRead(c *gin.Context, resp *http.Response) ([]byte, bool) {
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		ollamaFail(c, http.StatusBadGateway, "reading the provider's answer failed")
		return nil, false
	}
	return raw, true
}

// ollamaCallFailed answers a call the gateway could not open: 404 for a model the org does not have (in Ollama's
// words), else the error's own status and message.
func (s *Server) ollamaCallFailed(c *gin.Context, model string, err error) {
	if errors.Is(err, apimodels.ErrModelNotFound) || errors.Is(err, gateway.ErrAliasNotFound) {
		ollamaFail(c, http.StatusNotFound, "model '"+model+"' not found")
		return
	}
	s.failRelay(c, err) // in Ollama's shape, as every error on these routes
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// parameterSize renders a parameter count as Ollama does: "8.0B", "494.0M".
func parameterSize(n int64) string {
	switch {
	case n >= 1e9:
		return strconv.FormatFloat(float64(n)/1e9, 'f', 1, 64) + "B"
	case n >= 1e6:
		return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + "M"
	case n >= 1e3:
		return strconv.FormatFloat(float64(n)/1e3, 'f', 1, 64) + "K"
	}
	return strconv.FormatInt(n, 10)
}
