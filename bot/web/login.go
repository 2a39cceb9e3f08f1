package web

import (
	"errors"
	"net"
	"net/http"
	"time"

	"sobat-ikm/flows/office"
	"sobat-ikm/store"
)

// loginTries is how many login requests one address may make in
// loginWindow.
const (
	loginTries  = 5
	loginWindow = 10 * time.Minute
)

// loginForm shows the login page, with the anonymous form's CSRF token
// (a cookie and a hidden field that must match).
func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "login", "", s.formToken(w, r), nil)
}

// formToken is the anonymous forms' CSRF token, set as a cookie when
// there is none yet.
func (s *Server) formToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(formCookie); err == nil && len(c.Value) >= 32 {
		return c.Value
	}
	v := office.NewSecret()
	http.SetCookie(w, &http.Cookie{Name: formCookie, Value: v, Path: "/", HttpOnly: true, Secure: s.secure(r),
		SameSite: http.SameSiteLaxMode})
	return v
}

// formTokenOK reports whether an anonymous form carries the token of
// its cookie.
func formTokenOK(r *http.Request) bool {
	c, err := r.Cookie(formCookie)
	return err == nil && c.Value != "" && r.PostFormValue("csrf") == c.Value
}

// sendLink sends a login link to the officer the form names. The page
// says the same whether or not the name is an officer's.
func (s *Server) sendLink(w http.ResponseWriter, r *http.Request) {
	if !formTokenOK(r) {
		s.render(w, r, http.StatusForbidden, "message", "", "", message{Title: "web_csrf_title", Text: "web_csrf_text", Link: "/login"})
		return
	}
	if !s.allowLogin(r) {
		s.render(w, r, http.StatusTooManyRequests, "message", "", "", message{Title: "web_login_slow_title", Text: "web_login_slow_text", Link: "/login"})
		return
	}
	if o, ok := s.officerByAny(r.PostFormValue("who")); ok {
		err := s.cfg.DB.Update(r.Context(), func(tx *store.Tx) error {
			_, err := s.cfg.Office.SendLoginLink(tx, o, s.baseURL(r))
			return err
		})
		if err != nil {
			s.cfg.Log.Error("web: login link", "err", err)
			s.render(w, r, http.StatusServiceUnavailable, "message", "", "", message{Title: "web_error_title", Text: "web_error_text", Link: "/login"})
			return
		}
		s.cfg.Notify(o.Chat.Channel)
	}
	s.render(w, r, http.StatusOK, "message", "", "", message{Title: "web_link_sent_title", Text: "web_link_sent_text", Link: "/login"})
}

// baseURL is where links point: the configured address, or the one the
// request came to.
func (s *Server) baseURL(r *http.Request) string {
	if s.cfg.BaseURL != "" {
		return s.cfg.BaseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// allowLogin counts a login request of the address; false past
// loginTries in loginWindow.
func (s *Server) allowLogin(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	now := s.cfg.Now()
	s.limitMu.Lock()
	defer s.limitMu.Unlock()
	recent := s.tries[host][:0]
	for _, t := range s.tries[host] {
		if now.Sub(t) < loginWindow {
			recent = append(recent, t)
		}
	}
	if len(recent) >= loginTries {
		s.tries[host] = recent
		return false
	}
	s.tries[host] = append(recent, now)
	if len(s.tries) > 10_000 { // (bounded memory, whatever scans the page)
		clear(s.tries)
	}
	return true
}

// linkPage asks to confirm the login: opening the link (a chat app's
// preview fetches it too) never uses it; the button does.
func (s *Server) linkPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "link", "", s.formToken(w, r), r.PathValue("token"))
}

// useLink uses the link and opens a session.
func (s *Server) useLink(w http.ResponseWriter, r *http.Request) {
	if !formTokenOK(r) {
		s.render(w, r, http.StatusForbidden, "message", "", "", message{Title: "web_csrf_title", Text: "web_csrf_text", Link: "/login"})
		return
	}
	var secret string
	var t store.WebToken
	err := s.cfg.DB.Update(r.Context(), func(tx *store.Tx) (err error) {
		secret, t, err = s.cfg.Office.StartWebSession(tx, r.PathValue("token"))
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		s.render(w, r, http.StatusGone, "message", "", "", message{Title: "web_link_bad_title", Text: "web_link_bad_text", Link: "/login"})
		return
	}
	if err != nil {
		s.cfg.Log.Error("web: session", "err", err)
		s.render(w, r, http.StatusServiceUnavailable, "message", "", "", message{Title: "web_error_title", Text: "web_error_text", Link: "/login"})
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: secret, Path: "/", HttpOnly: true, Secure: s.secure(r),
		SameSite: http.SameSiteLaxMode, MaxAge: int(t.ExpiresAt.Sub(t.CreatedAt).Seconds())})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// logout ends the session.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if secret, t, ok := s.session(r); ok {
		if r.PostFormValue("csrf") != t.CSRF {
			s.render(w, r, http.StatusForbidden, "message", t.Officer, t.CSRF, message{Title: "web_csrf_title", Text: "web_csrf_text", Link: "/"})
			return
		}
		s.endSession(r.Context(), secret)
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secure(r)})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// setLang switches the console's language (a cookie; no data changes,
// so a plain link) and goes back.
func (s *Server) setLang(w http.ResponseWriter, r *http.Request) {
	l := "id"
	if r.URL.Query().Get("to") == "en" {
		l = "en"
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l, Path: "/", HttpOnly: true, Secure: s.secure(r),
		SameSite: http.SameSiteLaxMode, MaxAge: 365 * 24 * 3600})
	back := r.URL.Query().Get("back")
	if back == "" || back[0] != '/' || len(back) > 1 && (back[1] == '/' || back[1] == '\\') {
		back = "/" // only a path of this site: no open redirect
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}
