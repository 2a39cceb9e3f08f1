package web

import (
	"context"
	"errors"
	"net"
	"net/http"
	"regexp"
	"strings"
	"time"

	"sobat-ikm/flows/office"
	"sobat-ikm/store"
)

// sitePath is a page of the console a language switch may return to.
var sitePath = regexp.MustCompile(`^/((applications|owners|audit|login)(/[A-Za-z0-9-]+)?)?$`)

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
// says the same whether or not the name is an officer's, and takes the
// same time: the link is made and queued after the answer.
func (s *Server) sendLink(w http.ResponseWriter, r *http.Request) {
	if !formTokenOK(r) {
		s.render(w, r, http.StatusForbidden, "message", "", "", message{Title: "web_csrf_title", Text: "web_csrf_text", Link: "/login"})
		return
	}
	o, known := s.officerByAny(r.PostFormValue("who"))
	if !s.allowLogin(clientAddr(r), o.Name, known) {
		s.render(w, r, http.StatusTooManyRequests, "message", "", "", message{Title: "web_login_slow_title", Text: "web_login_slow_text", Link: "/login"})
		return
	}
	if known {
		ctx := context.WithoutCancel(r.Context())
		go func() {
			err := s.cfg.DB.Update(ctx, func(tx *store.Tx) error {
				_, err := s.cfg.Office.SendLoginLink(tx, o, s.cfg.BaseURL)
				return err
			})
			if err != nil {
				s.cfg.Log.Error("web: login link", "err", err)
				return
			}
			s.cfg.Notify(o.Chat.Channel)
		}()
	}
	s.render(w, r, http.StatusOK, "message", "", "", message{Title: "web_link_sent_title", Text: "web_link_sent_text", Link: "/login"})
}

// clientAddr is the address a request came from: the connection's, or,
// when the connection is the reverse proxy on this machine, the address
// the proxy added last to X-Forwarded-For.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			parts := strings.Split(xff[len(xff)-1], ",")
			if last := strings.TrimSpace(parts[len(parts)-1]); net.ParseIP(last) != nil {
				return last
			}
		}
	}
	return host
}

// allowLogin counts a login request from an address, for an officer
// when one is named; false past loginTries in loginWindow from that
// address, or for that officer (so that many addresses cannot flood an
// officer's chat with links).
func (s *Server) allowLogin(addr, officer string, known bool) bool {
	now := s.cfg.Now()
	s.limitMu.Lock()
	defer s.limitMu.Unlock()
	keys := []string{"addr:" + addr}
	if known {
		keys = append(keys, "officer:"+strings.ToLower(officer))
	}
	recent := func(k string) []time.Time {
		var out []time.Time
		for _, t := range s.tries[k] {
			if now.Sub(t) < loginWindow {
				out = append(out, t)
			}
		}
		return out
	}
	for _, k := range keys {
		if len(recent(k)) >= loginTries {
			return false
		}
	}
	for _, k := range keys {
		s.tries[k] = append(recent(k), now)
	}
	if len(s.tries) > 10_000 { // forget the addresses with no recent request
		for k := range s.tries {
			if len(recent(k)) == 0 {
				delete(s.tries, k)
			}
		}
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
	if !sitePath.MatchString(back) {
		back = "/" // only a page of this site: no open redirect
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}
