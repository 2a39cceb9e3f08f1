package flows

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"sobat-ikm/flows/office"
	"sobat-ikm/flows/understand"
	"sobat-ikm/store"
)

// obroadcastShown is how many broadcasts the officer's list shows: the
// latest.
const obroadcastShown = 8

// obroadcastDraft is the broadcast an officer opened.
type obroadcastDraft struct {
	ID int64 `json:"id,omitempty"`
}

// obroadcastFlow is the officer's announcements in chat: the latest
// ones, one opened with what became of it (sent, waiting, failed,
// skipped and why, per channel), and its cancellation after a
// confirmation; the same office operations as the command line and the
// web console. New ones are written with newBroadcastForm.
func (e *Engine) obroadcastFlow() *Flow {
	return &Flow{Name: "obroadcast", Steps: []*Step{
		choiceStep("list", "obroadcast_list_help", e.askObroadcastList, e.obroadcastListOptions, e.chooseObroadcast),
		{Name: "report", Help: "obroadcast_report_help", Ask: e.askObroadcastReport, Answer: e.answerObroadcastReport},
		yesNoStep("cancel_confirm", "obroadcast_cancel_help", "otrain_cancel_yes", "officer_confirm_no", e.askObroadcastCancel, e.answerObroadcastCancel),
	}}
}

// startObroadcast opens the officer's list of announcements.
func (e *Engine) startObroadcast(c *conv) {
	c.dropDraft()
	c.goTo("obroadcast", "list")
}

func (e *Engine) askObroadcastList(c *conv) {
	if len(e.obroadcastListOptions(c)) <= 2 {
		c.say("obroadcast_list_none")
		return
	}
	c.say("obroadcast_list_ask")
}

// obroadcastListOptions are the latest broadcasts, newest first, each
// with its state, how many of those it goes to have it, and its first
// words; then "new" and "menu".
func (e *Engine) obroadcastListOptions(c *conv) []understand.Option {
	bs, err := c.tx.Broadcasts(obroadcastShown)
	if err != nil {
		c.fail(err)
		return nil
	}
	var opts []understand.Option
	for _, b := range bs {
		rep, err := e.office.Report(c.tx, b.ID)
		if err != nil {
			c.fail(err)
			return nil
		}
		label := fmt.Sprintf("#%d · %s", b.ID, e.office.BroadcastState(c.s.Language, rep))
		switch t := rep.Total; {
		case written(t) > 0:
			label += " · " + c.t("obroadcast_item_sent", "Sent", t.Sent, "Total", t.Queued+t.Sent+t.Failed)
		case b.Status == store.BroadcastScheduled && b.SendAt.After(c.now):
			label += " " + b.SendAt.In(wita).Format("02/01 15.04")
		}
		opts = append(opts, understand.Option{Value: strconv.FormatInt(b.ID, 10), Label: label + " · " + firstWords(b.TextID, 40)})
	}
	return append(opts,
		understand.Option{Value: "new", Label: c.t("obroadcast_new"), Synonyms: []string{"buat", "baru", "buat pengumuman", "tambah", "new"}},
		understand.Option{Value: "menu", Label: c.t("officer_owner_menu"), Synonyms: []string{"menu", "kembali"}})
}

func (e *Engine) chooseObroadcast(c *conv, v string) error {
	switch v {
	case "new":
		c.dropDraft()
		c.say("newbroadcast_start")
		e.newBroadcast.Begin(c)
	case "menu":
		c.toMenu()
	default:
		id, _ := strconv.ParseInt(v, 10, 64)
		*draftOf[obroadcastDraft](c) = obroadcastDraft{ID: id}
		c.goTo("obroadcast", "report")
	}
	return nil
}

// written is how many recipients of a broadcast are written, whatever
// became of them.
func written(t office.ChannelReport) int { return t.Queued + t.Sent + t.Failed + t.Skipped }

// audienceLabel says who a broadcast is for, with the training's title
// when it is a training's, and the IKM numbers of a short list.
func (e *Engine) audienceLabel(c *conv, a store.Audience) string {
	label := e.office.AudienceLabel(c.s.Language, a)
	if a.TrainingID != 0 {
		if t, err := c.tx.FindTraining(a.TrainingID); err == nil {
			label += " (" + t.Title + ")"
		}
	}
	if n := len(a.Owners); n > 0 && n <= 10 {
		regNos := make([]string, n)
		for i, id := range a.Owners {
			regNos[i] = store.Owner{ID: id}.RegNo()
		}
		label += " (" + strings.Join(regNos, ", ") + ")"
	}
	return label
}

// firstWords is the start of a text on one line, cut after a word, at
// most max characters (and "…").
func firstWords(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)[:max]
	if i := strings.LastIndexByte(string(r), ' '); i > 0 {
		return string(r)[:i] + "…"
	}
	return string(r) + "…"
}

// obroadcastReport is the broadcast opened and what became of it; false
// when it is gone (the officer is back at the list).
func (e *Engine) obroadcastReport(c *conv) (office.BroadcastReport, bool) {
	rep, err := e.office.Report(c.tx, draftOf[obroadcastDraft](c).ID)
	if errors.Is(err, store.ErrNotFound) {
		c.say("obroadcast_gone")
		c.goTo("obroadcast", "list")
		return rep, false
	}
	if err != nil {
		c.fail(err)
		return rep, false
	}
	return rep, true
}

// obroadcastActions are what can be done with a broadcast now: see it
// again, cancel it while something of it waits, another one, the menu.
func obroadcastActions(c *conv, rep office.BroadcastReport) []understand.Option {
	opts := []understand.Option{{Value: "refresh", Label: c.t("obroadcast_action_refresh"), Synonyms: []string{"perbarui", "refresh", "lihat lagi", "update"}}}
	if !rep.Done {
		opts = append(opts, understand.Option{Value: "cancel", Label: c.t("obroadcast_action_cancel"), Synonyms: []string{"batalkan pengumuman", "cancel broadcast"}})
	}
	return append(opts,
		understand.Option{Value: "list", Label: c.t("obroadcast_action_list"), Synonyms: []string{"daftar", "kembali", "pengumuman lain"}},
		understand.Option{Value: "menu", Label: c.t("officer_owner_menu"), Synonyms: []string{"menu"}})
}

// skipOrder is the order skip reasons are listed in.
var skipOrder = []string{store.SkipOptedOut, store.SkipUnreachable, store.SkipErased, store.SkipCancelled}

// askObroadcastReport shows a broadcast: who it is for, when, its first
// words, then its recipients per status and channel and why some were
// skipped, or that they are not written yet; and what can be done.
func (e *Engine) askObroadcastReport(c *conv) {
	rep, ok := e.obroadcastReport(c)
	if !ok {
		return
	}
	b := rep.Broadcast
	c.say("obroadcast_report", "ID", b.ID, "State", e.office.BroadcastState(c.s.Language, rep), "Audience", e.audienceLabel(c, b.Audience),
		"When", showWhen(c, &b.SendAt), "By", orDash(b.CreatedBy), "Words", firstWords(b.TextID, 120), "HasEN", b.TextEN != "")
	t := rep.Total
	switch {
	case written(t) > 0:
		lines := []string{c.t("obroadcast_report_counts", "Total", written(t), "Sent", t.Sent, "Queued", t.Queued, "Failed", t.Failed, "Skipped", t.Skipped)}
		for _, ch := range rep.Channels {
			lines = append(lines, c.t("obroadcast_report_channel", "Channel", e.office.ChannelLabel(c.s.Language, ch.Channel),
				"Sent", ch.Sent, "Queued", ch.Queued, "Failed", ch.Failed, "Skipped", ch.Skipped))
		}
		if t.Skipped > 0 {
			lines = append(lines, c.t("obroadcast_report_reasons", "List", e.skipReasons(c, t.Reasons)))
		}
		c.sayText(strings.Join(lines, "\n"))
	case b.Status == store.BroadcastCancelled:
		c.say("obroadcast_report_unsent")
	case b.Status == store.BroadcastScheduled && b.SendAt.After(c.now):
		c.say("obroadcast_report_waiting")
	default:
		c.say("obroadcast_report_preparing")
	}
	c.say("obroadcast_report_ask")
	c.offerOptions(obroadcastActions(c, rep))
}

// skipReasons lists why recipients were skipped, with how many each:
// "memilih berhenti menerima pengumuman (1), tidak bisa dihubungi (2)".
func (e *Engine) skipReasons(c *conv, reasons map[string]int) string {
	keys := make([]string, 0, len(reasons))
	for k := range reasons {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		ia, ib := slices.Index(skipOrder, a), slices.Index(skipOrder, b)
		if ia < 0 {
			ia = len(skipOrder)
		}
		if ib < 0 {
			ib = len(skipOrder)
		}
		if ia != ib {
			return ia - ib
		}
		return strings.Compare(a, b)
	})
	var parts []string
	for _, k := range keys {
		if reasons[k] > 0 {
			parts = append(parts, fmt.Sprintf("%s (%d)", e.office.SkipReasonLabel(c.s.Language, k), reasons[k]))
		}
	}
	return strings.Join(parts, ", ")
}

func (e *Engine) answerObroadcastReport(c *conv, in Input) error {
	rep, ok := e.obroadcastReport(c)
	if !ok {
		return nil
	}
	opts := obroadcastActions(c, rep)
	i, err := c.pick(in, opts)
	if err != nil {
		return err
	}
	switch opts[i].Value {
	case "refresh":
		c.goTo("obroadcast", "report")
	case "cancel":
		c.goTo("obroadcast", "cancel_confirm")
	case "list":
		c.goTo("obroadcast", "list")
	default:
		c.toMenu()
	}
	return nil
}

func (e *Engine) askObroadcastCancel(c *conv) {
	rep, ok := e.obroadcastReport(c)
	if !ok {
		return
	}
	b := rep.Broadcast
	c.say("obroadcast_cancel_confirm", "ID", b.ID, "Audience", e.audienceLabel(c, b.Audience), "When", showWhen(c, &b.SendAt),
		"Sent", rep.Total.Sent)
}

// answerObroadcastCancel cancels the broadcast through the office: what
// has not gone out yet never does.
func (e *Engine) answerObroadcastCancel(c *conv, yes bool) error {
	d := draftOf[obroadcastDraft](c)
	if !yes {
		c.say("officer_cancelled")
		c.goTo("obroadcast", "report")
		return nil
	}
	n, err := e.office.CancelBroadcast(c.tx, office.Actor{Name: c.officer.Name, Chat: c.s.Chat}, d.ID, "")
	switch {
	case errors.Is(err, office.ErrBroadcastDone):
		c.say("obroadcast_already_done", "ID", d.ID)
	case errors.Is(err, store.ErrNotFound):
		c.say("obroadcast_gone")
		c.goTo("obroadcast", "list")
		return nil
	case err != nil:
		return err
	default:
		c.say("obroadcast_cancelled", "ID", d.ID, "N", n)
	}
	c.goTo("obroadcast", "report")
	return nil
}
