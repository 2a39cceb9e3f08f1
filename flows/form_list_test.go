package flows

import (
	"strings"
	"testing"
	"time"

	"sobat-ikm/locales"
	"sobat-ikm/store"
)

// A list field takes one answer after another until the owner says that
// is all; the summary shows them all, and correcting it starts again.
func TestListField(t *testing.T) {
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	e := New(cat)
	type draft struct {
		Products []string `json:"products,omitempty"`
	}
	var saved []string
	f := &Form[draft]{Name: "listtest", Msg: "register",
		Fields: []Field[draft]{listField("products", "field_products", "summary_products", "register_products_help",
			"register_products_ask", []string{"produk"},
			func(c *conv, in Input) (string, error) {
				return parseTextField(in, 3, maxProducts, "register_products_invalid")
			},
			func(d *draft) *[]string { return &d.Products })},
		Save: func(c *conv, d *draft) error { saved = d.Products; c.toMenu(); return nil },
	}
	e.flows[f.Name] = f.Flow()
	e.owners.flows = append(e.owners.flows, f.Name)
	sess := &store.Session{Language: "id"}
	turn := func(text string) string {
		t.Helper()
		c := &conv{e: e, s: sess, desk: e.owners, now: time.Now(), in: Input{Text: text}}
		if sess.Flow == "" {
			f.Begin(c)
		} else if err := e.current(sess).Answer(c, Input{Text: text}); err != nil {
			r, ok := err.(*retry)
			if !ok {
				t.Fatal(err)
			}
			c.sayText(c.t(r.msg, "Answer", text, "Max", maxProducts))
			e.current(sess).Ask(c) // as the engine does
		}
		if err := c.keepDraft(); err != nil {
			t.Fatal(err)
		}
		return strings.Join(c.texts, "\n")
	}
	for _, step := range []struct{ say, want string }{
		{"", "Apa produk utama usaha Anda?"},
		{"abon ikan", "Sudah tercatat 1: abon ikan. Ada lagi?"},
		{"x", "Sudah tercatat 1: abon ikan"}, // too short: asked again, nothing added
		{"keripik pisang", "Sudah tercatat 2: abon ikan; keripik pisang"},
		{"keripik pisang tidak pedas, sdh 5 thn", "Sudah tercatat 3: abon ikan; keripik pisang; keripik pisang tidak pedas"},
		{"sudah", "Produk utama: abon ikan; keripik pisang; keripik pisang tidak pedas"},
		{"ubah produk", "Apa produk utama usaha Anda?"}, // corrected: the list starts again
		{"mete goreng", "Sudah tercatat 1: mete goreng"},
		{"tidak", "Produk utama: mete goreng"},
		{"1", "Silakan pilih layanan"},
	} {
		if got := turn(step.say); !strings.Contains(got, step.want) {
			t.Fatalf("after %q: reply\n%s\nwant %q in it", step.say, got, step.want)
		}
	}
	if strings.Join(saved, "|") != "mete goreng" {
		t.Errorf("saved %q, want [mete goreng]", saved)
	}
}
