package devidp

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
)

// loginTemplate is the login form of auth.md §16.4. The ids (login-form, username, password, kc-login) are the
// ones Keycloak's theme uses, so browser tests drive either provider the same way.
var loginTemplate = template.Must(template.New("login").Parse(`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in to {{.Realm}}</title></head>
<body>
<p><strong>Development identity provider — not for production.</strong></p>
<h1>Sign in to {{.Realm}}</h1>
{{if .Error}}<p id="input-error" role="alert">{{.Error}}</p>
{{end}}<form id="login-form" method="POST" action="{{.Action}}">
{{range .Hidden}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}<label for="username">Username</label>
<input id="username" name="username" type="text" value="{{.Username}}" autocomplete="username" autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password">
<input id="kc-login" name="login" type="submit" value="Sign In">
</form>
</body>
</html>
`))

// errorTemplate is the page shown when the provider cannot safely redirect back to the client.
var errorTemplate = template.Must(template.New("error").Parse(`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign-in error</title></head>
<body>
<h1>We are sorry...</h1>
<p id="kc-error-message">{{.}}</p>
</body>
</html>
`))

type hiddenField struct{ Name, Value string }

type loginPage struct {
	Realm, Action, Error, Username string
	Hidden                         []hiddenField
}

// credentialFields are the form's own inputs, never carried as hidden fields.
var credentialFields = []string{"username", "password", "login"}

// hiddenFields carries every original authorization parameter through the form post, in a stable order.
func hiddenFields(params url.Values) []hiddenField {
	var names []string
	for name := range params {
		if !slices.Contains(credentialFields, name) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	var out []hiddenField
	for _, name := range names {
		for _, v := range params[name] {
			out = append(out, hiddenField{Name: name, Value: v})
		}
	}
	return out
}

func renderHTML(w http.ResponseWriter, status int, t *template.Template, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = t.Execute(w, data)
}
