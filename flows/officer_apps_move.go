package flows

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"sobat-ikm/flows/office"
	"sobat-ikm/flows/understand"
	"sobat-ikm/store"
)

// The officer's move of an application in chat: where to, the note for
// the owner, the certificate on terbit, a confirmation, then the office's
// Move; and the portal's record.

// moveOptions are the stages the application may go to, then "back".
func (e *Engine) moveOptions(c *conv) []understand.Option {
	a, err := c.tx.FindApplicationByID(draftOf[appsDraft](c).AppID)
	if err != nil {
		c.fail(err)
		return nil
	}
	next, err := c.tx.NextStages(a)
	if err != nil {
		c.fail(err)
		return nil
	}
	var opts []understand.Option
	for _, s := range next {
		opts = append(opts, understand.Option{Value: s, Label: e.office.StageName(c.s.Language, a.Kind, s), Synonyms: []string{s}})
	}
	return append(opts, understand.Option{Value: "back", Label: c.t("apps_back"), Synonyms: []string{"kembali", "batal"}})
}

func (e *Engine) chooseMove(c *conv, to string) error {
	if to == "back" {
		c.goTo("apps", "app")
		return nil
	}
	d := draftOf[appsDraft](c)
	now, err := c.tx.FindApplicationByID(d.AppID)
	if err != nil {
		return err
	}
	if now.Stage != d.From { // the choices on screen were for another stage
		c.say("apps_moved_meanwhile", "Ref", now.Ref(), "Stage", e.office.StageName(c.s.Language, now.Kind, now.Stage))
		c.goTo("apps", "app")
		return nil
	}
	d.To = to
	c.goTo("apps", "note")
	return nil
}

func askMoveNote(c *conv) {
	switch draftOf[appsDraft](c).To {
	case store.StageFix:
		c.say("apps_note_fix_ask")
	case store.StageRefused:
		c.say("apps_note_refused_ask")
	default:
		c.say("apps_note_ask")
		c.offer(c.choice("none", "apps_note_none"))
	}
}

func answerMoveNote(c *conv, in Input) error {
	d := draftOf[appsDraft](c)
	needed := d.To == store.StageFix || d.To == store.StageRefused
	if !needed && (in.Choice == "none" || strings.TrimSpace(in.Text) == "1" || strings.TrimSpace(in.Text) == "-") {
		d.Note = ""
	} else {
		note, err := understand.ParseText(in.Text, 3, office.MaxNote)
		if err != nil {
			return again("apps_note_invalid", "Max", office.MaxNote)
		}
		d.Note = note
	}
	if d.To == store.StageIssued {
		c.goTo("apps", "cert")
		return nil
	}
	c.goTo("apps", "confirm")
	return nil
}

func answerCert(c *conv, in Input) error {
	no, err := understand.ParseText(in.Text, 3, 80)
	if err != nil {
		return again("apps_cert_invalid")
	}
	d := draftOf[appsDraft](c)
	d.CertNo = no
	if d.Kind == store.AppTKDN {
		c.goTo("apps", "percent")
		return nil
	}
	c.goTo("apps", "confirm")
	return nil
}

func answerPercent(c *conv, in Input) error {
	t := strings.TrimSpace(strings.NewReplacer("%", "", "persen", "", ",", ".").Replace(strings.ToLower(in.Text)))
	p, err := strconv.ParseFloat(t, 64)
	if err != nil || p <= 0 || p > 100 {
		return again("apps_percent_invalid")
	}
	draftOf[appsDraft](c).Percent = p
	c.goTo("apps", "valid")
	return nil
}

func answerValid(c *conv, in Input) error {
	t := strings.TrimSpace(in.Text)
	var at time.Time
	var err error
	for _, layout := range []string{time.DateOnly, "02/01/2006", "2/1/2006", "02-01-2006"} {
		if at, err = time.Parse(layout, t); err == nil {
			break
		}
	}
	if err != nil || !at.After(c.now) {
		return again("apps_valid_invalid")
	}
	draftOf[appsDraft](c).ValidUntil = at.Format(time.DateOnly)
	c.goTo("apps", "confirm")
	return nil
}

func (e *Engine) askMoveConfirm(c *conv) {
	d := draftOf[appsDraft](c)
	a, err := c.tx.FindApplicationByID(d.AppID)
	if err != nil {
		c.fail(err)
		return
	}
	lang := c.s.Language
	c.say("apps_confirm", "Ref", a.Ref(), "From", e.office.StageName(lang, a.Kind, d.From), "To", e.office.StageName(lang, a.Kind, d.To),
		"Note", orDash(d.Note))
	if d.To == store.StageIssued {
		c.say("apps_confirm_cert", "CertNo", d.CertNo)
		if a.Kind == store.AppTKDN {
			c.say("apps_confirm_tkdn", "Percent", strconv.FormatFloat(d.Percent, 'f', -1, 64), "ValidUntil", office.OwnerDate(d.ValidUntil))
		}
	}
}

// answerMoveConfirm moves the application through the office, as the
// command line does: the history, the audit log, the owner's notice.
func (e *Engine) answerMoveConfirm(c *conv, yes bool) error {
	d := draftOf[appsDraft](c)
	if !yes {
		c.say("officer_cancelled")
		c.goTo("apps", "app")
		return nil
	}
	by := office.Actor{Name: c.officer.Name, Chat: c.s.Chat}
	a, err := e.office.Move(c.tx, by, store.Move{ID: d.AppID, From: d.From, To: d.To, Note: d.Note,
		CertNo: d.CertNo, TKDNPercent: d.Percent, ValidUntil: d.ValidUntil})
	switch {
	case errors.Is(err, store.ErrStale), errors.Is(err, store.ErrNotAllowed):
		now, err := c.tx.FindApplicationByID(d.AppID)
		if err != nil {
			return err
		}
		c.say("apps_moved_meanwhile", "Ref", now.Ref(), "Stage", e.office.StageName(c.s.Language, now.Kind, now.Stage))
		c.goTo("apps", "app")
		return nil
	case errors.Is(err, office.ErrNoteNeeded), errors.Is(err, office.ErrCertNeeded), errors.Is(err, office.ErrCertPercent),
		errors.Is(err, office.ErrCertValidity):
		c.say("apps_move_incomplete")
		c.goTo("apps", "app")
		return nil
	case err != nil:
		return err
	}
	c.say("apps_moved", "Ref", a.Ref(), "Stage", e.office.StageName(c.s.Language, a.Kind, a.Stage))
	if _, reached, err := e.office.NoticeChat(c.tx, a.OwnerID); err != nil {
		return err
	} else if reached {
		c.say("officer_notified")
	} else {
		c.say("officer_not_notified")
	}
	c.goTo("apps", "app")
	return nil
}

func answerPortalNo(c *conv, in Input) error {
	no, err := understand.ParseText(in.Text, 3, 80)
	if err != nil {
		return again("apps_portal_invalid")
	}
	draftOf[appsDraft](c).PortalNo = no
	c.goTo("apps", "portal_status")
	return nil
}

func (e *Engine) answerPortalStatus(c *conv, in Input) error {
	status, err := understand.ParseText(in.Text, 2, 200)
	if err != nil {
		return again("apps_portal_invalid")
	}
	d := draftOf[appsDraft](c)
	if err := e.office.SetPortal(c.tx, office.Actor{Name: c.officer.Name, Chat: c.s.Chat}, d.AppID, d.PortalNo, status); err != nil {
		return err
	}
	c.say("apps_portal_saved")
	c.goTo("apps", "app")
	return nil
}
