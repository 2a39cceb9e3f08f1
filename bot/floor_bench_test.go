package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"sobat-ikm/bot"
	"sobat-ikm/store"
)

// floorMessages is how many messages each part of BenchmarkFloors runs:
// as many as one op of BenchmarkDispatch.
const floorMessages = 12000

// BenchmarkFloors puts the dispatcher beside what its storage allows, in
// the same run (the machine is noisy: the ratios are what counts). One op
// runs 12,000 messages through each of:
//
//   - dispatch: BenchmarkDispatch's op (1,000 owners registering at once,
//     every reply sent and recorded);
//   - floor-row-tx: one transaction per message, each rewriting a 500-byte
//     row that really changes (a session whose draft changes every time:
//     SQLite skips writing a cell that did not change, so a value written
//     again would measure empty commits), on the store's own statement
//     path (store.DB.Update);
//   - floor-row-group: the same rows, 64 to a transaction;
//   - floor-sql: the dispatcher's own SQL without the conversation logic:
//     1,000 chats at once, each message in its own Update (group-committed
//     as the dispatcher's are): the inbound id, the session read and
//     written (500 bytes that change), a reply queued; the same sender
//     sends and records every reply.
//
// It reports each one's msgs/s and the dispatcher's ratio to each floor.
func BenchmarkFloors(b *testing.B) {
	var dispatch, rowTx, rowGroup, sqlOnly float64
	for b.Loop() {
		dispatch += runDispatchOp(b)
		rowTx += floorRows(b, 1)
		rowGroup += floorRows(b, 64)
		sqlOnly += floorSQL(b)
	}
	n := float64(b.N)
	b.ReportMetric(dispatch/n, "dispatch-msgs/s")
	b.ReportMetric(rowTx/n, "floor-row-tx-msgs/s")
	b.ReportMetric(rowGroup/n, "floor-row-group-msgs/s")
	b.ReportMetric(sqlOnly/n, "floor-sql-msgs/s")
	b.ReportMetric(dispatch/rowTx, "dispatch/row-tx")
	b.ReportMetric(dispatch/rowGroup, "dispatch/row-group")
	b.ReportMetric(dispatch/sqlOnly, "dispatch/sql")
}

// runDispatchOp runs one op of BenchmarkDispatch on a fresh database and
// returns its msgs/s.
func runDispatchOp(b *testing.B) float64 {
	r := newRig(b, nil)
	defer r.stop()
	start := time.Now()
	total := submitRegistrations(b, r, 0, 1000)
	r.waitSent(b, total)
	return float64(total) / time.Since(start).Seconds()
}

// submitRegistrations has owners register at once (op it of a benchmark)
// and returns how many messages they sent.
func submitRegistrations(b *testing.B, r *rig, it, owners int) int64 {
	ctx := context.Background()
	var total int64
	var wg sync.WaitGroup
	for o := range owners {
		msgs := registration(o)
		total += int64(len(msgs))
		wg.Go(func() {
			chat := store.ChatKey{Channel: "bench", Address: fmt.Sprintf("%d-%d", it, o)}
			for k, text := range msgs {
				in := bot.Inbound{Chat: chat, ID: fmt.Sprintf("%d-%d-%d", it, o, k)}
				in.Text = text
				if err := r.disp.Submit(ctx, in); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	return total
}

// changingDraft is a 500-byte session draft that differs for every n.
func changingDraft(n int) json.RawMessage {
	v := strconv.Itoa(n)
	return json.RawMessage(`{"v":"` + v + strings.Repeat("x", 500-8-len(v)) + `"}`)
}

// floorRows rewrites 500-byte rows of 1,000 chats, perTx to a
// transaction, and returns the msgs/s.
func floorRows(b *testing.B, perTx int) float64 {
	db, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "floor.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	now := time.Now()
	start := time.Now()
	for n := 0; n < floorMessages; n += perTx {
		err := db.Update(ctx, func(tx *store.Tx) error {
			for k := n; k < n+perTx; k++ {
				s := store.Session{Chat: store.ChatKey{Channel: "bench", Address: strconv.Itoa(k % 1000)}, Language: "id",
					Flow: "register", Step: "name", Draft: changingDraft(k), UpdatedAt: now}
				if err := tx.SaveSession(s); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return floorMessages / time.Since(start).Seconds()
}

// floorSQL runs the dispatcher's own statements without its logic, 1,000
// chats at once, through the same sender, and returns the msgs/s.
func floorSQL(b *testing.B) float64 {
	r := newRig(b, nil)
	defer r.stop()
	ctx := context.Background()
	const chats = 1000
	perChat := floorMessages / chats
	reply := store.Reply{Text: "Apa nama usaha Anda? Tulis nama usaha seperti di papan nama atau NIB.", Step: "register/business",
		Choices: []store.Choice{{Value: "back", Label: "Kembali"}, {Value: "cancel", Label: "Batal", Style: store.ChoiceNo}}}
	start := time.Now()
	var wg sync.WaitGroup
	for c := range chats {
		wg.Go(func() {
			chat := store.ChatKey{Channel: "bench", Address: strconv.Itoa(c)}
			for k := range perChat {
				now := time.Now()
				err := r.db.Update(ctx, func(tx *store.Tx) error {
					if fresh, err := tx.RecordInbound(chat, strconv.Itoa(k), now); err != nil || !fresh {
						return err
					}
					s, err := tx.FindSession(chat)
					if err != nil {
						return err
					}
					s.Flow, s.Step, s.Draft, s.UpdatedAt = "register", "business", changingDraft(c*perChat+k), now
					if err := tx.SaveSession(s); err != nil {
						return err
					}
					_, err = tx.Enqueue(store.OutboxMessage{Chat: chat, Reply: reply, NotBefore: now, CreatedAt: now})
					return err
				})
				if err != nil {
					b.Error(err)
					return
				}
				r.notify("bench")
			}
		})
	}
	wg.Wait()
	r.waitSent(b, floorMessages)
	return floorMessages / time.Since(start).Seconds()
}
