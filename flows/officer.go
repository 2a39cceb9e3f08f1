package flows

import (
	"errors"
	"fmt"
	"strings"

	"sobat-ikm/flows/office"
	"sobat-ikm/flows/understand"
	"sobat-ikm/store"
)

// resultsPage is how many owners a search shows at a time.
const resultsPage = 5

// officerDesk is what a configured officer can do in chat: find an owner
// (by registration number, name, phone or NIB), see their data, and mark
// or unmark them binaan after a confirmation; the owner is told.
func (e *Engine) officerDesk() *desk {
	return &desk{
		name:        "officer",
		welcome:     func(c *conv) { c.say("officer_welcome", "Name", c.officer.Name) },
		welcomeBack: func(c *conv) { c.say("officer_welcome_back", "Name", c.officer.Name) },
		showMenu:    showOfficerMenu,
		choose:      e.officerMenuAnswer,
		help:        "officer_menu_help",
		flows:       []string{"officer", "apps", "otrain", "newtraining", "obroadcast", "newbroadcast", "language"},
		globals: []global{
			languageGlobal,
			{name: "ticket", match: isTicketCommand, do: e.officerTickets},
			{name: "command", match: isCommand, do: e.officerCommand},
			{name: "web", match: asksWebLink, do: e.sendWebLink},
			{name: "reference", match: func(c *conv, in Input) bool { _, ok := understand.FindReference(in.Text); return ok },
				do: func(c *conv, in Input) error {
					ref, _ := understand.FindReference(in.Text)
					return e.openApplication(c, ref)
				}},
			greetingGlobal,
			{name: "question", match: e.asksAboutQuestion, do: e.explainGlobal},
		},
	}
}

func officerMenuOptions(c *conv) []understand.Option {
	return []understand.Option{
		{Value: "find", Label: c.t("officer_menu_find"), Synonyms: []string{"cari", "cari pemilik", "cari ikm", "find", "search"}},
		{Value: "apps", Label: c.t("officer_menu_apps"), Synonyms: []string{"pengajuan", "sertifikat", "applications"}},
		{Value: "rekap", Label: c.t("officer_menu_rekap"), Synonyms: []string{"rekap", "rekapitulasi", "angka", "numbers"}},
		{Value: "trainings", Label: c.t("officer_menu_trainings"), Synonyms: []string{"pelatihan", "bimtek", "studi banding", "trainings"}},
		{Value: "broadcasts", Label: c.t("obroadcast_menu"), Synonyms: []string{"pengumuman", "broadcast", "siaran", "announcements"}},
		{Value: "tickets", Label: c.t("oticket_menu"), Synonyms: []string{"tiket", "pertanyaan pemilik", "tickets"}},
		{Value: "language", Label: c.t("menu_language"), Synonyms: []string{"bahasa", "language"}},
	}
}

func showOfficerMenu(c *conv) {
	c.say("officer_menu_title")
	c.offerOptions(officerMenuOptions(c))
}

func (e *Engine) officerMenuAnswer(c *conv, in Input) error {
	opts := officerMenuOptions(c)
	i, ok := pickExact(in, opts)
	if !ok {
		if in.Choice == "" && !c.s.New {
			// Anything else typed at the menu is a search: "ikm-000123",
			// "wa ode", "0812...".
			return e.officerSearch(c, in.Text, 0)
		}
		c.showMenu()
		return nil
	}
	c.s.Misses = 0
	switch opts[i].Value {
	case "language":
		c.goTo("language", "choose")
	case "apps":
		c.dropDraft()
		c.goTo("apps", "kind")
	case "trainings":
		e.startOtrain(c)
	case "broadcasts":
		e.startObroadcast(c)
	case "tickets":
		e.listTickets(c)
		c.showMenu()
	case "rekap":
		e.showRekap(c)
		c.showMenu()
	default:
		c.goTo("officer", "find")
	}
	return nil
}

// officerCommand applies a global word in an officer's chat: the words
// for owners' own data mean nothing here.
func (e *Engine) officerCommand(c *conv, in Input) error {
	switch understand.ParseCommand(in.Text) {
	case understand.CmdMenu:
		c.toMenu()
	case understand.CmdCancel:
		if c.s.Flow != "" {
			c.say("officer_cancelled")
		}
		c.toMenu()
	case understand.CmdHelp:
		e.explain(c)
	case understand.CmdLanguage:
		c.interrupt("language", "choose")
	default:
		c.say("officer_owner_words")
		c.askCurrent()
	}
	return nil
}

// officerDraft is an officer's search and the owner chosen from it.
type officerDraft struct {
	Query   string  `json:"query,omitempty"`
	Offset  int     `json:"offset,omitempty"`
	Results []int64 `json:"results,omitempty"` // the owners listed, in order
	OwnerID int64   `json:"owner,omitempty"`
	Binaan  bool    `json:"binaan,omitempty"` // what the confirmation asks to set
}

func (e *Engine) officerFlow() *Flow {
	return &Flow{Name: "officer", Steps: []*Step{
		{Name: "find", Help: "officer_find_help", Ask: func(c *conv) { c.say("officer_find_ask") },
			Answer: func(c *conv, in Input) error { return e.officerSearch(c, in.Text, 0) }},
		{Name: "pick", Help: "officer_pick_help", Ask: e.askPick, Answer: e.answerPick},
		{Name: "owner", Help: "officer_owner_help", Ask: e.askOwner, Answer: e.answerOwner},
		yesNoStep("confirm", "officer_confirm_help", "officer_confirm_yes", "officer_confirm_no", askBinaanConfirm, e.answerBinaanConfirm),
	}}
}

// officerSearch finds the owners matching query and shows one, or a page
// of them to choose from.
func (e *Engine) officerSearch(c *conv, query string, offset int) error {
	query = strings.TrimSpace(query)
	if query == "" {
		return again("officer_find_ask")
	}
	owners, total, err := c.tx.FindOwners(store.OwnerFilter{Query: query, Offset: offset, Limit: resultsPage})
	if err != nil {
		return err
	}
	if c.s.Flow != "officer" {
		c.dropDraft()
		c.s.Flow = "officer"
	}
	d := draftOf[officerDraft](c)
	d.Query, d.Offset, d.Results = query, offset, nil
	switch {
	case total == 0:
		c.say("officer_find_none", "Query", quote(query))
		c.goTo("officer", "find")
		return nil
	case total == 1:
		d.OwnerID = owners[0].ID
		c.goTo("officer", "owner")
		return nil
	}
	for _, o := range owners {
		d.Results = append(d.Results, o.ID)
	}
	c.say("officer_find_results", "Total", total, "From", offset+1, "To", offset+len(owners))
	c.goTo("officer", "pick")
	return nil
}

// pickOptions lists the page of owners found, then "next" and "search
// again".
func (e *Engine) pickOptions(c *conv) ([]understand.Option, error) {
	d := draftOf[officerDraft](c)
	var opts []understand.Option
	for _, id := range d.Results {
		o, err := c.tx.FindOwnerByID(id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		opts = append(opts, understand.Option{Value: fmt.Sprint(o.ID),
			Label: o.RegNo() + " " + o.Name + " — " + o.BusinessName + " (" + o.Kecamatan + ")"})
	}
	if len(d.Results) == resultsPage {
		opts = append(opts, understand.Option{Value: "next", Label: c.t("officer_find_next"), Synonyms: []string{"lanjut", "next", "berikutnya"}})
	}
	return append(opts, understand.Option{Value: "again", Label: c.t("officer_find_again"), Synonyms: []string{"cari lagi", "cari", "search"}}), nil
}

func (e *Engine) askPick(c *conv) {
	opts, err := e.pickOptions(c)
	if err != nil {
		c.fail(err)
		return
	}
	c.say("officer_pick_ask")
	c.offerOptions(opts)
}

func (e *Engine) answerPick(c *conv, in Input) error {
	opts, err := e.pickOptions(c)
	if err != nil {
		return err
	}
	i, err := c.pick(in, opts)
	if err != nil {
		if _, isNumber := understand.Number(in.Text); in.Choice == "" && !isNumber {
			return e.officerSearch(c, in.Text, 0) // a new search typed instead
		}
		return err
	}
	d := draftOf[officerDraft](c)
	switch opts[i].Value {
	case "next":
		return e.officerSearch(c, d.Query, d.Offset+resultsPage)
	case "again":
		c.goTo("officer", "find")
		return nil
	}
	fmt.Sscan(opts[i].Value, &d.OwnerID)
	c.goTo("officer", "owner")
	return nil
}

// chosenOwner is the owner the officer chose; false when it is gone (an
// erasure meanwhile), which sends the officer back to the search.
func (e *Engine) chosenOwner(c *conv) (store.Owner, bool, error) {
	o, err := c.tx.FindOwnerByID(draftOf[officerDraft](c).OwnerID)
	if errors.Is(err, store.ErrNotFound) {
		c.say("officer_owner_gone")
		c.goTo("officer", "find")
		return store.Owner{}, false, nil
	}
	return o, err == nil, err
}

func ownerActions(c *conv, o store.Owner) []understand.Option {
	mark := understand.Option{Value: "mark", Label: c.t("officer_owner_mark"), Synonyms: []string{"tandai", "binaan", "tandai binaan"}}
	if o.Binaan {
		mark = understand.Option{Value: "unmark", Label: c.t("officer_owner_unmark"), Synonyms: []string{"hapus binaan", "bukan binaan"}}
	}
	return []understand.Option{mark,
		{Value: "find", Label: c.t("officer_find_again"), Synonyms: []string{"cari lagi", "cari"}},
		{Value: "menu", Label: c.t("officer_owner_menu"), Synonyms: []string{"menu"}},
	}
}

func (e *Engine) askOwner(c *conv) {
	c.protected = true // (the owner's NIB)
	o, ok, err := e.chosenOwner(c)
	if err != nil || !ok {
		c.fail(err)
		return
	}
	status := c.t("officer_status_not_binaan")
	if o.Binaan {
		status = c.t("officer_status_binaan")
	}
	c.say("officer_owner_show", "RegNo", o.RegNo(), "Status", status, "Summary", c.ownerSummary(&o),
		"Since", showTime(o.CreatedAt))
	c.say("officer_owner_ask")
	c.offerOptions(ownerActions(c, o))
}

func (e *Engine) answerOwner(c *conv, in Input) error {
	o, ok, err := e.chosenOwner(c)
	if err != nil || !ok {
		return err
	}
	opts := ownerActions(c, o)
	i, err := c.pick(in, opts)
	if err != nil {
		return err
	}
	switch opts[i].Value {
	case "find":
		c.goTo("officer", "find")
	case "menu":
		c.toMenu()
	default:
		draftOf[officerDraft](c).Binaan = opts[i].Value == "mark"
		c.goTo("officer", "confirm")
	}
	return nil
}

func askBinaanConfirm(c *conv) {
	d := draftOf[officerDraft](c)
	o, err := c.tx.FindOwnerByID(d.OwnerID)
	if err != nil {
		c.fail(err)
		return
	}
	msg := "officer_confirm_unmark"
	if d.Binaan {
		msg = "officer_confirm_mark"
	}
	c.say(msg, "RegNo", o.RegNo(), "Business", o.BusinessName)
}

// answerBinaanConfirm marks or unmarks the owner through the office, as
// the command line and the web console do: the owner is told.
func (e *Engine) answerBinaanConfirm(c *conv, yes bool) error {
	d := draftOf[officerDraft](c)
	if !yes {
		c.say("officer_cancelled")
		c.goTo("officer", "owner")
		return nil
	}
	by := office.Actor{Name: c.officer.Name, Chat: c.s.Chat}
	o, changed, err := e.office.SetBinaan(c.tx, by, d.OwnerID, d.Binaan, "")
	if errors.Is(err, store.ErrNotFound) {
		c.say("officer_owner_gone")
		c.goTo("officer", "find")
		return nil
	}
	if err != nil {
		return err
	}
	switch {
	case !changed:
		c.say("officer_unchanged", "RegNo", o.RegNo())
	case o.Binaan:
		c.say("officer_done_mark", "RegNo", o.RegNo())
	default:
		c.say("officer_done_unmark", "RegNo", o.RegNo())
	}
	if changed {
		if _, reached, err := e.office.NoticeChat(c.tx, o.ID); err != nil {
			return err
		} else if reached {
			c.say("officer_notified")
		} else {
			c.say("officer_not_notified")
		}
	}
	c.goTo("officer", "owner")
	return nil
}

// asksWebLink: "web", "masuk web", "login web" in an officer's chat.
func asksWebLink(c *conv, _ Input) bool {
	return understand.HasPhrase(c.norm, "web", "masuk web", "login web", "konsol web", "console")
}

// sendWebLink queues a one-time login link to the officers' web console
// to this officer's own chat.
func (e *Engine) sendWebLink(c *conv, _ Input) error {
	if e.webURL == "" {
		c.say("officer_web_off")
		c.askCurrent()
		return nil
	}
	if _, err := e.office.SendLoginLink(c.tx, office.Officer{Name: c.officer.Name, Chat: c.s.Chat}, e.webURL); err != nil {
		return err
	}
	c.say("officer_web_sent")
	c.askCurrent()
	return nil
}
