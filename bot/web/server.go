// Package web is the officers' web console: the office's numbers, the
// applications and the owners in a browser, served by the bot's own
// process. Every change goes through flows/office, the same operation as
// in chat and on the command line; every read is a read transaction.
//
// Officers log in without passwords: a one-time link, valid for ten
// minutes, is sent to the officer's own configured chat. Pages are
// server-rendered html/template with embedded assets; every action works
// without JavaScript; each form carries a CSRF token.
package web

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"sobat-ikm/flows/office"
	"sobat-ikm/locales"
	"sobat-ikm/store"
)

//go:embed templates/*.html static/*
var assets embed.FS

// Config is what the console is built on.
type Config struct {
	DB      *store.DB
	Office  *office.Office
	Catalog *locales.Catalog
	// Officers are the configured officers: a session of anyone else
	// (removed from the configuration) ends.
	Officers []office.Officer
	// BaseURL is where the console is reached, for the links sent to
	// officers ("https://ikm.example.go.id"); cookies are Secure when it
	// is HTTPS. Required: a link is never built from a request's Host,
	// which whoever sends the request chooses.
	BaseURL string
	// Notify wakes the senders of channels that got messages (a login
	// link).
	Notify func(channels ...string)
	Now    func() time.Time
	Log    *slog.Logger
}

// Server serves the console.
type Server struct {
	cfg   Config
	pages map[string]*template.Template
	mux   *http.ServeMux

	limitMu sync.Mutex
	tries   map[string][]time.Time // remote address -> recent login requests
}

// Cookie names.
const (
	sessionCookie = "sobat_session"
	formCookie    = "sobat_form" // the anonymous forms' CSRF token (double submit)
	langCookie    = "sobat_lang"
)

// New builds the console.
func New(cfg Config) (*Server, error) {
	if !strings.HasPrefix(cfg.BaseURL, "http://") && !strings.HasPrefix(cfg.BaseURL, "https://") {
		return nil, fmt.Errorf("web: the console's address %q must be an http:// or https:// URL", cfg.BaseURL)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Notify == nil {
		cfg.Notify = func(...string) {}
	}
	s := &Server{cfg: cfg, pages: map[string]*template.Template{}, mux: http.NewServeMux(), tries: map[string][]time.Time{}}
	names, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.New("layout.html").Funcs(templateFuncs()).ParseFS(assets, "templates/layout.html", n)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		s.pages[name] = t
	}
	static, err := fs.Sub(assets, "static")
	if err != nil {
		return nil, err
	}
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	s.routes()
	return s, nil
}

// ServeHTTP serves a request with the console's security headers.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer") // a login link never leaks in a Referer
	s.mux.ServeHTTP(w, r)
}

// page is what a template renders: the officer, the language, the
// CSRF token, and the page's own data.
type page struct {
	Officer string
	Lang    string
	CSRF    string
	Path    string
	Data    any
	cat     *locales.Catalog
}

// T renders a message of the catalog in the page's language; kv are
// the template's field pairs.
func (p page) T(id string, kv ...any) string {
	data := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			data[k] = kv[i+1]
		}
	}
	return p.cat.Text(p.Lang, id, data)
}

// Stage is a stage's name in the page's language.
func (p page) Stage(kind, code string) string { return p.T("stage_" + kind + "_" + code) }

// Kind is a kind of application's name in the page's language.
func (p page) Kind(kind string) string { return p.T("app_kind_" + kind) }

// render writes a page with status code.
func (s *Server) render(w http.ResponseWriter, r *http.Request, code int, name string, officer, csrf string, data any) {
	t, ok := s.pages[name]
	if !ok {
		http.Error(w, "no page "+name, http.StatusInternalServerError)
		return
	}
	p := page{Officer: officer, Lang: lang(r), CSRF: csrf, Path: r.URL.Path, Data: data, cat: s.cfg.Catalog}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	if err := t.Execute(w, p); err != nil {
		s.cfg.Log.Error("web: render", "page", name, "err", err)
	}
}

// lang is the page's language: the toggle's cookie, Indonesian otherwise.
func lang(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && c.Value == "en" {
		return "en"
	}
	return locales.Default
}

// secure reports whether cookies must be Secure (the console is served
// over HTTPS).
func (s *Server) secure(r *http.Request) bool {
	return r.TLS != nil || strings.HasPrefix(s.cfg.BaseURL, "https://")
}

// officer is the configured officer named, and false when none is.
func (s *Server) officer(name string) (office.Officer, bool) {
	for _, o := range s.cfg.Officers {
		if strings.EqualFold(o.Name, strings.TrimSpace(name)) {
			return o, true
		}
	}
	return office.Officer{}, false
}

// officerByAny is the configured officer a login form names: by name, or
// by the chat address they are configured with.
func (s *Server) officerByAny(v string) (office.Officer, bool) {
	v = strings.TrimSpace(v)
	if o, ok := s.officer(v); ok {
		return o, true
	}
	for _, o := range s.cfg.Officers {
		if o.Chat.Address == v || o.Chat.Channel+":"+o.Chat.Address == v {
			return o, true
		}
	}
	return office.Officer{}, false
}

// session is the request's session: its secret and token; ok is false
// when there is none, it ended or expired, or its officer is no longer
// configured (the session is then ended).
func (s *Server) session(r *http.Request) (string, store.WebToken, bool) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return "", store.WebToken{}, false
	}
	var t store.WebToken
	err = s.cfg.DB.View(r.Context(), func(tx *store.ReadTx) (err error) {
		t, err = tx.FindWebSession(c.Value, s.cfg.Now())
		return err
	})
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			s.cfg.Log.Error("web: session", "err", err)
		}
		return "", store.WebToken{}, false
	}
	if _, ok := s.officer(t.Officer); !ok {
		s.endSession(r.Context(), c.Value)
		return "", store.WebToken{}, false
	}
	return c.Value, t, true
}

func (s *Server) endSession(ctx context.Context, secret string) {
	if err := s.cfg.DB.Update(ctx, func(tx *store.Tx) error { return tx.EndWebSession(secret, s.cfg.Now()) }); err != nil {
		s.cfg.Log.Error("web: end session", "err", err)
	}
}

// authed wraps a page that needs a session; a POST also needs the
// session's CSRF token.
func (s *Server) authed(h func(w http.ResponseWriter, r *http.Request, by office.Actor, t store.WebToken)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_, t, ok := s.session(r)
		if !ok {
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		if r.Method == http.MethodPost && r.PostFormValue("csrf") != t.CSRF {
			s.render(w, r, http.StatusForbidden, "message", t.Officer, t.CSRF, message{Title: "web_csrf_title", Text: "web_csrf_text"})
			return
		}
		h(w, r, office.Actor{Name: t.Officer}, t)
	}
}

// message is a page of one message: a refused link, a stale form.
type message struct {
	Title, Text string
	Link        string // where to go next
}
