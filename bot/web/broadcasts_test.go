package web_test

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"sobat-ikm/store"
)

// addOwnerOn registers an owner of a sector chatting on chat in lang.
func (r *rig) addOwnerOn(name, business, sector string, chat store.ChatKey, lang string) store.Owner {
	r.t.Helper()
	o := store.Owner{Name: name, BusinessName: business, Sector: sector, Kecamatan: "Poasia", Address: "Jl. Mandonga",
		Phone: "+62812000" + chat.Address[len(chat.Address)-3:], Language: lang, ConsentVersion: "v2", ConsentAt: r.clock()}
	err := r.db.Update(context.Background(), func(tx *store.Tx) error { return tx.CreateOwner(&o, chat, r.clock()) })
	if err != nil {
		r.t.Fatal(err)
	}
	return o
}

// audience are the rig's owner Ani (food, telegram) and: Budi (food,
// telegram), Citra (textiles, telegram), Dewi (food, WhatsApp, English),
// Eko (food, opted out) and Fajar (food, blocked the bot).
type audience struct{ budi, citra, dewi, eko, fajar store.Owner }

func (r *rig) audience() audience {
	r.t.Helper()
	ctx := context.Background()
	var a audience
	a.budi = r.addOwner("Budi", "Kopi Budi", "43")
	a.citra = r.addOwnerOn("Citra", "Tenun Citra", "sandang", store.ChatKey{Channel: "telegram", Address: "044"}, "id")
	a.dewi = r.addOwnerOn("Dewi", "Dewi Snacks", "pangan", store.ChatKey{Channel: "whatsapp", Address: "6281300000045"}, "en")
	a.eko = r.addOwnerOn("Eko", "Roti Eko", "pangan", store.ChatKey{Channel: "telegram", Address: "046"}, "id")
	a.fajar = r.addOwnerOn("Fajar", "Sagu Fajar", "pangan", store.ChatKey{Channel: "telegram", Address: "047"}, "id")
	fajar := store.ChatKey{Channel: "telegram", Address: "047"}
	err := r.db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SetBroadcastOptOut(a.eko.ID, true, r.clock()); err != nil {
			return err
		}
		// A reply to Fajar waits: a chat is marked unreachable once the
		// sender finds it so.
		_, err := tx.Enqueue(store.OutboxMessage{Chat: fajar, Reply: store.Reply{Text: "Halo"}, NotBefore: r.clock(), CreatedAt: r.clock()})
		return err
	})
	if err == nil {
		err = r.db.MarkUnreachable(ctx, fajar, r.clock())
	}
	if err != nil {
		r.t.Fatal(err)
	}
	return a
}

// broadcastForm is an announcement for the food sector, sent now, with
// markup and a line break as a browser posts them, and an English text.
func broadcastForm(csrf string) url.Values {
	return url.Values{"csrf": {csrf}, "text_id": {"Pameran produk <b>IKM</b>\r\nSabtu di Aula Dinas."},
		"text_en": {"Product fair on Saturday."}, "sector": {"pangan"}, "send_at": {""}}
}

// broadcastsInDB are all the broadcasts stored, newest first.
func (r *rig) broadcastsInDB() []store.Broadcast {
	r.t.Helper()
	var bs []store.Broadcast
	err := r.db.View(context.Background(), func(tx *store.ReadTx) (err error) {
		bs, err = tx.Broadcasts(100)
		return err
	})
	if err != nil {
		r.t.Fatal(err)
	}
	return bs
}

var (
	broadcastPath = regexp.MustCompile(`^/broadcasts/(\d+)$`)
	hiddenField   = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)
)

// sendForm is what the preview's send button posts: its hidden fields.
func sendForm(t *testing.T, body string) url.Values {
	t.Helper()
	_, form, ok := strings.Cut(body, `<form method="post" action="/broadcasts" class="send">`)
	if !ok {
		t.Fatalf("no send button in the preview:\n%s", body)
	}
	form, _, _ = strings.Cut(form, "</form>")
	v := url.Values{}
	for _, m := range hiddenField.FindAllStringSubmatch(form, -1) {
		v.Add(m[1], html.UnescapeString(m[2]))
	}
	return v
}

// createBroadcast previews form and sends it with the preview's button;
// it returns the broadcast's page's path and body.
func (r *rig) createBroadcast(form url.Values) (string, string) {
	r.t.Helper()
	_, _, body := r.get("/broadcasts")
	form.Set("csrf", csrfOf(r.t, body))
	_, code, body := r.post("/broadcasts/preview", form)
	if code != 200 {
		r.t.Fatalf("preview: %d\n%s", code, body)
	}
	path, code, body := r.post("/broadcasts", sendForm(r.t, body))
	if code != 200 || broadcastPath.FindStringSubmatch(path) == nil || !strings.Contains(body, "Pengumuman disimpan") {
		r.t.Fatalf("creating a broadcast: %s %d\n%s", path, code, body)
	}
	return path, body
}

// writeRecipients writes a broadcast's recipients as the broadcaster
// does, a batch a transaction, until all are written.
func (r *rig) writeRecipients(path string) {
	r.t.Helper()
	id, _ := strconv.ParseInt(broadcastPath.FindStringSubmatch(path)[1], 10, 64)
	for range 10 {
		var done bool
		err := r.db.Update(context.Background(), func(tx *store.Tx) (err error) {
			_, done, err = r.off.WriteRecipients(tx, id, 500)
			return err
		})
		if err != nil {
			r.t.Fatal(err)
		}
		if done {
			return
		}
	}
	r.t.Fatalf("broadcast %d: not all written", id)
}

// broadcastOutbox is the broadcasts' copies waiting to be sent, by owner.
func (r *rig) broadcastOutbox() map[int64]store.OutboxMessage {
	r.t.Helper()
	var rows []store.OutboxMessage
	err := r.db.View(context.Background(), func(tx *store.ReadTx) (err error) {
		rows, err = tx.PlannedOutbox(store.KindBroadcast, 100)
		return err
	})
	if err != nil {
		r.t.Fatal(err)
	}
	out := map[int64]store.OutboxMessage{}
	for _, m := range rows {
		out[m.OwnerID] = m
	}
	return out
}

const refreshMeta = `<meta http-equiv="refresh" content="5">`

// The preview counts whom an announcement reaches, per channel and who
// is left out, and shows it exactly as owners will read it; its button
// sends it; the page follows it until all is sent, and the failures can
// be downloaded.
func TestBroadcastPreviewSendAndReport(t *testing.T) {
	r := newRig(t)
	a := r.audience()
	r.login("Rina")
	_, code, body := r.get("/broadcasts")
	if code != 200 || !strings.Contains(body, `<a href="/broadcasts">Pengumuman</a>`) || !strings.Contains(body, `<textarea name="text_id"`) ||
		!strings.Contains(body, `<option value="Kadia">Kadia</option>`) || !strings.Contains(body, `<option value="halal/diajukan">`) ||
		strings.Contains(body, refreshMeta) {
		t.Fatalf("the broadcasts page: %d\n%s", code, body)
	}
	noRawBroadcastIDs(t, "/broadcasts", body)

	form := broadcastForm(csrfOf(t, body))
	_, code, body = r.post("/broadcasts/preview", form)
	if code != 200 {
		t.Fatalf("preview: %d\n%s", code, body)
	}
	for _, s := range []string{
		"<tr><td>Telegram</td><td>2</td></tr>", "<tr><td>WhatsApp</td><td>1</td></tr>",
		"Tidak menerima: memilih berhenti menerima pengumuman</td><td>1</td>", "Tidak menerima: tidak bisa dihubungi</td><td>1</td>",
		"<tfoot><tr><th>IKM yang dipilih</th><th>5</th></tr></tfoot>", "3 dari 5 IKM yang dipilih akan menerima",
		"<pre class=\"message\">Yth. (nama pemilik),\nPameran produk &lt;b&gt;IKM&lt;/b&gt;\nSabtu di Aula Dinas.\n\nKetik BERHENTI untuk tidak menerima pengumuman.</pre>",
		"<pre class=\"message\">Dear (owner&#39;s name),\nProduct fair on Saturday.\n\nType BERHENTI to stop receiving announcements.</pre>",
		"Kirim sekarang ke 3 IKM", "bidang Pangan", `<option value="pangan" selected>`,
	} {
		if !strings.Contains(body, s) {
			t.Errorf("the preview lacks %q", s)
		}
	}
	if strings.Contains(body, "<b>IKM</b>") {
		t.Errorf("the text's markup is not escaped")
	}
	noRawBroadcastIDs(t, "the preview", body)
	if bs := r.broadcastsInDB(); len(bs) != 0 {
		t.Fatalf("a preview stored %+v", bs)
	}

	// Sent with the preview's button: the same fields.
	send := sendForm(t, body)
	path, code, body := r.post("/broadcasts", send)
	if code != 200 || path != "/broadcasts/1" || !strings.Contains(body, "Pengumuman disimpan") {
		t.Fatalf("send: %s %d\n%s", path, code, body)
	}
	bs := r.broadcastsInDB()
	if len(bs) != 1 || bs[0].TextID != "Pameran produk <b>IKM</b>\nSabtu di Aula Dinas." || bs[0].TextEN != "Product fair on Saturday." ||
		bs[0].Audience.Sector != "pangan" || bs[0].Audience.Kecamatan != "" || len(bs[0].Audience.Owners) != 0 || bs[0].CreatedBy != "Rina" ||
		!bs[0].SendAt.Equal(r.clock()) || bs[0].Status != store.BroadcastScheduled {
		t.Fatalf("stored: %+v", bs)
	}
	for _, s := range []string{refreshMeta, "sedang disiapkan", "Daftar penerima sedang ditulis", "bidang Pangan", "2026-11-23 10:00 oleh Rina",
		"Ketik BERHENTI untuk tidak menerima pengumuman.</pre>", `href="/broadcasts/1?cancel=1#cancel"`} {
		if !strings.Contains(body, s) {
			t.Errorf("the new broadcast's page lacks %q", s)
		}
	}
	// Posted again (a double click, the back button): sent once.
	if path, code, body := r.post("/broadcasts", send); path != "/broadcasts/1" || code != 200 || !strings.Contains(body, "tidak dibuat dua kali") {
		t.Errorf("the same announcement again: %s %d\n%s", path, code, body)
	}
	if bs := r.broadcastsInDB(); len(bs) != 1 {
		t.Fatalf("posted twice, stored %d", len(bs))
	}

	// The recipients written: Eko and Fajar skipped; the others queued,
	// Dewi's copy in English.
	r.writeRecipients(path)
	out := r.broadcastOutbox()
	if len(out) != 3 || !strings.Contains(out[a.dewi.ID].Reply.Text, "Product fair") || !strings.Contains(out[r.owner.ID].Reply.Text, "Pameran produk <b>IKM</b>\nSabtu") {
		t.Fatalf("the copies queued: %+v", out)
	}
	_, _, body = r.get(path)
	for _, s := range []string{refreshMeta, "<span class=\"tag\">dikirim</span>",
		"<tr><td>Telegram</td><td>2</td><td>0</td><td>0</td><td>2</td>", "<tr><td>WhatsApp</td><td>1</td><td>0</td><td>0</td><td>0</td>",
		"memilih berhenti menerima pengumuman: 1", "tidak bisa dihubungi: 1", "Yang gagal atau dilewati: 2."} {
		if !strings.Contains(body, s) {
			t.Errorf("the page while queued lacks %q", s)
		}
	}

	// Two sent, one failed: done, the page holds still.
	ctx := context.Background()
	if err := r.db.MarkSent(ctx, []int64{out[r.owner.ID].ID, out[a.dewi.ID].ID}, r.clock()); err != nil {
		t.Fatal(err)
	}
	if err := r.db.MarkFailed(ctx, out[a.budi.ID].ID, r.clock(), "Forbidden: bot was blocked by the user"); err != nil {
		t.Fatal(err)
	}
	_, _, body = r.get(path)
	for _, s := range []string{"<span class=\"tag\">selesai</span>", "<tr><td>Telegram</td><td>0</td><td>1</td><td>1</td><td>2</td>",
		"<tr><td>WhatsApp</td><td>0</td><td>1</td><td>0</td><td>0</td>", "<tfoot><tr><th>Jumlah</th><th>0</th><th>2</th><th>1</th><th>2</th>",
		"Yang gagal atau dilewati: 3.", `href="/export/broadcasts/1/failures"`,
		"Diterima di ponsel pemilik: 0; dibaca: 0 (WhatsApp mengabarkannya, Telegram tidak). Terkirim tetapi belum diterima setelah 24 jam: 0"} {
		if !strings.Contains(body, s) {
			t.Errorf("the page once done lacks %q", s)
		}
	}
	if strings.Contains(body, "http-equiv") || strings.Contains(body, "cancel=1") || strings.Contains(body, `action="/broadcasts/1/cancel"`) {
		t.Errorf("a done broadcast's page refreshes or offers to cancel:\n%s", body)
	}
	if _, _, list := r.get("/broadcasts"); !strings.Contains(list, `<a href="/broadcasts/1">#1</a> Pameran produk &lt;b&gt;IKM&lt;/b&gt; Sabtu di Aula Dinas.</td><td>selesai</td><td>2 / 5</td><td>bidang Pangan (makanan &amp; minuman)</td>`) {
		t.Errorf("the list:\n%s", list)
	}

	// The failures: the failed one with the sender's reason, the skipped
	// with theirs.
	resp, err := r.client.Get(r.srv.URL + "/export/broadcasts/1/failures")
	if err != nil {
		t.Fatal(err)
	}
	csv, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="pengumuman-1-gagal-2026-11-23.csv"` {
		t.Errorf("the export's name: %q", cd)
	}
	lines := strings.Split(strings.TrimSpace(string(csv)), "\n")
	if len(lines) != 4 || !strings.Contains(lines[0], "Alasan") || !strings.Contains(lines[1], "Kopi Budi") ||
		!strings.Contains(lines[1], "Forbidden: bot was blocked by the user") || !strings.Contains(lines[1], "gagal") ||
		!strings.Contains(lines[2], "Roti Eko") || !strings.Contains(lines[2], "memilih berhenti menerima pengumuman") ||
		!strings.Contains(lines[3], "Sagu Fajar") || !strings.Contains(lines[3], "tidak bisa dihubungi") {
		t.Errorf("the failures:\n%s", csv)
	}
	if _, code, xlsx := r.get("/export/broadcasts/1/failures?format=xlsx"); code != 200 || !strings.HasPrefix(xlsx, "PK") {
		t.Errorf("XLSX export: %d %q", code, xlsx[:min(len(xlsx), 10)])
	}
	if _, _, body := r.get("/audit"); !strings.Contains(body, "broadcast.create") {
		t.Errorf("no audit entry of the broadcast")
	}
}

// A pasted list of registration numbers, written as officers write them.
func TestBroadcastToPastedOwners(t *testing.T) {
	r := newRig(t)
	r.audience()
	r.login("Rina")
	_, _, body := r.get("/broadcasts")
	form := url.Values{"csrf": {csrfOf(t, body)}, "text_id": {"Undangan rapat"}, "owners": {"IKM 1\r\nikm-3, 000004 IKM-000001"}}
	_, code, body := r.post("/broadcasts/preview", form)
	if code != 200 || !strings.Contains(body, "<tr><td>Telegram</td><td>2</td></tr>") || !strings.Contains(body, "<tr><td>WhatsApp</td><td>1</td></tr>") ||
		!strings.Contains(body, "3 IKM yang dipilih") || !strings.Contains(body, "3 dari 3 IKM") {
		t.Fatalf("preview of a pasted list: %d\n%s", code, body)
	}
	path, code, body := r.post("/broadcasts", sendForm(t, body))
	if code != 200 || path != "/broadcasts/1" {
		t.Fatalf("send: %s %d\n%s", path, code, body)
	}
	if bs := r.broadcastsInDB(); len(bs) != 1 || len(bs[0].Audience.Owners) != 3 || bs[0].Audience.Owners[2] != 4 {
		t.Fatalf("stored: %+v", bs)
	}
	if !strings.Contains(body, `<a href="/owners/IKM-000003">IKM-000003</a>`) {
		t.Errorf("the page does not list the owners chosen:\n%s", body)
	}
}

// A form refused, previewed or sent, is shown again as typed, with why;
// nothing is stored.
func TestBroadcastFormRefused(t *testing.T) {
	r := newRig(t)
	r.login("Rina")
	_, _, body := r.get("/broadcasts")
	csrf := csrfOf(t, body)
	for _, tc := range []struct {
		name       string
		change     func(url.Values)
		want, kept string
	}{
		{"no text", func(f url.Values) { f.Set("text_id", " \r\n ") }, "Tulis teks pengumumannya", `<option value="pangan" selected>`},
		{"a text too long", func(f url.Values) { f.Set("text_en", strings.Repeat("a", 1001)) }, "Teks terlalu panjang", "Pameran produk"},
		{"a bad reg no", func(f url.Values) { f.Set("owners", "IKM-000001 IKM-12x") }, "&#34;IKM-12x&#34; bukan nomor registrasi", ">IKM-000001 IKM-12x</textarea>"},
		{"an unknown owner", func(f url.Values) { f.Set("owners", "ikm 1, IKM-000077") }, "Tidak ada pemilik IKM dengan nomor IKM-000077", ">ikm 1, IKM-000077</textarea>"},
		{"a time in the past", func(f url.Values) { f.Set("send_at", "2026-11-23T09:00") }, "Waktu kirim sudah lewat", `value="2026-11-23T09:00"`},
		{"not a time", func(f url.Values) { f.Set("send_at", "besok") }, "Waktu kirim harus berupa tanggal", "Pameran produk"},
		{"no such sector", func(f url.Values) { f.Set("sector", "perikanan") }, "Pilihan penerima tidak berlaku", "Pameran produk"},
		{"no such training", func(f url.Values) { f.Set("training", "9") }, "Pilihan penerima tidak berlaku", "Pameran produk"},
		{"no such stage", func(f url.Values) { f.Set("app", "halal/terbang") }, "Pilihan penerima tidak berlaku", "Pameran produk"},
		{"no days", func(f url.Values) { f.Set("silent", "0") }, "Jumlah hari tidak menghubungi", `name="silent" min="1" max="3650" value="0"`},
	} {
		for _, action := range []string{"/broadcasts/preview", "/broadcasts"} {
			form := broadcastForm(csrf)
			tc.change(form)
			_, code, body := r.post(action, form)
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, tc.want) || !strings.Contains(body, tc.kept) ||
				strings.Contains(body, `class="send"`) {
				t.Errorf("%s, %s: %d, want 422 with %q and %q\n%s", tc.name, action, code, tc.want, tc.kept, body)
			}
		}
	}
	if bs := r.broadcastsInDB(); len(bs) != 0 {
		t.Fatalf("refused forms created %+v", bs)
	}
	// Nobody to send to now: said, and no button.
	form := broadcastForm(csrf)
	form.Set("kecamatan", "Nambo")
	if _, code, body := r.post("/broadcasts/preview", form); code != 200 || !strings.Contains(body, "Tidak ada IKM yang akan menerima") ||
		strings.Contains(body, `class="send"`) {
		t.Errorf("a preview reaching nobody: %d\n%s", code, body)
	}
}

// A broadcast is cancelled only with the confirmation: scheduled, it
// never goes out; being sent, what has not gone out never does, and what
// went out stays counted.
func TestCancelBroadcast(t *testing.T) {
	r := newRig(t)
	a := r.audience()
	r.login("Rina")

	// Scheduled for tomorrow.
	form := broadcastForm("")
	form.Set("send_at", "2026-11-24T09:00")
	path, body := r.createBroadcast(form)
	for _, s := range []string{"<span class=\"tag\">terjadwal</span>", "Belum ada penerima: daftarnya ditulis pada 2026-11-24 09:00 WITA", refreshMeta} {
		if !strings.Contains(body, s) {
			t.Errorf("a scheduled broadcast's page lacks %q", s)
		}
	}
	if strings.Contains(body, `action="`+path+`/cancel"`) {
		t.Errorf("the cancel form on the refreshing page")
	}
	_, _, body = r.get(path + "?cancel=1")
	if strings.Contains(body, "http-equiv") || !strings.Contains(body, `action="`+path+`/cancel"`) || !strings.Contains(body, `name="confirm" required`) {
		t.Fatalf("the cancel form:\n%s", body)
	}
	csrf := csrfOf(t, body)
	if _, code, body := r.post(path+"/cancel", url.Values{"csrf": {csrf}, "note": {"salah tanggal"}}); code != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "Centang kotak konfirmasi") || !strings.Contains(body, `name="confirm"`) || strings.Contains(body, "http-equiv") {
		t.Errorf("cancel without the confirmation: %d\n%s", code, body)
	}
	if bs := r.broadcastsInDB(); bs[0].Status != store.BroadcastScheduled {
		t.Fatalf("cancelled without the confirmation: %+v", bs[0])
	}
	p, code, body := r.post(path+"/cancel", url.Values{"csrf": {csrf}, "note": {"salah tanggal"}, "confirm": {"on"}})
	if p != path || code != 200 || !strings.Contains(body, "Pengumuman dibatalkan") || !strings.Contains(body, `<span class="tag bad">dibatalkan</span>`) ||
		strings.Contains(body, "http-equiv") || strings.Contains(body, "cancel=1") {
		t.Fatalf("cancel: %s %d\n%s", p, code, body)
	}
	if _, code, body := r.post(path+"/cancel", url.Values{"csrf": {csrf}, "confirm": {"on"}}); code != http.StatusConflict ||
		!strings.Contains(body, "sudah dibatalkan atau sudah terkirim semua") {
		t.Errorf("cancelled again: %d\n%s", code, body)
	}

	// Being sent to everyone: one copy went out, the rest never does.
	form = broadcastForm("")
	form.Del("sector")
	path, _ = r.createBroadcast(form)
	r.writeRecipients(path)
	out := r.broadcastOutbox()
	if len(out) != 4 {
		t.Fatalf("the copies queued: %+v", out)
	}
	if err := r.db.MarkSent(context.Background(), []int64{out[a.citra.ID].ID}, r.clock()); err != nil {
		t.Fatal(err)
	}
	_, _, body = r.get(path + "?cancel=1")
	csrf = csrfOf(t, body)
	if _, code, _ := r.post(path+"/cancel", url.Values{"csrf": {csrf}}); code != http.StatusUnprocessableEntity || len(r.broadcastOutbox()) != 3 {
		t.Fatalf("cancel without the confirmation: %d, %d copies left", code, len(r.broadcastOutbox()))
	}
	p, code, body = r.post(path+"/cancel", url.Values{"csrf": {csrf}, "confirm": {"on"}})
	if p != path || code != 200 || !strings.Contains(body, "Pengumuman dibatalkan") {
		t.Fatalf("cancel: %s %d\n%s", p, code, body)
	}
	if out := r.broadcastOutbox(); len(out) != 0 {
		t.Errorf("copies still pending after the cancellation: %+v", out)
	}
	for _, s := range []string{"<tr><td>Telegram</td><td>0</td><td>1</td><td>0</td><td>4</td>", "pengumuman dibatalkan: 2",
		"<tr><td>WhatsApp</td><td>0</td><td>0</td><td>0</td><td>1</td>"} {
		if !strings.Contains(body, s) {
			t.Errorf("the cancelled broadcast's page lacks %q", s)
		}
	}
	if _, _, body := r.get("/audit"); !strings.Contains(body, "broadcast.cancel") || !strings.Contains(body, "salah tanggal") {
		t.Errorf("the audit log lacks the cancellation:\n%s", body)
	}
	if _, _, list := r.get("/broadcasts"); strings.Count(list, `<tr class="cancelled">`) != 2 {
		t.Errorf("the list does not mark both cancelled:\n%s", list)
	}
}

// The broadcasts' forms need the session's CSRF token; nothing changes
// without it.
func TestBroadcastFormsNeedTheirCSRFToken(t *testing.T) {
	r := newRig(t)
	r.login("Rina")
	form := broadcastForm("")
	form.Del("csrf")
	for _, p := range []string{"/broadcasts", "/broadcasts/preview"} {
		if _, code, _ := r.post(p, form); code != http.StatusForbidden {
			t.Errorf("%s without the token: %d", p, code)
		}
	}
	if bs := r.broadcastsInDB(); len(bs) != 0 {
		t.Fatalf("created without a token: %+v", bs)
	}
	path, _ := r.createBroadcast(broadcastForm(""))
	if _, code, _ := r.post(path+"/cancel", url.Values{"confirm": {"on"}, "csrf": {"forged"}}); code != http.StatusForbidden {
		t.Errorf("cancel with a forged token: %d", code)
	}
	if bs := r.broadcastsInDB(); bs[0].Status == store.BroadcastCancelled {
		t.Errorf("cancelled without a token")
	}
}

// A broadcast that does not exist is "not found", however it is asked
// for; without a session, the broadcasts' pages are the login page.
func TestBroadcastNotFound(t *testing.T) {
	r := newRig(t)
	for _, p := range []string{"/broadcasts", "/broadcasts/1", "/export/broadcasts/1/failures"} {
		if path, code, _ := r.get(p); path != "/login" || code != 200 {
			t.Errorf("%s without a session: %s %d", p, path, code)
		}
	}
	r.login("Rina")
	for _, p := range []string{"/broadcasts/1", "/broadcasts/abc", "/broadcasts/-1", "/export/broadcasts/1/failures", "/export/broadcasts/x/failures?format=xlsx"} {
		if _, code, body := r.get(p); code != http.StatusNotFound || !strings.Contains(body, "Tidak ditemukan") {
			t.Errorf("%s: %d", p, code)
		}
	}
	_, _, body := r.get("/broadcasts")
	if _, code, _ := r.post("/broadcasts/9/cancel", url.Values{"csrf": {csrfOf(t, body)}, "confirm": {"on"}}); code != http.StatusNotFound {
		t.Errorf("cancel of no broadcast: %d", code)
	}
}

// noRawBroadcastIDs fails when a page shows a message id instead of its
// text.
func noRawBroadcastIDs(t *testing.T, page, body string) {
	t.Helper()
	for _, id := range []string{"web_", "broadcast_", "office_", "channel_", "sector_", "stage_", "app_kind_"} {
		if i := strings.Index(body, id); i >= 0 {
			t.Errorf("%s shows a message id: %q", page, body[max(i-20, 0):min(i+40, len(body))])
		}
	}
}

// The pages in English say everything in English.
func TestBroadcastPagesInEnglish(t *testing.T) {
	r := newRig(t)
	r.audience()
	r.login("Rina")
	path, _ := r.createBroadcast(broadcastForm(""))
	r.writeRecipients(path)
	r.get("/lang?to=en&back=" + url.QueryEscape(path))
	_, _, body := r.get(path)
	for _, s := range []string{"Announcement #1", "sector Food", "Sending per channel", "Why skipped", "chose to stop announcements: 1",
		"Type BERHENTI to stop receiving announcements.", "For owners who use English", "sending", "Cancel this announcement"} {
		if !strings.Contains(body, s) {
			t.Errorf("the English page lacks %q", s)
		}
	}
	noRawBroadcastIDs(t, path, body)
	_, _, body = r.get(path + "?cancel=1")
	noRawBroadcastIDs(t, path+"?cancel=1", body)
	_, _, body = r.get("/broadcasts")
	if !strings.Contains(body, "New announcement") || !strings.Contains(body, ">Announcements</a>") || !strings.Contains(body, "Free halal certificate (self-declare): any stage") {
		t.Errorf("the English list:\n%s", body)
	}
	noRawBroadcastIDs(t, "/broadcasts", body)
	_, code, body := r.post("/broadcasts/preview", broadcastForm(csrfOf(t, body)))
	if code != 200 || !strings.Contains(body, "Send now to 3 IKM") || !strings.Contains(body, "Not sent: chose to stop announcements") {
		t.Errorf("the English preview: %d\n%s", code, body)
	}
	noRawBroadcastIDs(t, "the preview", body)
	form := broadcastForm(csrfOf(t, body))
	form.Set("text_id", "")
	if _, code, body := r.post("/broadcasts", form); code != http.StatusUnprocessableEntity || !strings.Contains(body, "Write the announcement") {
		t.Errorf("a refused form in English: %d\n%s", code, body)
	}
}
