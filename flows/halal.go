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
func halalChecks() []check {
	return []check{{id: "halal_check_umk", pass: true}, {id: "halal_check_process", pass: true},
		{id: "halal_check_ingredients", pass: true}, {id: "halal_check_sites", pass: true},
		// Slaughtered-animal inputs: none, or only from a certified
		// slaughterhouse (a question each: a "tidak" never means two things).
		{id: "halal_check_animal", pass: false, otherwise: "halal_check_rph", last: true},
		{id: "halal_check_rph", pass: true}}
}

// halalForm applies for the free halal certificate (self-declare).
func halalForm() *Form[halalDraft] {
	f := &Form[halalDraft]{Name: "halal", Msg: "halal"}
	f.Lead = eligibility(f.Name, halalChecks(), func(c *conv) { c.say("apply_eligible"); f.Begin(c) })
	f.Fields = []Field[halalDraft]{
		listField[halalDraft]("products", "field_halal_products", "summary_halal_products", "halal_products_help", "halal_products_ask",
			[]string{"produk", "products", "nama produk", "bahan"}, productParser("halal_products_invalid"),
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

// startHalal begins a halal application, telling the year's free places.
func (e *Engine) startHalal(c *conv) {
	e.startApply(c, "halal", func() bool {
		used, err := c.tx.QuotaUsed(store.AppHalal, office.Year(c.now))
		if err != nil {
			c.fail(err)
			return false
		}
		quota := c.e.office.QuotasFor(office.Year(c.now)).Halal
		if used >= quota {
			c.say("halal_intro_full", "Quota", quota)
		} else {
			c.say("halal_intro", "Left", quota-used, "Quota", quota)
		}
		return true
	})
}

// productParser reads one product as the owner writes it ("Abon ikan
// cakalang, merek Bunda, bahan ikan, bawang, gula"); invalid is the
// flow's hint for an answer that is none.
func productParser(invalid string) func(c *conv, in Input) (string, error) {
	return func(_ *conv, in Input) (string, error) {
		digits := 0
		for _, r := range in.Text {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		if digits >= 10 {
			// "NIK sy 7471 ...": a number kept with a product would be
			// shown to officers and in exports as it is.
			return "", again("apply_product_number")
		}
		return parseTextField(in, 3, maxAppProduct, invalid)
	}
}

// maxAppProduct is the longest product of an application, in characters:
// a name, a brand and an ingredient list.
const maxAppProduct = 400

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
	if understand.HasPhrase(understand.Normalize(in.Text), "nanti", "belum bisa", "belum ada", "tidak mau", "gak mau",
		"tidak bawa", "dipinjam", "hilang", "later", "not now") {
		return false, again("halal_nik_later")
	}
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
	return fileApplication(c, store.AppHalal, answers, d.NIK, func(res office.Applied) {
		c.say("halal_saved_quota", "Used", res.Used, "Quota", res.Quota)
	})
}
