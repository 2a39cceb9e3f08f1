package flows

import "sobat-ikm/flows/understand"

// leaveFlow asks before a word typed in the middle of a form throws its
// answers away: "menu" (go to the menu?) and "berhenti" (stop filling in,
// or stop announcements?). Answers already given are never dropped on a
// guess.
func leaveFlow(e *Engine) *Flow {
	return &Flow{Name: "leave", Short: true, Steps: []*Step{
		yesNoStep("menu", "leave_menu_help", "leave_menu_yes", "leave_menu_no",
			func(c *conv) { c.say("leave_menu_ask") }, answerLeaveMenu),
		{Name: "stop", Help: "leave_stop_help", Ask: askLeaveStop, Answer: e.answerLeaveStop},
	}}
}

// inForm reports whether the chat is filling in a form and has given
// answers that are not saved: a registration begun, or a registered
// owner's data changed and not saved yet.
func (c *conv) inForm() bool {
	switch { // (the checks before the questions are quick to answer again)
	case c.s.Flow == "halal" && len(c.s.Draft) > 0:
		return len(c.e.halal.Data(c).Products) > 0
	case c.s.Flow == "tkdn" && len(c.s.Draft) > 0:
		return len(c.e.tkdn.Data(c).Products) > 0
	}
	if c.s.Flow != "register" || len(c.s.Draft) == 0 {
		return false
	}
	d := c.e.register.Data(c)
	if c.owner == nil {
		return d.Name != ""
	}
	o := d.owner(c.s.Language)
	return !sameData(c.owner, &o)
}

func answerLeaveMenu(c *conv, yes bool) error {
	if !yes {
		c.resume()
		return nil
	}
	c.say("menu_draft_dropped")
	c.toMenu()
	return nil
}

func leaveStopOptions(c *conv) []understand.Option {
	opts := []understand.Option{
		{Value: "stop", Label: c.t("leave_stop_form"), Synonyms: []string{"berhenti mengisi", "batal", "stop"}},
		{Value: "continue", Label: c.t("leave_stop_continue"), Synonyms: []string{"lanjut", "lanjut mengisi", "continue"}},
	}
	if c.owner != nil {
		opts = append(opts, understand.Option{Value: "broadcasts", Label: c.t("leave_stop_broadcasts"),
			Synonyms: []string{"pengumuman", "berhenti pengumuman", "announcements"}})
	}
	return opts
}

func askLeaveStop(c *conv) {
	c.say("leave_stop_ask")
	c.offerOptions(leaveStopOptions(c))
}

func (e *Engine) answerLeaveStop(c *conv, in Input) error {
	opts := leaveStopOptions(c)
	i, ok := pickExact(in, opts)
	if !ok {
		return again("leave_stop_invalid", "Max", len(opts))
	}
	switch opts[i].Value {
	case "stop":
		c.cancel()
	case "continue":
		c.resume()
	default:
		c.back() // then the announcements are turned off and the question asked again
		return e.setBroadcasts(c, false)
	}
	return nil
}
