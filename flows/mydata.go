package flows

import (
	"strings"

	"sobat-ikm/flows/understand"
	"sobat-ikm/store"
)

// showMyData shows everything stored about the owner (UU PDP Art. 32).
// Consent is shown as when and where the owner agreed; the notice's
// version id (ConsentVersion) stays in the record as proof for the office
// and is never shown: it means nothing to an owner.
func (e *Engine) showMyData(c *conv) {
	c.protected = true // (an NIB, a masked NIK)
	if c.owner == nil {
		if c.s.Flow == "register" || registering(c.s.Return) {
			f := e.register
			c.say("mydata_draft", "Summary", f.Summary(c, f.Data(c)))
		} else {
			c.say("mydata_none")
		}
		return
	}
	o := c.owner
	broadcasts := c.t("mydata_broadcasts_on")
	if o.BroadcastOptOut {
		broadcasts = c.t("mydata_broadcasts_off")
	}
	c.say("mydata_show", "RegNo", o.RegNo(), "Summary", c.ownerSummary(o), "Broadcasts", broadcasts,
		"ConsentAt", showTime(o.ConsentAt),
		"Channel", c.t("channel_"+o.ConsentChannel), "Language", c.t("language_name_"+o.Language))
	apps, _, err := c.tx.FindApplications(store.ApplicationFilter{OwnerID: o.ID, Limit: maxListed})
	if err != nil {
		c.fail(err)
		return
	}
	var refs []string
	nik := ""
	for _, a := range apps {
		refs = append(refs, a.Ref()+" ("+e.office.StageName(c.s.Language, a.Kind, a.Stage)+")")
		if nik == "" && a.NIK != "" {
			nik = understand.MaskNIK(a.NIK)
		}
	}
	if len(refs) > 0 {
		c.say("mydata_applications", "Applications", strings.Join(refs, ", "))
		if nik != "" {
			c.say("mydata_nik", "NIK", nik)
		}
	}
	c.say("mydata_rights")
}

// eraseFlow erases the owner's personal data for good, after a
// confirmation (UU PDP Art. 42-44).
func eraseFlow() *Flow {
	return &Flow{Name: "erase", Short: true, Steps: []*Step{
		yesNoStep("confirm", "erase_help", "erase_yes", "erase_no", askErase, answerErase),
	}}
}

func askErase(c *conv) {
	if c.owner == nil {
		c.say("erase_confirm_unregistered")
	} else {
		c.say("erase_confirm", "RegNo", c.owner.RegNo())
		if refs := openApplications(c); len(refs) > 0 {
			c.say("erase_confirm_applications", "Refs", strings.Join(refs, ", "))
		}
	}
}

// openApplications lists the references of the owner's applications
// still under way (not issued, refused or withdrawn).
func openApplications(c *conv) []string {
	apps, _, err := c.tx.FindApplications(store.ApplicationFilter{OwnerID: c.owner.ID, Limit: maxListed})
	if err != nil {
		c.fail(err)
		return nil
	}
	var refs []string
	for _, a := range apps {
		switch a.Stage {
		case store.StageIssued, store.StageRefused, store.StageWithdrawn:
		default:
			refs = append(refs, a.Ref())
		}
	}
	return refs
}

func answerErase(c *conv, yes bool) error {
	if !yes {
		c.say("erase_kept")
		c.resume()
		return nil
	}
	// EraseOwner and EraseChat delete everything kept about the chat,
	// including the messages still pending to it and its inbound ids,
	// this message's own: should the platform deliver this "ya" again (a
	// crash before it was acknowledged), it is a new chat's "ya": the
	// welcome and the menu (a bare yes chooses nothing), which is
	// harmless. The goodbye below, queued after the erasure in the same
	// transaction, is still sent, then deleted (see store.Tx.Enqueue);
	// once the transaction has committed, the database files are
	// scrubbed.
	if c.owner != nil {
		// Without the owner's data an application cannot go on: it is
		// withdrawn first, and frees its place in the year's quota.
		if _, err := c.tx.WithdrawApplications(c.owner.ID, c.now); err != nil {
			return err
		}
		if _, err := c.tx.EraseOwner(c.owner.ID); err != nil {
			return err
		}
		c.owner = nil
	}
	if err := c.tx.EraseChat(c.s.Chat); err != nil {
		return err
	}
	c.erased = true
	c.say("erase_done")
	c.toMenu()
	return nil
}

// registering reports whether an interrupted registration waits in ret.
func registering(ret []store.Position) bool {
	for _, p := range ret {
		if p.Flow == "register" {
			return true
		}
	}
	return false
}
