package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"sobat-ikm/bot/web"
	"sobat-ikm/flows/office"
	"sobat-ikm/locales"
	"sobat-ikm/store"
)

// envWebURL is the console's public address, used in login links.
const envWebURL = "SOBAT_WEB_URL"

// lateHandler serves through a handler set once it is built (the
// console needs the sender, built after the channels that serve it).
type lateHandler struct{ h atomic.Pointer[http.Handler] }

func (l *lateHandler) set(h http.Handler) { l.h.Store(&h) }

func (l *lateHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := l.h.Load()
	if h == nil {
		http.Error(w, "starting", http.StatusServiceUnavailable)
		return
	}
	(*h).ServeHTTP(w, r)
}

// newConsole builds the officers' web console.
func newConsole(db *store.DB, off *office.Office, cat *locales.Catalog, cfg config, addr string,
	notify func(...string), now func() time.Time, log *slog.Logger) (*web.Server, error) {
	return web.New(web.Config{DB: db, Office: off, Catalog: cat, Officers: cfg.Officers, BaseURL: consoleURL(cfg, addr),
		Notify: notify, Now: now, Log: log})
}

// serveConsole serves h on ln until ctx ends, then lets the requests
// in flight finish.
func serveConsole(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 5 * time.Minute, // (an export of every owner)
		IdleTimeout:  2 * time.Minute, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	log.Info("web console listening", "addr", "http://"+ln.Addr().String())
	select {
	case <-ctx.Done():
	case err := <-served:
		if !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("web console: %w", err)
		}
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}

// consoleURL is the console's address in links: the configured one, or
// the address it is served on (a loopback one when the host is left
// out), never one a request names.
func consoleURL(cfg config, addr string) string {
	if cfg.WebURL != "" {
		return strings.TrimRight(cfg.WebURL, "/")
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port)
}
