package flows

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"sobat-ikm/flows/understand"
	"sobat-ikm/store"
)

// appsPage is how many applications a list shows at a time.
const appsPage = 5

// appsDraft is an officer's way through the applications: the list
// looked at, the application opened, and the move being prepared.
type appsDraft struct {
	Kind    string  `json:"kind,omitempty"`
	Stage   string  `json:"stage,omitempty"`
	Offset  int     `json:"offset,omitempty"`
	Results []int64 `json:"results,omitempty"`
	AppID   int64   `json:"app,omitempty"`
	// The move: the stage the officer saw (From), where to, and what
	// the owner is told.
	From       string  `json:"from,omitempty"`
	To         string  `json:"to,omitempty"`
	Note       string  `json:"note,omitempty"`
	CertNo     string  `json:"cert,omitempty"`
	Percent    float64 `json:"percent,omitempty"`
	ValidUntil string  `json:"valid_until,omitempty"`
	PortalNo   string  `json:"portal_no,omitempty"`
}

// appsFlow is the officer's work on applications in chat: by kind and
// stage, oldest first; one opened; moved with a note after a
// confirmation (the owner is told), or its portal number and status
// recorded. The same office operations as the command line.
func (e *Engine) appsFlow() *Flow {
	return &Flow{Name: "apps", Steps: []*Step{
		choiceStep("kind", "apps_kind_help", func(c *conv) { c.say("apps_kind_ask") }, kindOptions, e.chooseKind),
		choiceStep("stage", "apps_stage_help", func(c *conv) { c.say("apps_stage_ask") }, e.stageOptions, e.chooseStage),
		{Name: "list", Help: "apps_list_help", Ask: e.askAppsList, Answer: e.answerAppsList},
		{Name: "app", Help: "apps_app_help", Ask: e.askApp, Answer: e.answerApp},
		choiceStep("move", "apps_move_help", func(c *conv) { c.say("apps_move_ask") }, e.moveOptions, e.chooseMove),
		{Name: "note", Help: "apps_note_help", Ask: askMoveNote, Answer: answerMoveNote},
		{Name: "cert", Help: "apps_cert_help", Ask: func(c *conv) { c.say("apps_cert_ask") }, Answer: answerCert},
		{Name: "percent", Help: "apps_percent_help", Ask: func(c *conv) { c.say("apps_percent_ask") }, Answer: answerPercent},
		{Name: "valid", Help: "apps_valid_help", Ask: func(c *conv) { c.say("apps_valid_ask") }, Answer: answerValid},
		yesNoStep("confirm", "officer_confirm_help", "officer_confirm_yes", "officer_confirm_no", e.askMoveConfirm, e.answerMoveConfirm),
		{Name: "portal_no", Help: "apps_portal_help", Ask: func(c *conv) { c.say("apps_portal_no_ask") }, Answer: answerPortalNo},
		{Name: "portal_status", Help: "apps_portal_help", Ask: func(c *conv) { c.say("apps_portal_status_ask") }, Answer: e.answerPortalStatus},
	}}
}

func kindOptions(c *conv) []understand.Option {
	return []understand.Option{
		{Value: store.AppHalal, Label: c.t("app_kind_halal"), Synonyms: []string{"halal"}},
		{Value: store.AppTKDN, Label: c.t("app_kind_tkdn"), Synonyms: []string{"tkdn"}},
	}
}

func (e *Engine) chooseKind(c *conv, kind string) error {
	d := draftOf[appsDraft](c)
	d.Kind = kind
	c.goTo("apps", "stage")
	return nil
}

// stageOptions are the kind's stages with how many applications wait in
// each this year and before.
func (e *Engine) stageOptions(c *conv) []understand.Option {
	d := draftOf[appsDraft](c)
	stages, err := c.tx.Stages(d.Kind)
	if err != nil {
		c.fail(err)
		return nil
	}
	var opts []understand.Option
	for _, s := range stages {
		_, n, err := c.tx.FindApplications(store.ApplicationFilter{Kind: d.Kind, Stage: s.Code, Limit: 1})
		if err != nil {
			c.fail(err)
			return nil
		}
		opts = append(opts, understand.Option{Value: s.Code,
			Label: fmt.Sprintf("%s (%d)", e.office.StageName(c.s.Language, d.Kind, s.Code), n), Synonyms: []string{s.Code}})
	}
	return opts
}

func (e *Engine) chooseStage(c *conv, stage string) error {
	d := draftOf[appsDraft](c)
	d.Stage, d.Offset = stage, 0
	c.goTo("apps", "list")
	return nil
}

// listOptions lists a page of the stage's applications, longest waiting
// first, then "next" and "another stage".
func (e *Engine) listOptions(c *conv) ([]understand.Option, int, error) {
	d := draftOf[appsDraft](c)
	apps, total, err := c.tx.FindApplications(store.ApplicationFilter{Kind: d.Kind, Stage: d.Stage, Offset: d.Offset, Limit: appsPage})
	if err != nil {
		return nil, 0, err
	}
	var opts []understand.Option
	for _, a := range apps {
		who := c.t("app_cli_erased")
		if o, err := c.tx.FindOwnerByID(a.OwnerID); err == nil {
			who = o.BusinessName
		}
		opts = append(opts, understand.Option{Value: strconv.FormatInt(a.ID, 10),
			Label: c.t("apps_list_item", "Ref", a.Ref(), "Owner", who, "Days", days(c.now, a.StageAt))})
	}
	if d.Offset+len(apps) < total {
		opts = append(opts, understand.Option{Value: "next", Label: c.t("officer_find_next"), Synonyms: []string{"lanjut", "next", "berikutnya"}})
	}
	return append(opts, understand.Option{Value: "stages", Label: c.t("apps_other_stage"), Synonyms: []string{"tahap lain", "kembali"}}), total, nil
}

func (e *Engine) askAppsList(c *conv) {
	d := draftOf[appsDraft](c)
	opts, total, err := e.listOptions(c)
	if err != nil {
		c.fail(err)
		return
	}
	stage := e.office.StageName(c.s.Language, d.Kind, d.Stage)
	if total == 0 {
		c.say("apps_list_none", "Stage", stage)
	} else {
		c.say("apps_list_title", "Stage", stage, "Total", total, "From", d.Offset+1, "To", min(d.Offset+appsPage, total))
	}
	c.offerOptions(opts)
}

func (e *Engine) answerAppsList(c *conv, in Input) error {
	opts, _, err := e.listOptions(c)
	if err != nil {
		return err
	}
	i, err := c.pick(in, opts)
	if err != nil {
		return err
	}
	d := draftOf[appsDraft](c)
	switch opts[i].Value {
	case "next":
		d.Offset += appsPage
		c.goTo("apps", "list")
	case "stages":
		c.goTo("apps", "stage")
	default:
		d.AppID, _ = strconv.ParseInt(opts[i].Value, 10, 64)
		c.goTo("apps", "app")
	}
	return nil
}

// openApplication opens an application from anywhere in the officer's
// chat: a reference typed at the menu or in a list.
func (e *Engine) openApplication(c *conv, ref understand.Reference) error {
	a, err := c.tx.FindApplication(store.KindOfPrefix(ref.Prefix), ref.Year, ref.Seq, 0)
	if errors.Is(err, store.ErrNotFound) {
		c.say("apps_not_found", "Ref", ref.String())
		c.askCurrent()
		return nil
	}
	if err != nil {
		return err
	}
	if c.s.Flow != "apps" {
		c.dropDraft()
		c.s.Flow = "apps"
	}
	d := draftOf[appsDraft](c)
	d.Kind, d.Stage, d.AppID = a.Kind, a.Stage, a.ID
	c.goTo("apps", "app")
	return nil
}

// chosenApp is the application opened; false when it is gone.
func (e *Engine) chosenApp(c *conv) (store.Application, bool, error) {
	a, err := c.tx.FindApplicationByID(draftOf[appsDraft](c).AppID)
	if errors.Is(err, store.ErrNotFound) {
		c.say("apps_gone")
		c.toMenu()
		return a, false, nil
	}
	return a, err == nil, err
}

func appActions(c *conv) []understand.Option {
	return []understand.Option{
		{Value: "move", Label: c.t("apps_action_move"), Synonyms: []string{"pindah", "pindahkan", "ubah tahap", "move"}},
		{Value: "portal", Label: c.t("apps_action_portal"), Synonyms: []string{"portal", "sihalal", "siinas"}},
		{Value: "list", Label: c.t("apps_action_list"), Synonyms: []string{"daftar", "kembali"}},
		{Value: "menu", Label: c.t("officer_owner_menu"), Synonyms: []string{"menu"}},
	}
}

func (e *Engine) askApp(c *conv) {
	a, ok, err := e.chosenApp(c)
	if err != nil || !ok {
		c.fail(err)
		return
	}
	lang := c.s.Language
	owner := c.t("app_cli_erased")
	if o, err := c.tx.FindOwnerByID(a.OwnerID); err == nil {
		owner = o.RegNo() + " " + o.BusinessName + " (" + o.Name + ")"
	}
	var products []string
	for _, p := range a.Answers.Products {
		products = append(products, strings.TrimSuffix(strings.Join([]string{p.Name, p.Brand, p.Ingredients}, "; "), "; "))
	}
	c.say("apps_app_show", "Ref", a.Ref(), "Kind", e.office.KindName(lang, a.Kind), "Owner", owner,
		"Stage", e.office.StageName(lang, a.Kind, a.Stage), "Days", days(c.now, a.StageAt),
		"Products", strings.Join(products, " | "), "Address", orDash(a.Answers.ProductionAddress),
		"NIK", orDash(understand.MaskNIK(a.NIK)), "Portal", portalLine(a))
	c.protected = true
	if a.Kind == store.AppTKDN {
		c.say("apps_app_costs", "Materials", understand.FormatRupiah(a.Answers.Materials), "Labour", understand.FormatRupiah(a.Answers.Labour),
			"Overhead", understand.FormatRupiah(a.Answers.Overhead), "Domestic", a.Answers.DomesticShare)
	}
	c.say("officer_owner_ask")
	c.offerOptions(appActions(c))
}

func (e *Engine) answerApp(c *conv, in Input) error {
	if ref, ok := understand.FindReference(in.Text); ok && in.Choice == "" {
		return e.openApplication(c, ref)
	}
	a, ok, err := e.chosenApp(c)
	if err != nil || !ok {
		return err
	}
	opts := appActions(c)
	i, err := c.pick(in, opts)
	if err != nil {
		return err
	}
	d := draftOf[appsDraft](c)
	switch opts[i].Value {
	case "move":
		d.From, d.To, d.Note, d.CertNo, d.Percent, d.ValidUntil = a.Stage, "", "", "", 0, ""
		c.goTo("apps", "move")
	case "portal":
		c.goTo("apps", "portal_no")
	case "list":
		d.Kind, d.Stage = a.Kind, a.Stage
		c.goTo("apps", "list")
	default:
		c.toMenu()
	}
	return nil
}

// portalLine is what an officer recorded from the portal: the number,
// then its status and when it was checked.
func portalLine(a store.Application) string {
	if a.PortalNo == "" && a.PortalStatus == "" {
		return "-"
	}
	return fmt.Sprintf("%s (%s, %s)", orDash(a.PortalNo), orDash(a.PortalStatus), showDate(a.PortalCheckedAt))
}

// days is how many whole days have passed since t.
func days(now, t time.Time) int { return max(int(now.Sub(t).Hours()/24), 0) }

// orDash is s, or "-" when s is empty.
func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}
