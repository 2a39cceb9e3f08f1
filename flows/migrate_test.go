package flows_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sobat-ikm/flows"
	"sobat-ikm/locales"
	"sobat-ikm/store"
)

// Owners in the middle of a conversation when the bot is upgraded go on
// at the same question. testdata/previous-release.db was made by the
// release before typed sessions (schema version 3), by chatting on its
// console: a registration at the phone question, one correcting its
// address with the NIB queued next, one choosing a language in the middle
// of a registration, one choosing a language at the menu, one asked
// whether "Kendari" meant the city, and a WhatsApp owner who chose to type
// another number than the one the chat has.
func TestSessionsOfPreviousReleaseContinue(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "previous-release.db"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "upgraded.db")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	engine := flows.New(cat)
	console := func(name string) store.ChatKey { return store.ChatKey{Channel: "console", Address: name} }
	wa := store.ChatKey{Channel: "whatsapp", Address: "6281299990000@s.whatsapp.net"}
	at := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)

	for _, tc := range []struct {
		name  string
		chat  store.ChatKey
		in    flows.Input
		want  []string // in the reply, in this order
		never string   // not in the reply
	}{
		{"phone question", console("a"), flows.Input{Text: "0812 3456 7001"}, []string{"NIB (Nomor Induk Berusaha)"}, ""},
		{"correcting the address, NIB next", console("b"), flows.Input{Text: "Jl. Abon No. 9, Kel. Anduonohu"},
			[]string{"Saat ini: belum punya", "NIB (Nomor Induk Berusaha)"}, ""},
		{"language inside a registration", console("c"), flows.Input{Text: "1"},
			[]string{"Bahasa Indonesia", "Apa nama usaha Anda?"}, "dihapus"},
		{"language at the menu", console("d"), flows.Input{Text: "2"}, []string{"English", "Please choose a service"}, ""},
		{"Kendari asked once", console("e"), flows.Input{Text: "kendari"}, []string{"Di mana alamat usaha Anda?"}, "11 kecamatan"},
		{"another number than the chat's", wa, flows.Input{Text: "0812 5555 6666", SenderPhone: "+6281299990000"},
			[]string{"NIB (Nomor Induk Berusaha)"}, "Pakai nomor ini"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.in.At = at
			var reply store.Reply
			err := db.Update(context.Background(), func(tx *store.Tx) error {
				var err error
				reply, err = engine.Handle(tx, tc.chat, tc.in)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			rest := reply.Text
			for _, w := range tc.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("reply lacks %q (in order):\n%s", w, reply.Text)
				}
				rest = rest[i+len(w):]
			}
			if tc.never != "" && strings.Contains(reply.Text, tc.never) {
				t.Errorf("reply has %q:\n%s", tc.never, reply.Text)
			}
		})
	}
}
