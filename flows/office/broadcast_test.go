package office_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"sobat-ikm/flows/office"
	"sobat-ikm/store"
)

// town registers owners of several sectors and kecamatan, one on
// WhatsApp; it returns them in order.
func (r *rig) town(n int) []store.Owner {
	r.t.Helper()
	sectors := []string{"pangan", "sandang", "kerajinan"}
	kecs := []string{"Kadia", "Poasia"}
	var out []store.Owner
	for i := range n {
		ch := "telegram"
		if i == 0 {
			ch = "whatsapp"
		}
		o := store.Owner{Name: fmt.Sprint("owner", i), BusinessName: fmt.Sprint("Usaha ", i), Sector: sectors[i%3], Products: "abon",
			Kecamatan: kecs[i%2], Address: "Jl. 1", Phone: fmt.Sprintf("+62812000%05d", i), Language: "id",
			ConsentVersion: "v2", ConsentAt: r.now, ConsentChannel: ch}
		if i == 1 {
			o.Language = "en"
		}
		r.update(func(tx *store.Tx) error {
			return tx.CreateOwner(&o, store.ChatKey{Channel: ch, Address: fmt.Sprint(i)}, r.now)
		})
		out = append(out, o)
	}
	return out
}

func (r *rig) broadcast(a store.Audience, edit func(b *store.Broadcast)) store.Broadcast {
	r.t.Helper()
	b := store.Broadcast{TextID: "Kuota halal gratis dibuka!", TextEN: "Free halal quota is open!", Audience: a, SendAt: r.now}
	if edit != nil {
		edit(&b)
	}
	r.update(func(tx *store.Tx) error { return r.off.CreateBroadcast(tx, rina, &b) })
	return b
}

// write writes every due broadcast's recipients, batch by batch.
func (r *rig) write(id int64, batch int) int {
	r.t.Helper()
	total := 0
	for done := false; !done; {
		var n int
		r.update(func(tx *store.Tx) (err error) {
			n, done, err = r.off.WriteRecipients(tx, id, batch)
			return err
		})
		total += n
		if n == 0 && !done {
			break
		}
	}
	return total
}

func (r *rig) report(id int64) office.BroadcastReport {
	r.t.Helper()
	var rep office.BroadcastReport
	err := r.db.View(context.Background(), func(tx *store.ReadTx) (err error) {
		rep, err = r.off.Report(tx, id)
		return err
	})
	if err != nil {
		r.t.Fatal(err)
	}
	return rep
}

// Each segment selects the owners it names, and the reach counts them
// per channel with those left out.
func TestAudienceSegments(t *testing.T) {
	r := newRig(t)
	owners := r.town(12)
	r.update(func(tx *store.Tx) error { _, err := tx.SetOwnerBinaan(owners[3].ID, true, r.now); return err })
	tr := r.training(1, nil)
	for _, o := range owners[4:6] {
		if _, err := r.enroll(o, tr.ID); err != nil {
			t.Fatal(err)
		}
	}
	r.update(func(tx *store.Tx) error { return tx.SetBroadcastOptOut(owners[2].ID, true, r.now) })
	blocked := store.ChatKey{Channel: "telegram", Address: "7"} // (the owner blocked the bot: a send to them failed)
	r.update(func(tx *store.Tx) error {
		_, err := tx.Enqueue(store.OutboxMessage{Chat: blocked, Reply: store.Reply{Text: "halo"}, NotBefore: r.now, CreatedAt: r.now})
		return err
	})
	if err := r.db.MarkUnreachable(context.Background(), blocked, r.now); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		a    store.Audience
		want int
	}{
		{"all", store.Audience{}, 12},
		{"sector", store.Audience{Sector: "pangan"}, 4},
		{"kecamatan", store.Audience{Kecamatan: "Poasia"}, 6},
		{"sector and kecamatan", store.Audience{Sector: "pangan", Kecamatan: "Kadia"}, 2},
		{"binaan", store.Audience{Binaan: true}, 1},
		{"a training's seats", store.Audience{TrainingID: tr.ID}, 1},
		{"its waiting list", store.Audience{TrainingID: tr.ID, Waiting: true}, 1},
		{"a pasted list", store.Audience{Owners: []int64{owners[0].ID, owners[11].ID, 999}}, 2},
		{"silent for 30 days", store.Audience{SilentDays: 30}, 0},
	} {
		var reach office.Reach
		err := r.db.View(context.Background(), func(tx *store.ReadTx) (err error) {
			reach, err = r.off.ReachOf(tx, tc.a)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if reach.Total != tc.want {
			t.Errorf("%s: %d owners, want %d", tc.name, reach.Total, tc.want)
		}
	}
	var all office.Reach
	r.db.View(context.Background(), func(tx *store.ReadTx) (err error) { all, err = r.off.ReachOf(tx, store.Audience{}); return err })
	if all.OptedOut != 1 || all.Unreachable != 1 || all.PerChannel["whatsapp"] != 1 || all.PerChannel["telegram"] != 9 || all.Reached() != 10 {
		t.Errorf("reach of all: %+v", all)
	}
	// Forty days on, everyone is silent but the one who just wrote.
	r.now = r.now.AddDate(0, 0, 40)
	var silent office.Reach
	r.db.View(context.Background(), func(tx *store.ReadTx) (err error) {
		silent, err = r.off.ReachOf(tx, store.Audience{SilentDays: 30})
		return err
	})
	if silent.Total != 12 {
		t.Errorf("silent for 30 days, 40 days on: %d", silent.Total)
	}
	// Applications of a kind in a stage.
	apps := store.Audience{AppKind: store.AppHalal, AppStage: store.StageSubmitted}
	r.db.View(context.Background(), func(tx *store.ReadTx) (err error) { silent, err = r.off.ReachOf(tx, apps); return err })
	if silent.Total != 0 {
		t.Errorf("halal applications: %d", silent.Total)
	}
}

// A broadcast is written once per owner, in batches, in the owner's
// language with the stop line; opted-out and unreachable owners are
// skipped with the reason; writing again writes nothing.
func TestBroadcastWrittenOncePerOwner(t *testing.T) {
	r := newRig(t)
	owners := r.town(7)
	r.update(func(tx *store.Tx) error { return tx.SetBroadcastOptOut(owners[2].ID, true, r.now) })
	b := r.broadcast(store.Audience{}, nil)
	if n := r.write(b.ID, 3); n != 7 {
		t.Fatalf("wrote %d recipients", n)
	}
	if n := r.write(b.ID, 3); n != 0 {
		t.Errorf("written again: %d", n)
	}
	out := r.outbox()
	tg := out[store.ChatKey{Channel: "telegram", Address: "3"}]
	if len(tg) != 1 || tg[0].Kind != store.KindBroadcast || tg[0].Reply.Text != "Yth. owner3,\nKuota halal gratis dibuka!\n\nKetik BERHENTI untuk tidak menerima pengumuman." {
		t.Errorf("an Indonesian owner's copy: %+v", tg)
	}
	en := out[store.ChatKey{Channel: "telegram", Address: "1"}]
	if len(en) != 1 || en[0].Reply.Text != "Dear owner1,\nFree halal quota is open!\n\nType BERHENTI to stop receiving announcements." {
		t.Errorf("an English owner's copy: %+v", en)
	}
	if got := out[store.ChatKey{Channel: "telegram", Address: "2"}]; len(got) != 0 {
		t.Errorf("an owner who opted out got %+v", got)
	}
	rep := r.report(b.ID)
	if rep.Total.Queued != 6 || rep.Total.Skipped != 1 || rep.Total.Reasons[store.SkipOptedOut] != 1 || rep.Done {
		t.Errorf("report: %+v", rep.Total)
	}
	// Delivered: the recipients say so, and stay so once the outbox is
	// pruned.
	var ids []int64
	for _, ms := range out {
		for _, m := range ms {
			ids = append(ids, m.ID)
		}
	}
	ctx := context.Background()
	if err := r.db.MarkSent(ctx, ids[1:], r.now); err != nil {
		t.Fatal(err)
	}
	if err := r.db.MarkFailed(ctx, ids[0], r.now, "403 Forbidden: bot was blocked by the user"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.db.PruneOutbox(ctx, r.now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	rep = r.report(b.ID)
	if rep.Total.Sent != 5 || rep.Total.Failed != 1 || rep.Total.Queued != 0 || !rep.Done {
		t.Errorf("report once delivered: %+v", rep)
	}
	var csv bytes.Buffer
	err := r.db.View(ctx, func(tx *store.ReadTx) error {
		_, err := r.off.ExportFailures(tx, &csv, b.ID, "id", office.Format{Sep: ','})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(csv.String(), "gagal,403 Forbidden: bot was blocked by the user") || !strings.Contains(csv.String(), "memilih berhenti menerima pengumuman") {
		t.Errorf("failures CSV:\n%s", csv.String())
	}
}

// A scheduled broadcast waits for its time; cancelled half-way, what was
// not sent never is, and what was stays counted.
func TestBroadcastScheduledThenCancelledMidway(t *testing.T) {
	r := newRig(t)
	r.town(6)
	b := r.broadcast(store.Audience{}, func(b *store.Broadcast) { b.SendAt = r.now.Add(2 * time.Hour) })
	if n := r.write(b.ID, 2); n != 0 {
		t.Fatalf("written before its time: %d", n)
	}
	r.now = r.now.Add(2 * time.Hour)
	r.update(func(tx *store.Tx) error { _, _, err := r.off.WriteRecipients(tx, b.ID, 2); return err })
	var first []int64
	for _, ms := range r.outbox() {
		for _, m := range ms {
			first = append(first, m.ID)
		}
	}
	if len(first) != 2 {
		t.Fatalf("first batch: %d rows", len(first))
	}
	if err := r.db.MarkSent(context.Background(), first[:1], r.now); err != nil {
		t.Fatal(err)
	}
	r.update(func(tx *store.Tx) error { _, err := r.off.CancelBroadcast(tx, rina, b.ID, "salah tanggal"); return err })
	if n := r.write(b.ID, 2); n != 0 {
		t.Errorf("a cancelled broadcast wrote %d more", n)
	}
	rep := r.report(b.ID)
	if rep.Total.Sent != 1 || rep.Total.Skipped != 1 || rep.Total.Reasons[store.SkipCancelled] != 1 || len(r.outbox()) != 0 || !rep.Done {
		t.Errorf("cancelled: %+v, outbox %v", rep.Total, r.outbox())
	}
	err := r.db.Update(context.Background(), func(tx *store.Tx) error { _, err := r.off.CancelBroadcast(tx, rina, b.ID, ""); return err })
	if !errors.Is(err, office.ErrBroadcastDone) {
		t.Errorf("cancelled twice: %v", err)
	}
}

// An owner who opts out after a broadcast was written does not get it;
// one erased is counted as erased.
func TestBroadcastOptOutAndErasureAfterWriting(t *testing.T) {
	r := newRig(t)
	owners := r.town(3)
	b := r.broadcast(store.Audience{}, nil)
	r.write(b.ID, 10)
	r.update(func(tx *store.Tx) error {
		if err := tx.SetBroadcastOptOut(owners[1].ID, true, r.now); err != nil {
			return err
		}
		_, err := tx.SkipRecipients(0, owners[1].ID, store.SkipOptedOut, r.now)
		return err
	})
	r.update(func(tx *store.Tx) error { _, err := tx.EraseOwner(owners[2].ID); return err })
	rep := r.report(b.ID)
	if rep.Total.Queued != 1 || rep.Total.Reasons[store.SkipOptedOut] != 1 || rep.Total.Reasons[store.SkipErased] != 1 {
		t.Errorf("report: %+v", rep.Total)
	}
	if n := len(r.outbox()); n != 1 {
		t.Errorf("%d chats still have the broadcast queued", n)
	}
}

// A broadcast without text, too long, or for a training that does not
// exist is refused.
func TestBroadcastRefused(t *testing.T) {
	r := newRig(t)
	for _, b := range []store.Broadcast{
		{TextID: "  "},
		{TextID: strings.Repeat("a", 1001)},
		{TextID: "ok", Audience: store.Audience{TrainingID: 9}},
		{TextID: "ok", Audience: store.Audience{AppKind: "pajak"}},
		{TextID: "ok", Audience: store.Audience{AppKind: store.AppHalal, AppStage: "nowhere"}},
	} {
		err := r.db.Update(context.Background(), func(tx *store.Tx) error { return r.off.CreateBroadcast(tx, rina, &b) })
		if !errors.Is(err, office.ErrBroadcastInvalid) {
			t.Errorf("%+v: %v", b.Audience, err)
		}
	}
}

// WhatsApp is written to unasked only within 28 days of the owner's last
// message there: past it, their other channel is used, or they are
// counted as not reachable on WhatsApp now (and get no notice there).
func TestWhatsAppWindow(t *testing.T) {
	r := newRig(t)
	stale := r.owner("Stale", "id", store.ChatKey{Channel: "whatsapp", Address: "6281100000001"})
	both := r.owner("Both", "id", store.ChatKey{Channel: "whatsapp", Address: "6281100000002"})
	r.update(func(tx *store.Tx) error {
		return tx.CreateContact(both.ID, store.ChatKey{Channel: "telegram", Address: "both"}, r.now.Add(-time.Hour))
	})
	r.now = r.now.AddDate(0, 0, 30)
	fresh := r.owner("Fresh", "id", store.ChatKey{Channel: "whatsapp", Address: "6281100000003"})
	var reach office.Reach
	r.db.View(context.Background(), func(tx *store.ReadTx) (err error) { reach, err = r.off.ReachOf(tx, store.Audience{}); return err })
	if reach.OutsideWindow != 1 || reach.PerChannel["telegram"] != 1 || reach.PerChannel["whatsapp"] != 1 {
		t.Errorf("reach: %+v", reach)
	}
	err := r.db.View(context.Background(), func(tx *store.ReadTx) error {
		for o, want := range map[int64]string{stale.ID: "", both.ID: "telegram", fresh.ID: "whatsapp"} {
			chat, ok, err := r.off.NoticeChat(tx, o)
			if err != nil {
				return err
			}
			if got := map[bool]string{true: chat.Channel}[ok]; got != want {
				t.Errorf("owner %d's notices go to %q, want %q", o, got, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Receipts: copies the platform delivered and read are counted; one sent
// and not delivered a day later is listed to follow up.
func TestBroadcastReceipts(t *testing.T) {
	r := newRig(t)
	r.town(3)
	b := r.broadcast(store.Audience{}, nil)
	r.write(b.ID, 10)
	ctx := context.Background()
	var ids []int64
	var channels []string
	for chat, ms := range r.outbox() {
		for _, m := range ms {
			ids, channels = append(ids, m.ID), append(channels, chat.Channel)
		}
	}
	if err := r.db.MarkSent(ctx, ids, r.now); err != nil {
		t.Fatal(err)
	}
	for i, id := range ids {
		if err := r.db.SetPlatformID(ctx, id, fmt.Sprint("M", i)); err != nil {
			t.Fatal(err)
		}
	}
	receipt := func(i int, kind string, at time.Time) {
		if err := r.db.MarkReceipt(ctx, channels[i], []string{fmt.Sprint("M", i)}, kind, at); err != nil {
			t.Fatal(err)
		}
	}
	receipt(0, store.ReceiptDelivered, r.now.Add(time.Minute))
	receipt(1, store.ReceiptDelivered, r.now.Add(time.Minute))
	receipt(0, store.ReceiptRead, r.now.Add(time.Hour))
	receipt(0, store.ReceiptDelivered, r.now.Add(2*time.Hour)) // (a late duplicate keeps the first time)
	r.now = r.now.Add(25 * time.Hour)
	rep := r.report(b.ID).Total
	if rep.Delivered != 2 || rep.Read != 1 || rep.NotDelivered != 1 {
		t.Errorf("receipts: %+v", rep)
	}
	var csv bytes.Buffer
	r.db.View(ctx, func(tx *store.ReadTx) error {
		_, err := r.off.ExportFailures(tx, &csv, b.ID, "id", office.Format{Sep: ','})
		return err
	})
	if !strings.Contains(csv.String(), "terkirim, tetapi belum diterima setelah 24 jam") {
		t.Errorf("the follow-up list:\n%s", csv.String())
	}
}
