package flows

import (
	"errors"
	"strings"
	"time"

	"sobat-ikm/flows/office"
	"sobat-ikm/flows/understand"
	"sobat-ikm/store"
)

// halalDraft is a halal application in progress: nothing is filed until
// the owner confirms the summary.
type halalDraft struct {
	Products []string `json:"products,omitempty"`
	Address  string   `json:"address,omitempty"`
	NIK      string   `json:"nik,omitempty"`
	// ShareAt: the owner agreed, in this application, to the consent
	// notice that names BPJPH and Kemenperin as recipients.
	ShareAt time.Time `json:"share_at,omitzero"`
}

// halalChecks are the self-declare route's conditions (DOMAIN.md 1), one
// yes/no question each; a "tidak" is explained with what to do instead.
func halalChecks() []string {
	return []string{"halal_check_umk", "halal_check_process", "halal_check_ingredients", "halal_check_sites", "halal_check_animal"}
}

// halalForm applies for the free halal certificate (self-declare).
func halalForm() *Form[halalDraft] {
	f := &Form[halalDraft]{Name: "halal", Msg: "halal"}
	checks := halalChecks()
	f.Lead = append(f.Lead, shareStep(func(c *conv) { c.goTo("halal", checks[0]) }))
	for i, q := range checks {
		next := func(c *conv) { f.Begin(c) }
		if i+1 < len(checks) {
			next = func(c *conv) { c.goTo("halal", checks[i+1]) }
		}
		f.Lead = append(f.Lead, yesNoStep(q, q+"_help", "halal_check_yes", "halal_check_no",
			func(c *conv) { c.say(q) },
			func(c *conv, yes bool) error {
				if !yes {
					c.say(q + "_no")
					c.dropDraft()
					c.toMenu()
					return nil
				}
				next(c)
				return nil
			}))
	}
	f.Fields = []Field[halalDraft]{
		listField[halalDraft]("products", "field_halal_products", "summary_halal_products", "halal_products_help", "halal_products_ask",
			[]string{"produk", "products", "nama produk", "bahan"}, parseProductItem,
			func(d *halalDraft) *[]string { return &d.Products }),
		{Name: "address", Label: "field_halal_address", Caption: "summary_halal_address", Help: "halal_address_help",
			Synonyms: []string{"alamat", "alamat produksi", "tempat produksi", "address"},
			Ask:      askProductionAddress, Answer: answerProductionAddress,
			Show: func(_ *conv, d *halalDraft) string { return d.Address }},
		{Name: "nik", Label: "field_nik", Caption: "summary_nik", Help: "halal_nik_help",
			Synonyms: []string{"nik", "ktp", "nomor ktp"},
			Ask:      func(c *conv, _ *halalDraft) { c.say("halal_nik_ask") },
			Answer:   answerNIK,
			Show:     func(_ *conv, d *halalDraft) string { return understand.MaskNIK(d.NIK) }},
	}
	f.Save = saveHalal
	return f
}

// startHalal begins a halal application: an owner not registered yet is
// registered first, then brought straight back here.
func (e *Engine) startHalal(c *conv) {
	if c.owner == nil {
		c.say("apply_register_first", "Service", c.t("app_kind_halal"))
		e.startRegister(c)
		e.register.Data(c).Then = "halal"
		return
	}
	c.dropDraft()
	used, err := c.tx.QuotaUsed(store.AppHalal, office.Year(c.now))
	if err != nil {
		c.fail(err)
		return
	}
	quota := c.e.office.QuotasFor(office.Year(c.now)).Halal
	c.say("halal_intro", "Left", max(quota-used, 0), "Quota", quota)
	if c.owner.ConsentVersion != ConsentVersion {
		c.goTo("halal", "share")
		return
	}
	c.goTo("halal", halalChecks()[0])
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

// parseProductItem reads one product: its name, brand and ingredients, as
// the owner writes them ("Abon ikan cakalang, merek Bunda, bahan ikan,
// bawang, gula").
func parseProductItem(_ *conv, in Input) (string, error) {
	return parseTextField(in, 3, maxProducts, "halal_products_invalid")
}

// productOf splits a product as typed into its name, brand and
// ingredients: "merek X" names the brand, what follows "bahan" the
// ingredients.
func productOf(text string) store.Product {
	p := store.Product{Name: text}
	lower := strings.ToLower(text)
	for _, w := range []string{"bahan", "ingredients"} {
		if i := strings.Index(lower, w); i > 0 {
			p.Name, p.Ingredients = text[:i], strings.TrimLeft(text[i+len(w):], "nya:= ")
			break
		}
	}
	lower = strings.ToLower(p.Name)
	for _, w := range []string{"merek", "merk", "brand"} {
		if i := strings.Index(lower, w); i > 0 {
			p.Name, p.Brand = p.Name[:i], p.Name[i+len(w):]
			break
		}
	}
	trim := func(s string) string { return strings.Trim(strings.TrimSpace(s), ",.;:- ") }
	p.Name, p.Brand, p.Ingredients = trim(p.Name), trim(p.Brand), trim(p.Ingredients)
	if p.Name == "" {
		p.Name = trim(text)
	}
	return p
}

func askProductionAddress(c *conv, _ *halalDraft) {
	c.say("halal_address_ask", "Address", c.owner.Address)
	c.offer(c.choice("same", "halal_address_same"))
}

func answerProductionAddress(c *conv, d *halalDraft, in Input) (bool, error) {
	if in.Choice == "same" {
		d.Address = c.owner.Address
		return true, nil
	}
	if n, ok := understand.Number(in.Text); ok && n == 1 {
		d.Address = c.owner.Address
		return true, nil
	}
	if yes, clear := strictYesNo(in.Text); clear && yes || understand.HasPhrase(understand.Normalize(in.Text), "sama", "di situ", "disitu", "di rumah", "same") {
		d.Address = c.owner.Address
		return true, nil
	}
	v, err := parseAddress(c, nil, in)
	if err != nil {
		return false, err
	}
	d.Address = v
	return true, nil
}

func answerNIK(c *conv, d *halalDraft, in Input) (bool, error) {
	nik, err := understand.ParseNIK(in.Text)
	var le understand.NIKLengthError
	switch {
	case errors.As(err, &le):
		return false, again("halal_nik_length", "Got", le.Got)
	case errors.Is(err, understand.ErrNIKInvalid):
		return false, again("halal_nik_invalid")
	case err != nil:
		return false, again("halal_nik_format")
	}
	d.NIK = nik
	return true, nil
}

// saveHalal files the confirmed application and tells the owner its
// reference, its stage and what comes next.
func saveHalal(c *conv, d *halalDraft) error {
	answers := store.Answers{ProductionAddress: d.Address}
	for _, p := range d.Products {
		answers.Products = append(answers.Products, productOf(p))
	}
	res, err := c.e.office.Apply(c.tx, *c.owner, store.AppHalal, answers, d.NIK)
	if err != nil {
		return err
	}
	a := res.App
	if res.Waiting > 0 {
		c.say("apply_saved_waiting", "Ref", a.Ref(), "Quota", res.Quota, "Position", res.Waiting)
	} else {
		c.say("apply_saved", "Ref", a.Ref(), "Stage", c.e.office.StageName(c.s.Language, a.Kind, a.Stage),
			"Next", c.e.office.StageNext(c.s.Language, a.Kind, a.Stage))
		c.say("halal_saved_quota", "Used", res.Used, "Quota", res.Quota)
	}
	c.say("app_safety")
	c.toMenu()
	return nil
}
