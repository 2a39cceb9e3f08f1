package web

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"sobat-ikm/flows/office"
	"sobat-ikm/flows/understand"
	"sobat-ikm/store"
)

type ownersPage struct {
	Q, Kecamatan, Sector string
	Binaan, HasApp       bool
	Kecamatans, Sectors  []string
	Owners               []store.Owner
	Total, Offset        int
	Next, Prev, Export   string
}

// ownerFilter reads the owners' filters of a request.
func ownerFilter(r *http.Request) store.OwnerFilter {
	q := r.URL.Query()
	f := store.OwnerFilter{Query: strings.TrimSpace(q.Get("q")), Kecamatan: q.Get("kecamatan"), Sector: q.Get("sector"), Limit: pageSize}
	if q.Get("binaan") == "1" {
		yes := true
		f.Binaan = &yes
	}
	f.HasApplication = q.Get("app") == "1"
	f.Offset, _ = strconv.Atoi(q.Get("offset"))
	f.Offset = max(f.Offset, 0)
	return f
}

func (s *Server) owners(w http.ResponseWriter, r *http.Request, _ office.Actor, t store.WebToken) {
	f := ownerFilter(r)
	p := ownersPage{Q: f.Query, Kecamatan: f.Kecamatan, Sector: f.Sector, Binaan: f.Binaan != nil, HasApp: f.HasApplication,
		Offset: f.Offset, Kecamatans: understand.KecamatanNames(), Sectors: office.Sectors()}
	err := s.cfg.DB.View(r.Context(), func(tx *store.ReadTx) (err error) {
		p.Owners, p.Total, err = tx.FindOwners(f)
		return err
	})
	if err != nil {
		s.fail(w, r, t, err)
		return
	}
	p.Next, p.Prev, p.Export = listLinks(r, f.Offset, len(p.Owners), p.Total, "/export/owners")
	s.render(w, r, http.StatusOK, "owners", t.Officer, t.CSRF, p)
}

type ownerPage struct {
	Record  office.OwnerRecord
	Apps    []store.Application
	History []store.AuditEntry
	// Undelivered: messages sent a day ago or more that WhatsApp has not
	// said it delivered, to follow up.
	Undelivered []store.OutboxMessage
}

func (s *Server) owner(w http.ResponseWriter, r *http.Request, _ office.Actor, t store.WebToken) {
	id, err := office.ParseRegNo(r.PathValue("regno"))
	if err != nil {
		s.notFound(w, r, t)
		return
	}
	var p ownerPage
	ok := s.view(w, r, t, func(tx *store.ReadTx) (err error) {
		if p.Record, err = s.cfg.Office.FindOwnerRecord(tx, id); err != nil {
			return err
		}
		if p.Apps, _, err = tx.FindApplications(store.ApplicationFilter{OwnerID: id, Limit: pageSize}); err != nil {
			return err
		}
		if p.History, err = s.cfg.Office.OwnerHistory(tx, id); err != nil {
			return err
		}
		p.Undelivered, err = tx.Undelivered(id, s.cfg.Now().Add(-office.NotDeliveredAfter), 20)
		return err
	})
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "owner", t.Officer, t.CSRF, p)
}

func (s *Server) binaan(w http.ResponseWriter, r *http.Request, by office.Actor, t store.WebToken) {
	id, err := office.ParseRegNo(r.PathValue("regno"))
	if err != nil {
		s.notFound(w, r, t)
		return
	}
	on := r.PostFormValue("binaan") == "on"
	err = s.cfg.DB.Update(r.Context(), func(tx *store.Tx) error {
		_, _, err := s.cfg.Office.SetBinaan(tx, by, id, on, r.PostFormValue("note"))
		return err
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r, t)
	case err != nil:
		s.fail(w, r, t, err)
	default:
		s.wakeFor(r, id)
		http.Redirect(w, r, "/owners/"+url.PathEscape(r.PathValue("regno")), http.StatusSeeOther)
	}
}

func (s *Server) exportOwners(w http.ResponseWriter, r *http.Request, _ office.Actor, t store.WebToken) {
	f := ownerFilter(r)
	f.Offset, f.Limit = 0, 0
	s.exportHeaders(w, r, "ikm")
	if r.Method == http.MethodHead {
		return // (the headers only: no export is run)
	}
	err := s.cfg.DB.View(r.Context(), func(tx *store.ReadTx) error {
		cols := s.cfg.Office.OwnerColumns(lang(r))
		if r.URL.Query().Get("shape") == "siinas" {
			cols = s.cfg.Office.SIINasColumns()
		}
		_, err := s.cfg.Office.ExportOwnerColumns(tx, w, f, cols, exportFormat(r))
		return err
	})
	if err != nil {
		s.cfg.Log.Error("web: export", "err", err)
	}
}

type auditPage struct {
	Entries    []store.AuditEntry
	Total      int
	Offset     int
	Next, Prev string
}

// audit lists the audit log, newest first.
func (s *Server) audit(w http.ResponseWriter, r *http.Request, _ office.Actor, t store.WebToken) {
	back, _ := strconv.Atoi(r.URL.Query().Get("offset")) // how many of the newest are skipped
	back = max(back, 0)
	var p auditPage
	err := s.cfg.DB.View(r.Context(), func(tx *store.ReadTx) error {
		_, total, err := tx.FindAuditEntries(store.AuditFilter{Limit: 1})
		if err != nil {
			return err
		}
		from := max(total-back-pageSize, 0)
		n := min(pageSize, max(total-back, 0))
		if n > 0 {
			if p.Entries, _, err = tx.FindAuditEntries(store.AuditFilter{Offset: from, Limit: n}); err != nil {
				return err
			}
		}
		p.Total = total
		return nil
	})
	if err != nil {
		s.fail(w, r, t, err)
		return
	}
	for i, j := 0, len(p.Entries)-1; i < j; i, j = i+1, j-1 {
		p.Entries[i], p.Entries[j] = p.Entries[j], p.Entries[i]
	}
	p.Offset = back
	p.Next, p.Prev = pageLinks(r, back, len(p.Entries), p.Total)
	s.render(w, r, http.StatusOK, "audit", t.Officer, t.CSRF, p)
}

// templateFuncs are the helpers of the templates.
func templateFuncs() template.FuncMap {
	return template.FuncMap{
		"time":  office.ShowTime,
		"pct":   func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) },
		"regno": func(id int64) string { return store.Owner{ID: id}.RegNo() },
		"add":   func(a, b int) int { return a + b },
		"excerpt": func(s string) string {
			if r := []rune(strings.Join(strings.Fields(s), " ")); len(r) > 120 {
				return string(r[:119]) + "…"
			}
			return strings.Join(strings.Fields(s), " ")
		},
	}
}
