package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"sobat-ikm/bot/web"
	"sobat-ikm/flows/office"
	"sobat-ikm/locales"
	"sobat-ikm/store"
)

var rina = office.Officer{Name: "Rina", Chat: store.ChatKey{Channel: "telegram", Address: "900"}}

// rig is the console over a real database, with a clock the test moves,
// an owner (whose business name is markup) and a halal application.
type rig struct {
	t      *testing.T
	db     *store.DB
	off    *office.Office
	cat    *locales.Catalog
	mu     sync.Mutex
	now    time.Time
	srv    *httptest.Server
	client *http.Client
	owner  store.Owner
	app    store.Application
	taken  map[string]bool // login links already read
}

func newRig(t *testing.T) *rig {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "web.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	r := &rig{t: t, db: db, cat: cat, now: time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC), taken: map[string]bool{}}
	r.off = office.New(cat, r.clock)
	r.owner = store.Owner{Name: "Ani", BusinessName: "<script>alert(1)</script> Abon", Sector: "pangan", Kecamatan: "Kadia",
		Address: "Jl. Bunggasi 1", Phone: "+6281234567890", Language: "id", ConsentVersion: "v2", ConsentAt: r.now}
	err = db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.CreateOwner(&r.owner, store.ChatKey{Channel: "telegram", Address: "42"}, r.now); err != nil {
			return err
		}
		res, err := r.off.Apply(tx, r.owner, store.AppHalal, store.Answers{Products: []store.Product{{Name: "Abon"}}}, "7471014506900001")
		r.app = res.App
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	r.serve([]office.Officer{rina})
	return r
}

func (r *rig) clock() time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.now
}

func (r *rig) advance(d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.now = r.now.Add(d)
}

// serve (re)starts the console with these officers configured.
func (r *rig) serve(officers []office.Officer) {
	r.t.Helper()
	s, err := web.New(web.Config{DB: r.db, Office: r.off, Catalog: r.cat, Officers: officers, Now: r.clock, BaseURL: "https://ikm.example.go.id",
		Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		r.t.Fatal(err)
	}
	if r.srv != nil {
		r.srv.Close()
	}
	r.srv = httptest.NewServer(s)
	r.t.Cleanup(r.srv.Close)
	if r.client == nil {
		jar, _ := cookiejar.New(nil)
		r.client = &http.Client{Jar: jar}
	}
}

// get fetches a path, following redirects; it returns the final path,
// status and body.
func (r *rig) get(path string) (string, int, string) {
	r.t.Helper()
	resp, err := r.client.Get(r.srv.URL + path)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.Request.URL.Path, resp.StatusCode, string(body)
}

func (r *rig) post(path string, form url.Values) (string, int, string) {
	r.t.Helper()
	resp, err := r.client.PostForm(r.srv.URL+path, form)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.Request.URL.Path, resp.StatusCode, string(body)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func csrfOf(t *testing.T, body string) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no csrf field in:\n%s", body)
	}
	return m[1]
}

// linkSent is the login link queued to the officer's chat (the path of
// the newest), "" if none comes within a second: it is queued after the
// page answers.
func (r *rig) linkSent() string {
	r.t.Helper()
	for deadline := time.Now().Add(time.Second); ; time.Sleep(5 * time.Millisecond) {
		if l := r.newestLink(); l != "" || time.Now().After(deadline) {
			return l
		}
	}
}

// newestLink is the newest login link queued to the officer's chat not
// taken already.
func (r *rig) newestLink() string {
	r.t.Helper()
	var rows []store.OutboxMessage
	err := r.db.View(context.Background(), func(tx *store.ReadTx) (err error) {
		rows, err = tx.DueOutbox("telegram", rina.Chat.Address, r.clock().Add(time.Minute), 10)
		return err
	})
	if err != nil {
		r.t.Fatal(err)
	}
	link := ""
	for _, m := range rows {
		if i := strings.Index(m.Reply.Text, "/login/"); i >= 0 && !r.taken[strings.Fields(m.Reply.Text[i:])[0]] {
			link = strings.Fields(m.Reply.Text[i:])[0]
		}
	}
	if link != "" {
		r.taken[link] = true
	}
	return link
}

// login asks for a link as who and uses it; it returns the link.
func (r *rig) login(who string) string {
	r.t.Helper()
	_, _, body := r.get("/login")
	if _, code, body := r.post("/login", url.Values{"who": {who}, "csrf": {csrfOf(r.t, body)}}); code != 200 || !strings.Contains(body, "Periksa chat Anda") {
		r.t.Fatalf("asking for a link: %d\n%s", code, body)
	}
	link := r.linkSent()
	if link == "" {
		r.t.Fatal("no link queued to the officer's chat")
	}
	_, _, body = r.get(link)
	if path, code, body := r.post(link, url.Values{"csrf": {csrfOf(r.t, body)}}); path != "/" || code != 200 || !strings.Contains(body, "Angka Dinas") {
		r.t.Fatalf("using the link: %s %d\n%s", path, code, body)
	}
	return link
}

func TestNoSessionIsTheLoginPage(t *testing.T) {
	r := newRig(t)
	for _, p := range []string{"/", "/applications", "/owners/IKM-000001", "/audit", "/export/owners"} {
		if path, code, _ := r.get(p); path != "/login" || code != 200 {
			t.Errorf("%s without a session: %s %d", p, path, code)
		}
	}
}

func TestLoginByLinkWorksOnceAndFor10Minutes(t *testing.T) {
	r := newRig(t)
	link := r.login("rina")
	// Used: refused with a clear page, even from a new browser.
	jar, _ := cookiejar.New(nil)
	r.client = &http.Client{Jar: jar}
	_, _, body := r.get(link)
	if _, code, body := r.post(link, url.Values{"csrf": {csrfOf(t, body)}}); code != http.StatusGone || !strings.Contains(body, "sudah dipakai") {
		t.Errorf("a used link: %d\n%s", code, body)
	}
	// Expired.
	_, _, body = r.get("/login")
	r.post("/login", url.Values{"who": {"telegram:900"}, "csrf": {csrfOf(t, body)}})
	link2 := r.linkSent()
	if link2 == "" || link2 == link {
		t.Fatalf("second link %q", link2)
	}
	r.advance(11 * time.Minute)
	_, _, body = r.get(link2)
	if _, code, _ := r.post(link2, url.Values{"csrf": {csrfOf(t, body)}}); code != http.StatusGone {
		t.Errorf("an expired link: %d", code)
	}
}

// The page says the same whether or not the name is an officer's, and
// nothing is sent for a stranger.
func TestLoginSaysTheSameForAStranger(t *testing.T) {
	r := newRig(t)
	_, _, body := r.get("/login")
	_, code, body := r.post("/login", url.Values{"who": {"Joko"}, "csrf": {csrfOf(t, body)}})
	if link := r.linkSent(); code != 200 || !strings.Contains(body, "Periksa chat Anda") || link != "" {
		t.Errorf("a stranger: %d, link %q\n%s", code, link, body)
	}
}

func TestFormsNeedTheirCSRFToken(t *testing.T) {
	r := newRig(t)
	if _, code, _ := r.post("/login", url.Values{"who": {"Rina"}}); code != http.StatusForbidden {
		t.Errorf("login without its token: %d", code)
	}
	r.login("Rina")
	_, code, _ := r.post("/applications/"+r.app.Ref()+"/move", url.Values{"from": {"diajukan"}, "to": {"verifikasi_dinas"}})
	if code != http.StatusForbidden {
		t.Errorf("a move without the token: %d", code)
	}
	if _, _, body := r.get("/applications/" + r.app.Ref()); !strings.Contains(body, "Diajukan ke Dinas</b>") {
		t.Errorf("the application moved without a token:\n%s", body)
	}
}

// A move in the browser is the office's: the owner is told, the audit
// log names the officer, the timeline shows it; a second move from the
// same page (another officer got there first) is refused, nothing lost.
func TestMoveFromTheBrowser(t *testing.T) {
	r := newRig(t)
	r.login("Rina")
	_, _, body := r.get("/applications/" + r.app.Ref())
	csrf := csrfOf(t, body)
	if !strings.Contains(body, "7471********0001") || strings.Contains(body, "7471014506900001") {
		t.Errorf("the NIK is not masked:\n%s", body)
	}
	form := url.Values{"csrf": {csrf}, "from": {"diajukan"}, "to": {"verifikasi_dinas"}, "note": {"data <b>lengkap</b>"}}
	path, code, body := r.post("/applications/"+r.app.Ref()+"/move", form)
	if code != 200 || path != "/applications/"+r.app.Ref() || !strings.Contains(body, "data &lt;b&gt;lengkap&lt;/b&gt;") {
		t.Fatalf("move: %s %d\n%s", path, code, body)
	}
	if _, code, body := r.post("/applications/"+r.app.Ref()+"/move", form); code != http.StatusConflict || !strings.Contains(body, "sudah dipindahkan") {
		t.Errorf("the same move again: %d\n%s", code, body)
	}
	var notices []store.OutboxMessage
	r.db.View(context.Background(), func(tx *store.ReadTx) (err error) {
		notices, err = tx.DueOutbox("telegram", "42", r.clock().Add(time.Hour), 10)
		return err
	})
	if len(notices) != 1 || !strings.Contains(notices[0].Reply.Text, "Diperiksa Dinas") {
		t.Errorf("the owner's notices: %+v", notices)
	}
	if _, _, body := r.get("/audit"); !strings.Contains(body, "application.move") || !strings.Contains(body, "Rina") {
		t.Errorf("audit log:\n%s", body)
	}
}

// Whatever an owner typed is shown as text.
func TestOwnersTextIsEscaped(t *testing.T) {
	r := newRig(t)
	r.login("Rina")
	for _, p := range []string{"/owners", "/owners/IKM-000001", "/applications", "/"} {
		_, code, body := r.get(p)
		if code != 200 || strings.Contains(body, "<script>alert(1)</script>") {
			t.Errorf("%s: %d, markup not escaped", p, code)
		}
	}
	if _, _, body := r.get("/owners"); !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt; Abon") {
		t.Errorf("owners page lacks the escaped name")
	}
}

// An officer removed from the configuration is logged out.
func TestRemovedOfficerIsLoggedOut(t *testing.T) {
	r := newRig(t)
	r.login("Rina")
	r.serve([]office.Officer{{Name: "Anwar", Chat: store.ChatKey{Channel: "console", Address: "anwar"}}})
	if path, _, _ := r.get("/"); path != "/login" {
		t.Errorf("a removed officer still in: %s", path)
	}
	r.serve([]office.Officer{rina})
	if path, _, _ := r.get("/"); path != "/login" {
		t.Errorf("the ended session came back: %s", path)
	}
}

// An export holds exactly the rows of the filtered list.
func TestExportIsTheFilteredList(t *testing.T) {
	r := newRig(t)
	r.login("Rina")
	_, _, all := r.get("/export/applications")
	_, _, tkdn := r.get("/export/applications?kind=tkdn")
	_, _, list := r.get("/applications?kind=halal")
	if n := strings.Count(all, "\n"); n != 2 || !strings.Contains(all, r.app.Ref()) {
		t.Errorf("all applications: %d lines\n%s", n, all)
	}
	if n := strings.Count(tkdn, "\n"); n != 1 {
		t.Errorf("TKDN only: %d lines (the header alone)\n%s", n, tkdn)
	}
	if !strings.Contains(list, "1 dari 1") {
		t.Errorf("the halal list does not say 1 of 1")
	}
	_, _, siinas := r.get("/export/owners?shape=siinas")
	if !strings.HasPrefix(siinas, "\ufeffNama Perusahaan,NIB,KBLI,") || !strings.Contains(siinas, `"=""081234567890"""`) ||
		!strings.Contains(siinas, "Kota Kendari,Sulawesi Tenggara") {
		t.Errorf("SIINas export:\n%s", siinas)
	}
	_, _, owners := r.get("/export/owners?binaan=1")
	if n := strings.Count(owners, "\n"); n != 1 {
		t.Errorf("binaan owners: %d lines, want the header alone", n)
	}
}

func TestSecurityHeaders(t *testing.T) {
	r := newRig(t)
	resp, err := r.client.Get(r.srv.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for h, want := range map[string]string{"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"} {
		if got := resp.Header.Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP %q", csp)
	}
}

func TestLoginRequestsAreLimited(t *testing.T) {
	r := newRig(t)
	_, _, body := r.get("/login")
	csrf := csrfOf(t, body)
	var last int
	for range 6 {
		_, last, _ = r.post("/login", url.Values{"who": {"Joko"}, "csrf": {csrf}})
	}
	if last != http.StatusTooManyRequests {
		t.Errorf("the 6th request in 10 minutes: %d", last)
	}
}

func TestFilters(t *testing.T) {
	r := newRig(t)
	r.login("Rina")
	for _, tc := range []struct{ path, want string }{
		{"/applications?days=5", "0 dari 0"},
		{"/applications?kecamatan=Poasia", "0 dari 0"},
		{"/applications?kecamatan=Kadia", "1 dari 1"},
		{"/owners?app=1", "1 dari 1"},
		{"/owners?binaan=1", "0 dari 0"},
	} {
		if _, code, body := r.get(tc.path); code != 200 || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d, lacks %q", tc.path, code, tc.want)
		}
	}
	r.advance(6 * 24 * time.Hour)
	r.login("Rina") // (the session outlived: a new one)
	if _, _, body := r.get("/applications?days=5"); !strings.Contains(body, "1 dari 1") {
		t.Errorf("waiting more than 5 days, 6 days later: not listed")
	}
	if _, _, body := r.get("/"); !strings.Contains(body, `href="/owners?kecamatan=Kadia">Kadia</a></td><td>1</td>`) {
		t.Errorf("the dashboard lacks the owners of Kadia")
	}
}

// The language switch goes back to a page of the console only.
func TestLanguageSwitchStaysOnTheSite(t *testing.T) {
	r := newRig(t)
	r.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for back, want := range map[string]string{
		"/applications/HL-2026-0001": "/applications/HL-2026-0001", "/owners": "/owners",
		"//evil.example": "/", "/./%5Cevil.example": "/", "/%09/evil.example": "/", "https://evil.example": "/", "/\\evil": "/",
	} {
		resp, err := r.client.Get(r.srv.URL + "/lang?to=en&back=" + url.QueryEscape(back))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Location"); got != want {
			t.Errorf("back=%q: Location %q, want %q", back, got, want)
		}
	}
}

// A login link is built from the configured address, never from the
// request's Host.
func TestLinkIgnoresTheHostHeader(t *testing.T) {
	r := newRig(t)
	_, _, body := r.get("/login")
	req, _ := http.NewRequest("POST", r.srv.URL+"/login", strings.NewReader(url.Values{"who": {"Rina"}, "csrf": {csrfOf(t, body)}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Host = "evil.example"
	u, _ := url.Parse(r.srv.URL)
	for _, c := range r.client.Jar.Cookies(u) {
		req.AddCookie(c)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("asking for a link with another Host: %d", resp.StatusCode)
	}
	r.linkSent()
	var rows []store.OutboxMessage
	r.db.View(context.Background(), func(tx *store.ReadTx) (err error) {
		rows, err = tx.DueOutbox("telegram", rina.Chat.Address, r.clock().Add(time.Minute), 10)
		return err
	})
	if len(rows) != 1 || !strings.Contains(rows[0].Reply.Text, "https://ikm.example.go.id/login/") || strings.Contains(rows[0].Reply.Text, "evil") {
		t.Errorf("the link sent: %+v", rows)
	}
	if rows[0].ExpiresAt.IsZero() {
		t.Errorf("the link's message never expires")
	}
}

// Behind the reverse proxy (on this machine), each client is counted by
// the address the proxy adds; and however many addresses ask, an
// officer's chat gets at most 5 links in 10 minutes.
func TestLoginLimitBehindTheProxy(t *testing.T) {
	r := newRig(t)
	_, _, body := r.get("/login")
	csrf := csrfOf(t, body)
	ask := func(who, from string) int {
		req, _ := http.NewRequest("POST", r.srv.URL+"/login", strings.NewReader(url.Values{"who": {who}, "csrf": {csrf}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", from)
		resp, err := r.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for i := range 5 {
		if code := ask("Joko", "203.0.113.9"); code != 200 {
			t.Fatalf("request %d of one client: %d", i+1, code)
		}
	}
	if code := ask("Joko", "203.0.113.9"); code != http.StatusTooManyRequests {
		t.Errorf("the 6th of one client: %d", code)
	}
	if code := ask("Joko", "203.0.113.10"); code != 200 {
		t.Errorf("another client behind the same proxy: %d", code)
	}
	for i := range 5 {
		if code := ask("Rina", fmt.Sprint("198.51.100.", i)); code != 200 {
			t.Fatalf("link %d for Rina: %d", i+1, code)
		}
	}
	if code := ask("Rina", "198.51.100.99"); code != http.StatusTooManyRequests {
		t.Errorf("a 6th link for Rina from yet another address: %d", code)
	}
}
