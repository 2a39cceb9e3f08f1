package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"sobat-ikm/flows/office"
	"sobat-ikm/locales"
	"sobat-ikm/store"
)

// The broadcast kill test of issue 13: an announcement to every owner is
// being sent by the real binary to fakeBotAPI while the process is killed
// with SIGKILL every 0.3-1.2 s and started again on the same database.
// Every owner must get it once: none lost; a copy doubled only when
// Telegram accepted it in the instant before a kill, before its row could
// be marked sent (sendMessage has no idempotency key: no sender can tell
// a message accepted just before it died from one that never went).
//
//	go test ./cmd/sobat-ikm -run KillTestBroadcast -v                  # 300 owners, 8 kills
//	SOBAT_KILLTEST_BROADCAST_OWNERS=2000 SOBAT_KILLTEST_KILLS=60 go test ./cmd/sobat-ikm -run KillTestBroadcast -v -timeout 30m
func TestKillTestBroadcast(t *testing.T) {
	if testing.Short() {
		t.Skip("kill test: runs the real binary for half a minute")
	}
	owners, kills := 300, 8
	for _, s := range []struct {
		key string
		dst *int
	}{{"SOBAT_KILLTEST_BROADCAST_OWNERS", &owners}, {"SOBAT_KILLTEST_KILLS", &kills}} {
		if v := os.Getenv(s.key); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				t.Fatalf("%s=%q: want a positive number", s.key, v)
			}
			*s.dst = n
		}
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	bin := buildBinary(t)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "b.db")
	const text = "Pengumuman uji: kuota halal gratis dibuka."
	prepareBroadcast(t, dbPath, owners, text)

	logPath := filepath.Join(dir, "stderr.log")
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("tail of the bot's stderr (%s):\n%s", logPath, fileTail(logPath, 60))
		}
	})
	fake := newFakeBotAPI(t, killTestToken, time.Second)
	env := append(childEnv(fake.URL()), "SOBAT_QUIET_HOURS=off")
	var proc *botProcess
	start := func() {
		p, err := startBot(bin, []string{"-db", dbPath}, env, logf)
		if err != nil {
			t.Fatal(err)
		}
		proc = p
	}
	t.Cleanup(func() {
		if proc != nil {
			proc.kill()
		}
	})
	got := func(chat int64) (n int, first time.Time) {
		for _, m := range fake.Sent(chat) {
			if strings.Contains(m.Text, text) {
				if n == 0 {
					first = m.At
				}
				n++
			}
		}
		return n, first
	}
	delivered := func() int {
		n := 0
		for i := range owners {
			if c, _ := got(chatOf(i)); c > 0 {
				n++
			}
		}
		return n
	}

	rng := rand.New(rand.NewPCG(seed, 0))
	var killedAt []time.Time
	start()
	for len(killedAt) < kills {
		time.Sleep(300*time.Millisecond + time.Duration(rng.Int64N(int64(900*time.Millisecond))))
		proc.kill()
		killedAt = append(killedAt, time.Now())
		start()
	}
	midway := delivered()
	deadline := time.Now().Add(2 * time.Minute)
	for delivered() < owners-1 && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // (a copy sent twice shows by now)
	if err := proc.stop(30 * time.Second); err != nil {
		t.Errorf("final SIGTERM: %v", err)
	}
	proc = nil

	lost, doubled, doubledLate := 0, 0, 0
	for i := range owners {
		n, first := got(chatOf(i))
		switch {
		case i == 0: // opted out
			if n != 0 {
				t.Errorf("the owner who opted out got it %d times", n)
			}
		case n == 0:
			lost++
		case n > 1:
			doubled++
			late := true
			for _, k := range killedAt {
				if k.After(first) && k.Sub(first) < markedLateAfter {
					late = false
				}
			}
			if late {
				doubledLate++
			}
		}
	}
	t.Logf("broadcast kill test: %d owners, %d kills (%d delivered at the last kill): %d lost, %d doubled (%d of them not in flight at a kill)",
		owners, kills, midway, lost, doubled, doubledLate)
	if lost > 0 {
		t.Errorf("%d owners never got the broadcast", lost)
	}
	if doubledLate > 0 {
		t.Errorf("%d owners got it twice though the first copy went %v or more before any kill", doubledLate, markedLateAfter)
	}
	if doubled > kills {
		t.Errorf("%d owners got it twice in %d kills: more than the one copy in flight per kill", doubled, kills)
	}
	checkRecipients(t, dbPath, owners)
}

// chatOf is the Telegram chat of the i-th owner of the broadcast kill
// test.
func chatOf(i int) int64 { return 5000 + int64(i) }

// prepareBroadcast registers owners on Telegram (the first opted out of
// announcements) and schedules an announcement to all of them, now.
func prepareBroadcast(t *testing.T, path string, owners int, text string) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	off := office.New(cat, func() time.Time { return now })
	err = db.Update(ctx, func(tx *store.Tx) error {
		for i := range owners {
			o := store.Owner{Name: fmt.Sprint("Pemilik ", i), BusinessName: fmt.Sprint("Usaha ", i), Sector: "pangan", Products: "abon",
				Kecamatan: "Kadia", Address: "Jl. 1", Phone: fmt.Sprintf("+62812%08d", i), Language: "id",
				ConsentVersion: "v2", ConsentAt: now, ConsentChannel: "telegram"}
			if err := tx.CreateOwner(&o, store.ChatKey{Channel: "telegram", Address: strconv.FormatInt(chatOf(i), 10)}, now); err != nil {
				return err
			}
			if i == 0 {
				if err := tx.SetBroadcastOptOut(o.ID, true, now); err != nil {
					return err
				}
			}
		}
		return off.CreateBroadcast(tx, office.Actor{Name: "Rina"}, &store.Broadcast{TextID: text})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// checkRecipients checks the database's account of the broadcast: one
// recipient row per owner, all sent but the one who opted out.
func checkRecipients(t *testing.T, path string, owners int) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var counts []store.RecipientCount
	if err := db.View(ctx, func(tx *store.ReadTx) (err error) { counts, err = tx.CountRecipients(1); return err }); err != nil {
		t.Fatal(err)
	}
	total, sent, optedOut := 0, 0, 0
	for _, c := range counts {
		total += c.N
		switch {
		case c.Status == store.RecipientSent:
			sent += c.N
		case c.Status == store.RecipientSkipped && c.Reason == store.SkipOptedOut:
			optedOut += c.N
		}
	}
	if total != owners || sent != owners-1 || optedOut != 1 {
		t.Errorf("recipients: %+v; want %d, all sent but 1 opted out", counts, owners)
	}
}
