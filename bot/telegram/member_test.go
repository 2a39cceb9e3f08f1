package telegram

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"sobat-ikm/store"
)

// blockHook is Config.ChatBlocked writing to a real store, as the program
// wires it, failing the first failures calls (the database cannot be
// written).
type blockHook struct {
	db       *store.DB
	mu       sync.Mutex
	failures int
	calls    []bool // blocked, per call, failed or not
	saved    []bool // blocked, per call that was recorded
}

func (h *blockHook) record(ctx context.Context, chat store.ChatKey, blocked bool, at time.Time) error {
	h.mu.Lock()
	h.calls = append(h.calls, blocked)
	fail := h.failures > 0
	if fail {
		h.failures--
	}
	h.mu.Unlock()
	if fail {
		return errors.New("disk is full")
	}
	var err error
	if blocked {
		err = h.db.MarkUnreachable(ctx, chat, at)
	} else {
		err = h.db.MarkReachable(ctx, chat)
	}
	if err == nil {
		h.mu.Lock()
		h.saved = append(h.saved, blocked)
		h.mu.Unlock()
	}
	return err
}

func (h *blockHook) got() (calls, saved []bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.calls), slices.Clone(h.saved)
}

// due lists the texts the sender would send to chat now.
func dueTexts(t *testing.T, db *store.DB, chat string) []string {
	t.Helper()
	var due []store.OutboxMessage
	err := db.View(context.Background(), func(tx *store.ReadTx) error {
		var err error
		due, err = tx.DueOutbox(Channel, chat, time.Now().Add(time.Hour), 10)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range due {
		out = append(out, m.Reply.Text)
	}
	return out
}

func queueTexts(t *testing.T, db *store.DB, chat int64, texts ...string) {
	t.Helper()
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		for _, text := range texts {
			now := time.Now()
			if _, err := tx.Enqueue(store.OutboxMessage{Chat: chatKey(chat), Reply: store.Reply{Text: text}, NotBefore: now, CreatedAt: now}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func readPayload(t *testing.T, file string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "updates", file))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// An owner blocking the bot (my_chat_member "kicked") marks the chat
// unreachable at once: its waiting messages stay, unsent, instead of
// meeting a 403 mid-broadcast. When the database cannot record it, the
// update is not confirmed and Telegram delivers it again, until it is.
// Starting the bot again ("member") makes the chat reachable, and the
// messages go. A group's my_chat_member changes nothing.
func TestPollBlockAndUnblock(t *testing.T) {
	f := newFakeAPI(t)
	db := openDB(t)
	queueTexts(t, db, 777, "pengumuman 1", "pengumuman 2")
	queueTexts(t, db, 888, "untuk 888")
	hook := &blockHook{db: db, failures: 2}
	a := newTestAdapter(t, f, Config{ChatBlocked: hook.record})
	var s submitted
	f.keepUpdates(readPayload(t, "my_chat_member.json"), readPayload(t, "my_chat_member_group.json"))
	stop := runAdapter(t, a, s.submit)

	waitFor(t, 10*time.Second, "the block recorded", func() bool { _, saved := hook.got(); return len(saved) == 1 })
	calls, saved := hook.got()
	if !slices.Equal(calls, []bool{true, true, true}) || !saved[0] {
		t.Errorf("hook calls %v (saved %v), want the block tried 3 times, recorded once", calls, saved)
	}
	if got := dueTexts(t, db, "777"); len(got) != 0 {
		t.Errorf("blocked chat still has rows due: %q", got)
	}
	if got := dueTexts(t, db, "888"); !slices.Equal(got, []string{"untuk 888"}) {
		t.Errorf("another chat's rows %q", got)
	}
	waitFor(t, 5*time.Second, "the block confirmed", func() bool { return slices.Contains(f.offsets(), "1048") })
	if n := len(s.ids()); n != 0 {
		t.Errorf("%d member updates reached the dispatcher", n)
	}

	// Days later (a later update_id), she starts the bot again.
	f.keepUpdates(strings.Replace(readPayload(t, "my_chat_member_unblock.json"), `"update_id":1046`, `"update_id":1050`, 1))
	waitFor(t, 10*time.Second, "the unblock recorded", func() bool { _, saved := hook.got(); return len(saved) == 2 })
	if got := dueTexts(t, db, "777"); !slices.Equal(got, []string{"pengumuman 1", "pengumuman 2"}) {
		t.Errorf("after the unblock, rows due %q, want both kept", got)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if _, saved := hook.got(); len(saved) != 2 {
		t.Errorf("updates recorded %v, want the block and the unblock once each", saved)
	}
}

// A block is recorded only after the messages before it in the batch are
// saved, so that the chat's own message cannot undo it; if one of them
// could not be saved, the block waits for Telegram to send both again.
func TestPollBlockWaitsForEarlierMessage(t *testing.T) {
	f := newFakeAPI(t)
	db := openDB(t)
	queueTexts(t, db, 777, "pengingat")
	hook := &blockHook{db: db}
	a := newTestAdapter(t, f, Config{ChatBlocked: hook.record})
	var h heldSubmit
	f.queueUpdates(textUpdate(1040, 777, 9, "halo"), readPayload(t, "my_chat_member.json"))
	stop := runAdapter(t, a, h.submit)
	waitFor(t, 5*time.Second, "the message submitted", func() bool { return h.count() == 1 })
	time.Sleep(100 * time.Millisecond)
	if calls, _ := hook.got(); len(calls) != 0 {
		t.Fatalf("block recorded before the message before it was saved: %v", calls)
	}
	h.release(1, errors.New("disk is full"))
	waitFor(t, 5*time.Second, "the next getUpdates", func() bool { return len(f.offsets()) >= 2 })
	if calls, _ := hook.got(); len(calls) != 0 {
		t.Errorf("block recorded although the message before it was not saved: %v", calls)
	}
	if got := f.offsets()[1]; got != "" {
		t.Errorf("offset %q after the failed message, want nothing confirmed", got)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// Over the webhook, a block is answered 200 only once recorded; 500 when
// it could not be, so that Telegram posts it again.
func TestWebhookBlock(t *testing.T) {
	f := newFakeAPI(t)
	db := openDB(t)
	queueTexts(t, db, 777, "pengumuman")
	hook := &blockHook{db: db, failures: 1}
	a := newTestAdapter(t, f, Config{WebhookURL: "https://bot.example.org/tg", WebhookSecret: testSecret, ChatBlocked: hook.record})
	var s submitted
	h := a.WebhookHandler(s.submit)
	kicked := readPayload(t, "my_chat_member.json")
	if rec := postUpdate(t, h, testSecret, kicked); rec.Code != http.StatusInternalServerError {
		t.Errorf("block not recorded: status %d, want 500", rec.Code)
	}
	if got := dueTexts(t, db, "777"); len(got) != 1 {
		t.Errorf("rows due %q after a failed block, want the row still due", got)
	}
	if rec := postUpdate(t, h, testSecret, kicked); rec.Code != http.StatusOK {
		t.Errorf("block recorded: status %d, want 200", rec.Code)
	}
	if got := dueTexts(t, db, "777"); len(got) != 0 {
		t.Errorf("rows due %q after the block", got)
	}
	if rec := postUpdate(t, h, testSecret, readPayload(t, "my_chat_member_unblock.json")); rec.Code != http.StatusOK {
		t.Errorf("unblock: status %d", rec.Code)
	}
	if got := dueTexts(t, db, "777"); len(got) != 1 {
		t.Errorf("rows due %q after the unblock, want the row back", got)
	}
	// A member status the library does not know is skipped, not sent
	// back again and again.
	odd := `{"update_id":2000,"my_chat_member":{"chat":{"id":777,"type":"private"},"date":1,"new_chat_member":{"status":"mystery"}}}`
	if rec := postUpdate(t, h, testSecret, odd); rec.Code != http.StatusOK {
		t.Errorf("unknown status: %d, want 200 (skipped)", rec.Code)
	}
	if n := len(s.ids()); n != 0 {
		t.Errorf("%d member updates reached the dispatcher", n)
	}
}

// Confirm choices are green, cancel choices red, others left to the app;
// the numbers stay in the labels. A protected reply's every part goes with
// protect_content.
func TestButtonStylesAndProtect(t *testing.T) {
	f := newFakeAPI(t)
	a := newTestAdapter(t, f, Config{})
	a.out.partGap = 0
	r := store.Reply{Text: "NIB 9120001234567. Simpan?", Step: "form/confirm", Protect: true, Choices: []store.Choice{
		{Value: "yes", Label: "Ya, simpan", Style: store.ChoiceYes},
		{Value: "edit", Label: "Ubah"},
		{Value: "no", Label: "Batal", Style: store.ChoiceNo},
	}}
	if err := a.out.Send(context.Background(), store.OutboxMessage{ID: 1, Chat: chatKey(777), Reply: r}); err != nil {
		t.Fatal(err)
	}
	got := f.sent("sendMessage")
	if len(got) != 1 {
		t.Fatalf("%d sendMessage calls", len(got))
	}
	if styles := buttonStyles(t, got[0]); !slices.Equal(styles, []string{"success", "", "danger"}) {
		t.Errorf("button styles %q, want success, none, danger", styles)
	}
	if got[0].Fields["protect_content"] != "true" {
		t.Errorf("protect_content %q, want true", got[0].Fields["protect_content"])
	}
	if m := got[0].Fields["reply_markup"]; !containsAll(m, "1. Ya, simpan", "2. Ubah", "3. Batal") {
		t.Errorf("labels lost their numbers: %s", m)
	}

	r = store.Reply{Text: "Halo", Choices: []store.Choice{{Value: "a", Label: "A"}}}
	if err := a.out.Send(context.Background(), store.OutboxMessage{ID: 2, Chat: chatKey(777), Reply: r}); err != nil {
		t.Fatal(err)
	}
	plain := f.sent("sendMessage")[1]
	if _, ok := plain.Fields["protect_content"]; ok {
		t.Errorf("an ordinary reply sent with protect_content")
	}
	if styles := buttonStyles(t, plain); !slices.Equal(styles, []string{""}) {
		t.Errorf("an ordinary choice styled %q", styles)
	}
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
