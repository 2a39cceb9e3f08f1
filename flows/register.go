package flows

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"sobat-ikm/flows/understand"
	"sobat-ikm/store"
)

// ConsentVersion names the consent notice an owner agreed to; it changes
// whenever the text of register_consent changes.
const ConsentVersion = "pdp-2026-12-v2"

// Field limits, in characters.
const (
	maxName     = 80
	maxBusiness = 100
	maxProducts = 200
	maxAddress  = 200
)

// ownerDraft is a registration in progress: the owner's answers, and how
// the registration goes. Nothing is written to the owners table until the
// owner confirms the summary.
type ownerDraft struct {
	Name      string  `json:"name,omitempty"`
	Business  string  `json:"business,omitempty"`
	Sector    string  `json:"sector,omitempty"`
	Products  string  `json:"products,omitempty"`
	Kecamatan string  `json:"kecamatan,omitempty"`
	Address   string  `json:"address,omitempty"`
	Phone     string  `json:"phone,omitempty"`
	NIB       *string `json:"nib,omitempty"` // "" once answered "belum punya"
	// Mode is "new" for a registration, "update" for a registered owner
	// correcting their data.
	Mode           string    `json:"mode,omitempty"`
	ConsentAt      time.Time `json:"consent_at,omitzero"`
	ConsentVersion string    `json:"consent_version,omitempty"`
	// PhoneManual: the owner chose to type a number other than the one
	// the channel knows them by. CityAsked: "Kendari" was answered once
	// at the kecamatan question, and asked about.
	PhoneManual bool `json:"phone_manual,omitempty"`
	CityAsked   bool `json:"city_hint,omitempty"`
	// Then is the flow the owner came for and goes on to once registered
	// ("halal"): registration was only the way there.
	Then string `json:"then,omitempty"`
}

// owner is the draft as an owner row.
func (d *ownerDraft) owner(lang string) store.Owner {
	return store.Owner{Name: d.Name, BusinessName: d.Business, Sector: d.Sector, Products: d.Products,
		Kecamatan: d.Kecamatan, Address: d.Address, Phone: d.Phone, NIB: deref(d.NIB), Language: lang}
}

// draftOfOwner is a registered owner's data as a draft to correct.
func draftOfOwner(o *store.Owner) ownerDraft {
	nib := o.NIB
	return ownerDraft{Name: o.Name, Business: o.BusinessName, Sector: o.Sector, Products: o.Products,
		Kecamatan: o.Kecamatan, Address: o.Address, Phone: o.Phone, NIB: &nib, Mode: "update"}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// registerForm registers an owner, or updates a registered owner's data.
func registerForm() *Form[ownerDraft] {
	f := &Form[ownerDraft]{Name: "register", Msg: "register"}
	f.Lead = []*Step{yesNoStep("consent", "register_consent_help", "register_consent_yes", "register_consent_no",
		askConsent, func(c *conv, yes bool) error { return answerConsent(c, yes, f) })}
	f.Fields = []Field[ownerDraft]{
		textField("name", "register_name_ask", "register_name_help", []string{"nama", "nama saya", "nama pemilik", "name"},
			[]string{"nama saya", "nama lengkap saya", "my name is"},
			parseOwnerName, func(d *ownerDraft) *string { return &d.Name }),
		textField("business", "register_business_ask", "register_business_help", []string{"nama usaha", "usaha", "toko", "business"},
			[]string{"usaha saya", "nama usaha saya", "nama usaha", "usahanya", "toko saya", "my business is", "business"},
			parseBusinessName, func(d *ownerDraft) *string { return &d.Business }),
		{Name: "sector", Label: "field_sector", Caption: "summary_sector", Help: "register_sector_help",
			Synonyms: []string{"sektor", "bidang", "jenis usaha", "sector"},
			Ask:      askSector, Answer: answerSector, Show: showSector},
		textField("products", "register_products_ask", "register_products_help", []string{"produk", "produk utama", "products"},
			[]string{"produk saya", "produknya", "produk utama", "jualan saya", "saya jual", "bikin", "buat"},
			parseProducts, func(d *ownerDraft) *string { return &d.Products }),
		{Name: "kecamatan", Label: "field_kecamatan", Caption: "summary_kecamatan", Help: "register_kecamatan_help",
			Synonyms: []string{"kecamatan", "kec", "district"}, Intros: []string{"di kecamatan", "kecamatan", "di"},
			Ask: askKecamatan, Answer: answerKecamatan, Show: func(_ *conv, d *ownerDraft) string { return d.Kecamatan }},
		textField("address", "register_address_ask", "register_address_help", []string{"alamat", "address"},
			[]string{"alamat saya", "alamatnya", "alamat usaha", "alamat", "address"},
			parseAddress, func(d *ownerDraft) *string { return &d.Address }),
		{Name: "phone", Label: "field_phone", Caption: "summary_phone", Help: "register_phone_help",
			Synonyms: []string{"hp", "nomor hp", "no hp", "telepon", "nomor", "wa", "no wa", "nomor wa", "whatsapp", "phone"},
			Intros:   []string{"hp saya", "no hp saya", "nomor hp saya", "no hp", "nomor hp", "wa saya", "no wa", "hp", "wa"},
			Ask:      askPhone, Answer: answerPhone, Show: func(_ *conv, d *ownerDraft) string { return d.Phone }},
		{Name: "nib", Label: "field_nib", Caption: "summary_nib", Help: "register_nib_help", Synonyms: []string{"nib"}, Intros: []string{"nib saya", "nib"},
			Ask: askNIB, Answer: answerNIB, Show: showNIB},
	}
	f.Save = saveOwner
	return f
}

// startRegister begins registration, or, for a registered owner, shows the
// stored data to update.
func (e *Engine) startRegister(c *conv) {
	c.dropDraft()
	f := e.register
	if c.owner != nil {
		*f.Data(c) = draftOfOwner(c.owner)
		c.say("register_update_intro", "RegNo", c.owner.RegNo(), "Summary", f.Summary(c, f.Data(c)))
		c.goTo("register", "edit")
		return
	}
	f.Data(c).Mode = "new"
	c.goTo("register", "consent")
}

// --- consent (UU PDP No. 27/2022, Art. 20-22) ---

func askConsent(c *conv) {
	if c.s.Misses > 0 { // the notice was just shown: ask again in short
		c.say("register_consent_again")
	} else {
		c.say("register_consent")
	}
}

func answerConsent(c *conv, yes bool, f *Form[ownerDraft]) error {
	if !yes {
		c.say("register_consent_declined")
		c.toMenu()
		return nil
	}
	d := f.Data(c)
	d.ConsentAt, d.ConsentVersion = c.now.UTC(), ConsentVersion
	c.say("register_consent_thanks")
	f.Begin(c)
	return nil
}

// --- text fields ---

// textField is a field answered in free text, kept in the string at.
func textField(name, ask, help string, synonyms, intros []string, parse func(c *conv, d *ownerDraft, in Input) (string, error),
	at func(d *ownerDraft) *string) Field[ownerDraft] {
	return Field[ownerDraft]{Name: name, Label: "field_" + name, Caption: "summary_" + name, Help: help, Synonyms: synonyms, Intros: intros,
		Ask: func(c *conv, _ *ownerDraft) { c.say(ask) },
		Answer: func(c *conv, d *ownerDraft, in Input) (bool, error) {
			v, err := parse(c, d, in)
			if err != nil {
				return false, err
			}
			*at(d) = v
			return true, nil
		},
		Show: func(_ *conv, d *ownerDraft) string { return *at(d) }}
}

func parseOwnerName(c *conv, d *ownerDraft, in Input) (string, error) {
	text := in.Text
	// "sy Wa Ode Marni, usaha sy namanya Mete Berkah": the name is the first part.
	if first, rest, ok := strings.Cut(text, ","); ok && understand.HasPhrase(understand.Normalize(rest), "usaha", "toko", "business", "jualan") {
		text = first
	}
	v, err := understand.ParseName(trimSymbols(stripHonorifics(stripLeadIn(text), true)), maxName)
	if errors.Is(err, understand.ErrNotAnswer) && d.Mode == "new" && !c.e.register.Editing(c) {
		// "yes I agree", "1. Ya, saya setuju": the consent again, not a name.
		return "", again("register_name_consent_noted")
	}
	return v, fieldError(err, in, maxName, "register_name_notname")
}

func parseBusinessName(c *conv, d *ownerDraft, in Input) (string, error) {
	if understand.HasPhrase(understand.Normalize(in.Text), "belum ada", "belum punya", "tidak ada", "tidak punya") && d.Name != "" {
		c.say("register_business_use_name", "Name", d.Name)
		return d.Name, nil
	}
	return parseNameField(in, stripHonorifics(stripLeadIn(in.Text), false), maxBusiness, "register_business_notname")
}

func parseNameField(in Input, text string, max int, notName string) (string, error) {
	v, err := understand.ParseName(trimSymbols(text), max)
	return v, fieldError(err, in, max, notName)
}

// fieldError turns a parser's complaint into what the owner is told:
// too long, or the field's own hint quoting the answer.
func fieldError(err error, in Input, max int, hint string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, understand.ErrTooLong):
		return again("field_too_long", "Max", max)
	default:
		return again(hint, "Answer", quote(in.Text))
	}
}

func parseProducts(c *conv, _ *ownerDraft, in Input) (string, error) {
	return parseTextField(in, 3, maxProducts, "register_products_invalid")
}

func parseAddress(c *conv, _ *ownerDraft, in Input) (string, error) {
	v, err := parseTextField(in, 5, maxAddress, "register_address_invalid")
	if err == nil && len(strings.Fields(v)) < 2 && !strings.ContainsAny(v, "0123456789") {
		// "rumah", "indonesia", "Lepo-Lepo": not an address to find a workshop by.
		return "", again("register_address_invalid", "Answer", quote(in.Text))
	}
	return v, err
}

func parseTextField(in Input, min, max int, invalid string) (string, error) {
	v, err := understand.ParseText(trimSymbols(in.Text), min, max)
	return v, fieldError(err, in, max, invalid)
}

// --- saving ---

// saveOwner writes the confirmed draft: a new owner with its consent, or
// the registered owner's corrected data.
func saveOwner(c *conv, d *ownerDraft) error {
	o := d.owner(c.s.Language)
	if o.NIB != "" { // registered meanwhile from another chat?
		taken, err := c.nibTaken(o.NIB)
		if err != nil {
			return err
		}
		if taken {
			c.say("register_nib_taken")
			c.e.register.Correct(c, "nib")
			return nil
		}
	}
	if d.Mode == "update" && c.owner != nil {
		if sameData(c.owner, &o) {
			c.say("register_no_changes", "RegNo", c.owner.RegNo())
			c.toMenu()
			return nil
		}
		o.ID = c.owner.ID
		if err := c.tx.UpdateOwner(&o, c.now); err != nil {
			return err
		}
		c.say("register_updated", "RegNo", o.RegNo())
	} else {
		o.ConsentAt, o.ConsentVersion, o.ConsentChannel = d.ConsentAt, d.ConsentVersion, c.s.Chat.Channel
		if err := c.tx.CreateOwner(&o, c.s.Chat, c.now); err != nil {
			return err
		}
		c.say("register_saved", "Name", o.Name, "RegNo", o.RegNo())
	}
	c.owner = &o
	switch d.Then { // what the owner came for
	case "halal":
		c.e.startHalal(c)
		return nil
	case "tkdn":
		c.e.startTKDN(c)
		return nil
	case "ticket":
		c.e.startTicket(c)
		return nil
	}
	if id, ok := strings.CutPrefix(d.Then, "training:"); ok {
		n, _ := strconv.ParseInt(id, 10, 64)
		c.e.backToTraining(c, n)
		return nil
	}
	c.toMenu()
	return nil
}

// sameData reports whether the draft holds the stored owner's data.
func sameData(stored, draft *store.Owner) bool {
	return stored.Name == draft.Name && stored.BusinessName == draft.BusinessName && stored.Sector == draft.Sector &&
		stored.Products == draft.Products && stored.Kecamatan == draft.Kecamatan && stored.Address == draft.Address &&
		stored.Phone == draft.Phone && stored.NIB == draft.NIB
}
