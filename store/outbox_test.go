package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"sobat-ikm/store"
)

// queued is one row to queue in outbox tests.
type queued struct {
	chat    string // a telegram chat
	kind    store.Kind
	text    string
	after   time.Duration // not before now+after
	expires time.Duration // expires at now+expires, when set
	key     string
	owner   int64
}

func (q queued) message() store.OutboxMessage {
	m := store.OutboxMessage{Chat: store.ChatKey{Channel: "telegram", Address: q.chat}, Kind: q.kind,
		Reply: store.Reply{Text: q.text}, DedupeKey: q.key, OwnerID: q.owner, NotBefore: now.Add(q.after), CreatedAt: now}
	if q.expires != 0 {
		m.ExpiresAt = now.Add(q.expires)
	}
	return m
}

func enqueue(t *testing.T, db *store.DB, rows ...queued) {
	t.Helper()
	update(t, db, func(tx *store.Tx) error {
		for _, q := range rows {
			if _, err := tx.Enqueue(q.message()); err != nil {
				return err
			}
		}
		return nil
	})
}

func texts(rows []store.OutboxMessage) []string {
	var out []string
	for _, m := range rows {
		out = append(out, m.Reply.Text)
	}
	return out
}

// Replies come first, then notices, then reminders, then the rest in the
// order queued; a chat's rows stay in the order they were queued.
func TestDueOutboxKindsFirstChatsInOrder(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "kinds.db"))
	defer db.Close()
	enqueue(t, db,
		queued{chat: "c", kind: store.KindBroadcast, text: "c1 broadcast"},
		queued{chat: "a", kind: store.KindBroadcast, text: "a1 broadcast"},
		queued{chat: "a", kind: store.KindNotice, text: "a2 notice"},
		queued{chat: "d", kind: store.KindReminder, text: "d1 reminder"},
		queued{chat: "a", text: "a3 reply"}, // kind "": a reply
		queued{chat: "a", kind: store.KindBroadcast, text: "a4 broadcast"},
		queued{chat: "e", kind: store.KindNotice, text: "e1 notice"},
		queued{chat: "b", kind: store.KindReply, text: "b1 reply"},
		queued{chat: "b", kind: store.KindReminder, text: "b2 reminder, not yet due", after: time.Hour},
		queued{chat: "d", kind: store.KindReminder, text: "d2 reminder, expired", expires: -time.Minute},
	)
	rows, err := dueRows(db, "telegram", "", now, 100)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"a1 broadcast", "a2 notice", "a3 reply", "b1 reply", // the chats with a reply, each up to it
		"e1 notice",                    // notices
		"d1 reminder",                  // reminders
		"c1 broadcast", "a4 broadcast", // the rest, as queued
	}
	if got := texts(rows); !slices.Equal(got, want) {
		t.Errorf("due rows\n got %q\nwant %q", got, want)
	}
	if rows[2].Kind != store.KindReply || rows[1].Kind != store.KindNotice {
		t.Errorf("kinds %q, %q", rows[2].Kind, rows[1].Kind)
	}
	// A chat's own listing is in order too.
	rows, err = dueRows(db, "telegram", "a", now, 100)
	if err != nil {
		t.Fatal(err)
	}
	if got := texts(rows); !slices.Equal(got, []string{"a1 broadcast", "a2 notice", "a3 reply", "a4 broadcast"}) {
		t.Errorf("chat a's due rows %q", got)
	}
}

// However many broadcasts wait, a reply queued after them is listed in
// the first batch, and first: 10,000 of them do not delay it.
func TestDueOutboxReplyBeforeBroadcastBacklog(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "backlog.db"))
	defer db.Close()
	var backlog []queued
	for i := range 10_000 {
		backlog = append(backlog, queued{chat: fmt.Sprint(100000 + i), kind: store.KindBroadcast, text: "pengumuman",
			key: fmt.Sprintf("broadcast:1:owner:%d", i)})
	}
	enqueue(t, db, backlog...)
	enqueue(t, db, queued{chat: "777", text: "reply"}, queued{chat: "100005", text: "reply to a chat with a broadcast"})
	start := time.Now()
	rows, err := dueRows(db, "telegram", "", now, 256)
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 256 {
		t.Fatalf("%d rows due, want a full batch", len(rows))
	}
	// Chat 100005's broadcast was queued before its reply: it goes just
	// before it.
	want := []string{"reply", "pengumuman", "reply to a chat with a broadcast"}
	if got := texts(rows[:3]); !slices.Equal(got, want) || rows[1].Chat.Address != "100005" {
		t.Errorf("first due rows %q (the second to chat %s), want %q", got, rows[1].Chat.Address, want)
	}
	t.Logf("first batch of 256 behind 10,000 broadcasts listed in %v", took)
}

// Whatever the kinds, times and limit, each chat's listed rows are the
// first of its due rows in the order queued, and a limit as large as the
// due rows lists them all in the order of rankedModel.
func TestDueOutboxKeepsEachChatsOrder(t *testing.T) {
	kinds := []store.Kind{store.KindReply, store.KindNotice, store.KindReminder, store.KindBroadcast}
	for seed := range uint64(20) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rnd := rand.New(rand.NewPCG(seed, 9))
			db := open(t, filepath.Join(t.TempDir(), "order.db"))
			defer db.Close()
			var rows []queued
			for i := range 60 + rnd.IntN(60) {
				q := queued{chat: fmt.Sprint("chat", rnd.IntN(8)), kind: kinds[rnd.IntN(len(kinds))], text: fmt.Sprint(i),
					after: -time.Duration(rnd.IntN(4)) * time.Minute} // due for a while, in any order
				if rnd.IntN(5) == 0 {
					q.after = time.Hour // not due yet
				}
				if rnd.IntN(8) == 0 {
					q.expires = -time.Minute
				}
				rows = append(rows, q)
			}
			enqueue(t, db, rows...)
			all, err := dueRows(db, "telegram", "", now, 1000)
			if err != nil {
				t.Fatal(err)
			}
			byChat := func(rows []store.OutboxMessage) map[string][]int64 {
				out := map[string][]int64{}
				for _, m := range rows {
					out[m.Chat.Address] = append(out[m.Chat.Address], m.ID)
				}
				return out
			}
			full := byChat(all)
			due := 0
			for _, q := range rows {
				if q.after <= 0 && q.expires == 0 {
					due++
				}
			}
			if len(all) != due {
				t.Fatalf("%d rows listed, want the %d due", len(all), due)
			}
			if want := rankedModel(all); !slices.Equal(texts(all), want) {
				t.Fatalf("listed\n %q\nwant\n %q", texts(all), want)
			}
			for limit := 1; limit <= len(all); limit += 1 + rnd.IntN(7) {
				some, err := dueRows(db, "telegram", "", now, limit)
				if err != nil {
					t.Fatal(err)
				}
				if len(some) == 0 || len(some) > limit {
					t.Fatalf("limit %d: %d rows listed", limit, len(some))
				}
				for chat, ids := range byChat(some) {
					if !slices.Equal(ids, full[chat][:len(ids)]) {
						t.Fatalf("limit %d: %s's rows %v are not the first of %v", limit, chat, ids, full[chat])
					}
				}
			}
		})
	}
}

// rankedModel orders rows as DueOutbox should: the chats with a reply,
// then a notice, then a reminder, in the order those rows became due,
// each chat's rows up to its last urgent one, in order; then the rest in
// order.
func rankedModel(rows []store.OutboxMessage) []string {
	byID := slices.Clone(rows)
	slices.SortFunc(byID, func(a, b store.OutboxMessage) int { return int(a.ID - b.ID) })
	byDue := slices.Clone(byID)
	slices.SortStableFunc(byDue, func(a, b store.OutboxMessage) int { return a.NotBefore.Compare(b.NotBefore) })
	var chats []string
	upto := map[string]int64{}
	for _, k := range []store.Kind{store.KindReply, store.KindNotice, store.KindReminder} {
		for _, m := range byDue {
			if m.Kind != k {
				continue
			}
			if _, ok := upto[m.Chat.Address]; !ok {
				chats = append(chats, m.Chat.Address)
			}
			upto[m.Chat.Address] = max(upto[m.Chat.Address], m.ID)
		}
	}
	var out []string
	for _, c := range chats {
		for _, m := range byID {
			if m.Chat.Address == c && m.ID <= upto[c] {
				out = append(out, m.Reply.Text)
			}
		}
	}
	for _, m := range byID {
		if u, ok := upto[m.Chat.Address]; !ok || m.ID > u {
			out = append(out, m.Reply.Text)
		}
	}
	return out
}

func TestExpiredRowsAreNeverSent(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "expiry.db"))
	defer db.Close()
	ctx := context.Background()
	enqueue(t, db,
		queued{chat: "a", kind: store.KindReminder, text: "expired", expires: -time.Second, key: "remind:1:h-1"},
		queued{chat: "a", kind: store.KindReminder, text: "in time", expires: time.Hour, key: "remind:1:h-0"},
		queued{chat: "b", kind: store.KindReminder, text: "in retry, expires soon", expires: time.Minute},
		queued{chat: "b", text: "reply"},
	)
	rows, err := dueRows(db, "telegram", "", now, 10)
	if err != nil || len(rows) != 3 {
		t.Fatalf("due %q, %v", texts(rows), err)
	}
	var retried int64
	for _, m := range rows {
		if m.Reply.Text == "in retry, expires soon" {
			retried = m.ID
			if !m.ExpiresAt.Equal(now.Add(time.Minute)) {
				t.Errorf("ExpiresAt %v", m.ExpiresAt)
			}
		}
	}
	if err := db.MarkRetry(ctx, retried, now.Add(10*time.Minute), "timeout"); err != nil {
		t.Fatal(err)
	}
	// While it waits for its retry, chat b's reply waits behind it; once
	// it has expired, the reply goes.
	if rows, _ := dueRows(db, "telegram", "b", now.Add(30*time.Second), 10); len(rows) != 0 {
		t.Errorf("chat b's rows due while one waits for a retry: %q", texts(rows))
	}
	later := now.Add(2 * time.Minute)
	rows, err = dueRows(db, "telegram", "", later, 10)
	if got := texts(rows); err != nil || !slices.Equal(got, []string{"reply", "in time"}) {
		t.Errorf("due after the expiry: %q, %v; want the reply and the reminder in time", got, err)
	}

	if n, err := db.ExpireOutbox(ctx, later); err != nil || n != 2 {
		t.Errorf("ExpireOutbox = %d, %v; want 2", n, err)
	}
	if n, err := db.ExpireOutbox(ctx, later); err != nil || n != 0 {
		t.Errorf("ExpireOutbox again = %d, %v; want 0", n, err)
	}
	for table, want := range map[string]int{"pending": 2, "expired": 2} {
		if n, err := db.Count(ctx, table); err != nil || n != want {
			t.Errorf("%s: %d (%v), want %d", table, n, err, want)
		}
	}
	// Expired rows are pruned with the sent ones.
	if n, err := db.PruneOutbox(ctx, later.Add(time.Second)); err != nil || n != 2 {
		t.Errorf("PruneOutbox = %d, %v; want the 2 expired rows", n, err)
	}
}

// A re-plan cancels the pending rows of the old version by prefix, and
// nothing else.
func TestCancelOutbox(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "cancel.db"))
	defer db.Close()
	ctx := context.Background()
	enqueue(t, db,
		queued{chat: "a", kind: store.KindReminder, text: "sent", key: "remind:training:12:v1:owner:4:h-1"},
	)
	rows, err := dueRows(db, "telegram", "", now, 10)
	if err != nil || len(rows) != 1 {
		t.Fatal(rows, err)
	}
	if err := db.MarkSent(ctx, []int64{rows[0].ID}, now); err != nil {
		t.Fatal(err)
	}
	enqueue(t, db,
		queued{chat: "a", kind: store.KindReminder, text: "v1 a", key: "remind:training:12:v1:owner:5:h-1", after: time.Hour},
		queued{chat: "b", kind: store.KindReminder, text: "v1 b", key: "remind:training:12:v1:owner:6:h-1", after: time.Hour},
		queued{chat: "b", kind: store.KindReminder, text: "v10", key: "remind:training:12:v10:owner:6:h-1", after: time.Hour},
		queued{chat: "b", kind: store.KindReminder, text: "other training", key: "remind:training:120:v1:owner:6:h-1"},
		queued{chat: "b", kind: store.KindReminder, text: "a LIKE wildcard", key: "remind:training_12:v1:owner:6:h-1"},
		queued{chat: "c", text: "no key"},
	)
	update(t, db, func(tx *store.Tx) error {
		n, err := tx.CancelOutbox("remind:training:12:v1:")
		if err != nil || n != 2 {
			return fmt.Errorf("CancelOutbox = %d, %v; want 2", n, err)
		}
		if _, err := tx.CancelOutbox(""); err == nil {
			return fmt.Errorf("CancelOutbox with an empty prefix succeeded")
		}
		return nil
	})
	rows, err = dueRows(db, "telegram", "", now.Add(2*time.Hour), 10)
	if got := texts(rows); err != nil || !slices.Equal(got, []string{"no key", "v10", "other training", "a LIKE wildcard"}) {
		t.Errorf("left pending: %q, %v", got, err)
	}
	if n, _ := db.Count(ctx, "outbox"); n != 5 {
		t.Errorf("%d rows, want the sent one and 4 pending", n)
	}
}

// Erasing an owner deletes every row that concerns them, on any chat and
// whether sent or not; a goodbye linked to them, queued after the
// erasure, is still queued.
func TestEraseOwnerDeletesRowsConcerningThem(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "erase-linked.db"))
	defer db.Close()
	ctx := context.Background()
	ani, budi := owner("Ani"), owner("Budi")
	aniChat := store.ChatKey{Channel: "telegram", Address: "ani"}
	update(t, db, func(tx *store.Tx) error {
		if err := tx.CreateOwner(ani, aniChat, now); err != nil {
			return err
		}
		return tx.CreateOwner(budi, store.ChatKey{Channel: "telegram", Address: "budi"}, now)
	})
	enqueue(t, db,
		queued{chat: "officer", kind: store.KindNotice, text: "Ani registered (sent)", owner: ani.ID},
		queued{chat: "ani", text: "Ani's reply", owner: ani.ID},
	)
	rows, err := dueRows(db, "telegram", "officer", now, 10)
	if err != nil || len(rows) != 1 || rows[0].OwnerID != ani.ID {
		t.Fatalf("due %+v, %v", rows, err)
	}
	if err := db.MarkSent(ctx, []int64{rows[0].ID}, now); err != nil {
		t.Fatal(err)
	}
	enqueue(t, db,
		queued{chat: "officer", kind: store.KindNotice, text: "Ani's application (pending)", owner: ani.ID},
		queued{chat: "officer", kind: store.KindNotice, text: "Budi's application", owner: budi.ID},
		queued{chat: "officer", kind: store.KindNotice, text: "about nobody"},
	)
	update(t, db, func(tx *store.Tx) error {
		if _, err := tx.EraseOwner(ani.ID); err != nil {
			return err
		}
		m := queued{chat: "ani", text: "goodbye", owner: ani.ID}.message()
		m.Chat = aniChat
		_, err := tx.Enqueue(m)
		return err
	})
	rows, err = dueRows(db, "telegram", "", now, 10)
	if got := texts(rows); err != nil || !slices.Equal(got, []string{"goodbye", "Budi's application", "about nobody"}) {
		t.Fatalf("left: %q, %v; want the goodbye, Budi's and nobody's", got, err)
	}
	if rows[0].OwnerID != 0 {
		t.Errorf("the goodbye is linked to the erased owner %d", rows[0].OwnerID)
	}
	if n, _ := db.Count(ctx, "outbox"); n != 3 {
		t.Errorf("%d outbox rows, want 3 (the sent notice about Ani deleted too)", n)
	}
}

func TestEnqueueRefusesUnknownKind(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "kind.db"))
	defer db.Close()
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		_, err := tx.Enqueue(queued{chat: "a", kind: "promo", text: "x"}.message())
		return err
	})
	if err == nil {
		t.Error("a row of an unknown kind was queued")
	}
}

// The rows the sender has in hand are left out and do not count toward
// the limit, whether named by id or by the per-row check, with replies
// alone or with other kinds due.
func TestDueOutboxExceptSkipsRowsInHand(t *testing.T) {
	for _, withNotice := range []bool{false, true} {
		t.Run(fmt.Sprintf("notice due %v", withNotice), func(t *testing.T) {
			db := open(t, filepath.Join(t.TempDir(), "except.db"))
			defer db.Close()
			rows := []queued{{chat: "a", text: "a1"}, {chat: "a", text: "a2"}, {chat: "b", text: "b1"}, {chat: "c", text: "c1"}, {chat: "d", text: "d1"}}
			if withNotice {
				rows = append(rows, queued{chat: "e", kind: store.KindNotice, text: "e1"})
			}
			enqueue(t, db, rows...)
			all, err := dueRows(db, "telegram", "", now, 10)
			if err != nil {
				t.Fatal(err)
			}
			id := map[string]int64{}
			for _, m := range all {
				id[m.Reply.Text] = m.ID
			}
			skip := store.Skip{IDs: []int64{id["a1"], id["a2"]}, Row: func(_ int64, address string) bool { return address == "b" }}
			var got []store.OutboxMessage
			err = db.View(context.Background(), func(tx *store.ReadTx) (err error) {
				got, err = tx.DueOutboxExcept("telegram", "", now, 2, skip)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			want := []string{"c1", "d1"} // replies first, two though four of them are in hand
			if !slices.Equal(texts(got), want) {
				t.Errorf("due except in hand: %q, want %q", texts(got), want)
			}
		})
	}
}

// A reply marked Forget (an officer's, quoting owners' data) is deleted
// once sent, not kept.
func TestForgetReplyIsDeletedOnceSent(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "forget.db"))
	defer db.Close()
	m := queued{chat: "officer", text: "IKM-000001 Abon Ani (Ani)"}.message()
	m.Reply.Forget = true
	update(t, db, func(tx *store.Tx) error { _, err := tx.Enqueue(m); return err })
	rows, err := dueRows(db, "telegram", "", now, 10)
	if err != nil || len(rows) != 1 {
		t.Fatalf("due %v, %v", rows, err)
	}
	if err := db.MarkSent(context.Background(), []int64{rows[0].ID}, now); err != nil {
		t.Fatal(err)
	}
	if n, err := db.Count(context.Background(), "outbox"); err != nil || n != 0 {
		t.Errorf("%d outbox rows after sending (%v), want 0", n, err)
	}
}
