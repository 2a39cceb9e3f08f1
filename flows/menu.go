package flows

import (
	"sobat-ikm/flows/understand"
	"sobat-ikm/store"
)

// menuItem is one entry of a fixed list: the main menu, the sectors.
type menuItem struct {
	value    string
	label    string // message id
	synonyms []string
}

// menuItems is the main menu, in the order it is numbered.
func menuItems() []menuItem { return menuTable }

// menuTable is the owners' main menu; read only.
var menuTable = []menuItem{
	{"register", "menu_register", []string{"daftar", "pendaftaran", "registrasi", "register", "ubah data", "update data", "perbarui data", "mau daftar", "daftar usaha",
		"mendaftar", "daftarkan", "daftarkan saya", "ganti data", "ganti alamat", "ubah alamat", "ganti nomor", "ubah nomor"}},
	{"halal", "menu_halal", []string{"halal", "sertifikat halal", "sehati", "sihalal", "label halal"}},
	{"tkdn", "menu_tkdn", []string{"tkdn", "tkdn ik", "komponen dalam negeri", "sertifikat tkdn"}},
	{"status", "menu_status", []string{"status", "cek status", "lacak", "pengajuan", "progres"}},
	{"training", "menu_training", []string{"pelatihan", "training", "bimtek", "studi banding", "kursus"}},
	{"mydata", "menu_mydata", []string{"data saya", "lihat data", "my data"}},
	{"officer", "menu_officer", []string{"petugas", "admin", "operator", "cs", "hubungi petugas", "bicara dengan petugas", "orang", "manusia", "officer"}},
	{"language", "menu_language", []string{"bahasa", "language", "english", "inggris"}},
}

func (c *conv) menuOptions() []understand.Option { return c.options(menuItems()) }

// options renders items as numbered options in the chat's language.
func (c *conv) options(items []menuItem) []understand.Option {
	opts := make([]understand.Option, len(items))
	for i, it := range items {
		opts[i] = understand.Option{Value: it.value, Label: c.t(it.label), Synonyms: it.synonyms}
	}
	return opts
}

// showOwnerMenu asks the owner's main menu question.
func showOwnerMenu(c *conv) {
	c.say("menu_title")
	c.offerOptions(c.menuOptions())
}

// offerOptions shows options as the reply's numbered choices.
func (c *conv) offerOptions(opts []understand.Option) {
	choices := make([]store.Choice, len(opts))
	for i, o := range opts {
		choices[i] = store.Choice{Value: o.Value, Label: o.Label}
		switch o.Value {
		case "yes", "save":
			choices[i].Style = store.ChoiceYes
		case "no", "cancel":
			choices[i].Style = store.ChoiceNo
		}
	}
	c.offer(choices...)
}

// pick understands a choice among options: a pressed button's value, a
// number, a number word, the label or a synonym, with typos.
func (c *conv) pick(in Input, opts []understand.Option) (int, error) {
	if in.Choice != "" {
		for i, o := range opts {
			if o.Value == in.Choice {
				return i, nil
			}
		}
		return -1, again("choice_stale")
	}
	i, ok, outOfRange := understand.Choose(in.Text, opts)
	switch {
	case ok:
		return i, nil
	case outOfRange:
		return -1, again("choice_out_of_range", "Max", len(opts))
	default:
		return -1, again("choice_unknown", "Answer", quote(in.Text), "Max", len(opts))
	}
}

// menuAnswer starts what the owner chose from the main menu.
func (e *Engine) menuAnswer(c *conv, in Input) error {
	if in.Choice == "" {
		if talk := understand.ParseSmallTalk(in.Text); talk != understand.TalkNone {
			menuSmallTalk(c, talk, in.Text)
			return nil
		}
	}
	if in.Choice == "" && understand.AsksOfficeContact(in.Text) {
		c.sayOfficeContact() // "alamat kantor dimana?", "nomor telp dinas?"
		c.showMenu()
		return nil
	}
	opts := c.menuOptions()
	if in.Choice == "" && understand.IsQuestion(in.Text) {
		// "alamat kantor dimana?" shares a word with "ubah alamat" but asks
		// something else: only a number or a whole option name chooses.
		i, ok, _ := understand.ChooseNamed(in.Text, opts)
		if !ok {
			if !c.s.New {
				c.say("menu_help") // a question the menu cannot answer: say what it can
			}
			c.showMenu()
			return nil
		}
		return e.startMenuItem(c, opts[i], in)
	}
	i, err := c.pick(in, opts)
	if err != nil {
		if !c.s.New {
			c.s.Misses++
			c.sayText(e.cat.Text(c.s.Language, err.(*retry).msg, err.(*retry).data))
			if c.s.Misses >= 3 {
				c.say("menu_offer_help")
			}
		}
		c.showMenu()
		return nil
	}
	return e.startMenuItem(c, opts[i], in)
}

// menuSmallTalk answers thanks, a bare yes or no, or "sudah ..." at the
// menu: a short friendly line and the menu again; none of them chooses
// anything. "sdh daftar" is told whether this chat's owner is registered.
func menuSmallTalk(c *conv, talk understand.SmallTalk, text string) {
	if c.s.New { // the welcome was just said: the menu is the answer
		c.showMenu()
		return
	}
	switch talk {
	case understand.TalkThanks:
		c.say("thanks_reply")
		c.showMenu()
		return
	case understand.TalkDone: // "sdh daftar kemarin"
		switch {
		case !understand.HasPhrase(understand.Normalize(text), "daftar", "terdaftar", "mendaftar", "register", "registered"):
			c.say("menu_which")
		case c.owner != nil:
			c.say("menu_already_registered", "RegNo", c.owner.RegNo())
		default:
			c.say("menu_not_registered")
		}
	case understand.TalkYes:
		c.say("menu_which")
	default:
		c.say("menu_no")
	}
	c.offerOptions(c.menuOptions())
}

// startMenuItem starts what the owner chose from the main menu.
func (e *Engine) startMenuItem(c *conv, opt understand.Option, in Input) error {
	c.s.Misses = 0
	switch opt.Value {
	case "register":
		if c.owner != nil && e.register.CorrectNamed(c, in, draftOfOwner(c.owner)) {
			return nil // "ubah alamat": straight to the address
		}
		e.startRegister(c)
	case "halal":
		e.startHalal(c)
	case "tkdn":
		e.startTKDN(c)
	case "status":
		e.showStatus(c)
		c.showMenu()
	case "training":
		e.startTrainings(c)
	case "mydata":
		e.showMyData(c)
		c.showMenu()
	case "language":
		c.goTo("language", "choose")
	case "officer":
		e.startTicket(c)
	default:
		c.say("soon", "Service", opt.Label)
		c.showMenu()
	}
	return nil
}
