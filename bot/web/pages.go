package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"sobat-ikm/flows/office"
	"sobat-ikm/flows/understand"
	"sobat-ikm/store"
)

// pageSize is how many rows a list shows at a time.
const pageSize = 50

// routes are the console's pages.
func (s *Server) routes() {
	s.mux.HandleFunc("GET /login", s.loginForm)
	s.mux.HandleFunc("POST /login", s.sendLink)
	s.mux.HandleFunc("GET /login/{token}", s.linkPage)
	s.mux.HandleFunc("POST /login/{token}", s.useLink)
	s.mux.HandleFunc("POST /logout", s.logout)
	s.mux.HandleFunc("GET /lang", s.setLang)
	s.mux.HandleFunc("GET /{$}", s.authed(s.dashboard))
	s.mux.HandleFunc("GET /applications", s.authed(s.applications))
	s.mux.HandleFunc("GET /applications/{ref}", s.authed(s.application))
	s.mux.HandleFunc("POST /applications/{ref}/move", s.authed(s.move))
	s.mux.HandleFunc("POST /applications/{ref}/portal", s.authed(s.portal))
	s.mux.HandleFunc("GET /export/applications", s.authed(s.exportApplications))
	s.mux.HandleFunc("GET /owners", s.authed(s.owners))
	s.mux.HandleFunc("GET /owners/{regno}", s.authed(s.owner))
	s.mux.HandleFunc("POST /owners/{regno}/binaan", s.authed(s.binaan))
	s.mux.HandleFunc("GET /export/owners", s.authed(s.exportOwners))
	s.mux.HandleFunc("GET /trainings", s.authed(s.trainings))
	s.mux.HandleFunc("POST /trainings", s.authed(s.createTraining))
	s.mux.HandleFunc("GET /trainings/{id}", s.authed(s.training))
	s.mux.HandleFunc("POST /trainings/{id}/attendance", s.authed(s.attendance))
	s.mux.HandleFunc("POST /trainings/{id}/reschedule", s.authed(s.reschedule))
	s.mux.HandleFunc("POST /trainings/{id}/cancel", s.authed(s.cancelTraining))
	s.mux.HandleFunc("GET /export/trainings/{id}", s.authed(s.exportParticipants))
	s.mux.HandleFunc("GET /broadcasts", s.authed(s.broadcasts))
	s.mux.HandleFunc("POST /broadcasts/preview", s.authed(s.previewBroadcast))
	s.mux.HandleFunc("POST /broadcasts", s.authed(s.createBroadcast))
	s.mux.HandleFunc("GET /broadcasts/{id}", s.authed(s.broadcast))
	s.mux.HandleFunc("POST /broadcasts/{id}/cancel", s.authed(s.cancelBroadcast))
	s.mux.HandleFunc("GET /export/broadcasts/{id}/failures", s.authed(s.exportFailures))
	s.mux.HandleFunc("GET /tickets", s.authed(s.tickets))
	s.mux.HandleFunc("GET /tickets/{id}", s.authed(s.ticket))
	s.mux.HandleFunc("POST /tickets/{id}/take", s.authed(s.takeTicket))
	s.mux.HandleFunc("POST /tickets/{id}/reply", s.authed(s.replyTicket))
	s.mux.HandleFunc("POST /tickets/{id}/close", s.authed(s.closeTicket))
	s.mux.HandleFunc("GET /tickets/{id}/files/{msgid}", s.authed(s.ticketFile))
	s.mux.HandleFunc("GET /audit", s.authed(s.audit))
}

// refresher is the data of a page that reloads itself every so often
// (a broadcast being sent): refresh is the meta refresh's content, ""
// for none.
type refresher interface{ refresh() string }

// Refresh is the layout's meta refresh of the page, "" for none.
func (p page) Refresh() string {
	if rf, ok := p.Data.(refresher); ok {
		return rf.refresh()
	}
	return ""
}

// fail answers a request whose read or write failed on our side.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, t store.WebToken, err error) {
	s.cfg.Log.Error("web", "path", r.URL.Path, "err", err)
	s.render(w, r, http.StatusInternalServerError, "message", t.Officer, t.CSRF, message{Title: "web_error_title", Text: "web_error_text", Link: "/"})
}

// notFound answers a page of a record that does not exist.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, t store.WebToken) {
	s.render(w, r, http.StatusNotFound, "message", t.Officer, t.CSRF, message{Title: "web_notfound_title", Text: "web_notfound_text", Link: "/"})
}

// --- the dashboard ---

type dashboard struct {
	// Pauses are the channels that send replies only now (WhatsApp's
	// reach-out lock, a temporary ban).
	Pauses []store.Pause
	Rekap  office.Rekap
	Owners int
	Binaan int
	// Owners per kecamatan and per sector.
	ByKecamatan, BySector []tally
	TrainedBySector       []tally     // owners who came to a training this year
	Waiting               []listedApp // the oldest waiting on the office
	Bars                  []bar       // applications per month, this year
	Tickets               ticketNumbers
}

// tally is a count of something named.
type tally struct {
	Name, Link string
	N          int
}

type bar struct {
	Label  string
	N      int
	Height int // in the chart's units (0-100)
	X, Y   int
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request, _ office.Actor, t store.WebToken) {
	year := office.Year(s.cfg.Now())
	var d dashboard
	err := s.cfg.DB.View(r.Context(), func(tx *store.ReadTx) (err error) {
		for _, ch := range []string{"whatsapp", "telegram"} {
			p, paused, err := tx.PauseOf(ch, s.cfg.Now())
			if err != nil {
				return err
			}
			if paused {
				d.Pauses = append(d.Pauses, p)
			}
		}
		if d.Rekap, err = s.cfg.Office.Rekap(tx, year); err != nil {
			return err
		}
		d.Tickets = s.ticketNumbers(lang(r), d.Rekap.Tickets)
		yes := true
		if _, d.Owners, err = tx.FindOwners(store.OwnerFilter{Limit: 1}); err != nil {
			return err
		}
		if _, d.Binaan, err = tx.FindOwners(store.OwnerFilter{Binaan: &yes, Limit: 1}); err != nil {
			return err
		}
		for _, k := range understand.KecamatanNames() {
			_, n, err := tx.FindOwners(store.OwnerFilter{Kecamatan: k, Limit: 1})
			if err != nil {
				return err
			}
			d.ByKecamatan = append(d.ByKecamatan, tally{Name: k, Link: "/owners?kecamatan=" + url.QueryEscape(k), N: n})
		}
		for _, sec := range office.Sectors() {
			_, n, err := tx.FindOwners(store.OwnerFilter{Sector: sec, Limit: 1})
			if err != nil {
				return err
			}
			d.BySector = append(d.BySector, tally{Name: s.cfg.Catalog.Text(lang(r), "sector_"+sec, nil),
				Link: "/owners?sector=" + url.QueryEscape(sec), N: n})
		}
		for _, st := range []string{store.StageSubmitted, "verifikasi_dinas", "verifikasi_dokumen"} {
			apps, _, err := tx.FindApplications(store.ApplicationFilter{Stage: st, Limit: 5})
			if err != nil {
				return err
			}
			for _, a := range apps {
				d.Waiting = append(d.Waiting, s.listed(tx, a))
			}
		}
		slices.SortFunc(d.Waiting, func(a, b listedApp) int { return a.Since.Compare(b.Since) })
		d.Waiting = d.Waiting[:min(len(d.Waiting), 10)]
		for _, st := range d.Rekap.Trainings.BySector {
			d.TrainedBySector = append(d.TrainedBySector, tally{Name: s.cfg.Office.SectorName(lang(r), st.Sector), N: st.N})
		}
		d.Bars, err = monthBars(tx, year, strings.Fields(s.cfg.Catalog.Text(lang(r), "web_months", nil)))
		return err
	})
	if err != nil {
		s.fail(w, r, t, err)
		return
	}
	s.render(w, r, http.StatusOK, "dashboard", t.Officer, t.CSRF, d)
}

// monthBars counts this year's applications per month, for a chart.
func monthBars(tx *store.ReadTx, year int, months []string) ([]bar, error) {
	counts := make([]int, 12)
	for offset := 0; ; offset += 500 {
		apps, _, err := tx.FindApplications(store.ApplicationFilter{Year: year, Offset: offset, Limit: 500})
		if err != nil {
			return nil, err
		}
		for _, a := range apps {
			counts[a.CreatedAt.In(office.WITA()).Month()-1]++
		}
		if len(apps) < 500 {
			break
		}
	}
	most := max(slices.Max(counts), 1)
	bars := make([]bar, 12)
	for i, n := range counts {
		h := n * 100 / most
		bars[i] = bar{Label: months[i], N: n, Height: h, X: i * 30, Y: 105 - h}
	}
	return bars, nil
}

// --- applications ---

// listedApp is an application as a list shows it.
type listedApp struct {
	store.Application
	Ref      string
	Business string
	RegNo    string
	Since    time.Time
	Days     int
}

func (s *Server) listed(tx store.Reader, a store.Application) listedApp {
	l := listedApp{Application: a, Ref: a.Ref(), Since: a.StageAt, Days: int(s.cfg.Now().Sub(a.StageAt).Hours() / 24)}
	if o, err := tx.FindOwnerByID(a.OwnerID); err == nil {
		l.Business, l.RegNo = o.BusinessName, o.RegNo()
	}
	return l
}

type applicationsPage struct {
	Kind, Stage string
	Year        int
	Kecamatan   string
	Kecamatans  []string
	Days        int // waiting longer than so many days
	Stages      []store.Stage
	Apps        []listedApp
	Total       int
	Offset      int
	Next, Prev  string // links to the other pages, "" when none
	Export      string
}

// appFilter reads the applications' filters of a request.
func appFilter(r *http.Request) store.ApplicationFilter {
	q := r.URL.Query()
	f := store.ApplicationFilter{Kind: q.Get("kind"), Stage: q.Get("stage"), Limit: pageSize}
	if f.Kind != store.AppHalal && f.Kind != store.AppTKDN {
		f.Kind = ""
	}
	f.Year, _ = strconv.Atoi(q.Get("year"))
	f.Offset, _ = strconv.Atoi(q.Get("offset"))
	f.Offset = max(f.Offset, 0)
	f.Kecamatan = q.Get("kecamatan")
	return f
}

// waitingDays reads "waiting longer than N days" of a request (0: any).
func waitingDays(r *http.Request) int {
	n, _ := strconv.Atoi(r.URL.Query().Get("days"))
	return min(max(n, 0), 3650)
}

func (s *Server) applications(w http.ResponseWriter, r *http.Request, _ office.Actor, t store.WebToken) {
	f := appFilter(r)
	days := waitingDays(r)
	if days > 0 {
		f.StageBefore = s.cfg.Now().Add(-time.Duration(days) * 24 * time.Hour)
	}
	p := applicationsPage{Kind: f.Kind, Stage: f.Stage, Year: f.Year, Offset: f.Offset, Kecamatan: f.Kecamatan,
		Kecamatans: understand.KecamatanNames(), Days: days}
	err := s.cfg.DB.View(r.Context(), func(tx *store.ReadTx) error {
		for _, k := range []string{store.AppHalal, store.AppTKDN} {
			if f.Kind == "" || f.Kind == k {
				st, err := tx.Stages(k)
				if err != nil {
					return err
				}
				for _, x := range st {
					if !slices.ContainsFunc(p.Stages, func(y store.Stage) bool { return y.Code == x.Code }) {
						p.Stages = append(p.Stages, x)
					}
				}
			}
		}
		apps, total, err := tx.FindApplications(f)
		if err != nil {
			return err
		}
		p.Total = total
		for _, a := range apps {
			p.Apps = append(p.Apps, s.listed(tx, a))
		}
		return nil
	})
	if err != nil {
		s.fail(w, r, t, err)
		return
	}
	p.Next, p.Prev, p.Export = listLinks(r, f.Offset, len(p.Apps), p.Total, "/export/applications")
	s.render(w, r, http.StatusOK, "applications", t.Officer, t.CSRF, p)
}

// listLinks are a list's links: the next and the previous page, and the
// export (at export) of exactly what the list's filters select.
func listLinks(r *http.Request, offset, shown, total int, export string) (next, prev, exp string) {
	next, prev = pageLinks(r, offset, shown, total)
	q := r.URL.Query()
	q.Del("offset")
	return next, prev, export + "?" + q.Encode()
}

// pageLinks are the links to the next and the previous page of a list.
func pageLinks(r *http.Request, offset, shown, total int) (next, prev string) {
	q := r.URL.Query()
	if offset+shown < total {
		q.Set("offset", strconv.Itoa(offset+pageSize))
		next = r.URL.Path + "?" + q.Encode()
	}
	if offset > 0 {
		q.Set("offset", strconv.Itoa(max(offset-pageSize, 0)))
		prev = r.URL.Path + "?" + q.Encode()
	}
	return next, prev
}

type applicationPage struct {
	App     listedApp
	Owner   store.Owner
	NIK     string
	Next    []string
	History []store.StageChange
	Error   string // a refused move, said on the page
	Done    string // what was just done ("web_done_moved"), said on the page
}

// findApp reads an application by the reference in the path.
func (s *Server) findApp(tx store.Reader, ref string) (store.Application, error) {
	rf, ok := understand.FindReference(ref)
	if !ok {
		return store.Application{}, store.ErrNotFound
	}
	return tx.FindApplication(store.KindOfPrefix(rf.Prefix), rf.Year, rf.Seq, 0)
}

func (s *Server) applicationData(tx store.Reader, ref string) (applicationPage, error) {
	a, err := s.findApp(tx, ref)
	if err != nil {
		return applicationPage{}, err
	}
	p := applicationPage{App: s.listed(tx, a), NIK: understand.MaskNIK(a.NIK)}
	if o, err := tx.FindOwnerByID(a.OwnerID); err == nil {
		p.Owner = o
	}
	if p.Next, err = tx.NextStages(a); err != nil {
		return applicationPage{}, err
	}
	p.History, err = tx.ApplicationHistory(a.ID)
	return p, err
}

func (s *Server) application(w http.ResponseWriter, r *http.Request, _ office.Actor, t store.WebToken) {
	s.showApplication(w, r, t, http.StatusOK, "")
}

func (s *Server) showApplication(w http.ResponseWriter, r *http.Request, t store.WebToken, code int, problem string) {
	var p applicationPage
	if !s.view(w, r, t, func(tx *store.ReadTx) (err error) {
		p, err = s.applicationData(tx, r.PathValue("ref"))
		return err
	}) {
		return
	}
	p.Error = problem
	p.Done = doneMessage(r, "web_done_", "moved", "portal")
	s.render(w, r, code, "application", t.Officer, t.CSRF, p)
}

// move moves an application through the office, as chat and the command
// line do: the owner is told.
func (s *Server) move(w http.ResponseWriter, r *http.Request, by office.Actor, t store.WebToken) {
	pct, _ := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(r.PostFormValue("percent")), ",", "."), 64)
	var owner int64
	err := s.cfg.DB.Update(r.Context(), func(tx *store.Tx) error {
		a, err := s.findApp(tx, r.PathValue("ref"))
		if err != nil {
			return err
		}
		moved, err := s.cfg.Office.Move(tx, by, store.Move{ID: a.ID, From: r.PostFormValue("from"), To: r.PostFormValue("to"),
			Note: r.PostFormValue("note"), CertNo: r.PostFormValue("cert"), TKDNPercent: pct, ValidUntil: r.PostFormValue("valid_until")})
		owner = moved.OwnerID
		return err
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r, t)
	case errors.Is(err, store.ErrStale), errors.Is(err, store.ErrNotAllowed):
		s.showApplication(w, r, t, http.StatusConflict, "web_move_stale")
	case errors.Is(err, office.ErrNoteNeeded):
		s.showApplication(w, r, t, http.StatusUnprocessableEntity, "web_move_note")
	case errors.Is(err, office.ErrCertNeeded), errors.Is(err, office.ErrCertPercent), errors.Is(err, office.ErrCertValidity):
		s.showApplication(w, r, t, http.StatusUnprocessableEntity, "web_move_cert")
	case errors.Is(err, office.ErrNoteTooLong):
		s.showApplication(w, r, t, http.StatusUnprocessableEntity, "web_move_long")
	case err != nil:
		s.fail(w, r, t, err)
	default:
		s.wakeFor(r, owner)
		http.Redirect(w, r, "/applications/"+url.PathEscape(r.PathValue("ref"))+"?done=moved", http.StatusSeeOther)
	}
}

// wakeFor wakes the sender of the channel an owner's notice went to.
func (s *Server) wakeFor(r *http.Request, owner int64) {
	if owner == 0 {
		return
	}
	var chat store.ChatKey
	var ok bool
	err := s.cfg.DB.View(r.Context(), func(tx *store.ReadTx) (err error) {
		chat, ok, err = s.cfg.Office.NoticeChat(tx, owner)
		return err
	})
	if err == nil && ok {
		s.cfg.Notify(chat.Channel)
	}
}

func (s *Server) portal(w http.ResponseWriter, r *http.Request, by office.Actor, t store.WebToken) {
	err := s.cfg.DB.Update(r.Context(), func(tx *store.Tx) error {
		a, err := s.findApp(tx, r.PathValue("ref"))
		if err != nil {
			return err
		}
		return s.cfg.Office.SetPortal(tx, by, a.ID, r.PostFormValue("portal_no"), r.PostFormValue("portal_status"))
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r, t)
	case err != nil:
		s.fail(w, r, t, err)
	default:
		http.Redirect(w, r, "/applications/"+url.PathEscape(r.PathValue("ref"))+"?done=portal", http.StatusSeeOther)
	}
}

func (s *Server) exportApplications(w http.ResponseWriter, r *http.Request, _ office.Actor, t store.WebToken) {
	f := appFilter(r)
	if days := waitingDays(r); days > 0 {
		f.StageBefore = s.cfg.Now().Add(-time.Duration(days) * 24 * time.Hour)
	}
	s.exportHeaders(w, r, "pengajuan")
	if r.Method == http.MethodHead {
		return // (the headers only: no export is run)
	}
	err := s.cfg.DB.View(r.Context(), func(tx *store.ReadTx) error {
		_, err := s.cfg.Office.ExportApplications(tx, w, f, lang(r), exportFormat(r))
		return err
	})
	if err != nil {
		s.cfg.Log.Error("web: export", "err", err)
	}
}

// exportFormat is the format an export link asks for: ?format=xlsx, or
// CSV.
func exportFormat(r *http.Request) office.Format {
	if r.URL.Query().Get("format") == "xlsx" {
		return office.Format{XLSX: true}
	}
	return office.Format{Sep: ','}
}

// exportHeaders starts the download of an export named base (and today).
func (s *Server) exportHeaders(w http.ResponseWriter, r *http.Request, base string) {
	name := base + "-" + s.cfg.Now().In(office.WITA()).Format("2006-01-02")
	if exportFormat(r).XLSX {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		name += ".xlsx"
	} else {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		name += ".csv"
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
}

// view reads a page's data in a read transaction; when the record does
// not exist or the read failed, it has answered the request and returns
// false.
func (s *Server) view(w http.ResponseWriter, r *http.Request, t store.WebToken, read func(tx *store.ReadTx) error) bool {
	err := s.cfg.DB.View(r.Context(), read)
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r, t)
	case err != nil:
		s.fail(w, r, t, err)
	default:
		return true
	}
	return false
}

// doneMessage is the message saying what the action a page was
// redirected from did (its "done" query value, one of done: a
// post-redirect-get), as prefix and the value; "" for none.
func doneMessage(r *http.Request, prefix string, done ...string) string {
	if v := r.URL.Query().Get("done"); slices.Contains(done, v) {
		return prefix + v
	}
	return ""
}
