package flows_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"sobat-ikm/flows"
	"sobat-ikm/locales"
	"sobat-ikm/store"
)

// answers walks a registration up to each of its steps.
var answers = []string{"1", "1", "Wa Ode Sitti", "Abon Mama Ani", "1", "abon ikan", "3", "Jl. Sao-Sao No. 12", "081234567890", "1"}

// FuzzStep sends any text to any step of the registration and checks that
// the owner always gets a readable answer with a next step, that nothing
// fails inside, and that a registration is stored at most once.
func FuzzStep(f *testing.F) {
	for i := range answers {
		f.Add(uint8(i), "ya")
		f.Add(uint8(i), "")
		f.Add(uint8(i), "\xff\xfe")
		f.Add(uint8(i), strings.Repeat("😀", 300))
	}
	f.Add(uint8(9), "9120001234567")
	f.Add(uint8(2), "hapus data saya")
	cat, err := locales.Load()
	if err != nil {
		f.Fatal(err)
	}
	engine := flows.New(cat)
	db, err := store.Open(context.Background(), filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	var chats atomic.Int64
	at := time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, step uint8, text string) {
		chat := store.ChatKey{Channel: "fuzz", Address: fmt.Sprint(chats.Add(1))}
		send := func(text string) store.Reply {
			var reply store.Reply
			err := db.Update(context.Background(), func(tx *store.Tx) error {
				var err error
				reply, err = engine.Handle(tx, chat, flows.Input{Text: text, At: at})
				return err
			})
			if err != nil {
				t.Fatalf("step %d, %q: %v", step, text, err)
			}
			return reply
		}
		for _, a := range answers[:int(step)%len(answers)] {
			send(a)
		}
		reply := send(text)
		if strings.TrimSpace(reply.Text) == "" {
			t.Fatalf("step %d, %q: empty reply", step, text)
		}
		if !utf8.ValidString(reply.Text) {
			t.Fatalf("step %d, %q: reply is not valid UTF-8", step, text)
		}
		for _, c := range reply.Choices {
			if c.Label == "" || c.Value == "" || !utf8.ValidString(c.Label) {
				t.Fatalf("step %d, %q: bad choice %+v", step, text, c)
			}
		}
	})
}
