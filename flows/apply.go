package flows

import (
	"strings"

	"sobat-ikm/flows/office"
	"sobat-ikm/store"
)

// What the halal and TKDN applications share: the owner registered
// first, the consent naming the certificate bodies, the eligibility
// checks, and the filing.

// startApply begins the application flow: an owner not registered yet is
// registered first, then brought straight back here. intro says what the
// application is; false stops (it failed).
func (e *Engine) startApply(c *conv, flow string, intro func() bool) {
	if c.owner == nil {
		c.say("apply_register_first", "Service", c.t("app_kind_"+flow))
		e.startRegister(c)
		e.register.Data(c).Then = flow
		return
	}
	c.dropDraft()
	if !intro() {
		return
	}
	apps, _, err := c.tx.FindApplications(store.ApplicationFilter{OwnerID: c.owner.ID, Kind: flow, Limit: maxListed})
	if err != nil {
		c.fail(err)
		return
	}
	var open []string
	for _, a := range apps {
		if a.Stage != store.StageIssued && a.Stage != store.StageRefused {
			open = append(open, a.Ref())
		}
	}
	if len(open) > 0 { // a second application for the same products would take a second place
		c.say("apply_already", "Refs", strings.Join(open, ", "))
	}
	if c.owner.ConsentVersion != ConsentVersion {
		c.goTo(flow, "share")
		return
	}
	c.goTo(flow, e.flows[flow].Steps[1].Name) // the first check
}

// check is one yes/no condition of an application's route.
type check struct {
	id string // its question; <id>_help, <id>_no its help and the explanation of a failed check
	// pass is the answer that meets it (no: "do you use X?" is met by
	// "tidak"); the other answer fails it, or leads to the step
	// otherwise names (a follow-up question).
	pass      bool
	otherwise string
	// last: meeting it ends the checks, whatever follows in the list.
	last bool
}

// eligibility is an application's lead: the consent step, then one
// yes/no question per condition; a failed one is explained (<id>_no)
// with what to do instead, and the owner is back at the menu. done
// follows the last check.
func eligibility(flow string, checks []check, done func(c *conv)) []*Step {
	steps := []*Step{shareStep(func(c *conv) { c.goTo(flow, checks[0].id) })}
	for i, q := range checks {
		next := done
		if i+1 < len(checks) && !q.last {
			next = func(c *conv) { c.goTo(flow, checks[i+1].id) }
		}
		steps = append(steps, yesNoStep(q.id, q.id+"_help", "apply_check_yes", "apply_check_no",
			func(c *conv) { c.say(q.id) },
			func(c *conv, yes bool) error {
				switch {
				case yes == q.pass:
					next(c)
				case q.otherwise != "":
					c.goTo(flow, q.otherwise)
				default:
					c.say(q.id + "_no")
					c.dropDraft()
					c.toMenu()
				}
				return nil
			}))
	}
	return steps
}

// shareStep asks a registered owner who agreed to an older notice to
// agree to the one naming the certificate bodies as recipients, before
// their first application.
func shareStep(then func(c *conv)) *Step {
	return yesNoStep("share", "apply_share_help", "register_consent_yes", "register_consent_no",
		func(c *conv) { c.say("apply_share_ask") },
		func(c *conv, yes bool) error {
			if !yes {
				c.say("apply_share_declined")
				c.dropDraft()
				c.toMenu()
				return nil
			}
			if err := c.tx.SetOwnerConsent(c.owner.ID, ConsentVersion, c.now.UTC(), c.s.Chat.Channel); err != nil {
				return err
			}
			c.owner.ConsentVersion = ConsentVersion
			then(c)
			return nil
		})
}

// fileApplication files the confirmed application through the office and
// tells the owner its reference, its stage and what comes next (more
// says what is particular to its kind), then the safety line.
func fileApplication(c *conv, kind string, answers store.Answers, nik string, more func(res office.Applied)) error {
	res, err := c.e.office.Apply(c.tx, *c.owner, kind, answers, nik)
	if err != nil {
		return err
	}
	a := res.App
	if res.Waiting > 0 {
		c.say("apply_saved_waiting", "Ref", a.Ref(), "Quota", res.Quota, "Position", res.Waiting)
	} else {
		c.say("apply_saved", "Ref", a.Ref(), "Stage", c.e.office.StageName(c.s.Language, a.Kind, a.Stage),
			"Next", c.e.office.StageNext(c.s.Language, a.Kind, a.Stage))
		more(res)
	}
	c.say("app_safety")
	c.toMenu()
	return nil
}
