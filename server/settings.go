package server

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/audit"
	"github.com/bodhiapp/bodhi/config"
)

// Platform settings (http-api.md §12): listed per mode, only BODHI_KEEP_ALIVE_SECS editable, read-only hosted.

func (s *Server) listSettings(c *gin.Context) {
	c.JSON(http.StatusOK, s.deps.Settings.List())
}

func (s *Server) updateSetting(c *gin.Context) {
	var body struct {
		Value json.RawMessage `json:"value"`
	}
	if !s.bindJSON(c, &body, false) {
		return
	}
	info, err := s.deps.Settings.Update(c.Param("key"), body.Value)
	if s.settingError(c, err) {
		return
	}
	s.record(c, audit.SettingUpdate, "setting", info.Key, map[string]any{"value": info.CurrentValue})
	c.JSON(http.StatusOK, info)
}

func (s *Server) resetSetting(c *gin.Context) {
	info, err := s.deps.Settings.Reset(c.Param("key"))
	if s.settingError(c, err) {
		return
	}
	s.record(c, audit.SettingUpdate, "setting", info.Key, map[string]any{"reset": true})
	c.JSON(http.StatusOK, info)
}

// settingError answers err, if any, and reports whether it did.
func (s *Server) settingError(c *gin.Context, err error) bool {
	if err == nil {
		return false
	}
	var se *config.SettingError
	if errors.As(err, &se) {
		typ := TypeInvalidRequest
		if se.Status == http.StatusNotFound {
			typ = TypeNotFound
		}
		WriteError(c, NewError(typ, se.Code, se.Msg))
		return true
	}
	s.internal(c, "write settings", err)
	return true
}
