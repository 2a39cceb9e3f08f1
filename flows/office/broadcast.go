package office

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"sobat-ikm/locales"
	"sobat-ikm/store"
)

// The audit log's actions on broadcasts.
const (
	ActionBroadcastCreate = "broadcast.create"
	ActionBroadcastCancel = "broadcast.cancel"
	AuditBroadcast        = "broadcast"
)

// MaxBroadcastText is how long an announcement may be, in characters:
// one chat message, read on a small phone.
const MaxBroadcastText = 1000

// BroadcastBatch is how many recipients one transaction writes: short
// enough that owners' replies keep committing in between.
const BroadcastBatch = 250

var (
	// ErrBroadcastInvalid: no text, a text too long, or an audience that
	// names a training or a kind of application that does not exist.
	ErrBroadcastInvalid = errors.New("office: a broadcast needs a text of at most 1000 characters and an audience that exists")
	// ErrBroadcastDone: the broadcast was cancelled, or all of it has
	// been handed to the sender already.
	ErrBroadcastDone = errors.New("office: the broadcast is cancelled or already sent")
)

// CheckBroadcast refuses a broadcast that cannot be sent as it is: no
// text, a text (or its English version) too long or invalid, an audience
// naming a training or a kind of application that does not exist.
func CheckBroadcast(r store.Reader, b store.Broadcast) error {
	for _, t := range []string{b.TextID, b.TextEN} {
		if !utf8.ValidString(t) || utf8.RuneCountInString(t) > MaxBroadcastText {
			return ErrBroadcastInvalid
		}
	}
	if strings.TrimSpace(b.TextID) == "" {
		return ErrBroadcastInvalid
	}
	a := b.Audience
	if a.TrainingID != 0 {
		if _, err := r.FindTraining(a.TrainingID); err != nil {
			return fmt.Errorf("%w: no training %d", ErrBroadcastInvalid, a.TrainingID)
		}
	}
	if a.AppKind != "" && a.AppKind != store.AppHalal && a.AppKind != store.AppTKDN {
		return fmt.Errorf("%w: no kind of application %q", ErrBroadcastInvalid, a.AppKind)
	}
	if a.AppStage != "" {
		stages, err := r.Stages(a.AppKind)
		if err != nil {
			return fmt.Errorf("office: %w", err)
		}
		if !slices.ContainsFunc(stages, func(s store.Stage) bool { return s.Code == a.AppStage }) {
			return fmt.Errorf("%w: no stage %q", ErrBroadcastInvalid, a.AppStage)
		}
	}
	if a.SilentDays < 0 {
		return ErrBroadcastInvalid
	}
	return nil
}

// CreateBroadcast schedules an announcement for an officer: its
// recipients are written when b.SendAt comes (a time passed: at once).
func (o *Office) CreateBroadcast(tx *store.Tx, by Actor, b *store.Broadcast) error {
	if err := checkAction(by, ""); err != nil {
		return err
	}
	b.TextID, b.TextEN = strings.TrimSpace(b.TextID), strings.TrimSpace(b.TextEN)
	if err := CheckBroadcast(tx, *b); err != nil {
		return err
	}
	now := o.now()
	if b.SendAt.Before(now) {
		b.SendAt = now
	}
	b.CreatedBy = strings.TrimSpace(by.Name)
	if err := tx.CreateBroadcast(b, now); err != nil {
		return fmt.Errorf("office: %w", err)
	}
	_, err := o.audit(tx, by, now, ActionBroadcastCreate, AuditBroadcast, b.ID, "")
	return err
}

// BroadcastText is the announcement as an owner reads it in lang: the
// officer's English text for an owner in English when there is one, the
// Indonesian otherwise; then the line that says how to stop them.
func (o *Office) BroadcastText(b store.Broadcast, lang string) string {
	return o.broadcastTextFor(b, lang, "")
}

// broadcastTextFor is an owner's own copy of a broadcast: it greets them
// by name, so that WhatsApp never sees one text sent to many (its ban
// code 104); "" greets "(nama pemilik)", as the preview shows it.
func (o *Office) broadcastTextFor(b store.Broadcast, lang, name string) string {
	if !o.cat.Supported(lang) {
		lang = locales.Default
	}
	text := b.TextID
	if lang == "en" && b.TextEN != "" {
		text = b.TextEN
	} else if lang == "en" {
		lang = locales.Default // (the greeting and the stop line in the text's language)
	}
	if strings.TrimSpace(name) == "" {
		name = o.cat.Text(lang, "broadcast_name_placeholder", nil)
	}
	return o.cat.Text(lang, "broadcast_greeting", map[string]any{"Name": strings.TrimSpace(name)}) + "\n" + text +
		"\n\n" + o.cat.Text(lang, "broadcast_stop_line", nil)
}

// Reach is how many owners an audience reaches now, per channel, and
// how many of it are left out and why.
type Reach struct {
	Total       int            // the owners the audience selects
	PerChannel  map[string]int // those it reaches, by channel
	OptedOut    int
	Unreachable int
	// OutsideWindow: only on WhatsApp, and silent longer than WhatsApp
	// lets the office write to them unasked (WhatsAppWindow).
	OutsideWindow int
}

// Reached is how many owners get the broadcast.
func (r Reach) Reached() int {
	n := 0
	for _, c := range r.PerChannel {
		n += c
	}
	return n
}

// ReachOf counts the audience as a broadcast would reach it now.
func (o *Office) ReachOf(r store.Reader, a store.Audience) (Reach, error) {
	rc := Reach{PerChannel: map[string]int{}}
	var after int64
	for {
		ts, err := r.AudienceBatch(a, after, 2000, o.now())
		if err != nil {
			return Reach{}, fmt.Errorf("office: reach: %w", err)
		}
		for _, t := range ts {
			rc.Total++
			t, skip, err := o.reachTarget(r, t)
			if err != nil {
				return Reach{}, err
			}
			switch skip {
			case store.SkipOptedOut:
				rc.OptedOut++
			case store.SkipUnreachable:
				rc.Unreachable++
			case store.SkipWhatsAppWindow:
				rc.OutsideWindow++
			default:
				rc.PerChannel[t.Chat.Channel]++
			}
			after = t.OwnerID
		}
		if len(ts) < 2000 {
			return rc, nil
		}
	}
}

// reachTarget is how a broadcast reaches a target: their chat (another
// channel's, when their WhatsApp chat is outside the window), or why it
// does not ("" when it does).
func (o *Office) reachTarget(r store.Reader, t store.Target) (store.Target, string, error) {
	switch {
	case t.OptedOut:
		return t, store.SkipOptedOut, nil
	case t.Chat.Channel == "" || t.Unreachable:
		return t, store.SkipUnreachable, nil
	case !o.inWindow(t.Chat, t.Seen):
		chat, ok, err := o.NoticeChat(r, t.OwnerID)
		if err != nil || !ok {
			return t, store.SkipWhatsAppWindow, err
		}
		t.Chat = chat
	}
	return t, "", nil
}

// broadcastKey is the dedupe key of an owner's copy of a broadcast.
func broadcastKey(id, ownerID int64) string { return fmt.Sprintf("broadcast:%d:owner:%d", id, ownerID) }

// WriteRecipients writes the next batch of a due broadcast's recipients
// (at most limit) in tx, each owner's copy queued in the outbox or
// skipped with the reason, and moves its cursor past them: a batch
// commits whole or not at all, so that a crash between batches resumes
// where it stopped and no owner is written twice. done is true once all
// are written (the broadcast is then queued); a cancelled broadcast, or
// one not due yet, writes nothing.
func (o *Office) WriteRecipients(tx *store.Tx, id int64, limit int) (written int, done bool, err error) {
	now := o.now()
	b, err := tx.FindBroadcast(id)
	if err != nil {
		return 0, false, fmt.Errorf("office: broadcast: %w", err)
	}
	switch {
	case b.Status == store.BroadcastCancelled || b.Status == store.BroadcastQueued:
		return 0, true, nil
	case b.Status == store.BroadcastScheduled && b.SendAt.After(now):
		return 0, false, nil
	}
	ts, err := tx.AudienceBatch(b.Audience, b.Cursor, limit, now)
	if err != nil {
		return 0, false, fmt.Errorf("office: broadcast %d: %w", id, err)
	}
	recs := make([]store.Recipient, len(ts))
	var copies []store.OutboxMessage
	for i, t := range ts {
		t, skip, err := o.reachTarget(tx, t)
		if err != nil {
			return 0, false, fmt.Errorf("office: broadcast %d: %w", id, err)
		}
		recs[i] = store.Recipient{BroadcastID: id, OwnerID: t.OwnerID, Channel: t.Chat.Channel, Status: store.RecipientQueued, UpdatedAt: now}
		if recs[i].Reason = skip; skip != "" {
			recs[i].Status = store.RecipientSkipped
			continue
		}
		copies = append(copies, store.OutboxMessage{Chat: t.Chat, Kind: store.KindBroadcast, OwnerID: t.OwnerID,
			Reply: store.Reply{Text: o.broadcastTextFor(b, t.Language, t.Name)}, DedupeKey: broadcastKey(id, t.OwnerID), NotBefore: now, CreatedAt: now})
	}
	queued, err := tx.EnqueueMany(copies)
	if err != nil {
		return 0, false, fmt.Errorf("office: broadcast %d: %w", id, err)
	}
	outboxIDs := make([]int64, len(ts))
	for i, t := range ts {
		if recs[i].Status == store.RecipientQueued {
			outboxIDs[i] = queued[broadcastKey(id, t.OwnerID)]
		}
	}
	// A batch commits with the cursor past it: an owner is never written
	// twice, nor a copy queued twice (the outbox's dedupe key).
	added, err := tx.AddRecipients(recs, outboxIDs)
	if err != nil {
		return 0, false, fmt.Errorf("office: broadcast %d: %w", id, err)
	}
	if added != len(recs) || len(queued) != len(copies) {
		return 0, false, fmt.Errorf("office: broadcast %d: %d of %d owners written before", id, len(recs)-added, len(recs))
	}
	if len(ts) > 0 {
		b.Cursor = ts[len(ts)-1].OwnerID
	}
	// Done once a look finds no one left (a batch may hold fewer owners
	// than limit before the end: one with two chats seen at once).
	status := store.BroadcastSending
	if len(ts) == 0 {
		status, done = store.BroadcastQueued, true
	}
	if err := tx.SetBroadcast(id, status, b.Cursor, now); err != nil {
		return 0, false, fmt.Errorf("office: %w", err)
	}
	return len(ts), done, nil
}

// CancelBroadcast stops a broadcast: what has not gone out yet never
// does (its recipients are skipped as cancelled); what went out stays
// counted.
func (o *Office) CancelBroadcast(tx *store.Tx, by Actor, id int64, note string) (int64, error) {
	if err := checkAction(by, note); err != nil {
		return 0, err
	}
	now := o.now()
	b, err := tx.FindBroadcast(id)
	if err != nil {
		return 0, fmt.Errorf("office: cancel broadcast: %w", err)
	}
	if b.Status == store.BroadcastCancelled {
		return 0, ErrBroadcastDone
	}
	n, err := tx.SkipRecipients(id, 0, store.SkipCancelled, now)
	if err != nil {
		return 0, fmt.Errorf("office: %w", err)
	}
	if b.Status == store.BroadcastQueued && n == 0 {
		return 0, ErrBroadcastDone
	}
	if err := tx.SetBroadcast(id, store.BroadcastCancelled, b.Cursor, now); err != nil {
		return 0, fmt.Errorf("office: %w", err)
	}
	_, err = o.audit(tx, by, now, ActionBroadcastCancel, AuditBroadcast, id, note)
	return n, err
}

// BroadcastReport is what became of a broadcast: its recipients per
// channel and status, and the reasons of those skipped.
type BroadcastReport struct {
	Broadcast store.Broadcast
	Channels  []ChannelReport
	Total     ChannelReport // all channels
	// Done: nothing of it waits any more (all written and settled, or
	// cancelled).
	Done bool
}

// NotDeliveredAfter is how long after a copy was sent without the
// platform saying it was delivered it is listed to follow up.
const NotDeliveredAfter = 24 * time.Hour

// ChannelReport is a channel's part of a broadcast.
type ChannelReport struct {
	Channel                       string
	Queued, Sent, Failed, Skipped int
	// Of those sent: delivered and read, as the platform said (WhatsApp
	// says; Telegram does not), and not delivered NotDeliveredAfter on.
	Delivered, Read, NotDelivered int
	// Skipped by reason: opted_out, unreachable, erased, cancelled.
	Reasons map[string]int
}

// Report reads what became of a broadcast.
func (o *Office) Report(r store.Reader, id int64) (BroadcastReport, error) {
	b, err := r.FindBroadcast(id)
	if err != nil {
		return BroadcastReport{}, fmt.Errorf("office: report: %w", err)
	}
	counts, err := r.CountRecipients(id)
	if err != nil {
		return BroadcastReport{}, fmt.Errorf("office: report: %w", err)
	}
	rep := BroadcastReport{Broadcast: b, Total: ChannelReport{Reasons: map[string]int{}}}
	for _, c := range counts {
		i := slices.IndexFunc(rep.Channels, func(cr ChannelReport) bool { return cr.Channel == c.Channel })
		if i < 0 {
			rep.Channels = append(rep.Channels, ChannelReport{Channel: c.Channel, Reasons: map[string]int{}})
			i = len(rep.Channels) - 1
		}
		for _, cr := range []*ChannelReport{&rep.Channels[i], &rep.Total} {
			switch c.Status {
			case store.RecipientQueued:
				cr.Queued += c.N
			case store.RecipientSent:
				cr.Sent += c.N
			case store.RecipientFailed:
				cr.Failed += c.N
			default:
				cr.Skipped += c.N
				cr.Reasons[c.Reason] += c.N
			}
		}
	}
	receipts, err := r.CountReceipts(id, o.now().Add(-NotDeliveredAfter))
	if err != nil {
		return BroadcastReport{}, fmt.Errorf("office: report: %w", err)
	}
	for _, c := range receipts {
		for i := range rep.Channels {
			if rep.Channels[i].Channel == c.Channel {
				rep.Channels[i].Delivered, rep.Channels[i].Read, rep.Channels[i].NotDelivered = c.Delivered, c.Read, c.NotDelivered
			}
		}
		rep.Total.Delivered, rep.Total.Read, rep.Total.NotDelivered = rep.Total.Delivered+c.Delivered, rep.Total.Read+c.Read, rep.Total.NotDelivered+c.NotDelivered
	}
	rep.Done = b.Status == store.BroadcastCancelled || b.Status == store.BroadcastQueued && rep.Total.Queued == 0
	return rep, nil
}

// ExportFailures writes a broadcast's recipients that failed or were
// skipped, with the reason, for spreadsheets; it returns how many.
func (o *Office) ExportFailures(r store.Reader, w interface{ Write([]byte) (int, error) }, id int64, lang string, format Format) (int, error) {
	rs, err := r.FailedRecipients(id, o.now().Add(-NotDeliveredAfter))
	if err != nil {
		return 0, fmt.Errorf("office: export failures: %w", err)
	}
	t := func(msg string) string { return o.cat.Text(lang, msg, nil) }
	sh, err := newSheet(w, format, []string{t("office_col_regno"), t("office_col_business"), t("broadcast_col_channel"),
		t("broadcast_col_status"), t("broadcast_col_reason"), t("broadcast_col_at")})
	if err != nil {
		return 0, err
	}
	for _, rc := range rs {
		business := t("app_cli_erased")
		if owner, err := r.FindOwnerByID(rc.OwnerID); err == nil {
			business = owner.BusinessName
		}
		reason := rc.Reason
		if rc.Status == store.RecipientSkipped || rc.Reason == "not_delivered" {
			reason = t("broadcast_skip_" + rc.Reason)
		}
		row := []string{store.Owner{ID: rc.OwnerID}.RegNo(), business, o.ChannelLabel(lang, rc.Channel),
			t("broadcast_status_" + rc.Status), reason, ShowTime(rc.UpdatedAt)}
		if err := sh.write(row, nil); err != nil {
			return 0, err
		}
	}
	return len(rs), sh.close()
}

// AudienceLabel says who a broadcast is for, in one line in lang.
func (o *Office) AudienceLabel(lang string, a store.Audience) string {
	tr := func(id string, kv ...any) string {
		data := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			data[kv[i].(string)] = kv[i+1]
		}
		return o.cat.Text(lang, id, data)
	}
	var parts []string
	if a.Sector != "" {
		parts = append(parts, tr("broadcast_aud_sector", "Sector", o.SectorName(lang, a.Sector)))
	}
	if a.Kecamatan != "" {
		parts = append(parts, tr("broadcast_aud_kecamatan", "Kecamatan", a.Kecamatan))
	}
	if a.Binaan {
		parts = append(parts, tr("broadcast_aud_binaan"))
	}
	if a.TrainingID != 0 {
		msg := "broadcast_aud_training"
		if a.Waiting {
			msg = "broadcast_aud_waiting"
		}
		parts = append(parts, tr(msg, "ID", a.TrainingID))
	}
	if a.AppKind != "" {
		stage := ""
		if a.AppStage != "" {
			stage = o.StageName(lang, a.AppKind, a.AppStage)
		}
		parts = append(parts, tr("broadcast_aud_app", "Kind", o.KindName(lang, a.AppKind), "Stage", stage))
	}
	if a.SilentDays > 0 {
		parts = append(parts, tr("broadcast_aud_silent", "Days", a.SilentDays))
	}
	if len(a.Owners) > 0 {
		parts = append(parts, tr("broadcast_aud_owners", "N", len(a.Owners)))
	}
	if len(parts) == 0 {
		return tr("broadcast_aud_all")
	}
	return strings.Join(parts, "; ")
}

// BroadcastDue is when a broadcast's recipients are written: now, or at
// its scheduled time.
func BroadcastDue(b store.Broadcast, now time.Time) bool {
	return b.Status == store.BroadcastSending || b.Status == store.BroadcastScheduled && !b.SendAt.After(now)
}

// BroadcastState names where a broadcast is, in lang: scheduled, being
// prepared, sending, done or cancelled.
func (o *Office) BroadcastState(lang string, rep BroadcastReport) string {
	state := rep.Broadcast.Status
	switch {
	case rep.Done && state != store.BroadcastCancelled:
		state = "done"
	case state == store.BroadcastScheduled && BroadcastDue(rep.Broadcast, o.now()):
		state = store.BroadcastSending // (its time came: the bot is writing it)
	}
	return o.cat.Text(lang, "broadcast_state_"+state, nil)
}

// SkipReasonLabel names why a recipient was skipped, in lang.
func (o *Office) SkipReasonLabel(lang, reason string) string {
	return o.cat.Text(lang, "broadcast_skip_"+reason, nil)
}
