package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"sobat-ikm/bot/bottest"
	"sobat-ikm/store"
)

// Values of the owner to erase, long and unique so that finding one in a
// file can only mean it was kept. The phone number is searched for in
// every form it may be stored in: +62812..., 0812..., 62812...@s.whatsapp.net
// all contain "81299887766"; as typed, "0812 9988 7766".
var (
	erasedTelegram = store.ChatKey{Channel: "telegram", Address: "7391846502"}
	erasedWhatsApp = store.ChatKey{Channel: "whatsapp", Address: "6281299887766@s.whatsapp.net"}
	erasedValues   = []string{
		"Wa Ode Zulfikarnain Erasetest", "Tenun Ikat Zulfikarnain Sejahtera", "Jl. Erasetest Zulfikarnain No. 987",
		"sarung tenun erasetest", "Zulfikarnain", "Erasetest", "81299887766", "9988 7766", "9120456789123",
		erasedTelegram.Address,
	}
	keptValue = "Otherowner Keepme"
)

func erasedOwner() *store.Owner {
	return &store.Owner{Name: "Wa Ode Zulfikarnain Erasetest", BusinessName: "Tenun Ikat Zulfikarnain Sejahtera",
		Sector: "sandang", Products: "sarung tenun erasetest", Kecamatan: "Abeli",
		Address: "Jl. Erasetest Zulfikarnain No. 987, Kel. Anggoeya", Phone: "+6281299887766", NIB: "9120456789123",
		Language: "id", ConsentVersion: "v1", ConsentAt: now, ConsentChannel: "telegram"}
}

func update(t *testing.T, db *store.DB, fn func(tx *store.Tx) error) {
	t.Helper()
	if err := db.Update(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

func reply(chat store.ChatKey, text string, at time.Time) store.OutboxMessage {
	return store.OutboxMessage{Chat: chat, Reply: store.Reply{Text: text}, NotBefore: at, CreatedAt: at}
}

// After an owner with two chats is erased and the goodbye is sent, none of
// the owner's data, nor either chat's address, can be read in any of the
// database's files, while the bot still has them open; other owners' data
// still can.
func TestErasedOwnerUnreadableInFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "erase.db")
	db := open(t, path)
	defer db.Close()
	ctx := context.Background()
	o := erasedOwner()
	other := func(i int) store.ChatKey {
		return store.ChatKey{Channel: "telegram", Address: fmt.Sprint(7391846000 + 3*i)}
	}

	// Other owners before, between and after the erased one, with enough
	// rows that every table spans several pages.
	const others = 300
	for i := range others {
		update(t, db, func(tx *store.Tx) error {
			if i == others/2 {
				if err := tx.CreateOwner(o, erasedTelegram, now); err != nil {
					return err
				}
				if err := tx.CreateContact(o.ID, erasedWhatsApp, now); err != nil {
					return err
				}
			}
			k := owner(fmt.Sprintf("%s %d", keptValue, i))
			k.NIB = fmt.Sprint(9120000000000 + i)
			return tx.CreateOwner(k, other(i), now)
		})
	}
	// Many transactions touching the erased owner's rows, each leaving
	// copies of its pages in the WAL: inbound ids, drafts, updates,
	// replies quoting the data (sent, failed and still pending).
	for i := range 60 {
		at := now.Add(time.Duration(i) * time.Minute)
		update(t, db, func(tx *store.Tx) error {
			for _, c := range []store.ChatKey{erasedTelegram, erasedWhatsApp, other(i), other(others - 1 - i)} {
				if _, err := tx.RecordInbound(c, fmt.Sprint("msg-", i), at); err != nil {
					return err
				}
			}
			draft := map[string]string{"name": o.Name, "address": o.Address, "phone": "0812 9988 7766", "nib": o.NIB}
			if err := tx.SaveSession(store.Session{Chat: erasedTelegram, Language: "id", Flow: "register", Step: "summary",
				Draft: draftJSON(draft), UpdatedAt: at}); err != nil {
				return err
			}
			if err := tx.SaveSession(store.Session{Chat: other(i), Language: "id", UpdatedAt: at,
				Draft: draftJSON(map[string]string{"name": keptValue})}); err != nil {
				return err
			}
			if i%10 == 0 {
				o.Address = fmt.Sprintf("Jl. Erasetest Zulfikarnain No. %d, Kel. Anggoeya", 987+i)
				if err := tx.UpdateOwner(o, at); err != nil {
					return err
				}
			}
			for _, c := range []store.ChatKey{erasedTelegram, erasedWhatsApp} {
				if _, err := tx.Enqueue(reply(c, fmt.Sprintf("Nama: %s\nAlamat: %s\nNomor HP: %s\nNIB: %s",
					o.Name, o.Address, o.Phone, o.NIB), at)); err != nil {
					return err
				}
			}
			_, err := tx.Enqueue(reply(other(i), "Nama: "+keptValue, at))
			return err
		})
		for _, channel := range []string{"telegram", "whatsapp"} {
			due, err := dueRows(db, channel, "", now.Add(time.Hour), 100)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range due {
				switch {
				case i%7 == 3 && m.Chat == erasedWhatsApp:
					err = db.MarkFailed(ctx, m.ID, at, "chat not found")
				case i < 55: // the last replies stay pending, as during an outage
					err = db.MarkSent(ctx, []int64{m.ID}, at)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	update(t, db, func(tx *store.Tx) error { // a reminder planned for later
		_, err := tx.Enqueue(store.OutboxMessage{Chat: erasedWhatsApp, Reply: store.Reply{Text: "Pengingat untuk " + o.Name},
			DedupeKey: "remind:training:1:owner:1:h-1", NotBefore: now.Add(48 * time.Hour), CreatedAt: now})
		return err
	})
	// The test sees the data when it is there.
	if found := bottest.Readable(t, path, erasedValues); len(found) < len(erasedValues) {
		t.Fatalf("before the erasure only %v are readable: the test cannot see the data", found)
	}

	// The erasure, as the flow runs it, with the goodbye queued after it.
	var goodbye int64
	update(t, db, func(tx *store.Tx) error {
		if _, err := tx.RecordInbound(erasedTelegram, "ya", now); err != nil {
			return err
		}
		chats, err := tx.EraseOwner(o.ID)
		if err != nil {
			return err
		}
		if len(chats) != 2 {
			return fmt.Errorf("erased chats %v, want both", chats)
		}
		if err := tx.EraseChat(erasedTelegram); err != nil {
			return err
		}
		_, err = tx.Enqueue(reply(erasedTelegram, "Data Anda sudah dihapus untuk selamanya.", now))
		return err
	})
	// More traffic of others, and old replies still due to the erased chats.
	for i := range 20 {
		update(t, db, func(tx *store.Tx) error {
			_, err := tx.Enqueue(reply(other(i), "Nama: "+keptValue, now))
			return err
		})
	}
	for _, chat := range []store.ChatKey{erasedTelegram, erasedWhatsApp} {
		due, err := dueRows(db, chat.Channel, chat.Address, now.Add(72*time.Hour), 100)
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		if chat == erasedTelegram {
			want = 1
		}
		if len(due) != want || want == 1 && due[0].Reply.Text != "Data Anda sudah dihapus untuk selamanya." {
			t.Fatalf("%s: %d messages still due after the erasure, want only the goodbye", chat.Channel, len(due))
		}
		if want == 1 {
			goodbye = due[0].ID
		}
	}
	if wrote, err := hasWritten(db, erasedTelegram); err != nil || !wrote {
		t.Errorf("ChatHasWritten = %v, %v before the goodbye is sent; want true (it asked for the erasure)", wrote, err)
	}
	if err := db.MarkSent(ctx, []int64{goodbye}, now); err != nil {
		t.Fatal(err)
	}

	for _, chat := range []store.ChatKey{erasedTelegram, erasedWhatsApp} {
		for _, table := range []string{"contacts", "sessions", "inbound", "outbox"} {
			if n, err := db.CountChat(ctx, table, chat); err != nil || n != 0 {
				t.Errorf("%s: %d rows of the erased %s chat (%v), want none", table, n, chat.Channel, err)
			}
		}
	}
	if wrote, _ := hasWritten(db, erasedTelegram); wrote {
		t.Error("the erased chat still counts as having written once the goodbye was sent")
	}
	values := slices.Concat(erasedValues, []string{erasedWhatsApp.Address})
	if found := bottest.Readable(t, path, values); len(found) > 0 {
		t.Errorf("erased data still readable: %v", found)
	}
	if found := bottest.Readable(t, path, []string{keptValue}); len(found) == 0 {
		t.Error("other owners' data not found either: the test cannot see data")
	}
}

// secure_delete zeroes a deleted row where it lies, but a page rebalance
// may have left copies of it in other pages' unused space, which SQLite
// does not clear. Without the VACUUM of the scrub, these runs of random
// traffic (seeds found by trying) leave the erased chat's address in the
// file.
func TestEraseLeavesNoCopyFromRebalance(t *testing.T) {
	for _, seed := range []uint64{10, 52, 56} {
		path := filepath.Join(t.TempDir(), fmt.Sprint(seed, ".db"))
		db := open(t, path)
		rng := rand.New(rand.NewPCG(seed, 1))
		for round := range 30 {
			update(t, db, func(tx *store.Tx) error {
				for range 40 {
					chat := store.ChatKey{Channel: "telegram", Address: fmt.Sprint(100000 + rng.IntN(400))}
					data := map[string]string{"name": keptValue + strings.Repeat("x", rng.IntN(300))}
					if rng.IntN(8) == 0 && round < 25 {
						chat = erasedTelegram
						data = map[string]string{"name": "Wa Ode Zulfikarnain Erasetest" + strings.Repeat("y", rng.IntN(300))}
					}
					if err := tx.SaveSession(store.Session{Chat: chat, Language: "id", Draft: draftJSON(data), UpdatedAt: now}); err != nil {
						return err
					}
					if _, err := tx.RecordInbound(chat, fmt.Sprint(rng.Int64()), now); err != nil {
						return err
					}
				}
				return nil
			})
		}
		update(t, db, func(tx *store.Tx) error { return tx.EraseChat(erasedTelegram) })
		if found := bottest.Readable(t, path, erasedValues); len(found) > 0 {
			t.Errorf("seed %d: erased data still readable: %v", seed, found)
		}
		db.Close()
	}
}

// The goodbye to an erased chat is deleted whether it is sent, given up,
// or the chat turns out to have blocked the bot; no session is created
// for the chat then.
func TestGoodbyeToErasedChatIsForgotten(t *testing.T) {
	for _, end := range []string{"sent", "failed", "unreachable"} {
		t.Run(end, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "forget.db")
			db := open(t, path)
			defer db.Close()
			ctx := context.Background()
			chat := erasedTelegram
			o := erasedOwner()
			update(t, db, func(tx *store.Tx) error { return tx.CreateOwner(o, chat, now) })
			update(t, db, func(tx *store.Tx) error {
				if _, err := tx.EraseOwner(o.ID); err != nil {
					return err
				}
				_, err := tx.Enqueue(reply(chat, "Data Anda sudah dihapus.", now))
				return err
			})
			update(t, db, func(tx *store.Tx) error { // a later turn: a message kept as usual
				_, err := tx.Enqueue(reply(store.ChatKey{Channel: "telegram", Address: "42"}, keptValue, now))
				return err
			})
			due, err := dueRows(db, chat.Channel, chat.Address, now, 10)
			if err != nil || len(due) != 1 {
				t.Fatalf("due %v, %v; want the goodbye", due, err)
			}
			switch end {
			case "sent":
				err = db.MarkSent(ctx, []int64{due[0].ID}, now)
			case "failed":
				err = db.MarkFailed(ctx, due[0].ID, now, "bad request")
			case "unreachable":
				err = db.MarkUnreachable(ctx, chat, now)
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, table := range []string{"sessions", "outbox"} {
				if n, err := db.CountChat(ctx, table, chat); err != nil || n != 0 {
					t.Errorf("%s: %d rows of the erased chat (%v), want none", table, n, err)
				}
			}
			if n, _ := db.Count(ctx, "outbox"); n != 1 {
				t.Errorf("%d outbox rows, want the other chat's one only", n)
			}
			if found := bottest.Readable(t, path, erasedValues); len(found) > 0 {
				t.Errorf("erased data still readable: %v", found)
			}
		})
	}
}

// Marking a chat that was not erased unreachable works as before.
func TestMarkUnreachableHoldsPending(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "u.db"))
	defer db.Close()
	ctx := context.Background()
	chat := store.ChatKey{Channel: "t", Address: "blocked"}
	update(t, db, func(tx *store.Tx) error {
		_, err := tx.Enqueue(reply(chat, "x", now))
		return err
	})
	if err := db.MarkUnreachable(ctx, chat, now); err != nil {
		t.Fatal(err)
	}
	if due, err := dueRows(db, "t", "", now, 10); err != nil || len(due) != 0 {
		t.Errorf("due %d (%v), want the row held", len(due), err)
	}
	if n, _ := db.CountChat(ctx, "outbox", chat); n != 1 {
		t.Errorf("%d rows, want the held one", n)
	}
}

// BenchmarkEraseOwner: one erasure, scrub included, in a database of 1,000
// owners and a week of traffic (20,000 inbound ids and sent replies).
func BenchmarkEraseOwner(b *testing.B) {
	path := filepath.Join(b.TempDir(), "bench.db")
	db, err := store.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	body := strings.Repeat("Nama: Pemilik Usaha, Alamat: Jl. Abeli No. 1, Kel. Anggoeya. ", 6)
	for i := range 1000 {
		err := db.Update(ctx, func(tx *store.Tx) error {
			chat := store.ChatKey{Channel: "telegram", Address: fmt.Sprint(5550000 + i)}
			if err := tx.CreateOwner(owner(fmt.Sprint("Pemilik ", i)), chat, now); err != nil {
				return err
			}
			for k := range 20 {
				if _, err := tx.RecordInbound(chat, fmt.Sprint(k), now); err != nil {
					return err
				}
				if _, err := tx.Enqueue(reply(chat, body, now)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	due, err := dueRows(db, "telegram", "", now, 1<<20)
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]int64, len(due))
	for i, m := range due {
		ids[i] = m.ID
	}
	if err := db.MarkSent(ctx, ids, now); err != nil {
		b.Fatal(err)
	}
	for i := 0; b.Loop(); i++ {
		o := erasedOwner()
		o.NIB = ""
		chat := store.ChatKey{Channel: "telegram", Address: fmt.Sprint("erase-", i)}
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.CreateOwner(o, chat, now) }); err != nil {
			b.Fatal(err)
		}
		err := db.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.EraseOwner(o.ID)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	info, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(info.Size())/(1<<20), "db-MB")
}

// The search index of names (owners_search) keeps nothing of an erased
// owner in the files: its trigrams are deleted from the index, not only
// marked deleted. The names are chosen so that their trigrams ("xqz",
// "vjk") share no first letter with any other owner's, so the index
// stores them whole and the file can be searched for them.
func TestErasedOwnerNotInSearchIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "search.db")
	db := open(t, path)
	defer db.Close()
	gone := owner("Xqz")
	gone.BusinessName = "Vjk"
	update(t, db, func(tx *store.Tx) error {
		for i := range 100 {
			if i == 50 {
				if err := tx.CreateOwner(gone, store.ChatKey{Channel: "telegram", Address: "gone"}, now); err != nil {
					return err
				}
			}
			if err := tx.CreateOwner(owner(fmt.Sprint("Pemilik ", i)), store.ChatKey{Channel: "telegram", Address: fmt.Sprint(i)},
				now); err != nil {
				return err
			}
		}
		return nil
	})
	values := []string{"xqz", "vjk"}
	if found := bottest.Readable(t, path, values); len(found) < len(values) {
		t.Fatalf("before the erasure only %v are readable: the test cannot see the data", found)
	}
	update(t, db, func(tx *store.Tx) error { _, err := tx.EraseOwner(gone.ID); return err })
	if found := bottest.Readable(t, path, values); len(found) > 0 {
		t.Errorf("erased names still readable: %v", found)
	}
}
