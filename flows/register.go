package flows

import (
	"errors"
	"fmt"
	"slices"
	"strings"

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

// registerFlow registers an owner, or updates a registered owner's data.
// The draft lives in the session until the owner confirms; only then is
// anything written to the owners table.
func registerFlow(e *Engine) *Flow {
	return &Flow{Name: "register", Steps: []*Step{
		{Name: "consent", Ask: askConsent, Answer: answerConsent, Help: "register_consent_help"},
		textField("name", "register_name_ask", "register_name_help", parseOwnerName),
		textField("business", "register_business_ask", "register_business_help", parseBusinessName),
		{Name: "sector", Ask: askSector, Answer: answerSector, Help: "register_sector_help"},
		textField("products", "register_products_ask", "register_products_help", parseProducts),
		{Name: "kecamatan", Ask: askKecamatan, Answer: answerKecamatan, Help: "register_kecamatan_help"},
		textField("address", "register_address_ask", "register_address_help", parseAddress),
		{Name: "phone", Ask: askPhone, Answer: answerPhone, Help: "register_phone_help"},
		{Name: "nib", Ask: askNIB, Answer: fieldAnswer("nib", parseNIB), Help: "register_nib_help"},
		{Name: "confirm", Ask: askConfirm, Answer: answerConfirm, Help: "register_confirm_help"},
		{Name: "edit", Ask: askEdit, Answer: answerEdit, Help: "register_edit_help"},
	}}
}

// ownerFields are the owner's answers in the order they are asked.
func ownerFields() []string {
	return []string{"name", "business", "sector", "products", "kecamatan", "address", "phone", "nib"}
}

// startRegister begins registration, or, for a registered owner, shows the
// stored data to update.
func startRegister(c *conv) {
	clear(c.s.Data)
	if c.owner != nil {
		draftFromOwner(c, c.owner)
		c.set("mode", "update")
		c.say("register_update_intro", "RegNo", c.owner.RegNo(), "Summary", c.summary())
		c.goTo("register", "edit")
		return
	}
	c.set("mode", "new")
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

func answerConsent(c *conv, in Input) error {
	yes, err := c.yesNo(in, yesNoOptions(c, "register_consent_yes", "register_consent_no"))
	if err != nil {
		return err
	}
	if !yes {
		c.say("register_consent_declined")
		c.toMenu()
		return nil
	}
	c.set("consent_at", c.now.UTC().Format(timeLayout))
	c.set("consent_version", ConsentVersion)
	c.say("register_consent_thanks")
	c.goTo("register", "name")
	return nil
}

// --- text fields ---

// textField is a step that asks for one free-text field.
func textField(name, ask, help string, parse func(c *conv, in Input) (string, error)) *Step {
	return &Step{Name: name, Help: help, Answer: fieldAnswer(name, parse), Ask: func(c *conv) {
		c.sayCurrentValue(name)
		c.say(ask)
	}}
}

// fieldAnswer stores a parsed answer in the draft and moves on.
func fieldAnswer(name string, parse func(c *conv, in Input) (string, error)) func(c *conv, in Input) error {
	return func(c *conv, in Input) error {
		v, err := parse(c, in)
		if err != nil {
			return err
		}
		c.set(name, v)
		c.nextField(name)
		return nil
	}
}

// nextField asks the field after name, or goes to the summary when the
// owner was correcting one field or has answered them all.
func (c *conv) nextField(name string) {
	if c.field("editing") != "" {
		// Correcting: the next field the owner named, then the summary.
		next, rest, _ := strings.Cut(c.field("edit_queue"), ",")
		delete(c.s.Data, "edit_queue")
		if next == "" {
			delete(c.s.Data, "editing")
			c.goTo("register", "confirm")
			return
		}
		c.set("editing", next)
		if rest != "" {
			c.set("edit_queue", rest)
		}
		c.goTo("register", next)
		return
	}
	fields := ownerFields()
	for i, f := range fields {
		if f == name && i+1 < len(fields) {
			c.goTo("register", fields[i+1])
			return
		}
	}
	c.goTo("register", "confirm")
}

// sayCurrentValue shows the stored value of a field being corrected.
func (c *conv) sayCurrentValue(name string) {
	if c.field("editing") == "" || c.field(name) == "" && name != "nib" {
		return
	}
	c.say("register_edit_current", "Value", c.displayValue(name))
}

func parseOwnerName(c *conv, in Input) (string, error) {
	text := in.Text
	// "sy Wa Ode Marni, usaha sy namanya Mete Berkah": the name is the first part.
	if first, rest, ok := strings.Cut(text, ","); ok && hasAny(understand.Normalize(rest), "usaha", "toko", "business", "jualan") {
		text = first
	}
	v, err := understand.ParseName(trimSymbols(stripHonorifics(stripLeadIn(text), true)), maxName)
	if errors.Is(err, understand.ErrNotAnswer) && c.field("mode") == "new" && c.field("editing") == "" {
		// "yes I agree", "1. Ya, saya setuju": the consent again, not a name.
		return "", again("register_name_consent_noted")
	}
	return v, fieldError(err, in, maxName, "register_name_notname")
}

func parseBusinessName(c *conv, in Input) (string, error) {
	if hasAny(understand.Normalize(in.Text), "belum ada", "belum punya", "tidak ada", "tidak punya") && c.field("name") != "" {
		c.say("register_business_use_name", "Name", c.field("name"))
		return c.field("name"), nil
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

func parseProducts(c *conv, in Input) (string, error) {
	return parseTextField(in, 3, maxProducts, "register_products_invalid")
}

func parseAddress(c *conv, in Input) (string, error) {
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

func askSector(c *conv) {
	c.sayCurrentValue("sector")
	c.say("register_sector_ask")
	c.offerOptions(c.sectorOptions())
}

func answerSector(c *conv, in Input) error {
	opts := c.sectorOptions()
	i, err := c.pick(in, opts)
	if err != nil {
		if r := err.(*retry); r.msg == "choice_out_of_range" {
			return r
		}
		return again("register_sector_invalid", "Answer", quote(in.Text))
	}
	c.set("sector", opts[i].Value)
	c.nextField("sector")
	return nil
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

func askKecamatan(c *conv) {
	c.sayCurrentValue("kecamatan")
	c.say("register_kecamatan_ask")
	c.offerOptions(kecamatanOptions())
}

func answerKecamatan(c *conv, in Input) error {
	opts := kecamatanOptions()
	var name string
	if in.Choice == "" {
		switch understand.Normalize(in.Text) {
		case "kendari", "kota kendari", "di kendari", "kendari sultra", "kota kendari sultra", "kdi",
			"kendari sulawesi tenggara", "kota kendari sulawesi tenggara":
			if c.field("city_hint") == "" { // the city, or kecamatan Kendari? Ask once.
				c.set("city_hint", "1")
				return again("register_kecamatan_city")
			}
			name = "Kendari"
		default:
			n, ok, outside := understand.Kecamatan(in.Text)
			if outside {
				return again("register_kecamatan_outside")
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
				return err
			}
			return again("register_kecamatan_invalid", "Answer", quote(in.Text))
		}
		name = opts[i].Value
	}
	c.set("kecamatan", name)
	c.nextField("kecamatan")
	return nil
}

// --- phone ---

func askPhone(c *conv) {
	c.sayCurrentValue("phone")
	if sender := c.senderPhone(); sender != "" {
		c.say("register_phone_offer", "Phone", sender)
		c.offerOptions(phoneOfferOptions(c))
		return
	}
	c.say("register_phone_ask")
	c.ask = store.AskPhone
}

// senderPhone is the number the channel knows the chat by, when the owner
// has not chosen to type another one.
func (c *conv) senderPhone() string {
	if c.field("phone_manual") != "" || c.in.SenderPhone == "" {
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
func answerPhone(c *conv, in Input) error {
	if addressContinues(c, in) {
		return nil
	}
	sender := c.senderPhone()
	if sender == "" || in.Phone != "" || in.Choice == "" && typedPhone(in.Text) {
		return fieldAnswer("phone", parsePhone)(c, in)
	}
	// The offered number: a button, 1/2, "ya", "nomor lain".
	opts := phoneOfferOptions(c)
	i, err := c.pick(in, opts)
	if err != nil {
		yes, ok := understand.YesNo(in.Text)
		if !ok || in.Choice != "" {
			return again("register_phone_invalid", "Answer", quote(in.Text))
		}
		i = 1
		if yes {
			i = 0
		}
	}
	if opts[i].Value == "sender" {
		c.set("phone", sender)
		c.nextField("phone")
		return nil
	}
	c.set("phone_manual", "1")
	c.goTo("register", "phone")
	return nil
}

// typedPhone reports whether text holds a mobile number.
func typedPhone(text string) bool {
	_, err := understand.FindPhone(text)
	return err == nil
}

// addressContinues takes a line such as "Kel. Sanua" or "Kec. Kendari
// Barat", sent right after the address as a message of its own (owners
// press Enter between lines), as the rest of the address.
func addressContinues(c *conv, in Input) bool {
	if in.Choice != "" || in.Phone != "" || c.field("editing") != "" || strings.ContainsAny(in.Text, "0123456789") {
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
	address := c.field("address") + ", " + strings.TrimSpace(in.Text)
	if _, err := understand.ParseText(address, 5, maxAddress); err != nil {
		return false
	}
	c.set("address", address)
	c.say("register_address_added", "Address", address)
	askPhone(c)
	return true
}

func parsePhone(c *conv, in Input) (string, error) {
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

func askNIB(c *conv) {
	c.sayCurrentValue("nib")
	c.say("register_nib_ask")
	c.offer(c.choice("none", "register_nib_none_choice"))
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

// --- summary, confirmation and corrections ---

func confirmOptions(c *conv) []understand.Option {
	return []understand.Option{
		{Value: "save", Label: c.t("register_confirm_save"), Synonyms: []string{"simpan", "ya simpan", "sudah benar", "save", "selesai"}},
		{Value: "edit", Label: c.t("register_confirm_edit"), Synonyms: []string{"ubah", "ganti", "koreksi", "perbaiki", "salah", "edit", "change"}},
		{Value: "cancel", Label: c.t("register_confirm_cancel"), Synonyms: []string{"batal", "cancel", "tidak jadi"}},
	}
}

func askConfirm(c *conv) {
	c.say("register_confirm", "Summary", c.summary())
	c.offerOptions(confirmOptions(c))
}

func answerConfirm(c *conv, in Input) error {
	if corr, ok := correction(c, in); ok {
		if corr.Value != "" { // "nama: Wa Ode Sitti"
			return correctField(c, corr.Fields[0], corr.Value)
		}
		c.set("editing", corr.Fields[0])
		c.set("edit_queue", strings.Join(corr.Fields[1:], ","))
		c.goTo("register", corr.Fields[0])
		return nil
	}
	opts := confirmOptions(c)
	i, ok := pickExact(in, opts)
	if !ok && in.Choice == "" {
		norm := understand.Normalize(in.Text)
		switch {
		case hasAny(norm, "tidak jadi", "batal", "cancel"):
			i, ok = 2, true
		case hasAny(norm, "salah", "tapi", "ubah", "ganti", "koreksi", "perbaiki", "edit", "change", "wrong"):
			i, ok = 1, true
		default:
			if yes, clear := strictYesNo(in.Text); clear {
				i, ok = 1, true // "tidak" (not right): let the owner correct a field
				if yes {
					i = 0
				}
			}
		}
	}
	if !ok {
		return again("register_confirm_invalid")
	}
	switch opts[i].Value {
	case "save":
		return saveOwner(c)
	case "edit":
		c.goTo("register", "edit")
	default:
		c.cancel()
	}
	return nil
}

// correction understands "ubah alamat", "salah nomor hp", "ya tapi nama
// usaha salah" or "nama: Wa Ode Sitti" at the summary: the fields the
// owner names, and the new value when one field is given one (see
// understand.ParseCorrection).
func correction(c *conv, in Input) (understand.Correction, bool) {
	if in.Choice != "" {
		return understand.Correction{}, false
	}
	var fields []understand.Field
	for _, o := range editOptions(c) {
		if o.Value != "done" {
			fields = append(fields, understand.Field{Name: o.Value, Phrases: append([]string{o.Label}, o.Synonyms...)})
		}
	}
	return understand.ParseCorrection(in.Text, fields)
}

// correctField sets a field to the value given with its name ("nama: Wa
// Ode Sitti", "ubah alamat jadi ...") as if typed at its question, and
// shows the summary again; a value the field cannot take gets the
// field's hint and question.
func correctField(c *conv, field, value string) error {
	st := c.e.flows["register"].step(field)
	if st == nil {
		return fmt.Errorf("correct field %q: no such step", field)
	}
	c.s.Step = field
	c.set("editing", field)
	delete(c.s.Data, "edit_queue")
	said := len(c.texts)
	err := st.Answer(c, Input{Text: value, At: c.now})
	var r *retry
	switch {
	case errors.As(err, &r):
		c.sayText(c.e.cat.Text(c.s.Language, r.msg, r.data))
		c.goTo("register", field)
		return nil
	case err != nil:
		return err
	}
	if c.s.Step == "confirm" {
		c.texts = slices.Insert(c.texts, said, c.t("register_edit_changed", "Field", c.t("field_"+field)))
	}
	return nil
}

func editOptions(c *conv) []understand.Option {
	synonyms := map[string][]string{
		"name":      {"nama", "nama saya", "nama pemilik", "name"},
		"business":  {"nama usaha", "usaha", "toko", "business"},
		"sector":    {"sektor", "bidang", "jenis usaha", "sector"},
		"products":  {"produk", "produk utama", "products"},
		"kecamatan": {"kecamatan", "kec", "district"},
		"address":   {"alamat", "address"},
		"phone":     {"hp", "nomor hp", "no hp", "telepon", "nomor", "wa", "no wa", "nomor wa", "whatsapp", "phone"},
		"nib":       {"nib"},
	}
	var opts []understand.Option
	for _, f := range ownerFields() {
		opts = append(opts, understand.Option{Value: f, Label: c.t("field_" + f), Synonyms: synonyms[f]})
	}
	return append(opts, understand.Option{Value: "done", Label: c.t("register_edit_done"),
		Synonyms: []string{"selesai", "sudah", "cukup", "tidak ada", "done", "simpan"}})
}

func askEdit(c *conv) {
	c.say("register_edit_ask")
	c.offerOptions(editOptions(c))
}

func answerEdit(c *conv, in Input) error {
	if corr, ok := correction(c, in); ok && corr.Value != "" { // "alamat: Jl. ..."
		return correctField(c, corr.Fields[0], corr.Value)
	}
	opts := editOptions(c)
	i, err := c.pick(in, opts)
	if err != nil {
		return err
	}
	if opts[i].Value == "done" {
		c.goTo("register", "confirm")
		return nil
	}
	c.set("editing", opts[i].Value)
	c.goTo("register", opts[i].Value)
	return nil
}

// saveOwner writes the confirmed draft: a new owner with its consent, or
// the registered owner's corrected data.
func saveOwner(c *conv) error {
	o := ownerFromDraft(c)
	if o.NIB != "" { // registered meanwhile from another chat?
		taken, err := c.nibTaken(o.NIB)
		if err != nil {
			return err
		}
		if taken {
			c.say("register_nib_taken")
			c.set("editing", "nib")
			c.goTo("register", "nib")
			return nil
		}
	}
	if c.field("mode") == "update" && c.owner != nil {
		if unchanged(c.owner, &o) {
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
		consentAt, err := parseTime(c.field("consent_at"))
		if err != nil {
			return err
		}
		o.ConsentAt, o.ConsentVersion, o.ConsentChannel = consentAt, c.field("consent_version"), c.s.Chat.Channel
		if err := c.tx.CreateOwner(&o, c.s.Chat, c.now); err != nil {
			return err
		}
		c.say("register_saved", "Name", o.Name, "RegNo", o.RegNo())
	}
	c.owner = &o
	c.toMenu()
	return nil
}

// unchanged reports whether the draft holds the stored owner's data.
func unchanged(stored, draft *store.Owner) bool {
	return stored.Name == draft.Name && stored.BusinessName == draft.BusinessName && stored.Sector == draft.Sector &&
		stored.Products == draft.Products && stored.Kecamatan == draft.Kecamatan && stored.Address == draft.Address &&
		stored.Phone == draft.Phone && stored.NIB == draft.NIB
}

func ownerFromDraft(c *conv) store.Owner {
	return store.Owner{
		Name: c.field("name"), BusinessName: c.field("business"), Sector: c.field("sector"),
		Products: c.field("products"), Kecamatan: c.field("kecamatan"), Address: c.field("address"),
		Phone: c.field("phone"), NIB: c.field("nib"), Language: c.s.Language,
	}
}

func draftFromOwner(c *conv, o *store.Owner) {
	c.set("name", o.Name)
	c.set("business", o.BusinessName)
	c.set("sector", o.Sector)
	c.set("products", o.Products)
	c.set("kecamatan", o.Kecamatan)
	c.set("address", o.Address)
	c.set("phone", o.Phone)
	c.set("nib", o.NIB)
}
