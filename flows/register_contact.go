package flows

import (
	"errors"
	"strings"

	"sobat-ikm/flows/understand"
	"sobat-ikm/store"
)

// The registration's phone and NIB questions.

// --- phone ---

func askPhone(c *conv, d *ownerDraft) {
	if sender := c.senderPhone(d); sender != "" {
		c.say("register_phone_offer", "Phone", sender)
		c.offerOptions(phoneOfferOptions(c))
		return
	}
	c.say("register_phone_ask")
	c.ask = store.AskPhone
}

// senderPhone is the number the channel knows the chat by, when the owner
// has not chosen to type another one.
func (c *conv) senderPhone(d *ownerDraft) string {
	if d.PhoneManual || c.in.SenderPhone == "" {
		return ""
	}
	p, err := understand.ParsePhone(c.in.SenderPhone)
	if err != nil {
		return ""
	}
	return p
}

func phoneOfferOptions(c *conv) []understand.Option {
	return []understand.Option{
		{Value: "sender", Label: c.t("register_phone_offer_yes"), Synonyms: []string{"pakai nomor ini", "nomor ini", "ini"}},
		{Value: "other", Label: c.t("register_phone_offer_other"), Synonyms: []string{"nomor lain", "lain", "beda"}},
	}
}

// answerPhone takes the offered number, or a typed or shared one.
func answerPhone(c *conv, d *ownerDraft, in Input) (bool, error) {
	if addressContinues(c, d, in) {
		return false, nil
	}
	sender := c.senderPhone(d)
	if sender == "" || in.Phone != "" || in.Choice == "" && typedPhone(in.Text) {
		p, err := parsePhone(in)
		if err != nil {
			return false, err
		}
		d.Phone = p
		return true, nil
	}
	// The offered number: a button, 1/2, "ya", "nomor lain".
	opts := phoneOfferOptions(c)
	i, err := c.pick(in, opts)
	if err != nil {
		yes, ok := understand.YesNo(in.Text)
		if !ok || in.Choice != "" {
			return false, again("register_phone_invalid", "Answer", quote(in.Text))
		}
		i = 1
		if yes {
			i = 0
		}
	}
	if opts[i].Value == "sender" {
		d.Phone = sender
		return true, nil
	}
	d.PhoneManual = true
	c.goTo("register", "phone")
	return false, nil
}

// typedPhone reports whether text holds a mobile number.
func typedPhone(text string) bool {
	_, err := understand.FindPhone(text)
	return err == nil
}

// addressContinues takes a line such as "Kel. Sanua" or "Kec. Kendari
// Barat", sent right after the address as a message of its own (owners
// press Enter between lines), as the rest of the address.
func addressContinues(c *conv, d *ownerDraft, in Input) bool {
	if in.Choice != "" || in.Phone != "" || c.e.register.Editing(c) || strings.ContainsAny(in.Text, "0123456789") {
		return false
	}
	words := strings.Fields(understand.Normalize(in.Text))
	if len(words) < 2 {
		return false
	}
	switch strings.TrimSuffix(words[0], ".") {
	case "kel", "kelurahan", "kec", "kecamatan", "lorong", "lr", "btn", "perumahan", "perum", "dekat", "depan", "samping", "belakang":
	default:
		return false
	}
	address := d.Address + ", " + strings.TrimSpace(in.Text)
	if _, err := understand.ParseText(address, 5, maxAddress); err != nil {
		return false
	}
	d.Address = address
	c.say("register_address_added", "Address", address)
	askPhone(c, d)
	return true
}

func parsePhone(in Input) (string, error) {
	text := in.Text
	if in.Phone != "" {
		text = in.Phone
	}
	p, err := understand.FindPhone(text)
	switch {
	case err == nil:
		return p, nil
	case errors.Is(err, understand.ErrPhoneLandline):
		return "", again("register_phone_landline")
	default:
		return "", again("register_phone_invalid", "Answer", quote(text))
	}
}

// --- NIB ---

func askNIB(c *conv, _ *ownerDraft) {
	c.say("register_nib_ask")
	c.offer(c.choice("none", "register_nib_none_choice"))
}

func answerNIB(c *conv, d *ownerDraft, in Input) (bool, error) {
	nib, err := parseNIB(c, in)
	if err != nil {
		return false, err
	}
	d.NIB = &nib
	return true, nil
}

func showNIB(c *conv, d *ownerDraft) string {
	switch {
	case d.NIB == nil:
		return ""
	case *d.NIB == "":
		return c.t("nib_none")
	}
	return *d.NIB
}

func parseNIB(c *conv, in Input) (string, error) {
	if in.Choice == "none" {
		return "", nil
	}
	if in.Choice != "" {
		return "", again("choice_stale")
	}
	if n, ok := understand.Number(in.Text); ok && n == 1 {
		return "", nil // the one numbered choice: "Belum punya NIB"
	}
	if understand.HasPhrase(understand.Normalize(in.Text), "lupa", "nanti", "belum tahu", "tidak tahu", "later", "forgot") {
		c.say("register_nib_later")
		return "", nil
	}
	nib, none, err := understand.FindNIB(in.Text)
	var length understand.NIBLengthError
	switch {
	case none:
		return "", nil
	case err == nil:
		taken, terr := c.nibTaken(nib)
		if terr != nil {
			return "", terr
		}
		if taken {
			return "", again("register_nib_taken")
		}
		return nib, nil
	case errors.As(err, &length):
		return "", again("register_nib_length", "Got", length.Got)
	default:
		return "", again("register_nib_invalid", "Answer", quote(in.Text))
	}
}

// nibTaken reports whether another owner is registered with nib.
func (c *conv) nibTaken(nib string) (bool, error) {
	except := int64(0)
	if c.owner != nil {
		except = c.owner.ID
	}
	return c.tx.NIBTaken(nib, except)
}
