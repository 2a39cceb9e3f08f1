package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"sobat-ikm/flows/office"
	"sobat-ikm/flows/understand"
	"sobat-ikm/store"
)

const (
	// broadcastsShown is how many broadcasts the list shows, the newest.
	broadcastsShown = 100
	// broadcastRefresh is how often (in seconds) a broadcast's page
	// reloads itself while some of it waits.
	broadcastRefresh = "5"
	// duplicateWithin is how soon the same announcement, posted again by
	// the same officer (a double click, the back button), is taken for
	// the first rather than sent twice.
	duplicateWithin = 10 * time.Minute
)

// broadcastForm is the new announcement's form, as typed.
type broadcastForm struct {
	TextID, TextEN, SendAt string
	Sector, Kecamatan      string
	Binaan, Waiting        bool
	Training               string // a training's id, "" for none
	App                    string // "halal", "halal/<stage>", "" for none
	Silent                 string // days, "" for none
	Owners                 string // pasted registration numbers
	// The choices, with the one typed marked.
	Sectors, Kecamatans, Trainings []option
	Apps                           []optionGroup
}

// optionGroup is a select's group of options.
type optionGroup struct {
	Label   string
	Options []option
}

// readBroadcastForm is the form as r posted it (empty for a GET); its
// choices are filled by choices.
func readBroadcastForm(r *http.Request) broadcastForm {
	v := func(name string) string { return r.PostFormValue(name) }
	return broadcastForm{TextID: v("text_id"), TextEN: v("text_en"), SendAt: v("send_at"), Sector: v("sector"),
		Kecamatan: v("kecamatan"), Binaan: v("binaan") == "on", Training: v("training"), Waiting: v("waiting") == "on",
		App: v("app"), Silent: v("silent"), Owners: v("owners")}
}

// choices fills the form's selects, in lang, the values typed selected.
func (s *Server) choices(tx store.Reader, lang string, f *broadcastForm) error {
	for _, sec := range office.Sectors() {
		f.Sectors = append(f.Sectors, option{Value: sec, Label: s.cfg.Office.SectorName(lang, sec), Checked: f.Sector == sec})
	}
	for _, k := range understand.KecamatanNames() {
		f.Kecamatans = append(f.Kecamatans, option{Value: k, Label: k, Checked: f.Kecamatan == k})
	}
	ts, err := tx.Trainings(s.cfg.Now().Add(-trainingsBack), trainingsShown)
	if err != nil {
		return err
	}
	for _, tr := range ts {
		id := strconv.FormatInt(tr.ID, 10)
		label := "#" + id + " " + tr.Title + " · " + s.cfg.Office.TrainingWhen(lang, tr)
		if tr.Cancelled {
			label += " (" + s.cfg.Catalog.Text(lang, "web_training_cancelled", nil) + ")"
		}
		f.Trainings = append(f.Trainings, option{Value: id, Label: label, Checked: f.Training == id})
	}
	for _, kind := range []string{store.AppHalal, store.AppTKDN} {
		name := s.cfg.Office.KindName(lang, kind)
		g := optionGroup{Label: name, Options: []option{{Value: kind, Checked: f.App == kind,
			Label: s.cfg.Catalog.Text(lang, "web_broadcast_app_any", map[string]any{"Kind": name})}}}
		stages, err := tx.Stages(kind)
		if err != nil {
			return err
		}
		for _, st := range stages {
			v := kind + "/" + st.Code
			g.Options = append(g.Options, option{Value: v, Label: name + ": " + s.cfg.Office.StageName(lang, kind, st.Code), Checked: f.App == v})
		}
		f.Apps = append(f.Apps, g)
	}
	return nil
}

// text is an announcement's text as typed: a browser's line breaks made
// the owners' ("\n"), the spaces around trimmed.
func text(v string) string {
	return strings.TrimSpace(strings.ReplaceAll(v, "\r\n", "\n"))
}

// regNos reads a pasted list of registration numbers, separated by
// commas, semicolons, spaces or line breaks ("IKM 12" is one); bad is
// the first that is not one.
func regNos(v string) (ids []int64, bad string) {
	fields := strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) })
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		if strings.EqualFold(strings.TrimRight(f, "-"), "IKM") && i+1 < len(fields) {
			i++
			f += fields[i]
		}
		id, err := office.ParseRegNo(f)
		if err != nil {
			return nil, f
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, ""
}

// broadcast reads the form's announcement; problem is the message id
// saying why it is refused ("" when it is not), and regno the
// registration number refused. An audience the form cannot say exactly
// is refused, never widened.
func (f broadcastForm) broadcast(now time.Time) (b store.Broadcast, problem, regno string) {
	b = store.Broadcast{TextID: text(f.TextID), TextEN: text(f.TextEN)}
	switch {
	case b.TextID == "":
		return b, "web_broadcast_empty", ""
	case !utf8.ValidString(b.TextID) || !utf8.ValidString(b.TextEN) ||
		utf8.RuneCountInString(b.TextID) > office.MaxBroadcastText || utf8.RuneCountInString(b.TextEN) > office.MaxBroadcastText:
		return b, "web_broadcast_long", ""
	}
	if strings.TrimSpace(f.SendAt) != "" {
		at, ok := readLocal(f.SendAt)
		if !ok {
			return b, "web_broadcast_bad_time", ""
		}
		if !at.After(now) {
			return b, "web_broadcast_past", ""
		}
		b.SendAt = at
	}
	a := &b.Audience
	if a.Sector = f.Sector; a.Sector != "" && !office.IsSector(a.Sector) {
		return b, "web_broadcast_invalid", ""
	}
	if a.Kecamatan = f.Kecamatan; a.Kecamatan != "" && !slices.Contains(understand.KecamatanNames(), a.Kecamatan) {
		return b, "web_broadcast_invalid", ""
	}
	a.Binaan = f.Binaan
	if f.Training != "" {
		id, err := strconv.ParseInt(f.Training, 10, 64)
		if err != nil || id <= 0 {
			return b, "web_broadcast_invalid", ""
		}
		a.TrainingID, a.Waiting = id, f.Waiting
	}
	if f.App != "" {
		a.AppKind, a.AppStage, _ = strings.Cut(f.App, "/")
		if a.AppKind != store.AppHalal && a.AppKind != store.AppTKDN {
			return b, "web_broadcast_invalid", ""
		}
	}
	if v := strings.TrimSpace(f.Silent); v != "" {
		days, err := strconv.Atoi(v)
		if err != nil || days <= 0 || days > 3650 {
			return b, "web_broadcast_bad_silent", ""
		}
		a.SilentDays = days
	}
	if a.Owners, regno = regNos(f.Owners); regno != "" {
		return b, "web_broadcast_bad_regno", regno
	}
	return b, "", ""
}

// checkAudience refuses an announcement whose audience names an owner, a
// training or a stage that does not exist; problem and regno say why,
// as for broadcastForm.broadcast.
func checkAudience(tx store.Reader, b store.Broadcast) (problem, regno string, err error) {
	for _, id := range b.Audience.Owners {
		if _, err := tx.FindOwnerByID(id); errors.Is(err, store.ErrNotFound) {
			return "web_broadcast_no_owner", store.Owner{ID: id}.RegNo(), nil
		} else if err != nil {
			return "", "", err
		}
	}
	if err := office.CheckBroadcast(tx, b); errors.Is(err, office.ErrBroadcastInvalid) {
		return "web_broadcast_invalid", "", nil
	} else if err != nil {
		return "", "", err
	}
	return "", "", nil
}

// listedBroadcast is a broadcast as the list shows it.
type listedBroadcast struct {
	store.Broadcast
	Snippet     string // the start of its text
	Audience    string
	State       string
	Sent, Total int // recipients sent to, and written
}

// previewText is an announcement as owners of a language read it.
type previewText struct{ Label, Text string }

// broadcastPreview is what an announcement would do if sent now.
type broadcastPreview struct {
	Reach    office.Reach
	Channels []tally // those reached, per channel
	Audience string
	When     string // when it is scheduled, "" for now
	Texts    []previewText
}

type broadcastsPage struct {
	Broadcasts []listedBroadcast
	Form       broadcastForm
	Preview    *broadcastPreview // the form previewed, nil when not
	Error      string            // why the form was refused (a message id)
	RegNo      string            // the registration number refused
}

// snippet is the start of a text, on one line.
func snippet(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// stateOf names where a broadcast is, in lang: one scheduled whose time
// came is being prepared already (the broadcaster picks it up).
func (s *Server) stateOf(lang string, rep office.BroadcastReport) string {
	if !rep.Done && office.BroadcastDue(rep.Broadcast, s.cfg.Now()) {
		rep.Broadcast.Status = store.BroadcastSending
	}
	return s.cfg.Office.BroadcastState(lang, rep)
}

// texts are an announcement as owners read it: in Indonesian, and in
// English when it has an English text.
func (s *Server) texts(lang string, b store.Broadcast) []previewText {
	out := []previewText{{Label: s.cfg.Catalog.Text(lang, "web_broadcast_as_id", nil), Text: s.cfg.Office.BroadcastText(b, "id")}}
	if b.TextEN != "" {
		out = append(out, previewText{Label: s.cfg.Catalog.Text(lang, "web_broadcast_as_en", nil), Text: s.cfg.Office.BroadcastText(b, "en")})
	}
	return out
}

func (s *Server) broadcasts(w http.ResponseWriter, r *http.Request, _ office.Actor, t store.WebToken) {
	s.showBroadcasts(w, r, t, http.StatusOK, broadcastsPage{})
}

// showBroadcasts renders the list, with the new announcement's form as
// p has it.
func (s *Server) showBroadcasts(w http.ResponseWriter, r *http.Request, t store.WebToken, code int, p broadcastsPage) {
	l := lang(r)
	err := s.cfg.DB.View(r.Context(), func(tx *store.ReadTx) error {
		if err := s.choices(tx, l, &p.Form); err != nil {
			return err
		}
		list, err := tx.Broadcasts(broadcastsShown)
		if err != nil {
			return err
		}
		for _, b := range list {
			rep, err := s.cfg.Office.Report(tx, b.ID)
			if err != nil {
				return err
			}
			tot := rep.Total
			p.Broadcasts = append(p.Broadcasts, listedBroadcast{Broadcast: b, Snippet: snippet(b.TextID, 80),
				Audience: s.cfg.Office.AudienceLabel(l, b.Audience), State: s.stateOf(l, rep),
				Sent: tot.Sent, Total: tot.Queued + tot.Sent + tot.Failed + tot.Skipped})
		}
		return nil
	})
	if err != nil {
		s.fail(w, r, t, err)
		return
	}
	s.render(w, r, code, "broadcasts", t.Officer, t.CSRF, p)
}

// previewBroadcast shows the form again with what it would do: whom it
// reaches now, on which channel, who is left out, and the text exactly
// as owners read it; the button under it sends the same fields.
func (s *Server) previewBroadcast(w http.ResponseWriter, r *http.Request, _ office.Actor, t store.WebToken) {
	l := lang(r)
	f := readBroadcastForm(r)
	b, problem, regno := f.broadcast(s.cfg.Now())
	var pv *broadcastPreview
	if problem == "" {
		err := s.cfg.DB.View(r.Context(), func(tx *store.ReadTx) (err error) {
			if problem, regno, err = checkAudience(tx, b); err != nil || problem != "" {
				return err
			}
			reach, err := s.cfg.Office.ReachOf(tx, b.Audience)
			if err != nil {
				return err
			}
			pv = &broadcastPreview{Reach: reach, Audience: s.cfg.Office.AudienceLabel(l, b.Audience), Texts: s.texts(l, b)}
			if !b.SendAt.IsZero() {
				pv.When = office.ShowTime(b.SendAt)
			}
			for _, ch := range []string{"telegram", "whatsapp", "console"} {
				if n, ok := reach.PerChannel[ch]; ok {
					pv.Channels = append(pv.Channels, tally{Name: s.cfg.Office.ChannelLabel(l, ch), N: n})
				}
			}
			for ch, n := range reach.PerChannel { // (a channel added later)
				if !slices.Contains([]string{"telegram", "whatsapp", "console"}, ch) {
					pv.Channels = append(pv.Channels, tally{Name: s.cfg.Office.ChannelLabel(l, ch), N: n})
				}
			}
			return nil
		})
		if err != nil {
			s.fail(w, r, t, err)
			return
		}
	}
	code := http.StatusOK
	if problem != "" {
		code, pv = http.StatusUnprocessableEntity, nil
	}
	s.showBroadcasts(w, r, t, code, broadcastsPage{Form: f, Preview: pv, Error: problem, RegNo: regno})
}

// sameAudience reports whether two audiences select the same owners by
// the same conditions.
func sameAudience(a, b store.Audience) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && string(ja) == string(jb)
}

// duplicate is the id of the same announcement created by the same
// officer moments ago and not cancelled (0 when there is none): posted
// twice, it is sent once.
func (s *Server) duplicate(tx store.Reader, by office.Actor, b store.Broadcast) (int64, error) {
	recent, err := tx.Broadcasts(20)
	if err != nil {
		return 0, err
	}
	for _, o := range recent {
		if o.CreatedBy == strings.TrimSpace(by.Name) && o.TextID == b.TextID && o.TextEN == b.TextEN && sameAudience(o.Audience, b.Audience) &&
			o.Status != store.BroadcastCancelled && s.cfg.Now().Sub(o.CreatedAt) < duplicateWithin &&
			(b.SendAt.IsZero() || o.SendAt.Equal(b.SendAt)) {
			return o.ID, nil
		}
	}
	return 0, nil
}

// createBroadcast schedules the announcement through the office (the
// broadcaster writes its recipients when its time comes); a refused form
// is shown again as typed, with why.
func (s *Server) createBroadcast(w http.ResponseWriter, r *http.Request, by office.Actor, t store.WebToken) {
	f := readBroadcastForm(r)
	b, problem, regno := f.broadcast(s.cfg.Now())
	if problem == "" {
		var dup int64
		err := s.cfg.DB.Update(r.Context(), func(tx *store.Tx) (err error) {
			if problem, regno, err = checkAudience(tx, b); err != nil || problem != "" {
				return err
			}
			if dup, err = s.duplicate(tx, by, b); err != nil || dup != 0 {
				return err
			}
			return s.cfg.Office.CreateBroadcast(tx, by, &b)
		})
		switch {
		case errors.Is(err, office.ErrBroadcastInvalid):
			problem = "web_broadcast_invalid"
		case err != nil:
			s.fail(w, r, t, err)
			return
		case problem != "":
		case dup != 0:
			broadcastDone(w, r, dup, "already")
			return
		default:
			broadcastDone(w, r, b.ID, "created")
			return
		}
	}
	s.showBroadcasts(w, r, t, http.StatusUnprocessableEntity, broadcastsPage{Form: f, Error: problem, RegNo: regno})
}

// broadcastID reads the broadcast's id of the path; ok is false when it
// is not one.
func broadcastID(r *http.Request) (int64, bool) { return trainingID(r) }

// broadcastDone goes to a broadcast's page, saying what was done.
func broadcastDone(w http.ResponseWriter, r *http.Request, id int64, done string) {
	http.Redirect(w, r, "/broadcasts/"+strconv.FormatInt(id, 10)+"?done="+done, http.StatusSeeOther)
}

// channelRow is a channel's part of a broadcast as its page shows it.
type channelRow struct {
	office.ChannelReport
	Label   string
	Reasons []tally // those skipped, by reason
}

type broadcastPage struct {
	Broadcast  store.Broadcast
	Report     office.BroadcastReport
	Audience   string
	Owners     []string // the registration numbers of a pasted list
	State      string
	Scheduled  bool // its time has not come yet
	Texts      []previewText
	Channels   []channelRow
	Total      channelRow
	Failures   int  // recipients failed or skipped: the export's rows
	Cancelling bool // the cancel form is open: the page holds still
	Error      string
	Done       string
}

// refresh reloads the page while some of the broadcast waits, unless the
// officer is filling in the cancel form.
func (p broadcastPage) refresh() string {
	if p.Report.Done || p.Cancelling {
		return ""
	}
	return broadcastRefresh
}

// rowOf is a channel's report as a row, in lang.
func (s *Server) rowOf(lang string, c office.ChannelReport) channelRow {
	row := channelRow{ChannelReport: c, Label: s.cfg.Office.ChannelLabel(lang, c.Channel)}
	for _, reason := range []string{store.SkipOptedOut, store.SkipUnreachable, store.SkipErased, store.SkipCancelled} {
		if n := c.Reasons[reason]; n > 0 {
			row.Reasons = append(row.Reasons, tally{Name: s.cfg.Office.SkipReasonLabel(lang, reason), N: n})
		}
	}
	for reason, n := range c.Reasons { // (a reason added later)
		if !slices.Contains([]string{store.SkipOptedOut, store.SkipUnreachable, store.SkipErased, store.SkipCancelled}, reason) && n > 0 {
			row.Reasons = append(row.Reasons, tally{Name: s.cfg.Office.SkipReasonLabel(lang, reason), N: n})
		}
	}
	return row
}

func (s *Server) broadcastData(tx store.Reader, lang string, id int64) (broadcastPage, error) {
	rep, err := s.cfg.Office.Report(tx, id)
	if err != nil {
		return broadcastPage{}, err
	}
	b := rep.Broadcast
	p := broadcastPage{Broadcast: b, Report: rep, Audience: s.cfg.Office.AudienceLabel(lang, b.Audience), State: s.stateOf(lang, rep),
		Scheduled: b.Status == store.BroadcastScheduled && b.SendAt.After(s.cfg.Now()), Texts: s.texts(lang, b),
		Total: s.rowOf(lang, rep.Total), Failures: rep.Total.Failed + rep.Total.Skipped}
	for _, id := range b.Audience.Owners {
		p.Owners = append(p.Owners, store.Owner{ID: id}.RegNo())
	}
	for _, c := range rep.Channels {
		p.Channels = append(p.Channels, s.rowOf(lang, c))
	}
	return p, nil
}

func (s *Server) broadcast(w http.ResponseWriter, r *http.Request, _ office.Actor, t store.WebToken) {
	p := broadcastPage{Cancelling: r.URL.Query().Get("cancel") == "1"}
	p.Done = doneMessage(r, "web_broadcast_done_", "created", "already", "cancelled")
	s.showBroadcast(w, r, t, http.StatusOK, p)
}

// showBroadcast renders a broadcast's page, saying what said says was
// done or refused.
func (s *Server) showBroadcast(w http.ResponseWriter, r *http.Request, t store.WebToken, code int, said broadcastPage) {
	id, ok := broadcastID(r)
	if !ok {
		s.notFound(w, r, t)
		return
	}
	var p broadcastPage
	if !s.view(w, r, t, func(tx *store.ReadTx) (err error) {
		p, err = s.broadcastData(tx, lang(r), id)
		return err
	}) {
		return
	}
	p.Error, p.Done, p.Cancelling = said.Error, said.Done, said.Cancelling && !p.Report.Done
	s.render(w, r, code, "broadcast", t.Officer, t.CSRF, p)
}

// cancelBroadcast stops a broadcast once the officer confirms: what has
// not gone out never does; what went out stays counted.
func (s *Server) cancelBroadcast(w http.ResponseWriter, r *http.Request, by office.Actor, t store.WebToken) {
	id, ok := broadcastID(r)
	if !ok {
		s.notFound(w, r, t)
		return
	}
	if r.PostFormValue("confirm") != "on" {
		s.showBroadcast(w, r, t, http.StatusUnprocessableEntity, broadcastPage{Error: "web_broadcast_confirm", Cancelling: true})
		return
	}
	err := s.cfg.DB.Update(r.Context(), func(tx *store.Tx) error {
		_, err := s.cfg.Office.CancelBroadcast(tx, by, id, r.PostFormValue("note"))
		return err
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r, t)
	case errors.Is(err, office.ErrBroadcastDone):
		s.showBroadcast(w, r, t, http.StatusConflict, broadcastPage{Error: "web_broadcast_already_done"})
	case errors.Is(err, office.ErrNoteTooLong):
		s.showBroadcast(w, r, t, http.StatusUnprocessableEntity, broadcastPage{Error: "web_move_long", Cancelling: true})
	case err != nil:
		s.fail(w, r, t, err)
	default:
		broadcastDone(w, r, id, "cancelled")
	}
}

// exportFailures downloads a broadcast's recipients that failed or were
// skipped, with why.
func (s *Server) exportFailures(w http.ResponseWriter, r *http.Request, _ office.Actor, t store.WebToken) {
	id, ok := broadcastID(r)
	if ok {
		err := s.cfg.DB.View(r.Context(), func(tx *store.ReadTx) error {
			_, err := tx.FindBroadcast(id)
			return err
		})
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			s.fail(w, r, t, err)
			return
		}
		ok = err == nil
	}
	if !ok {
		s.notFound(w, r, t)
		return
	}
	s.exportHeaders(w, r, "pengumuman-"+strconv.FormatInt(id, 10)+"-gagal")
	if r.Method == http.MethodHead {
		return // (the headers only: no export is run)
	}
	err := s.cfg.DB.View(r.Context(), func(tx *store.ReadTx) error {
		_, err := s.cfg.Office.ExportFailures(tx, w, id, lang(r), exportFormat(r))
		return err
	})
	if err != nil {
		s.cfg.Log.Error("web: export", "err", err)
	}
}
