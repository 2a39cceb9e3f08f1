package flows

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"sobat-ikm/flows/office"
	"sobat-ikm/flows/understand"
	"sobat-ikm/store"
)

// newTrainingDraft is a training an officer is creating in chat.
type newTrainingDraft struct {
	Title string     `json:"title,omitempty"`
	Kind  string     `json:"kind,omitempty"`
	Start *time.Time `json:"start,omitempty"`
	End   *time.Time `json:"end,omitempty"`
	Venue string     `json:"venue,omitempty"`
	Quota int        `json:"quota,omitempty"`
	// Who may join: "all", "binaan", "sectors", "kecamatan" or "invited"
	// (the last three with their list); WhoList is set once the list is
	// given.
	Who        string     `json:"who,omitempty"`
	WhoList    []string   `json:"who_list,omitempty"`
	Invited    []int64    `json:"invited,omitempty"`
	WhoDone    bool       `json:"who_done,omitempty"`
	Deadline   *time.Time `json:"deadline,omitempty"`
	NoDeadline bool       `json:"no_deadline,omitempty"` // open until it starts
}

// newTrainingForm creates a training: title, kind, start and end (typed
// as people type dates, shown back in full), venue, quota, who may join,
// the sign-up deadline; a summary, then the office's CreateTraining.
func newTrainingForm() *Form[newTrainingDraft] {
	f := &Form[newTrainingDraft]{Name: "newtraining", Msg: "newtraining"}
	f.Fields = []Field[newTrainingDraft]{
		{Name: "title", Label: "newtraining_field_title", Caption: "newtraining_field_title", Help: "newtraining_title_help",
			Synonyms: []string{"judul", "nama pelatihan", "title"},
			Ask:      func(c *conv, _ *newTrainingDraft) { c.say("newtraining_title_ask") },
			Answer: func(c *conv, d *newTrainingDraft, in Input) (bool, error) {
				s, err := understand.ParseText(in.Text, 5, 120)
				if err != nil {
					return false, again("newtraining_title_invalid")
				}
				d.Title = s
				return true, nil
			},
			Show: func(_ *conv, d *newTrainingDraft) string { return d.Title }},
		{Name: "kind", Label: "newtraining_field_kind", Caption: "newtraining_field_kind", Help: "newtraining_kind_help",
			Synonyms: []string{"jenis", "kind"},
			Ask: func(c *conv, _ *newTrainingDraft) {
				c.say("newtraining_kind_ask")
				c.offerOptions(trainingKindOptions(c))
			},
			Answer: func(c *conv, d *newTrainingDraft, in Input) (bool, error) {
				opts := trainingKindOptions(c)
				i, err := c.pick(in, opts)
				if err != nil {
					return false, err
				}
				d.Kind = opts[i].Value
				return true, nil
			},
			Show: func(c *conv, d *newTrainingDraft) string {
				if d.Kind == "" {
					return ""
				}
				return c.t("training_kind_" + d.Kind)
			}},
		{Name: "start", Label: "newtraining_field_start", Caption: "newtraining_field_start", Help: "training_when_help",
			Synonyms: []string{"mulai", "tanggal", "jadwal", "start"},
			Ask:      func(c *conv, _ *newTrainingDraft) { c.say("newtraining_start_ask") },
			Answer: func(c *conv, d *newTrainingDraft, in Input) (bool, error) {
				t, err := parseStart(c, in.Text)
				if err != nil {
					return false, err
				}
				d.Start = &t
				if d.End != nil && !d.End.After(t) { // (a corrected start after the end: the end is asked again)
					d.End = nil
				}
				return true, nil
			},
			Show: func(c *conv, d *newTrainingDraft) string { return showWhen(c, d.Start) }},
		{Name: "end", Label: "newtraining_field_end", Caption: "newtraining_field_end", Help: "training_end_help",
			Synonyms: []string{"selesai", "sampai", "end"},
			Ask:      func(c *conv, _ *newTrainingDraft) { c.say("training_end_ask") },
			Answer: func(c *conv, d *newTrainingDraft, in Input) (bool, error) {
				if d.Start == nil {
					c.goTo("newtraining", "start")
					return false, nil
				}
				t, err := parseEnd(c, *d.Start, in.Text)
				if err != nil {
					return false, err
				}
				d.End = &t
				return true, nil
			},
			Show: func(c *conv, d *newTrainingDraft) string { return showWhen(c, d.End) }},
		{Name: "venue", Label: "newtraining_field_venue", Caption: "newtraining_field_venue", Help: "newtraining_venue_help",
			Synonyms: []string{"tempat", "lokasi", "venue"},
			Ask:      func(c *conv, _ *newTrainingDraft) { c.say("newtraining_venue_ask") },
			Answer: func(c *conv, d *newTrainingDraft, in Input) (bool, error) {
				s, err := understand.ParseText(in.Text, 3, 200)
				if err != nil {
					return false, again("newtraining_venue_invalid")
				}
				d.Venue = s
				return true, nil
			},
			Show: func(_ *conv, d *newTrainingDraft) string { return d.Venue }},
		{Name: "quota", Label: "newtraining_field_quota", Caption: "newtraining_field_quota", Help: "newtraining_quota_help",
			Synonyms: []string{"kuota", "kursi", "peserta", "quota"},
			Ask:      func(c *conv, _ *newTrainingDraft) { c.say("newtraining_quota_ask") },
			Answer: func(c *conv, d *newTrainingDraft, in Input) (bool, error) {
				n, ok := understand.Number(strings.NewReplacer("kursi", "", "peserta", "").Replace(strings.ToLower(in.Text)))
				if !ok || n < 1 || n > 1000 {
					return false, again("newtraining_quota_invalid")
				}
				d.Quota = n
				return true, nil
			},
			Show: func(_ *conv, d *newTrainingDraft) string {
				if d.Quota == 0 {
					return ""
				}
				return strconv.Itoa(d.Quota)
			}},
		{Name: "who", Label: "newtraining_field_who", Caption: "newtraining_field_who", Help: "newtraining_who_help",
			Synonyms: []string{"siapa", "peserta khusus", "syarat", "who"},
			Ask:      askWho, Answer: answerWho, Show: showWho,
			Reset: func(d *newTrainingDraft) { d.Who, d.WhoList, d.Invited, d.WhoDone = "", nil, nil, false }},
		{Name: "deadline", Label: "newtraining_field_deadline", Caption: "newtraining_field_deadline", Help: "newtraining_deadline_help",
			Synonyms: []string{"batas", "batas daftar", "tutup", "deadline"},
			Ask: func(c *conv, _ *newTrainingDraft) {
				c.say("newtraining_deadline_ask")
				c.offer(c.choice("none", "newtraining_no_deadline"))
			},
			Answer: answerDeadline,
			Show: func(c *conv, d *newTrainingDraft) string {
				if d.NoDeadline {
					return c.t("newtraining_no_deadline")
				}
				return showWhen(c, d.Deadline)
			}},
	}
	f.Save = saveTraining
	return f
}

func trainingKindOptions(c *conv) []understand.Option {
	return []understand.Option{
		{Value: store.TrainingCourse, Label: c.t("training_kind_pelatihan"), Synonyms: []string{"pelatihan", "training"}},
		{Value: store.TrainingBimtek, Label: c.t("training_kind_bimtek"), Synonyms: []string{"bimtek", "bimbingan teknis", "sosialisasi"}},
		{Value: store.TrainingTour, Label: c.t("training_kind_studi_banding"), Synonyms: []string{"studi banding", "kunjungan", "study tour"}},
	}
}

// parseStart reads when a training starts: a date and time to come.
func parseStart(c *conv, text string) (time.Time, error) {
	t, hasTime, ok := understand.ParseDateTime(text, c.now, wita)
	switch {
	case !ok:
		return time.Time{}, again("training_when_invalid", "Answer", quote(text))
	case !hasTime:
		return time.Time{}, again("training_time_needed", "Date", t.In(wita).Format("02/01/2006"))
	}
	return t, nil
}

// parseEnd reads when a training that starts at start ends: a time alone
// ("16.00") is on the start's day.
func parseEnd(c *conv, start time.Time, text string) (time.Time, error) {
	t, hasTime, ok := understand.ParseDateTime(text, start, wita)
	switch {
	case !ok:
		return time.Time{}, again("training_when_invalid", "Answer", quote(text))
	case !hasTime:
		return time.Time{}, again("training_time_needed", "Date", t.In(wita).Format("02/01/2006"))
	case !t.After(start):
		return time.Time{}, again("training_end_before", "Start", showWhen(c, &start))
	}
	return t, nil
}

// showWhen writes a moment in full, in WITA: "Sabtu, 12/12/2026 08.00
// WITA"; "" for none.
func showWhen(c *conv, t *time.Time) string {
	if t == nil {
		return ""
	}
	w := t.In(wita)
	return c.t("weekday_"+strings.ToLower(w.Weekday().String())) + ", " + w.Format("02/01/2006 15.04") + " WITA"
}

func whoOptions(c *conv) []understand.Option {
	return []understand.Option{
		{Value: "all", Label: c.t("newtraining_who_all"), Synonyms: []string{"semua", "semua ikm", "all"}},
		{Value: "binaan", Label: c.t("newtraining_who_binaan"), Synonyms: []string{"binaan", "binaan saja"}},
		{Value: "sectors", Label: c.t("newtraining_who_sectors"), Synonyms: []string{"bidang", "sektor", "bidang usaha"}},
		{Value: "kecamatan", Label: c.t("newtraining_who_kecamatan"), Synonyms: []string{"kecamatan"}},
		{Value: "invited", Label: c.t("newtraining_who_invited"), Synonyms: []string{"undangan", "diundang", "nomor ikm"}},
	}
}

func askWho(c *conv, d *newTrainingDraft) {
	switch {
	case d.Who == "sectors" && !d.WhoDone:
		var lines []string
		for i, s := range office.Sectors() {
			lines = append(lines, strconv.Itoa(i+1)+". "+c.e.office.SectorName(c.s.Language, s))
		}
		c.say("newtraining_sectors_ask", "Sectors", strings.Join(lines, "\n"))
	case d.Who == "kecamatan" && !d.WhoDone:
		c.say("newtraining_kecamatan_ask")
	case d.Who == "invited" && !d.WhoDone:
		c.say("newtraining_invited_ask")
	default:
		c.say("newtraining_who_ask")
		c.offerOptions(whoOptions(c))
	}
}

// answerWho takes who may join; a list (sectors, kecamatan, invited
// owners) is asked for next, at the same field.
func answerWho(c *conv, d *newTrainingDraft, in Input) (bool, error) {
	if d.Who == "" || d.WhoDone || in.Choice != "" {
		opts := whoOptions(c)
		i, err := c.pick(in, opts)
		if err != nil {
			return false, err
		}
		d.Who, d.WhoList, d.Invited, d.WhoDone = opts[i].Value, nil, nil, false
		if d.Who == "all" || d.Who == "binaan" {
			d.WhoDone = true
			return true, nil
		}
		askWho(c, d)
		return false, nil
	}
	pieces := strings.FieldsFunc(in.Text, func(r rune) bool { return r == ',' || r == ';' || r == '\n' })
	var list []string
	var invited []int64
	for _, p := range pieces {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		switch d.Who {
		case "sectors":
			sectors := office.Sectors()
			n, isNumber := understand.Number(p)
			i := n - 1
			if !isNumber {
				i = slices.IndexFunc(sectors, func(s string) bool {
					return strings.Contains(understand.Normalize(c.e.office.SectorName(c.s.Language, s)), understand.Normalize(p))
				})
			}
			if i < 0 || i >= len(sectors) {
				return false, again("newtraining_sectors_invalid", "Answer", quote(p))
			}
			list = append(list, sectors[i])
		case "kecamatan":
			name, ok, _ := understand.Kecamatan(p)
			if !ok {
				return false, again("newtraining_kecamatan_invalid", "Answer", quote(p))
			}
			list = append(list, name)
		default:
			for _, f := range strings.Fields(p) {
				id, err := office.ParseRegNo(f)
				if err != nil {
					return false, again("newtraining_invited_invalid", "Answer", quote(f))
				}
				if _, err := c.tx.FindOwnerByID(id); errors.Is(err, store.ErrNotFound) {
					return false, again("newtraining_invited_unknown", "RegNo", store.Owner{ID: id}.RegNo())
				} else if err != nil {
					return false, err
				}
				invited = append(invited, id)
				list = append(list, store.Owner{ID: id}.RegNo())
			}
		}
	}
	if len(list) == 0 {
		return false, again("newtraining_list_empty")
	}
	slices.Sort(list)
	d.WhoList, d.Invited, d.WhoDone = slices.Compact(list), invited, true
	return true, nil
}

func showWho(c *conv, d *newTrainingDraft) string {
	if !d.WhoDone {
		return ""
	}
	label := c.t("newtraining_who_" + d.Who)
	if len(d.WhoList) == 0 {
		return label
	}
	names := d.WhoList
	if d.Who == "sectors" {
		names = nil
		for _, s := range d.WhoList {
			names = append(names, c.e.office.SectorName(c.s.Language, s))
		}
	}
	return label + ": " + strings.Join(names, ", ")
}

func answerDeadline(c *conv, d *newTrainingDraft, in Input) (bool, error) {
	norm := understand.Normalize(in.Text)
	if in.Choice == "none" || norm == "1" || norm == "-" || understand.HasPhrase(norm, "tidak ada", "tidak", "tanpa batas", "sampai mulai", "none", "no") {
		d.Deadline, d.NoDeadline = nil, true
		return true, nil
	}
	t, hasTime, ok := understand.ParseDateTime(in.Text, c.now, wita)
	if !ok {
		return false, again("training_when_invalid", "Answer", quote(in.Text))
	}
	if !hasTime { // a day alone: until its end
		t = t.Add(24*time.Hour - time.Minute)
	}
	if d.Start != nil && !t.Before(*d.Start) {
		return false, again("newtraining_deadline_late", "Start", showWhen(c, d.Start))
	}
	d.Deadline, d.NoDeadline = &t, false
	return true, nil
}

// saveTraining creates the confirmed training through the office, then
// shows it.
func saveTraining(c *conv, d *newTrainingDraft) error {
	if d.Start == nil || d.End == nil {
		return errors.New("newtraining: saved before its times were answered")
	}
	t := store.Training{Title: d.Title, Kind: d.Kind, StartsAt: *d.Start, EndsAt: *d.End, Venue: d.Venue, Quota: d.Quota,
		BinaanOnly: d.Who == "binaan", Invited: d.Invited}
	switch d.Who {
	case "sectors":
		t.Sectors = d.WhoList
	case "kecamatan":
		t.Kecamatan = d.WhoList
	}
	if d.Deadline != nil {
		t.Deadline = *d.Deadline
	}
	err := c.e.office.CreateTraining(c.tx, office.Actor{Name: c.officer.Name, Chat: c.s.Chat}, &t)
	if errors.Is(err, office.ErrTrainingInvalid) {
		return again("newtraining_confirm_invalid")
	}
	if err != nil {
		return err
	}
	c.say("newtraining_created", "Title", t.Title, "ID", t.ID)
	c.dropDraft()
	c.s.Flow = "otrain"
	draftOf[otrainDraft](c).ID = t.ID
	c.goTo("otrain", "training")
	return nil
}
