package flows

import (
	"errors"
	"strconv"
	"strings"

	"sobat-ikm/flows/office"
	"sobat-ikm/flows/understand"
	"sobat-ikm/store"
)

// tkdnDraft is a TKDN IK application in progress: the products and the
// self-assessment's rough cost split.
type tkdnDraft struct {
	Products  []string `json:"products,omitempty"`
	Materials *int64   `json:"materials,omitempty"`
	Labour    *int64   `json:"labour,omitempty"`
	Overhead  *int64   `json:"overhead,omitempty"`
	Domestic  *int     `json:"domestic,omitempty"` // percent of materials bought domestically
}

// The TKDN thresholds (DOMAIN.md 2): certified from 25%; 40% counts in
// government procurement.
const (
	tkdnMinimum     = 25
	tkdnProcurement = 40
)

// tkdnChecks are the small-industry route's conditions.
func tkdnChecks() []check {
	return []check{{id: "tkdn_check_small", pass: true}, {id: "tkdn_check_domestic", pass: true}}
}

// tkdnForm applies for the TKDN IK certificate.
func tkdnForm() *Form[tkdnDraft] {
	f := &Form[tkdnDraft]{Name: "tkdn", Msg: "tkdn"}
	f.Lead = eligibility(f.Name, tkdnChecks(), func(c *conv) { c.say("apply_eligible"); f.Begin(c) })
	f.Fields = []Field[tkdnDraft]{
		listField[tkdnDraft]("products", "field_tkdn_products", "summary_tkdn_products", "tkdn_products_help", "tkdn_products_ask",
			[]string{"produk", "products", "nama produk"}, productParser("tkdn_products_invalid"),
			func(d *tkdnDraft) *[]string { return &d.Products }),
		moneyField("materials", []string{"bahan", "biaya bahan", "materials"}, func(d *tkdnDraft) **int64 { return &d.Materials }),
		moneyField("labour", []string{"upah", "tenaga kerja", "gaji", "labour"}, func(d *tkdnDraft) **int64 { return &d.Labour }),
		moneyField("overhead", []string{"overhead", "biaya lain", "listrik"}, func(d *tkdnDraft) **int64 { return &d.Overhead }),
		{Name: "domestic", Label: "field_tkdn_domestic", Caption: "summary_tkdn_domestic", Help: "tkdn_domestic_help",
			Synonyms: []string{"dalam negeri", "persen", "bahan dalam negeri", "domestic"},
			Ask:      func(c *conv, _ *tkdnDraft) { c.say("tkdn_domestic_ask") },
			Answer:   answerDomestic,
			Show: func(c *conv, d *tkdnDraft) string {
				if d.Domestic == nil {
					return ""
				}
				return strconv.Itoa(*d.Domestic) + "%"
			}},
	}
	f.Save = saveTKDN
	return f
}

// moneyField asks an amount of rupiah, typed the Indonesian way.
func moneyField(name string, synonyms []string, at func(d *tkdnDraft) **int64) Field[tkdnDraft] {
	return Field[tkdnDraft]{Name: name, Label: "field_tkdn_" + name, Caption: "summary_tkdn_" + name, Help: "tkdn_" + name + "_help",
		Synonyms: synonyms,
		Ask:      func(c *conv, _ *tkdnDraft) { c.say("tkdn_" + name + "_ask") },
		Answer: func(c *conv, d *tkdnDraft, in Input) (bool, error) {
			n, err := understand.ParseMoney(in.Text)
			if err != nil {
				return false, again("tkdn_money_invalid", "Answer", quote(in.Text))
			}
			if n > 0 && n < 1000 { // "750" for a month's wages: 750 ribu, surely
				return false, again("tkdn_money_small", "Amount", understand.FormatRupiah(n))
			}
			*at(d) = &n
			return true, nil
		},
		Show: func(_ *conv, d *tkdnDraft) string {
			if *at(d) == nil {
				return ""
			}
			return understand.FormatRupiah(**at(d))
		}}
}

// startTKDN begins a TKDN IK application.
func (e *Engine) startTKDN(c *conv) {
	e.startApply(c, "tkdn", func() bool { c.say("tkdn_intro"); return true })
}

func answerDomestic(c *conv, d *tkdnDraft, in Input) (bool, error) {
	t := strings.NewReplacer("%", " ", "persen", " ", "percent", " ").Replace(strings.ToLower(in.Text))
	n, ok := understand.Number(t)
	if strings.Contains(strings.ToLower(in.Text), "semua") || strings.Contains(strings.ToLower(in.Text), "all") {
		n, ok = 100, true
	}
	if !ok || n < 0 || n > 100 {
		return false, again("tkdn_domestic_invalid", "Answer", quote(in.Text))
	}
	d.Domestic = &n
	c.say("tkdn_estimate", "Percent", tkdnEstimate(d), "Minimum", tkdnMinimum, "Procurement", tkdnProcurement)
	if tkdnEstimate(d) < tkdnMinimum {
		c.say("tkdn_estimate_low", "Minimum", tkdnMinimum)
	}
	return true, nil
}

// tkdnEstimate is the self-assessment's rough TKDN, in whole percent:
// what is spent at home (the domestic share of materials, labour and
// overhead) over the whole cost.
func tkdnEstimate(d *tkdnDraft) int {
	if d.Materials == nil || d.Labour == nil || d.Overhead == nil || d.Domestic == nil {
		return 0
	}
	total := *d.Materials + *d.Labour + *d.Overhead
	if total <= 0 {
		return 0
	}
	home := *d.Materials*int64(*d.Domestic)/100 + *d.Labour + *d.Overhead
	return int(home * 100 / total)
}

// saveTKDN files the confirmed application.
func saveTKDN(c *conv, d *tkdnDraft) error {
	if d.Materials == nil || d.Labour == nil || d.Overhead == nil || d.Domestic == nil {
		return errors.New("tkdn: saved before every amount was answered")
	}
	answers := store.Answers{Materials: *d.Materials, Labour: *d.Labour, Overhead: *d.Overhead, DomesticShare: *d.Domestic}
	for _, p := range d.Products {
		answers.Products = append(answers.Products, productOf(p))
	}
	return fileApplication(c, store.AppTKDN, answers, "", func(office.Applied) {
		c.say("tkdn_saved_estimate", "Percent", tkdnEstimate(d))
	})
}
