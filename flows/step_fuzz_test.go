package flows_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"sobat-ikm/flows"
	"sobat-ikm/locales"
	"sobat-ikm/store"
)

// answers walks a registration up to each of its steps: step i is the
// question asked after answers[:i], step len(answers) the summary.
var answers = []string{"1", "1", "Wa Ode Sitti", "Abon Mama Ani", "1", "abon ikan", "3", "Jl. Sao-Sao No. 12", "081234567890", "1"}

// errUndo rolls back the transaction of a fuzzed message.
var errUndo = errors.New("undo the fuzzed message")

// maxFuzzText is how much of a fuzzed message is sent: past every answer's
// length limit (200 letters) and the 40 letters a reply quotes, yet short
// enough to minimize, whose cost grows with the square of an input's
// length. Longer messages are in understand's tests and 11_bad_input.
const maxFuzzText = 256

// FuzzStep sends any text to any step of the registration and checks that
// the owner always gets a readable answer with a next step and that
// nothing fails inside (a failure is the internal-error apology).
//
// Each input costs one short message: every step has a chat walked there
// once, and the fuzzed message's transaction is rolled back, so the next
// input meets the step as it was. Replaying the registration for every
// input (up to ten commits) and minimizing inputs of a thousand bytes made
// the fuzzer spend its time minimizing instead of finding "y+" at the
// phone question (issue 8).
func FuzzStep(f *testing.F) {
	for i := range len(answers) + 1 {
		f.Add(uint8(i), "ya")
		f.Add(uint8(i), "")
		f.Add(uint8(i), "\xff\xfe")
		f.Add(uint8(i), strings.Repeat("😀", maxFuzzText/4))
	}
	f.Add(uint8(9), "9120001234567")
	f.Add(uint8(2), "hapus data saya")
	f.Add(uint8(7), strings.Repeat("Jl. Sao-Sao ", maxFuzzText/12)) // too long an address
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
	at := time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)
	chats := make([]store.ChatKey, len(answers)+1)
	for step := range chats {
		chats[step] = store.ChatKey{Channel: "fuzz", Address: fmt.Sprint("step", step)}
		for _, a := range answers[:step] {
			err := db.Update(context.Background(), func(tx *store.Tx) error {
				_, err := engine.Handle(tx, chats[step], flows.Input{Text: a, At: at})
				return err
			})
			if err != nil {
				f.Fatalf("walking to step %d, %q: %v", step, a, err)
			}
		}
	}
	f.Fuzz(func(t *testing.T, step uint8, text string) {
		text = text[:min(len(text), maxFuzzText)]
		var reply store.Reply
		err := db.Update(context.Background(), func(tx *store.Tx) error {
			var err error
			reply, err = engine.Handle(tx, chats[int(step)%len(chats)], flows.Input{Text: text, At: at})
			if err != nil {
				return err
			}
			return errUndo
		})
		if !errors.Is(err, errUndo) {
			t.Fatalf("step %d, %q: %v", step, text, err)
		}
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
