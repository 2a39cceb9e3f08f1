package web_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"sobat-ikm/flows/office"
	"sobat-ikm/store"
)

// anwar is a second officer; the tickets' rig configures both, and the
// office tells both of new tickets.
var anwar = office.Officer{Name: "Anwar", Chat: store.ChatKey{Channel: "telegram", Address: "901"}}

// ticketRig is the rig with Rina and Anwar as the office's staff.
func ticketRig(t *testing.T) *rig {
	t.Helper()
	r := newRig(t)
	staff := []office.Officer{rina, anwar}
	r.off = office.New(r.cat, r.clock, office.WithStaff(staff))
	r.serve(staff)
	return r
}

// loginAs logs an officer in from a browser of their own (a new client,
// left as the rig's) with the link sent to their chat; it returns the
// client, to switch back to it later.
func (r *rig) loginAs(off office.Officer) *http.Client {
	r.t.Helper()
	jar, _ := cookiejar.New(nil)
	r.client = &http.Client{Jar: jar}
	_, _, body := r.get("/login")
	if _, code, body := r.post("/login", url.Values{"who": {off.Name}, "csrf": {csrfOf(r.t, body)}}); code != 200 {
		r.t.Fatalf("asking for %s's link: %d\n%s", off.Name, code, body)
	}
	link := ""
	for deadline := time.Now().Add(time.Second); link == "" && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		for _, m := range r.outbox(off.Chat) {
			if i := strings.Index(m.Reply.Text, "/login/"); i >= 0 && !r.taken[strings.Fields(m.Reply.Text[i:])[0]] {
				link = strings.Fields(m.Reply.Text[i:])[0]
			}
		}
	}
	if link == "" {
		r.t.Fatalf("no link queued to %s's chat", off.Name)
	}
	r.taken[link] = true
	_, _, body = r.get(link)
	if path, code, body := r.post(link, url.Values{"csrf": {csrfOf(r.t, body)}}); path != "/" || code != 200 {
		r.t.Fatalf("%s using the link: %s %d\n%s", off.Name, path, code, body)
	}
	return r.client
}

// outbox is what is due to a chat now (a minute on: a login link, valid
// for ten, is still due).
func (r *rig) outbox(chat store.ChatKey) []store.OutboxMessage {
	r.t.Helper()
	var rows []store.OutboxMessage
	err := r.db.View(context.Background(), func(tx *store.ReadTx) (err error) {
		rows, err = tx.DueOutbox(chat.Channel, chat.Address, r.clock().Add(time.Minute), 100)
		return err
	})
	if err != nil {
		r.t.Fatal(err)
	}
	return rows
}

// outboxWith are the messages waiting for a chat whose text has s.
func (r *rig) outboxWith(chat store.ChatKey, s string) []store.OutboxMessage {
	var out []store.OutboxMessage
	for _, m := range r.outbox(chat) {
		if strings.Contains(m.Reply.Text, s) {
			out = append(out, m)
		}
	}
	return out
}

var aniChat = store.ChatKey{Channel: "telegram", Address: "42"}

// openTicket opens (or writes to) an owner's ticket as chat does.
func (r *rig) openTicket(o store.Owner, text string, file *store.StoredFile) store.Ticket {
	r.t.Helper()
	var tk store.Ticket
	err := r.db.Update(context.Background(), func(tx *store.Tx) (err error) {
		tk, err = r.off.OpenTicket(tx, o, text, file)
		return err
	})
	if err != nil {
		r.t.Fatal(err)
	}
	return tk
}

// saveFile keeps a file as chat does when an owner sends one.
func (r *rig) saveFile(b []byte) *store.StoredFile {
	r.t.Helper()
	f, err := r.db.SaveFile(bytes.NewReader(b), store.MaxFileSize)
	if err != nil {
		r.t.Fatal(err)
	}
	return &f
}

// ticketInDB is a ticket and its messages as stored.
func (r *rig) ticketInDB(id int64) (store.Ticket, []store.TicketMessage) {
	r.t.Helper()
	var tk store.Ticket
	var msgs []store.TicketMessage
	err := r.db.View(context.Background(), func(tx *store.ReadTx) (err error) {
		if tk, err = tx.FindTicket(id); err != nil {
			return err
		}
		msgs, err = tx.TicketMessages(id)
		return err
	})
	if err != nil {
		r.t.Fatal(err)
	}
	return tk, msgs
}

var (
	pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde")
	pdfBytes = []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
)

// getFile fetches a file of a ticket: status, headers and bytes.
func (r *rig) getFile(path string) (int, http.Header, []byte) {
	r.t.Helper()
	resp, err := r.client.Get(r.srv.URL + path)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

func mustContain(t *testing.T, what, body string, want ...string) {
	t.Helper()
	for _, s := range want {
		if !strings.Contains(body, s) {
			t.Errorf("%s lacks %q", what, s)
		}
	}
}

// noRawTicketIDs fails when a page shows a message id instead of its
// text.
func noRawTicketIDs(t *testing.T, page, body string) {
	t.Helper()
	for _, id := range []string{"web_", "ticket_", "office_", "app_cli_"} {
		if i := strings.Index(body, id); i >= 0 {
			t.Errorf("%s shows a message id: %q", page, body[max(i-20, 0):min(i+40, len(body))])
		}
	}
}

// The open tickets are listed longest waiting first, with how long; the
// closed and all tabs list the newest first; a ticket's page shows its
// messages, as typed, with the owner's photo in the page and a PDF as a
// link; the files are served only through their own ticket's messages.
func TestTicketsListAndThread(t *testing.T) {
	r := ticketRig(t)
	r.loginAs(rina)
	photo := r.saveFile(pngBytes)
	first := r.openTicket(r.owner, "Bagaimana cara daftar halal?\nMohon <b>info</b>", photo)
	r.advance(2 * time.Hour)
	budi := r.addOwner("Budi", "Kopi Budi", "43")
	second := r.openTicket(budi, "Bantuan alat belum sampai", nil)
	r.advance(time.Hour)
	if first.Ref() != "T-000001" || second.Ref() != "T-000002" {
		t.Fatalf("tickets %s, %s", first.Ref(), second.Ref())
	}

	_, code, body := r.get("/tickets")
	if code != 200 {
		t.Fatalf("the tickets' list: %d\n%s", code, body)
	}
	mustContain(t, "the open tickets", body, `<a href="/tickets">Tiket</a>`, `class="current" aria-current="page">Terbuka</a>`,
		`<a href="/tickets/1">T-000001</a>`, `<a href="/tickets/2">T-000002</a>`, `<a href="/owners/IKM-000001">IKM-000001</a>`,
		"&lt;script&gt;alert(1)&lt;/script&gt; Abon", "Bagaimana cara daftar halal? Mohon &lt;b&gt;info&lt;/b&gt;", "Bantuan alat belum sampai",
		"<td>3 jam</td>", "<td>1 jam</td>", "belum diambil", "2026-11-23 10:00", "<th>Menunggu</th>")
	if strings.Contains(body, "<script>alert(1)") || strings.Contains(body, "<b>info</b>") {
		t.Errorf("an owner's markup is not escaped")
	}
	if i, j := strings.Index(body, "T-000001"), strings.Index(body, "T-000002"); i < 0 || j < i {
		t.Errorf("the open tickets are not the longest waiting first")
	}
	noRawTicketIDs(t, "/tickets", body)
	if _, _, body := r.get("/tickets?status=closed"); !strings.Contains(body, `<td colspan="7">Tidak ada.</td>`) || strings.Contains(body, "T-000001") {
		t.Errorf("the closed tab lists an open ticket")
	}
	_, _, body = r.get("/tickets?status=all")
	if i, j := strings.Index(body, "T-000002"), strings.Index(body, "T-000001"); i < 0 || j < i || !strings.Contains(body, `aria-current="page">Semua</a>`) {
		t.Errorf("all the tickets are not the newest first:\n%s", body)
	}

	// The owner sends a PDF too: it joins their open ticket.
	pdf := r.saveFile(pdfBytes)
	if again := r.openTicket(r.owner, "", pdf); again.ID != first.ID {
		t.Fatalf("the owner's second message opened ticket %d", again.ID)
	}
	_, code, body = r.get("/tickets/1")
	if code != 200 {
		t.Fatalf("the ticket's page: %d\n%s", code, body)
	}
	mustContain(t, "the ticket's page", body, "<h1>Tiket T-000001 <span class=\"tag\">terbuka</span></h1>",
		"Ani · &lt;script&gt;alert(1)&lt;/script&gt; Abon · <a href=\"/owners/IKM-000001\">IKM-000001</a>", "menunggu 3 jam",
		`<div class="body">Bagaimana cara daftar halal?`+"\n"+`Mohon &lt;b&gt;info&lt;/b&gt;</div>`, "<b>Ani</b>", "<time>2026-11-23 10:00</time>",
		`<img src="/tickets/1/files/1" alt="Foto dari Ani">`, `<a href="/tickets/1/files/3">Unduh dokumen PDF</a>`,
		`action="/tickets/1/take"`, `<textarea name="text" required maxlength="2000"`, `action="/tickets/1/close"`, `name="confirm" required`,
		"belum dijawab")
	noRawTicketIDs(t, "/tickets/1", body)
	if _, _, body := r.get("/tickets"); !strings.Contains(body, "Bagaimana cara daftar halal?") {
		t.Errorf("the list does not show the first message")
	}

	// The files: each through its own message.
	code, h, b := r.getFile("/tickets/1/files/1")
	if code != 200 || !bytes.Equal(b, pngBytes) || h.Get("Content-Type") != "image/png" || !strings.HasPrefix(h.Get("Content-Disposition"), "inline") ||
		h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("the photo: %d %v %q", code, h, b)
	}
	code, h, b = r.getFile("/tickets/1/files/3")
	if code != 200 || !bytes.Equal(b, pdfBytes) || h.Get("Content-Type") != "application/pdf" ||
		h.Get("Content-Disposition") != `attachment; filename="T-000001-3.pdf"` {
		t.Errorf("the PDF: %d %v %q", code, h, b)
	}
	for _, p := range []string{"/tickets/2/files/1", "/tickets/2/files/2", "/tickets/1/files/2", "/tickets/1/files/99",
		"/tickets/1/files/x", "/tickets/9/files/1", "/tickets/1/files/" + photo.Name} {
		if code, h, b := r.getFile(p); code != http.StatusNotFound || bytes.Contains(b, pngBytes) || strings.HasPrefix(h.Get("Content-Type"), "image/") {
			t.Errorf("%s: %d %q", p, code, h.Get("Content-Type"))
		}
	}
}

// Taking, answering and closing a ticket are the office's: the other
// officers are told, the answer goes to the owner's chat signed, the
// owner is asked for a rating; another officer's ticket, an empty or too
// long answer and a closed ticket are refused, nothing sent.
func TestTicketTakeReplyClose(t *testing.T) {
	r := ticketRig(t)
	anwarClient := r.loginAs(anwar)
	rinaClient := r.loginAs(rina)
	r.openTicket(r.owner, "Kapan pelatihan berikutnya?", nil)
	r.advance(30 * time.Minute)

	_, _, body := r.get("/tickets/1")
	csrf := csrfOf(t, body)
	path, code, body := r.post("/tickets/1/take", url.Values{"csrf": {csrf}})
	if path != "/tickets/1" || code != 200 || !strings.Contains(body, "Tiket diambil. Petugas lain diberi tahu.") ||
		strings.Contains(body, `action="/tickets/1/take"`) || !strings.Contains(body, `action="/tickets/1/reply"`) {
		t.Fatalf("take: %s %d\n%s", path, code, body)
	}
	if tk, _ := r.ticketInDB(1); tk.Officer != "Rina" {
		t.Fatalf("taken by %q", tk.Officer)
	}
	if n := len(r.outboxWith(anwar.Chat, "Tiket T-000001 sudah diambil Rina")); n != 1 {
		t.Errorf("Anwar was told %d times that Rina took it", n)
	}

	path, code, body = r.post("/tickets/1/reply", url.Values{"csrf": {csrf}, "text": {"Pelatihan berikutnya\r\ntanggal 5 <b>Desember</b>."}})
	if path != "/tickets/1" || code != 200 || !strings.Contains(body, "Jawaban dikirim ke chat pemilik.") {
		t.Fatalf("reply: %s %d\n%s", path, code, body)
	}
	mustContain(t, "the answered ticket", body, `<li class="msg officer">`, "<b>Rina</b> <span class=\"tag\">petugas</span>",
		`<div class="body">Pelatihan berikutnya`+"\n"+`tanggal 5 &lt;b&gt;Desember&lt;/b&gt;.</div>`, "2026-11-23 10:30")
	answers := r.outboxWith(aniChat, "Jawaban petugas Rina (T-000001)")
	if len(answers) != 1 || !strings.Contains(answers[0].Reply.Text, "Pelatihan berikutnya\ntanggal 5 <b>Desember</b>.") || answers[0].OwnerID != r.owner.ID {
		t.Fatalf("the owner's answer: %+v", answers)
	}
	if tk, msgs := r.ticketInDB(1); len(msgs) != 2 || msgs[1].Author != "Rina" || tk.FirstAnswerAt.IsZero() {
		t.Fatalf("stored: %+v %+v", tk, msgs)
	}

	// Anwar, in his own browser: Rina has it.
	r.client = anwarClient
	_, _, body = r.get("/tickets/1")
	if !strings.Contains(body, "Tiket ini ditangani Rina") || strings.Contains(body, `action="/tickets/1/reply"`) || strings.Contains(body, `action="/tickets/1/take"`) {
		t.Errorf("Anwar's page of Rina's ticket:\n%s", body)
	}
	anwarCSRF := csrfOf(t, body)
	if _, code, body := r.post("/tickets/1/reply", url.Values{"csrf": {anwarCSRF}, "text": {"Saya bantu <i>jawab</i>"}}); code != http.StatusConflict ||
		!strings.Contains(body, "Tiket ini sudah ditangani Rina. Tidak ada yang dikirim.") || !strings.Contains(body, "Saya bantu &lt;i&gt;jawab&lt;/i&gt;</pre>") {
		t.Errorf("Anwar answering Rina's ticket: %d\n%s", code, body)
	}
	if _, code, body := r.post("/tickets/1/take", url.Values{"csrf": {anwarCSRF}}); code != http.StatusConflict || !strings.Contains(body, "sudah ditangani Rina") {
		t.Errorf("Anwar taking Rina's ticket: %d\n%s", code, body)
	}
	if tk, msgs := r.ticketInDB(1); len(msgs) != 2 || tk.Officer != "Rina" || len(r.outboxWith(aniChat, "Jawaban petugas")) != 1 {
		t.Fatalf("after Anwar's refused answer: %+v %+v", tk, msgs)
	}

	// Rina: an empty answer and a too long one are refused as typed.
	r.client = rinaClient
	if _, code, body := r.post("/tickets/1/reply", url.Values{"csrf": {csrf}, "text": {" \r\n "}}); code != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "Tulis jawabannya dulu") || !strings.Contains(body, `<textarea name="text"`) {
		t.Errorf("an empty answer: %d\n%s", code, body)
	}
	long := strings.Repeat("panjang ", 251)
	if _, code, body := r.post("/tickets/1/reply", url.Values{"csrf": {csrf}, "text": {long}}); code != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "terlalu panjang") || !strings.Contains(body, ">"+long+"</textarea>") {
		t.Errorf("a too long answer: %d\n%s", code, body)
	}
	if _, msgs := r.ticketInDB(1); len(msgs) != 2 || len(r.outboxWith(aniChat, "Jawaban petugas")) != 1 {
		t.Fatalf("a refused answer was kept or sent: %+v", msgs)
	}

	// Closed only with the confirmation.
	if _, code, body := r.post("/tickets/1/close", url.Values{"csrf": {csrf}}); code != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "Centang kotak konfirmasi untuk menutup tiket") {
		t.Errorf("close without the confirmation: %d\n%s", code, body)
	}
	if tk, _ := r.ticketInDB(1); tk.Status != store.TicketOpen || len(r.outboxWith(aniChat, "Seberapa membantu")) != 0 {
		t.Fatalf("closed without the confirmation: %+v", tk)
	}
	path, code, body = r.post("/tickets/1/close", url.Values{"csrf": {csrf}, "confirm": {"on"}})
	if path != "/tickets/1" || code != 200 || !strings.Contains(body, "Tiket ditutup. Pemilik diminta memberi nilai.") ||
		!strings.Contains(body, `<span class="tag bad">ditutup</span>`) || strings.Contains(body, `action="/tickets/1/reply"`) ||
		strings.Contains(body, `action="/tickets/1/close"`) || !strings.Contains(body, "2026-11-23 10:30 oleh Rina") || !strings.Contains(body, "belum dinilai") {
		t.Fatalf("close: %s %d\n%s", path, code, body)
	}
	if tk, _ := r.ticketInDB(1); tk.Status != store.TicketClosed || tk.ClosedBy != "Rina" {
		t.Fatalf("stored: %+v", tk)
	}
	if rate := r.outboxWith(aniChat, "Seberapa membantu jawaban kami?"); len(rate) != 1 || len(rate[0].Reply.Choices) != 5 {
		t.Errorf("the owner's rating question: %+v", rate)
	}
	if _, _, body := r.get("/audit"); !strings.Contains(body, "ticket.close") {
		t.Errorf("the audit log lacks the closing")
	}

	// A closed ticket: nothing more.
	if _, code, body := r.post("/tickets/1/reply", url.Values{"csrf": {csrf}, "text": {"Satu lagi"}}); code != http.StatusConflict ||
		!strings.Contains(body, "Tiket ini sudah ditutup") || !strings.Contains(body, "Satu lagi</pre>") {
		t.Errorf("an answer to a closed ticket: %d\n%s", code, body)
	}
	for _, p := range []string{"/tickets/1/take", "/tickets/1/close"} {
		if _, code, body := r.post(p, url.Values{"csrf": {csrf}, "confirm": {"on"}}); code != http.StatusConflict || !strings.Contains(body, "Tiket ini sudah ditutup") {
			t.Errorf("%s of a closed ticket: %d\n%s", p, code, body)
		}
	}
	if _, msgs := r.ticketInDB(1); len(msgs) != 2 {
		t.Errorf("an answer was added to a closed ticket: %+v", msgs)
	}

	// The lists, and the owner's rating.
	if _, _, body := r.get("/tickets"); strings.Contains(body, "T-000001") {
		t.Errorf("a closed ticket among the open ones")
	}
	err := r.db.Update(context.Background(), func(tx *store.Tx) error { return r.off.RateTicket(tx, r.owner, 1, 4) })
	if err != nil {
		t.Fatal(err)
	}
	_, _, body = r.get("/tickets?status=closed")
	mustContain(t, "the closed tickets", body, `<a href="/tickets/1">T-000001</a>`, "<td>Rina</td>", "<td>2026-11-23 10:30</td><td>4/5</td>", "<th>Ditutup (WITA)</th>")
	if _, _, body := r.get("/tickets/1"); !strings.Contains(body, "<dd>4/5</dd>") {
		t.Errorf("the rating is not on the ticket's page")
	}
}

// The tickets' forms need the session's CSRF token; nothing changes
// without it.
func TestTicketFormsNeedTheirCSRFToken(t *testing.T) {
	r := ticketRig(t)
	r.loginAs(rina)
	r.openTicket(r.owner, "Halo", nil)
	for _, p := range []string{"/tickets/1/take", "/tickets/1/reply", "/tickets/1/close"} {
		for _, csrf := range []string{"", "forged"} {
			form := url.Values{"text": {"Jawaban"}, "confirm": {"on"}}
			if csrf != "" {
				form.Set("csrf", csrf)
			}
			if _, code, _ := r.post(p, form); code != http.StatusForbidden {
				t.Errorf("%s with token %q: %d", p, csrf, code)
			}
		}
	}
	if tk, msgs := r.ticketInDB(1); tk.Officer != "" || tk.Status != store.TicketOpen || len(msgs) != 1 || len(r.outboxWith(aniChat, "Rina")) != 0 {
		t.Errorf("changed without a token: %+v %+v", tk, msgs)
	}
}

// A ticket that does not exist is "not found", however it is asked for;
// without a session, the tickets' pages are the login page.
func TestTicketNotFound(t *testing.T) {
	r := ticketRig(t)
	r.openTicket(r.owner, "Halo", r.saveFile(pngBytes))
	for _, p := range []string{"/tickets", "/tickets/1", "/tickets/1/files/1"} {
		if path, code, body := r.get(p); path != "/login" || code != 200 || strings.Contains(body, "\x89PNG") {
			t.Errorf("%s without a session: %s %d", p, path, code)
		}
	}
	r.loginAs(rina)
	for _, p := range []string{"/tickets/9", "/tickets/abc", "/tickets/0", "/tickets/-1", "/tickets/9/files/1"} {
		if _, code, body := r.get(p); code != http.StatusNotFound || !strings.Contains(body, "Tidak ditemukan") {
			t.Errorf("%s: %d", p, code)
		}
	}
	_, _, body := r.get("/tickets")
	csrf := csrfOf(t, body)
	for _, p := range []string{"/tickets/9/take", "/tickets/9/reply", "/tickets/9/close", "/tickets/x/reply"} {
		if _, code, _ := r.post(p, url.Values{"csrf": {csrf}, "text": {"Jawaban"}, "confirm": {"on"}}); code != http.StatusNotFound {
			t.Errorf("%s: %d", p, code)
		}
	}
}

// The pages in English say everything in English.
func TestTicketPagesInEnglish(t *testing.T) {
	r := ticketRig(t)
	r.loginAs(rina)
	r.openTicket(r.owner, "How do I apply?", r.saveFile(pngBytes))
	r.openTicket(r.owner, "", r.saveFile(pdfBytes))
	r.advance(time.Hour)
	budi := r.addOwner("Budi", "Kopi Budi", "43")
	r.openTicket(budi, "Hello", nil)
	r.get("/lang?to=en&back=/tickets")
	_, _, body := r.get("/tickets/1")
	csrf := csrfOf(t, body)
	mustContain(t, "the English ticket", body, "Ticket T-000001", ">open</span>", "Conversation", "Take this ticket", "waiting 1 hour",
		"Photo from Ani", "Download PDF document", "not answered yet", "Close the ticket", "Yes, close ticket T-000001", ">Tickets</a>")
	noRawTicketIDs(t, "/tickets/1", body)
	if _, code, body := r.post("/tickets/1/reply", url.Values{"csrf": {csrf}, "text": {""}}); code != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "Write the answer first") {
		t.Errorf("an empty answer in English: %d\n%s", code, body)
	}
	r.post("/tickets/1/reply", url.Values{"csrf": {csrf}, "text": {"Through this chat."}})
	_, code, body := r.post("/tickets/1/close", url.Values{"csrf": {csrf}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Tick the confirmation box") {
		t.Errorf("close without the confirmation in English: %d", code)
	}
	noRawTicketIDs(t, "a refused close", body)
	_, _, body = r.post("/tickets/1/close", url.Values{"csrf": {csrf}, "confirm": {"on"}})
	mustContain(t, "the closed ticket in English", body, "Ticket closed. The owner was asked for a rating.", ">closed</span>", "by Rina", "not rated yet", "officer")
	noRawTicketIDs(t, "the closed ticket", body)
	for _, p := range []string{"/tickets", "/tickets?status=closed", "/tickets?status=all", "/tickets/2", "/"} {
		_, code, body := r.get(p)
		if code != 200 {
			t.Errorf("%s: %d", p, code)
		}
		noRawTicketIDs(t, p, body)
	}
	_, _, body = r.get("/tickets")
	mustContain(t, "the English list", body, "First message", "Handled by", "Waiting", "not taken yet", "<td>0 minutes</td>", "Open</a>", "Closed</a>")
	_, _, body = r.get("/")
	mustContain(t, "the English dashboard", body, "tickets opened this year", "answered within a working day (of 1 answered)",
		"time to first answer (median)", "<b>1 hour</b>")
}

// The dashboard has the year's tickets: opened, answered within a
// working day, the median time to a first answer and the average
// rating; an open ticket unanswered a working day is marked late.
func TestTicketsOnTheDashboard(t *testing.T) {
	r := ticketRig(t)
	ctx := context.Background()
	by := office.Actor{Name: "Rina"}
	answer := func(id int64) {
		err := r.db.Update(ctx, func(tx *store.Tx) error { _, err := r.off.ReplyTicket(tx, by, id, "Baik, kami bantu."); return err })
		if err != nil {
			t.Fatal(err)
		}
	}
	closeRated := func(id int64, o store.Owner, rating int) {
		err := r.db.Update(ctx, func(tx *store.Tx) error {
			if _, err := r.off.CloseTicket(tx, by, id); err != nil {
				return err
			}
			return r.off.RateTicket(tx, o, id, rating)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	budi := r.addOwner("Budi", "Kopi Budi", "43")
	citra := r.addOwner("Citra", "Tenun Citra", "44")
	// Monday 10:00: answered at 12:00, within the working day.
	one := r.openTicket(r.owner, "Pertanyaan satu", nil)
	r.advance(2 * time.Hour)
	answer(one.ID)
	// Monday 12:00: answered Thursday 12:00, three days later.
	two := r.openTicket(budi, "Pertanyaan dua", nil)
	r.advance(72 * time.Hour)
	answer(two.ID)
	closeRated(one.ID, r.owner, 5)
	closeRated(two.ID, budi, 4)
	// Thursday 12:00: still unanswered on Saturday.
	r.openTicket(citra, "Pertanyaan tiga", nil)
	r.advance(48 * time.Hour)

	r.loginAs(rina)
	_, code, body := r.get("/")
	if code != 200 {
		t.Fatalf("the dashboard: %d", code)
	}
	mustContain(t, "the dashboard", body, `<h2><a href="/tickets">Tiket</a> 2026</h2>`, "<b>3</b><span>tiket dibuka tahun ini</span>",
		"<b>1</b><span>dijawab dalam sehari kerja (dari 2 yang dijawab)</span>", "<b>3 hari</b><span>waktu jawab pertama (median)</span>",
		"<b>4,5 / 5</b><span>nilai rata-rata (2 penilaian)</span>")
	_, _, body = r.get("/tickets")
	mustContain(t, "the late ticket", body, "<td>2 hari <span class=\"tag bad\">lewat sehari kerja</span></td>", "Tenun Citra")
	if strings.Contains(body, "Kopi Budi") {
		t.Errorf("a closed ticket among the open ones")
	}
}

// A paused channel (WhatsApp's reach-out lock) is said on the dashboard
// until its end.
func TestPauseOnTheDashboard(t *testing.T) {
	r := ticketRig(t)
	r.login("Rina")
	ctx := context.Background()
	if err := r.db.SetPause(ctx, store.Pause{Channel: "whatsapp", Until: r.clock().Add(time.Hour), Reason: "463", Since: r.clock()}); err != nil {
		t.Fatal(err)
	}
	if _, _, body := r.get("/"); !strings.Contains(body, `id="pause-whatsapp"`) || !strings.Contains(body, "whatsapp dijeda sampai") {
		t.Errorf("the dashboard does not say WhatsApp is paused:\n%s", body)
	}
	r.advance(2 * time.Hour)
	r.login("Rina")
	if _, _, body := r.get("/"); strings.Contains(body, `id="pause-whatsapp"`) {
		t.Error("the dashboard still says WhatsApp is paused after the pause ended")
	}
}

// An owner's page lists what was sent a day ago or more and not said
// delivered, to follow up; once delivered, it is gone from the list.
func TestUndeliveredOnTheOwnersPage(t *testing.T) {
	r := ticketRig(t)
	r.login("Rina")
	ctx := context.Background()
	chat := store.ChatKey{Channel: "whatsapp", Address: "6281234567890"}
	var id int64
	err := r.db.Update(ctx, func(tx *store.Tx) (err error) {
		id, err = tx.EnqueueID(store.OutboxMessage{Chat: chat, Kind: store.KindNotice, OwnerID: r.owner.ID,
			Reply: store.Reply{Text: "Pengajuan HL-2026-0001 masuk tahap verifikasi."}, NotBefore: r.clock(), CreatedAt: r.clock()})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.db.MarkSent(ctx, []int64{id}, r.clock()); err != nil {
		t.Fatal(err)
	}
	if err := r.db.SetPlatformID(ctx, id, "3EB0X"); err != nil {
		t.Fatal(err)
	}
	page := "/owners/" + r.owner.RegNo()
	if _, _, body := r.get(page); strings.Contains(body, `id="undelivered"`) {
		t.Error("listed before a day went by")
	}
	r.advance(25 * time.Hour)
	r.login("Rina")
	if _, _, body := r.get(page); !strings.Contains(body, `id="undelivered"`) || !strings.Contains(body, "masuk tahap verifikasi") {
		t.Errorf("not listed a day on:\n%s", body)
	}
	if err := r.db.MarkReceipt(ctx, "whatsapp", []string{"3EB0X"}, store.ReceiptDelivered, r.clock()); err != nil {
		t.Fatal(err)
	}
	if _, _, body := r.get(page); strings.Contains(body, `id="undelivered"`) {
		t.Error("still listed once delivered")
	}
}
