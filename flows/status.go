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

// maxListed is how many of an owner's applications "cek status" lists.
const maxListed = 10

// showStatus lists the owner's own applications, newest first, each with
// its stage in plain words, since when, and what happens next: no
// reference needed.
func (e *Engine) showStatus(c *conv) {
	if c.owner == nil {
		c.say("status_none")
		return
	}
	apps, total, err := c.tx.FindApplications(store.ApplicationFilter{OwnerID: c.owner.ID, Limit: maxListed})
	if err != nil {
		c.fail(err)
		return
	}
	if total == 0 {
		c.say("status_none")
		return
	}
	if total == 1 {
		e.showApplication(c, apps[0])
		return
	}
	lines := []string{c.t("status_list_title", "Count", total)}
	for _, a := range apps {
		lines = append(lines, c.t("status_item", "Ref", a.Ref(), "Kind", e.office.KindName(c.s.Language, a.Kind),
			"Stage", e.office.StageName(c.s.Language, a.Kind, a.Stage), "Since", showDate(a.StageAt),
			"Next", e.office.StageNext(c.s.Language, a.Kind, a.Stage)))
	}
	c.sayText(strings.Join(lines, "\n"))
	c.say("status_history_hint", "Ref", apps[0].Ref())
	c.say("app_safety")
}

// showApplication shows one of the owner's applications in full: its
// stage, who acts now, what comes next, the portal's number, the
// certificate, and its history.
func (e *Engine) showApplication(c *conv, a store.Application) {
	lang := c.s.Language
	stages, err := c.tx.Stages(a.Kind)
	if err != nil {
		c.fail(err)
		return
	}
	actor := ""
	for _, s := range stages {
		if s.Code == a.Stage {
			actor = c.t("stage_actor_" + s.Actor)
		}
	}
	c.say("status_detail", "Ref", a.Ref(), "Kind", e.office.KindName(lang, a.Kind), "Filed", showDate(a.CreatedAt),
		"Stage", e.office.StageName(lang, a.Kind, a.Stage), "Since", showDate(a.StageAt),
		"Days", days(c.now, a.StageAt), "Actor", actor, "Next", e.office.StageNext(lang, a.Kind, a.Stage))
	if a.PortalNo != "" {
		c.say("status_portal", "PortalNo", a.PortalNo, "PortalStatus", a.PortalStatus, "Checked", showDate(a.PortalCheckedAt))
	}
	if a.CertNo != "" {
		c.protected = true
		c.say("status_cert", "CertNo", a.CertNo)
		if a.Kind == store.AppTKDN && a.ValidUntil != "" {
			c.say("status_cert_tkdn", "Percent", strconv.FormatFloat(a.TKDNPercent, 'f', -1, 64), "ValidUntil", office.OwnerDate(a.ValidUntil))
		}
	}
	history, err := c.tx.ApplicationHistory(a.ID)
	if err != nil {
		c.fail(err)
		return
	}
	lines := []string{c.t("status_history_title")}
	for _, h := range history {
		line := c.t("status_history_item", "At", showDate(h.At), "Stage", e.office.StageName(lang, a.Kind, h.To))
		if h.Note != "" {
			line += " " + c.t("status_history_note", "Note", h.Note)
		}
		lines = append(lines, line)
	}
	c.sayText(strings.Join(lines, "\n"))
	c.say("app_safety")
}

// referenceGlobal: a reference typed anywhere ("HL-2026-0007", "hl 2026
// 7", "status TK-2026-0012") shows that application, if it is the
// owner's; another owner's is "not found", exactly like one that does
// not exist. Then the current question is asked again.
func (e *Engine) referenceGlobal() global {
	return global{name: "reference",
		match: func(c *conv, in Input) bool { _, ok := understand.FindReference(in.Text); return ok },
		do: func(c *conv, in Input) error {
			ref, _ := understand.FindReference(in.Text)
			a, err := e.ownApplication(c, ref)
			switch {
			case errors.Is(err, store.ErrNotFound):
				c.say("status_not_found", "Ref", ref.String())
			case err != nil:
				return err
			default:
				e.showApplication(c, a)
			}
			c.askCurrent()
			return nil
		}}
}

// ownApplication finds the application of a reference among the owner's.
func (e *Engine) ownApplication(c *conv, ref understand.Reference) (store.Application, error) {
	if c.owner == nil {
		return store.Application{}, store.ErrNotFound
	}
	return c.tx.FindApplication(store.KindOfPrefix(ref.Prefix), ref.Year, ref.Seq, c.owner.ID)
}

// asksStatus: "pengajuan sy sdh sampai mana?", "status pengajuan" at the
// menu.
func asksStatus(c *conv, _ Input) bool {
	if c.s.Flow != "" {
		// In the middle of a form, only the words the replies promise work
		// "kapan saja", as the whole message: "pengajuan saya" there may
		// be an answer.
		switch c.norm {
		case "cek status", "status pengajuan", "cek status pengajuan", "check status":
			return true
		}
		return false
	}
	return understand.HasPhrase(c.norm, "cek status", "status pengajuan", "sampai mana", "sudah sampai",
		"pengajuan saya", "status saya", "where is my application", "my application")
}

// answerStatus shows the owner's applications, then the menu, or the
// question of the form in progress again.
func (e *Engine) answerStatus(c *conv, _ Input) error {
	e.showStatus(c)
	if c.s.Flow != "" {
		c.askCurrent()
		return nil
	}
	c.showMenu()
	return nil
}

// showDate writes a date for owners, in WITA: 02/12/2026.
func showDate(t time.Time) string { return t.In(wita).Format("02/01/2006") }
