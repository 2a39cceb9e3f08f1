package whatsapp

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"sobat-ikm/store"
)

// receiptTimes reads a row's delivered and read times (0: none).
func receiptTimes(t *testing.T, raw *sql.DB, table, where string, arg any) (delivered, read int64) {
	t.Helper()
	var d, r sql.NullInt64
	if err := raw.QueryRow(`SELECT delivered_at, read_at FROM `+table+` WHERE `+where+` = ?`, arg).Scan(&d, &r); err != nil {
		t.Fatal(err)
	}
	return d.Int64, r.Int64
}

// The owner's phone's delivery receipt, then read receipt, are recorded on
// the outbox row the message id names and on the broadcast recipient it
// carried; a read receipt counts as a delivery when the delivery receipt
// is missing. Receipts of our own devices, of groups, and read-self are
// ignored.
func TestReceiptsRecorded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bot.db")
	db := openDB(t, path)
	clock := newClock()
	ctx := context.Background()
	chat, other := waChat(1), waChat(2)
	wrote(t, db, chat, clock.Now())
	wrote(t, db, other, clock.Now())
	var bcast store.Broadcast
	err := db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.CreateBroadcast(&bcast, clock.Now()); err != nil {
			return err
		}
		id, err := tx.EnqueueID(store.OutboxMessage{Chat: chat, Kind: store.KindBroadcast, Reply: store.Reply{Text: "Yth. Ani, pelatihan"},
			NotBefore: clock.Now(), CreatedAt: clock.Now()})
		if err != nil {
			return err
		}
		_, err = tx.AddRecipients([]store.Recipient{{BroadcastID: bcast.ID, OwnerID: 5, Channel: Channel,
			Status: store.RecipientQueued, UpdatedAt: clock.Now()}}, []int64{id})
		if err != nil {
			return err
		}
		_, err = tx.Enqueue(store.OutboxMessage{Chat: other, Reply: store.Reply{Text: "balasan"}, NotBefore: clock.Now(), CreatedAt: clock.Now()})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	fake := newFake(true)
	a := New(fake, db, nil, Config{Log: quiet(), Now: clock.Now})
	t.Cleanup(func() { a.quitting() })
	if n, err := newSender(db, clock, a).Flush(ctx); err != nil || n != 2 {
		t.Fatalf("flushed %d, %v; want 2", n, err)
	}
	sent := fake.snapshot().sent
	ids := map[types.JID]types.MessageID{}
	for _, m := range sent {
		ids[m.to] = m.id
	}
	bid, rid := ids[ownerPNOf(chat)], ids[ownerPNOf(other)]
	raw, err := sql.Open("sqlite", store.WriterDSN(path))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()

	t1, t2 := clock.Now().Add(time.Minute).Truncate(time.Second), clock.Now().Add(time.Hour).Truncate(time.Second)
	phone := ownerPNOf(chat)
	phone.Device = 12
	src := types.MessageSource{Chat: lidOf(1), Sender: lidOf(1)}
	fake.emit(&events.Receipt{MessageSource: src, MessageIDs: []types.MessageID{bid}, Timestamp: t1, Type: types.ReceiptTypeDelivered})
	fake.emit(&events.Receipt{MessageSource: types.MessageSource{Chat: ownerPNOf(chat), Sender: phone},
		MessageIDs: []types.MessageID{bid}, Timestamp: t2, Type: types.ReceiptTypeRead})
	// Ignored: our own devices' receipts, read-self, a group's.
	own := types.MessageSource{Chat: ownerPNOf(other), Sender: types.NewJID("6281299999999", types.DefaultUserServer), IsFromMe: true}
	fake.emit(&events.Receipt{MessageSource: own, MessageIDs: []types.MessageID{rid}, Timestamp: t1, Type: types.ReceiptTypeSender})
	fake.emit(&events.Receipt{MessageSource: own, MessageIDs: []types.MessageID{rid}, Timestamp: t1, Type: types.ReceiptTypeReadSelf})
	group := types.MessageSource{Chat: types.NewJID("1203630", types.GroupServer), Sender: lidOf(2), IsGroup: true}
	fake.emit(&events.Receipt{MessageSource: group, MessageIDs: []types.MessageID{rid}, Timestamp: t1, Type: types.ReceiptTypeRead})
	// The other row: read, its delivery receipt lost.
	fake.emit(&events.Receipt{MessageSource: types.MessageSource{Chat: ownerPNOf(other), Sender: ownerPNOf(other)},
		MessageIDs: []types.MessageID{rid}, Timestamp: t2, Type: types.ReceiptTypeRead})

	eventually(t, "receipts recorded", func() bool {
		_, r1 := receiptTimes(t, raw, "outbox", "platform_id", string(bid))
		_, r2 := receiptTimes(t, raw, "outbox", "platform_id", string(rid))
		return r1 != 0 && r2 != 0
	})
	if d, r := receiptTimes(t, raw, "outbox", "platform_id", string(bid)); d != t1.UnixMilli() || r != t2.UnixMilli() {
		t.Errorf("broadcast row: delivered %d, read %d; want %d, %d", d, r, t1.UnixMilli(), t2.UnixMilli())
	}
	if d, r := receiptTimes(t, raw, "broadcast_recipients", "broadcast_id", bcast.ID); d != t1.UnixMilli() || r != t2.UnixMilli() {
		t.Errorf("broadcast recipient: delivered %d, read %d; want %d, %d", d, r, t1.UnixMilli(), t2.UnixMilli())
	}
	if d, r := receiptTimes(t, raw, "outbox", "platform_id", string(rid)); d != t2.UnixMilli() || r != t2.UnixMilli() {
		t.Errorf("reply read, delivery receipt lost: delivered %d, read %d; want both %d (ignored receipts not recorded)", d, r, t2.UnixMilli())
	}
}

// A message's id is on its row before the message goes: a receipt that
// comes back at once finds it.
func TestIDRecordedBeforeSend(t *testing.T) {
	db := openDB(t, "")
	clock := newClock()
	wrote(t, db, waChat(1), clock.Now())
	fake := newFake(true)
	var onRow bool
	fake.sendErr = func(types.JID, string) error {
		id := fake.attempts[len(fake.attempts)-1].id // (SendMessage holds fake.mu: this goroutine)
		err := db.View(context.Background(), func(tx *store.ReadTx) error {
			_, err := tx.FindSent(Channel, string(id))
			return err
		})
		onRow = err == nil
		return nil
	}
	a := New(fake, db, nil, Config{Log: quiet(), Now: clock.Now})
	m := store.OutboxMessage{ID: 1, Chat: waChat(1), Reply: store.Reply{Text: "satu"}, CreatedAt: clock.Now()}
	err := db.Update(context.Background(), func(tx *store.Tx) (err error) {
		m.ID, err = tx.EnqueueID(m)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Outlet().Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if !onRow {
		t.Error("the message went out before its id was on its row")
	}
}
