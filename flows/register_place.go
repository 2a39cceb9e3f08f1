package flows

import (
	"errors"

	"sobat-ikm/flows/understand"
)

// The registration's sector and kecamatan questions.

// --- sector ---

// sectors are the office's sectors with words owners use for them.
func sectors() []menuItem { return sectorTable }

// sectorTable is the sectors an owner chooses from; read only.
var sectorTable = []menuItem{
	{"pangan", "sector_pangan", []string{"pangan", "makanan", "minuman", "kuliner", "olahan pangan", "abon", "mete", "jambu mete", "kue", "sagu", "sinonggi", "keripik", "kripik", "ikan", "roti", "kopi", "sambal", "food", "drink", "drinks", "snack", "snacks", "fish floss", "cashew"}},
	{"sandang", "sector_sandang", []string{"sandang", "tenun", "tenunan", "kain", "pakaian", "baju", "jahit", "penjahit", "konveksi", "batik", "bordir", "textile", "tekstil", "weaving", "woven", "cloth", "clothing", "sewing"}},
	{"kerajinan", "sector_kerajinan", []string{"kerajinan", "kerajinan tangan", "perak", "filigree", "rotan", "anyaman", "souvenir", "suvenir", "handicraft", "craft", "crafts", "silver", "rattan", "basket"}},
	{"furnitur", "sector_furnitur", []string{"furnitur", "furniture", "meubel", "mebel", "meubeleur", "kayu", "lemari", "kursi", "meja", "wood", "wooden", "chairs", "tables"}},
	{"bahan_bangunan", "sector_bahan_bangunan", []string{"bahan bangunan", "bata", "batu bata", "batako", "paving", "genteng", "bangunan", "conblock", "building", "building materials", "bricks", "brick"}},
	{"lainnya", "sector_lainnya", []string{"lainnya", "lain", "lain lain", "other", "others"}},
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
