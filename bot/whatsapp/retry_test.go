package whatsapp

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"sobat-ikm/bot/bottest"
	"sobat-ikm/store"
)

// A sent row's WhatsApp id is recorded; after a restart (a new adapter
// on the same database, whatsmeow's memory of sent messages gone) a
// retry request for it is answered with the same message rebuilt from
// the outbox (the text with its numbered choices; a photo uploaded again
// with its caption), whether the owner's phone asks by LID or by number,
// with a device. Another chat, or an id not ours, gets nothing.
func TestRetryAfterRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bot.db")
	db := openDB(t, path)
	clock := newClock()
	chat, other := waChat(1), waChat(2)
	lids := fakeLIDs{lidOf(1): ownerPNOf(chat), lidOf(2): ownerPNOf(other)}
	wrote(t, db, chat, clock.Now())
	photo, err := db.SaveFile(bytes.NewReader(outPNG), store.MaxFileSize)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(context.Background(), func(tx *store.Tx) error {
		for _, r := range []store.Reply{
			{Text: "Simpan data ini?", Choices: []store.Choice{{Value: "ya", Label: "Ya, simpan", Style: store.ChoiceYes},
				{Value: "batal", Label: "Batal", Style: store.ChoiceNo}}},
			{Text: "Tiket #12: foto dari pemilik.", File: photo.Name, FileType: photo.Type},
		} {
			if _, err := tx.Enqueue(store.OutboxMessage{Chat: chat, Reply: r, NotBefore: clock.Now(), CreatedAt: clock.Now()}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Log: quiet(), Now: clock.Now, OpenFile: func(name string) (io.ReadCloser, error) { return db.OpenFile(name) }}
	first := newFake(true)
	if n := bottest.FlushUntil(t, newSender(db, clock, New(first, db, lids, cfg)), clock, 2, 100*time.Millisecond); n != 2 {
		t.Fatalf("sent %d rows, want 2", n)
	}
	sent := first.snapshot().sent
	if len(sent) != 2 || sent[0].to != lidOf(1) || sent[1].msg.GetImageMessage() == nil {
		t.Fatalf("sent %+v: want the text then the photo, to the LID", sent)
	}
	for _, s := range sent {
		err := db.View(context.Background(), func(tx *store.ReadTx) error {
			_, err := tx.FindSent(Channel, string(s.id))
			return err
		})
		if err != nil {
			t.Errorf("message %s: platform id not recorded: %v", s.id, err)
		}
	}

	restarted := New(newFake(true), db, lids, cfg)
	withDevice := func(j types.JID, d uint16) types.JID { j.Device = d; return j }
	for _, s := range sent {
		for _, requester := range []types.JID{withDevice(lidOf(1), 3), withDevice(ownerPNOf(chat), 12), ownerPNOf(chat)} {
			got := restarted.MessageForRetry(requester, requester.ToNonAD(), s.id)
			if !proto.Equal(got, s.msg) {
				t.Errorf("retry of %s by %v: got %v, want the message sent, %v", s.id, requester, got, s.msg)
			}
		}
		for _, stranger := range []types.JID{withDevice(lidOf(2), 1), ownerPNOf(other), withDevice(lidOf(9), 0)} {
			if got := restarted.MessageForRetry(stranger, stranger, s.id); got != nil {
				t.Errorf("retry of %s by another chat %v: got %v, want nil", s.id, stranger, got)
			}
		}
	}
	if got := sent[0].msg; got.GetConversation() != "Simpan data ini?\n1. Ya, simpan\n2. Batal" {
		t.Errorf("text sent %q", got.GetConversation())
	}
	if got := restarted.MessageForRetry(lidOf(1), lidOf(1), "3EB0000000000000000000"); got != nil {
		t.Errorf("retry of an unknown id: got %v, want nil", got)
	}
}

// A message sent whose id cannot be recorded (the database fails) is
// still reported sent: it went out, and sending it again would show it
// twice. The failure is logged.
func TestPlatformIDNotRecordedNotRetried(t *testing.T) {
	db := openDB(t, "")
	clock := newClock()
	wrote(t, db, waChat(1), clock.Now())
	log, logs := newLog(slog.LevelDebug)
	fake := newFake(true)
	a := New(fake, db, nil, Config{Log: log, Now: clock.Now})
	m := store.OutboxMessage{ID: 1, Chat: waChat(1), Reply: store.Reply{Text: "satu"}, CreatedAt: clock.Now()}
	if err := a.Outlet().Send(context.Background(), m); err != nil { // (the chat is now known to have written)
		t.Fatal(err)
	}
	db.Close()
	m.ID, m.Reply.Text = 2, "dua"
	if err := a.Outlet().Send(context.Background(), m); err != nil {
		t.Fatalf("Send = %v, want nil: the message went out", err)
	}
	if got := fake.sentTexts(); strings.Join(got, ",") != "satu,dua" {
		t.Errorf("sent %q", got)
	}
	if !strings.Contains(logs.String(), "message id not recorded") {
		t.Errorf("the failure was not logged:\n%s", logs.String())
	}
}
