package flows

import (
	"errors"
	"strings"
	"time"

	"sobat-ikm/flows/understand"
	"sobat-ikm/store"
)

// ConsentVersion names the consent notice an owner agreed to; it changes
// whenever the text of register_consent changes.
const ConsentVersion = "pdp-2026-11-v1"

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
	f.Lead = []*Step{{Name: "consent", Ask: askConsent, Help: "register_consent_help",
		Answer: func(c *conv, in Input) error { return answerConsent(c, in, f) }}}
	f.Fields = []Field[ownerDraft]{
		textField("name", "register_name_ask", "register_name_help", []string{"nama", "nama saya", "nama pemilik", "name"},
			parseOwnerName, func(d *ownerDraft) *string { return &d.Name }),
		textField("business", "register_business_ask", "register_business_help", []string{"nama usaha", "usaha", "toko", "business"},
			parseBusinessName, func(d *ownerDraft) *string { return &d.Business }),
		{Name: "sector", Label: "field_sector", Caption: "summary_sector", Help: "register_sector_help",
			Synonyms: []string{"sektor", "bidang", "jenis usaha", "sector"},
			Ask:      askSector, Answer: answerSector, Show: showSector},
		textField("products", "register_products_ask", "register_products_help", []string{"produk", "produk utama", "products"},
			parseProducts, func(d *ownerDraft) *string { return &d.Products }),
		{Name: "kecamatan", Label: "field_kecamatan", Caption: "summary_kecamatan", Help: "register_kecamatan_help",
			Synonyms: []string{"kecamatan", "kec", "district"},
			Ask:      askKecamatan, Answer: answerKecamatan, Show: func(_ *conv, d *ownerDraft) string { return d.Kecamatan }},
		textField("address", "register_address_ask", "register_address_help", []string{"alamat", "address"},
			parseAddress, func(d *ownerDraft) *string { return &d.Address }),
		{Name: "phone", Label: "field_phone", Caption: "summary_phone", Help: "register_phone_help",
			Synonyms: []string{"hp", "nomor hp", "no hp", "telepon", "nomor", "wa", "no wa", "nomor wa", "whatsapp", "phone"},
			Ask:      askPhone, Answer: answerPhone, Show: func(_ *conv, d *ownerDraft) string { return d.Phone }},
		{Name: "nib", Label: "field_nib", Caption: "summary_nib", Help: "register_nib_help", Synonyms: []string{"nib"},
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
	c.offerOptions(yesNoOptions(c, "register_consent_yes", "register_consent_no"))
}

func answerConsent(c *conv, in Input, f *Form[ownerDraft]) error {
	yes, err := c.yesNo(in, yesNoOptions(c, "register_consent_yes", "register_consent_no"))
	if err != nil {
		return err
	}
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
func textField(name, ask, help string, synonyms []string, parse func(c *conv, d *ownerDraft, in Input) (string, error),
	at func(d *ownerDraft) *string) Field[ownerDraft] {
	return Field[ownerDraft]{Name: name, Label: "field_" + name, Caption: "summary_" + name, Help: help, Synonyms: synonyms,
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
	if first, rest, ok := strings.Cut(text, ","); ok && hasAny(understand.Normalize(rest), "usaha", "toko", "business", "jualan") {
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
	if hasAny(understand.Normalize(in.Text), "belum ada", "belum punya", "tidak ada", "tidak punya") && d.Name != "" {
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

// --- sector ---

// sectors are the office's sectors with words owners use for them.
func sectors() []menuItem {
	return []menuItem{
		{"pangan", "sector_pangan", []string{"pangan", "makanan", "minuman", "kuliner", "olahan pangan", "abon", "mete", "jambu mete", "kue", "sagu", "sinonggi", "keripik", "kripik", "ikan", "roti", "kopi", "sambal", "food", "drink", "drinks", "snack", "snacks", "fish floss", "cashew"}},
		{"sandang", "sector_sandang", []string{"sandang", "tenun", "tenunan", "kain", "pakaian", "baju", "jahit", "penjahit", "konveksi", "batik", "bordir", "textile", "tekstil", "weaving", "woven", "cloth", "clothing", "sewing"}},
		{"kerajinan", "sector_kerajinan", []string{"kerajinan", "kerajinan tangan", "perak", "filigree", "rotan", "anyaman", "souvenir", "suvenir", "handicraft", "craft", "crafts", "silver", "rattan", "basket"}},
		{"furnitur", "sector_furnitur", []string{"furnitur", "furniture", "meubel", "mebel", "meubeleur", "kayu", "lemari", "kursi", "meja", "wood", "wooden", "chairs", "tables"}},
		{"bahan_bangunan", "sector_bahan_bangunan", []string{"bahan bangunan", "bata", "batu bata", "batako", "paving", "genteng", "bangunan", "conblock", "building", "building materials", "bricks", "brick"}},
		{"lainnya", "sector_lainnya", []string{"lainnya", "lain", "lain lain", "other", "others"}},
	}
}

func (c *conv) sectorOptions() []understand.Option { return c.options(sectors()) }

func askSector(c *conv, _ *ownerDraft) {
	c.say("register_sector_ask")
	c.offerOptions(c.sectorOptions())
}

func answerSector(c *conv, d *ownerDraft, in Input) (bool, error) {
	opts := c.sectorOptions()
	i, err := c.pick(in, opts)
	if err != nil {
		if r := err.(*retry); r.msg == "choice_out_of_range" {
			return false, r
		}
		return false, again("register_sector_invalid", "Answer", quote(in.Text))
	}
	d.Sector = opts[i].Value
	return true, nil
}

func showSector(c *conv, d *ownerDraft) string {
	if d.Sector == "" {
		return ""
	}
	return c.t("sector_" + d.Sector)
}

// --- kecamatan ---

func kecamatanOptions() []understand.Option {
	names := understand.KecamatanNames()
	opts := make([]understand.Option, len(names))
	for i, n := range names {
		opts[i] = understand.Option{Value: n, Label: n}
	}
	return opts
}

func askKecamatan(c *conv, _ *ownerDraft) {
	c.say("register_kecamatan_ask")
	c.offerOptions(kecamatanOptions())
}

func answerKecamatan(c *conv, d *ownerDraft, in Input) (bool, error) {
	opts := kecamatanOptions()
	var name string
	if in.Choice == "" {
		switch understand.Normalize(in.Text) {
		case "kendari", "kota kendari", "di kendari", "kendari sultra", "kota kendari sultra", "kdi",
			"kendari sulawesi tenggara", "kota kendari sulawesi tenggara":
			if !d.CityAsked { // the city, or kecamatan Kendari? Ask once.
				d.CityAsked = true
				return false, again("register_kecamatan_city")
			}
			name = "Kendari"
		default:
			n, ok, outside := understand.Kecamatan(in.Text)
			if outside {
				return false, again("register_kecamatan_outside")
			}
			if ok {
				name = n
			}
		}
	}
	if name == "" {
		i, err := c.pick(in, opts)
		if err != nil {
			var r *retry
			if errors.As(err, &r) && r.msg == "choice_out_of_range" {
				return false, err
			}
			return false, again("register_kecamatan_invalid", "Answer", quote(in.Text))
		}
		name = opts[i].Value
	}
	d.Kecamatan = name
	return true, nil
}

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
	if hasAny(understand.Normalize(in.Text), "lupa", "nanti", "belum tahu", "tidak tahu", "later", "forgot") {
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
	c.toMenu()
	return nil
}

// sameData reports whether the draft holds the stored owner's data.
func sameData(stored, draft *store.Owner) bool {
	return stored.Name == draft.Name && stored.BusinessName == draft.BusinessName && stored.Sector == draft.Sector &&
		stored.Products == draft.Products && stored.Kecamatan == draft.Kecamatan && stored.Address == draft.Address &&
		stored.Phone == draft.Phone && stored.NIB == draft.NIB
}
