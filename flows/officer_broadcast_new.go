package flows

import (
	"errors"
	"fmt"
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

// newBroadcastDraft is an announcement an officer is writing in chat.
type newBroadcastDraft struct {
	Text   string `json:"text,omitempty"`
	TextEN string `json:"text_en,omitempty"`
	NoEN   bool   `json:"no_en,omitempty"` // no English text: everyone reads the Indonesian
	// Aim is the kind of audience chosen (see audienceOptions); its
	// details (a sector, a training...) are asked next at the same field,
	// and AimDone is set once they are given.
	Aim      string         `json:"aim,omitempty"`
	Audience store.Audience `json:"audience"`
	AimDone  bool           `json:"aim_done,omitempty"`
	Now      bool           `json:"now,omitempty"` // sent as soon as saved
	SendAt   *time.Time     `json:"send_at,omitempty"`
}

// newBroadcastForm writes an announcement: its text (line breaks kept),
// an English text or none, who it is for (with the details each kind of
// audience needs), when it goes out; a summary with how many it reaches
// and the text exactly as owners will read it, then the office's
// CreateBroadcast and the broadcast's report.
func newBroadcastForm() *Form[newBroadcastDraft] {
	f := &Form[newBroadcastDraft]{Name: "newbroadcast", Msg: "newbroadcast"}
	f.Fields = []Field[newBroadcastDraft]{
		{Name: "text", Label: "newbroadcast_field_text", Caption: "newbroadcast_field_text", Help: "newbroadcast_text_help",
			Synonyms: []string{"teks", "isi", "pesan", "isi pengumuman", "teks indonesia", "teks pengumuman", "text"},
			Verbatim: true,
			Ask:      func(c *conv, _ *newBroadcastDraft) { c.say("newbroadcast_text_ask") },
			Answer: func(c *conv, d *newBroadcastDraft, in Input) (bool, error) {
				s, err := broadcastText(c, in)
				if err != nil {
					return false, err
				}
				d.Text = s
				return true, nil
			},
			Show: func(c *conv, d *newBroadcastDraft) string { return showBroadcastText(c, d.Text) }},
		{Name: "text_en", Label: "newbroadcast_field_en", Caption: "newbroadcast_field_en", Help: "newbroadcast_en_help",
			Synonyms: []string{"inggris", "teks inggris", "bahasa inggris", "teks bahasa inggris", "versi inggris", "english text"},
			Verbatim: true,
			Ask: func(c *conv, _ *newBroadcastDraft) {
				c.say("newbroadcast_en_ask")
				c.offer(c.choice("none", "newbroadcast_en_none"))
			},
			Answer: func(c *conv, d *newBroadcastDraft, in Input) (bool, error) {
				norm := understand.Normalize(in.Text)
				if in.Choice == "none" || norm == "1" || norm == "-" || slices.Contains([]string{"tidak", "tidak perlu", "tidak ada",
					"tidak usah", "ga usah", "gak usah", "tanpa", "skip", "lewati", "no", "none", "not needed"}, norm) {
					d.TextEN, d.NoEN = "", true
					return true, nil
				}
				if in.Choice != "" {
					return false, again("choice_stale")
				}
				s, err := broadcastText(c, in)
				if err != nil {
					return false, err
				}
				d.TextEN, d.NoEN = s, false
				return true, nil
			},
			Show: func(c *conv, d *newBroadcastDraft) string {
				if d.NoEN {
					return c.t("newbroadcast_en_none_show")
				}
				return showBroadcastText(c, d.TextEN)
			}},
		{Name: "audience", Label: "newbroadcast_field_audience", Caption: "newbroadcast_field_audience", Help: "newbroadcast_audience_help",
			Synonyms: []string{"penerima", "sasaran", "tujuan", "untuk siapa", "siapa", "audience"},
			Ask:      askAudience, Answer: answerAudience,
			Show: func(c *conv, d *newBroadcastDraft) string {
				if !d.AimDone {
					return ""
				}
				return c.e.audienceLabel(c, d.Audience)
			},
			Reset: func(d *newBroadcastDraft) { d.Aim, d.Audience, d.AimDone = "", store.Audience{}, false }},
		{Name: "when", Label: "newbroadcast_field_when", Caption: "newbroadcast_field_when", Help: "newbroadcast_when_help",
			Synonyms: []string{"waktu", "waktu kirim", "jadwal", "kapan", "jam", "tanggal", "when"},
			Ask: func(c *conv, _ *newBroadcastDraft) {
				c.say("newbroadcast_when_ask")
				c.offer(c.choice("now", "newbroadcast_when_now"))
			},
			Answer: answerBroadcastWhen,
			Show: func(c *conv, d *newBroadcastDraft) string {
				if d.Now {
					return c.t("newbroadcast_when_now_show")
				}
				return showWhen(c, d.SendAt)
			}},
	}
	f.Confirm = confirmBroadcast
	f.Save = saveBroadcast
	return f
}

// broadcastText reads an announcement's text as the officer typed it,
// line breaks kept: the message itself (not the engine's one-line copy)
// unless the text came with a correction ("teks: ...").
func broadcastText(c *conv, in Input) (string, error) {
	raw := in.Text
	if c.in.Text != "" && understand.SelfCorrected(cleanText(c.in.Text)) == in.Text {
		raw = c.in.Text
	}
	s := keepLines(raw)
	if _, err := understand.ParseText(s, 1, 0); err != nil {
		if errors.Is(err, understand.ErrEmpty) {
			return "", again("newbroadcast_text_empty")
		}
		return "", again("newbroadcast_text_invalid", "Answer", quote(s))
	}
	if n := utf8.RuneCountInString(s); n > office.MaxBroadcastText {
		return "", again("newbroadcast_text_long", "N", n, "Max", office.MaxBroadcastText)
	}
	return s, nil
}

// keepLines cleans a text typed on several lines: invalid UTF-8 and
// control characters dropped, spaces inside a line made one, blank
// lines at most one in a row, none at the start or end.
func keepLines(s string) string {
	s = strings.ToValidUTF8(strings.ReplaceAll(s, "\r\n", "\n"), "")
	var lines []string
	blank := false
	for _, l := range strings.Split(s, "\n") {
		l = strings.Join(strings.FieldsFunc(l, func(r rune) bool {
			return unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u200b' || r == '\ufeff'
		}), " ")
		if l == "" {
			blank = len(lines) > 0
			continue
		}
		if blank {
			lines = append(lines, "")
			blank = false
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "\n")
}

// showBroadcastText is a text as the summary shows it: its first words
// and how long it is ("" for none).
func showBroadcastText(c *conv, s string) string {
	if s == "" {
		return ""
	}
	return c.t("newbroadcast_text_show", "Words", firstWords(s, 60), "N", utf8.RuneCountInString(s))
}

// audienceOptions are the kinds of audience, in the order officers
// think of them.
func audienceOptions(c *conv) []understand.Option {
	return []understand.Option{
		{Value: "all", Label: c.t("newbroadcast_aud_all"), Synonyms: []string{"semua", "semua ikm", "all", "everyone"}},
		{Value: "sector", Label: c.t("newbroadcast_aud_sector"), Synonyms: []string{"bidang", "sektor", "bidang usaha", "sector"}},
		{Value: "kecamatan", Label: c.t("newbroadcast_aud_kecamatan"), Synonyms: []string{"kecamatan", "wilayah"}},
		{Value: "binaan", Label: c.t("newbroadcast_aud_binaan"), Synonyms: []string{"binaan", "ikm binaan"}},
		{Value: "training", Label: c.t("newbroadcast_aud_training"), Synonyms: []string{"peserta", "peserta pelatihan", "participants"}},
		{Value: "waiting", Label: c.t("newbroadcast_aud_waiting"), Synonyms: []string{"daftar tunggu", "waiting list"}},
		{Value: "app", Label: c.t("newbroadcast_aud_app"), Synonyms: []string{"pengajuan", "sertifikat", "pemohon", "applications"}},
		{Value: "silent", Label: c.t("newbroadcast_aud_silent"), Synonyms: []string{"tidak aktif", "lama tidak menghubungi", "silent"}},
		{Value: "owners", Label: c.t("newbroadcast_aud_owners"), Synonyms: []string{"nomor ikm", "daftar nomor", "daftar ikm", "list"}},
	}
}

// detailPrefix marks the values of the choices that give an audience's
// details, apart from the kinds of audience.
const detailPrefix = "d:"

// audienceDetails are the choices for the details the audience chosen
// needs (a sector, a kecamatan, a training, a kind then a stage of
// application); nil when they are typed (days, IKM numbers).
func audienceDetails(c *conv, d *newBroadcastDraft) []understand.Option {
	var opts []understand.Option
	add := func(value, label string, synonyms ...string) {
		opts = append(opts, understand.Option{Value: detailPrefix + value, Label: label, Synonyms: synonyms})
	}
	switch d.Aim {
	case "sector":
		for _, s := range office.Sectors() {
			add(s, c.e.office.SectorName(c.s.Language, s), s)
		}
	case "kecamatan":
		for _, k := range understand.KecamatanNames() {
			add(k, k)
		}
	case "training", "waiting":
		ts, err := c.tx.Trainings(c.now.AddDate(0, 0, -30), otrainShown)
		if err != nil {
			c.fail(err)
			return nil
		}
		for _, t := range ts {
			label := t.Title + " · " + t.StartsAt.In(wita).Format("02/01")
			if t.Cancelled {
				label += " " + c.t("otrain_cancelled_mark")
			}
			add(strconv.FormatInt(t.ID, 10), label)
		}
	case "app":
		if d.Audience.AppKind == "" {
			for _, o := range kindOptions(c) {
				add(o.Value, o.Label, o.Synonyms...)
			}
			break
		}
		stages, err := c.tx.Stages(d.Audience.AppKind)
		if err != nil {
			c.fail(err)
			return nil
		}
		for _, s := range stages {
			_, n, err := c.tx.FindApplications(store.ApplicationFilter{Kind: d.Audience.AppKind, Stage: s.Code, Limit: 1})
			if err != nil {
				c.fail(err)
				return nil
			}
			add(s.Code, fmt.Sprintf("%s (%d)", c.e.office.StageName(c.s.Language, d.Audience.AppKind, s.Code), n), s.Code)
		}
		add("", c.t("newbroadcast_stage_all"), "semua tahap", "semua", "all stages")
	}
	return opts
}

// askAudience asks who the broadcast is for, or the details of the
// audience chosen.
func askAudience(c *conv, d *newBroadcastDraft) {
	if d.Aim == "" || d.AimDone {
		c.say("newbroadcast_aud_ask")
		c.offerOptions(audienceOptions(c))
		return
	}
	switch d.Aim {
	case "silent":
		c.say("newbroadcast_silent_ask")
		return
	case "owners":
		c.say("newbroadcast_owners_ask")
		return
	case "app":
		if d.Audience.AppKind != "" {
			c.say("newbroadcast_stage_ask", "Kind", c.e.office.KindName(c.s.Language, d.Audience.AppKind))
			c.offerOptions(audienceDetails(c, d))
			return
		}
	}
	c.say("newbroadcast_" + d.Aim + "_ask")
	c.offerOptions(audienceDetails(c, d))
}

// answerAudience takes the kind of audience, then its details at the
// same field; "kembali" at the details goes back to the kinds.
func answerAudience(c *conv, d *newBroadcastDraft, in Input) (bool, error) {
	if d.Aim == "" || d.AimDone || in.Choice != "" && !strings.HasPrefix(in.Choice, detailPrefix) {
		opts := audienceOptions(c)
		i, err := c.pick(in, opts)
		if in.Choice == "" && (err != nil || opts[i].Value == "kecamatan") {
			// "kecamatan kadia", "kadia": the kecamatan at once
			if _, isNumber := understand.Number(in.Text); !isNumber {
				if name, ok, _ := understand.Kecamatan(in.Text); ok {
					d.Aim, d.Audience, d.AimDone = "kecamatan", store.Audience{Kecamatan: name}, true
					return true, nil
				}
			}
		}
		if err != nil {
			return false, err
		}
		d.Aim, d.Audience, d.AimDone = opts[i].Value, store.Audience{}, false
		switch d.Aim {
		case "all":
			d.AimDone = true
			return true, nil
		case "binaan":
			d.Audience.Binaan, d.AimDone = true, true
			return true, nil
		case "training", "waiting":
			if len(audienceDetails(c, d)) == 0 {
				c.say("newbroadcast_training_none")
				d.Aim = ""
			}
		}
		askAudience(c, d)
		return false, nil
	}
	if in.Choice == "" && slices.Contains([]string{"kembali", "back", "balik", "ubah penerima", "ganti penerima", "penerima lain"}, understand.Normalize(in.Text)) {
		d.Aim, d.Audience = "", store.Audience{}
		askAudience(c, d)
		return false, nil
	}
	switch d.Aim {
	case "silent":
		n, ok := understand.Number(strings.NewReplacer("hari", "", "days", "").Replace(strings.ToLower(in.Text)))
		if !ok || n < 1 || n > 3650 {
			return false, again("newbroadcast_silent_invalid")
		}
		d.Audience.SilentDays = n
	case "owners":
		ids, err := parseRegNos(c, in.Text)
		if err != nil {
			return false, err
		}
		d.Audience.Owners = ids
	case "kecamatan":
		if name, ok := pickKecamatan(c, in); ok {
			d.Audience.Kecamatan = name
			break
		}
		if _, isNumber := understand.Number(in.Text); isNumber && in.Choice == "" {
			return false, again("choice_out_of_range", "Max", len(understand.KecamatanNames()))
		}
		return false, again("newtraining_kecamatan_invalid", "Answer", quote(in.Text))
	default:
		opts := audienceDetails(c, d)
		i, err := c.pick(in, opts)
		if err != nil {
			return false, err
		}
		v := strings.TrimPrefix(opts[i].Value, detailPrefix)
		switch d.Aim {
		case "sector":
			d.Audience.Sector = v
		case "training", "waiting":
			d.Audience.TrainingID, _ = strconv.ParseInt(v, 10, 64)
			d.Audience.Waiting = d.Aim == "waiting"
		case "app":
			if d.Audience.AppKind == "" {
				d.Audience.AppKind = v
				askAudience(c, d)
				return false, nil
			}
			d.Audience.AppStage = v
		}
	}
	d.AimDone = true
	return true, nil
}

// pickKecamatan reads a kecamatan: its number in the list, its button,
// or its name as people type it (understand.Kecamatan).
func pickKecamatan(c *conv, in Input) (string, bool) {
	names := understand.KecamatanNames()
	if in.Choice != "" {
		name := strings.TrimPrefix(in.Choice, detailPrefix)
		return name, slices.Contains(names, name)
	}
	if n, ok := understand.Number(in.Text); ok {
		if n >= 1 && n <= len(names) {
			return names[n-1], true
		}
		return "", false
	}
	name, ok, _ := understand.Kecamatan(in.Text)
	return name, ok
}

// parseRegNos reads IKM numbers separated by commas, spaces or lines,
// each of a registered owner.
func parseRegNos(c *conv, text string) ([]int64, error) {
	var ids []int64
	for _, p := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) }) {
		id, err := office.ParseRegNo(p)
		if err != nil {
			return nil, again("newtraining_invited_invalid", "Answer", quote(p))
		}
		if _, err := c.tx.FindOwnerByID(id); errors.Is(err, store.ErrNotFound) {
			return nil, again("newtraining_invited_unknown", "RegNo", store.Owner{ID: id}.RegNo())
		} else if err != nil {
			return nil, err
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil, again("newtraining_list_empty")
	}
	slices.Sort(ids)
	return ids, nil
}

// answerBroadcastWhen takes "sekarang" (1), or a date and time to come
// typed as people type them (parseStart).
func answerBroadcastWhen(c *conv, d *newBroadcastDraft, in Input) (bool, error) {
	norm := understand.Normalize(in.Text)
	if in.Choice == "now" || norm == "1" || slices.Contains([]string{"sekarang", "sekarang saja", "kirim sekarang", "langsung",
		"langsung kirim", "segera", "now", "send now", "right now"}, norm) {
		d.Now, d.SendAt = true, nil
		return true, nil
	}
	if in.Choice != "" {
		return false, again("choice_stale")
	}
	t, err := parseStart(c, in.Text)
	if err != nil {
		return false, err
	}
	if !t.After(c.now) {
		return false, again("newbroadcast_when_past", "When", showWhen(c, &t))
	}
	d.Now, d.SendAt = false, &t
	return true, nil
}

// confirmBroadcast is what the summary says besides the answers: how
// many the audience reaches now and who is left out, then the text
// exactly as owners will read it, in Indonesian and in English.
func confirmBroadcast(c *conv, d *newBroadcastDraft) []any {
	lang := c.s.Language
	r, err := c.e.office.ReachOf(c.tx, d.Audience)
	if err != nil {
		c.fail(err)
		return nil
	}
	var reach []string
	if r.Total == 0 {
		reach = append(reach, c.t("newbroadcast_reach_nobody"))
	} else {
		channels := make([]string, 0, len(r.PerChannel))
		for ch := range r.PerChannel {
			channels = append(channels, ch)
		}
		slices.Sort(channels)
		var per []string
		for _, ch := range channels {
			per = append(per, c.t("newbroadcast_reach_channel", "Channel", c.e.office.ChannelLabel(lang, ch), "N", r.PerChannel[ch]))
		}
		reach = append(reach, c.t("newbroadcast_reach", "Reached", r.Reached(), "Total", r.Total, "Channels", strings.Join(per, ", ")))
		var left []string
		for _, k := range []struct {
			reason string
			n      int
		}{{store.SkipOptedOut, r.OptedOut}, {store.SkipUnreachable, r.Unreachable}} {
			if k.n > 0 {
				left = append(left, c.t("newbroadcast_reach_left_item", "N", k.n, "Reason", c.e.office.SkipReasonLabel(lang, k.reason)))
			}
		}
		if len(left) > 0 {
			reach = append(reach, c.t("newbroadcast_reach_left", "List", strings.Join(left, "; ")))
		}
	}
	if !d.Now {
		reach = append(reach, c.t("newbroadcast_reach_later"))
	}
	b := store.Broadcast{TextID: d.Text, TextEN: d.TextEN}
	previewEN := ""
	if d.TextEN != "" {
		previewEN = c.e.office.BroadcastText(b, "en")
	}
	when := c.t("newbroadcast_when_now_show")
	if !d.Now {
		when = showWhen(c, d.SendAt)
	}
	return []any{"Reach", strings.Join(reach, "\n"), "Preview", c.e.office.BroadcastText(b, "id"), "PreviewEN", previewEN,
		"Later", !d.Now, "When", when}
}

// saveBroadcast creates the confirmed broadcast through the office, then
// shows its report; a time to send that passed while the summary was
// read is asked again.
func saveBroadcast(c *conv, d *newBroadcastDraft) error {
	if d.SendAt != nil && !d.SendAt.After(c.now) {
		c.say("newbroadcast_when_passed", "When", showWhen(c, d.SendAt))
		c.e.newBroadcast.Correct(c, "when")
		return nil
	}
	b := store.Broadcast{TextID: d.Text, TextEN: d.TextEN, Audience: d.Audience}
	if d.SendAt != nil {
		b.SendAt = *d.SendAt
	}
	err := c.e.office.CreateBroadcast(c.tx, office.Actor{Name: c.officer.Name, Chat: c.s.Chat}, &b)
	if errors.Is(err, office.ErrBroadcastInvalid) {
		return again("newbroadcast_invalid")
	}
	if err != nil {
		return err
	}
	c.say("newbroadcast_created", "ID", b.ID, "Later", d.SendAt != nil, "When", showWhen(c, &b.SendAt))
	c.dropDraft()
	c.s.Flow = "obroadcast"
	draftOf[obroadcastDraft](c).ID = b.ID
	c.goTo("obroadcast", "report")
	return nil
}
