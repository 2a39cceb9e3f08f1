package web_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"sobat-ikm/store"
)

// chromium finds Debian's chromium. Under CI it must be there (.ci/run
// installs it); elsewhere the browser test is skipped, and says why.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed: .ci/run installs Debian's chromium for this test")
	}
	t.Skip("chromium is not installed (apt-get install chromium): the browser test is skipped")
	return ""
}

// artifacts is where the browser test leaves its screenshots (not
// committed): $SOBAT_ARTIFACTS, or a directory under the system's temp.
func artifacts(t *testing.T) string {
	dir := os.Getenv("SOBAT_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "sobat-ikm-artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// A real browser: log in through the link sent to the officer's chat,
// filter the applications, move one with a note, see it in the timeline,
// check the owner's notice is queued, download an export, create a
// training and see its participants, preview and send an announcement,
// read and answer a ticket, and take screenshots at desktop and phone
// widths.
func TestBrowser(t *testing.T) {
	exe := chromium(t)
	r := newRig(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.NoFirstRun, chromedp.WindowSize(1280, 900))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelTime := context.WithTimeout(ctx, 90*time.Second)
	defer cancelTime()
	shots := artifacts(t)
	downloads := t.TempDir()

	// Log in: the link goes to the officer's chat (here, the outbox).
	var h1 string
	err := chromedp.Run(ctx,
		browser.SetDownloadBehavior(browser.SetDownloadBehaviorBehaviorAllow).WithDownloadPath(downloads),
		chromedp.Navigate(r.srv.URL+"/"),
		chromedp.WaitVisible(`input[name="who"]`),
		chromedp.SendKeys(`input[name="who"]`, "Rina"),
		chromedp.Submit(`input[name="who"]`),
		chromedp.WaitNotPresent(`input[name="who"]`), // the next page
		chromedp.Text(`h1`, &h1),
	)
	if err != nil || h1 != "Periksa chat Anda" {
		t.Fatalf("asking for a link: %q, %v", h1, err)
	}
	link := r.linkSent()
	if link == "" {
		t.Fatal("no link queued to the officer's chat")
	}
	var shot []byte
	err = chromedp.Run(ctx,
		chromedp.Navigate(r.srv.URL+link),
		chromedp.Click(`main button`),
		chromedp.WaitVisible(`.cards`),
		chromedp.Text(`h1`, &h1),
		chromedp.FullScreenshot(&shot, 100),
	)
	if err != nil || !strings.Contains(h1, "Angka Dinas") {
		t.Fatalf("using the link: %q, %v", h1, err)
	}
	os.WriteFile(filepath.Join(shots, "dashboard-desktop.png"), shot, 0o644)

	// Filter, open, move with a note.
	ref := r.app.Ref()
	var table, timeline string
	err = chromedp.Run(ctx,
		chromedp.Navigate(r.srv.URL+"/applications?kind=halal&stage=diajukan"),
		chromedp.Text(`table`, &table),
		chromedp.Click(`a[href="/applications/`+ref+`"]`),
		chromedp.WaitVisible(`select[name="to"]`),
		chromedp.SetValue(`select[name="to"]`, "verifikasi_dinas"),
		chromedp.SendKeys(`textarea[name="note"]`, "data lengkap, diteruskan"),
		chromedp.Submit(`textarea[name="note"]`),
		chromedp.WaitVisible(`#done`), // the page after the move
		chromedp.Text(`.timeline`, &timeline),
		chromedp.FullScreenshot(&shot, 100),
	)
	if err != nil || !strings.Contains(table, ref) || !strings.Contains(timeline, "Diperiksa Dinas") || !strings.Contains(timeline, "data lengkap, diteruskan") {
		t.Fatalf("move: table %q, timeline %q, %v", table, timeline, err)
	}
	os.WriteFile(filepath.Join(shots, "application-desktop.png"), shot, 0o644)
	var notices []store.OutboxMessage
	r.db.View(context.Background(), func(tx *store.ReadTx) (err error) {
		notices, err = tx.DueOutbox("telegram", "42", r.clock().Add(time.Hour), 10)
		return err
	})
	if len(notices) != 1 || !strings.Contains(notices[0].Reply.Text, "data lengkap, diteruskan") {
		t.Errorf("the owner's notice: %+v", notices)
	}

	// An export of the filtered list, downloaded.
	err = chromedp.Run(ctx,
		chromedp.Navigate(r.srv.URL+"/applications?kind=halal"),
		chromedp.Click(`a[href^="/export/applications"]`),
	)
	if err != nil && !strings.Contains(err.Error(), "net::ERR_ABORTED") {
		t.Fatalf("export: %v", err)
	}
	var csv []byte
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		files, _ := filepath.Glob(filepath.Join(downloads, "*.csv"))
		if len(files) == 1 {
			if csv, _ = os.ReadFile(files[0]); strings.Count(string(csv), "\n") == 2 {
				break
			}
		}
	}
	if !strings.Contains(string(csv), ref) {
		t.Errorf("downloaded export: %q", csv)
	}

	// A training: created in the form, an owner signs up (in chat, here
	// the office), and its page lists them.
	var done string
	err = chromedp.Run(ctx,
		chromedp.Navigate(r.srv.URL+"/trainings"),
		chromedp.WaitVisible(`input[name="title"]`),
		chromedp.SendKeys(`input[name="title"]`, "Bimtek Kemasan Pangan"),
		chromedp.SetValue(`select[name="kind"]`, "bimtek"),
		chromedp.SetValue(`input[name="starts"]`, "2026-12-05T08:00"),
		chromedp.SetValue(`input[name="ends"]`, "2026-12-05T16:00"),
		chromedp.SendKeys(`input[name="venue"]`, "Aula Dinas"),
		chromedp.SendKeys(`input[name="quota"]`, "20"),
		chromedp.Click(`input[name="sector"][value="pangan"]`),
		chromedp.Submit(`input[name="title"]`),
		chromedp.WaitVisible(`#done`),
		chromedp.Text(`#done`, &done),
	)
	if err != nil || !strings.Contains(done, "Pelatihan dibuat") {
		t.Fatalf("a new training: %q, %v", done, err)
	}
	var training string
	if err := chromedp.Run(ctx, chromedp.Location(&training)); err != nil {
		t.Fatal(err)
	}
	training = strings.TrimPrefix(training, r.srv.URL)
	training, _, _ = strings.Cut(training, "?")
	err = r.db.Update(context.Background(), func(tx *store.Tx) error {
		id, _ := strconv.ParseInt(strings.TrimPrefix(training, "/trainings/"), 10, 64)
		_, err := r.off.Enroll(tx, r.owner, id)
		return err
	})
	if err != nil {
		t.Fatalf("enroll in %s: %v", training, err)
	}
	var participants string
	err = chromedp.Run(ctx,
		chromedp.Navigate(r.srv.URL+"/trainings"),
		chromedp.FullScreenshot(&shot, 100),
		chromedp.ActionFunc(func(context.Context) error {
			return os.WriteFile(filepath.Join(shots, "trainings-desktop.png"), shot, 0o644)
		}),
		chromedp.Click(`a[href="`+training+`"]`),
		chromedp.WaitVisible(`.participants`),
		chromedp.Text(`.participants`, &participants),
		chromedp.FullScreenshot(&shot, 100),
	)
	if err != nil || !strings.Contains(participants, r.owner.RegNo()) {
		t.Fatalf("the training's page: %q, %v", participants, err)
	}
	os.WriteFile(filepath.Join(shots, "training-desktop.png"), shot, 0o644)

	// An announcement: written, previewed with whom it reaches, sent.
	var reached string
	err = chromedp.Run(ctx,
		chromedp.Navigate(r.srv.URL+"/broadcasts"),
		chromedp.WaitVisible(`textarea[name="text_id"]`),
		chromedp.SendKeys(`textarea[name="text_id"]`, "Pameran produk IKM hari Sabtu di Aula Dinas.\nDaftar lewat chat ini."),
		chromedp.SetValue(`select[name="sector"]`, "pangan"),
		chromedp.Submit(`textarea[name="text_id"]`),
		chromedp.WaitVisible(`form.send`),
		chromedp.Text(`.reached`, &reached),
		chromedp.FullScreenshot(&shot, 100),
		chromedp.ActionFunc(func(context.Context) error {
			return os.WriteFile(filepath.Join(shots, "broadcasts-desktop.png"), shot, 0o644)
		}),
		chromedp.Click(`form.send button`),
		chromedp.WaitVisible(`#done`),
		chromedp.Text(`#done`, &done),
		chromedp.FullScreenshot(&shot, 100),
	)
	if err != nil || !strings.Contains(reached, "1 dari 1") || !strings.Contains(done, "Pengumuman disimpan") {
		t.Fatalf("an announcement: %q, %q, %v", reached, done, err)
	}
	os.WriteFile(filepath.Join(shots, "broadcast-desktop.png"), shot, 0o644)

	// A ticket: an owner's question with a photo (in chat, here the
	// office), listed, read and answered.
	var photo bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 240, 160))
	for x := range 240 {
		for y := range 160 {
			img.Set(x, y, color.RGBA{R: uint8(x), G: 110, B: uint8(y + 60), A: 255})
		}
	}
	if err := png.Encode(&photo, img); err != nil {
		t.Fatal(err)
	}
	var tk store.Ticket
	err = r.db.Update(context.Background(), func(tx *store.Tx) error {
		f, err := r.db.SaveFile(&photo, store.MaxFileSize)
		if err != nil {
			return err
		}
		tk, err = r.off.OpenTicket(tx, r.owner, "Kemasan kami seperti ini.\nApakah labelnya sudah benar untuk pengajuan halal?", &f)
		return err
	})
	if err != nil {
		t.Fatalf("a ticket: %v", err)
	}
	ticket := "/tickets/" + strconv.FormatInt(tk.ID, 10)
	var tickets, thread string
	var loaded bool
	err = chromedp.Run(ctx,
		chromedp.Navigate(r.srv.URL+"/tickets"),
		chromedp.WaitVisible(`table.tickets`),
		chromedp.Text(`table.tickets`, &tickets),
		chromedp.FullScreenshot(&shot, 100),
		chromedp.ActionFunc(func(context.Context) error {
			return os.WriteFile(filepath.Join(shots, "tickets-desktop.png"), shot, 0o644)
		}),
		chromedp.Click(`a[href="`+ticket+`"]`),
		chromedp.WaitVisible(`.thread img`),
		chromedp.Evaluate(`document.querySelector('.thread img').naturalWidth === 240`, &loaded),
		chromedp.SendKeys(`textarea[name="text"]`, "Labelnya sudah benar.\nSilakan lanjutkan pengajuan."),
		chromedp.Submit(`textarea[name="text"]`),
		chromedp.WaitVisible(`#done`),
		chromedp.Text(`.thread`, &thread),
		chromedp.FullScreenshot(&shot, 100),
	)
	if err != nil || !strings.Contains(tickets, tk.Ref()) || !loaded || !strings.Contains(thread, "Silakan lanjutkan pengajuan.") {
		t.Fatalf("a ticket: list %q, photo shown %v, thread %q, %v", tickets, loaded, thread, err)
	}
	os.WriteFile(filepath.Join(shots, "ticket-desktop.png"), shot, 0o644)

	// A phone's width.
	err = chromedp.Run(ctx,
		chromedp.EmulateViewport(360, 740),
		chromedp.Navigate(r.srv.URL+"/applications/"+ref),
		chromedp.WaitVisible(`.timeline`),
		chromedp.FullScreenshot(&shot, 100),
	)
	if err != nil {
		t.Fatalf("phone width: %v", err)
	}
	os.WriteFile(filepath.Join(shots, "application-360px.png"), shot, 0o644)
	var overflow bool
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.documentElement.scrollWidth > window.innerWidth + 1`, &overflow)); err != nil || overflow {
		t.Errorf("the page is wider than a 360 px phone (%v)", err)
	}
	err = chromedp.Run(ctx,
		chromedp.Navigate(r.srv.URL+training),
		chromedp.WaitVisible(`.participants`),
		chromedp.FullScreenshot(&shot, 100),
		chromedp.Evaluate(`document.documentElement.scrollWidth > window.innerWidth + 1`, &overflow),
	)
	if err != nil || overflow {
		t.Errorf("the training's page is wider than a 360 px phone (%v)", err)
	}
	os.WriteFile(filepath.Join(shots, "training-360px.png"), shot, 0o644)
	err = chromedp.Run(ctx,
		chromedp.Navigate(r.srv.URL+"/broadcasts"),
		chromedp.WaitVisible(`textarea[name="text_id"]`),
		chromedp.FullScreenshot(&shot, 100),
		chromedp.Evaluate(`document.documentElement.scrollWidth > window.innerWidth + 1`, &overflow),
	)
	if err != nil || overflow {
		t.Errorf("the broadcasts page is wider than a 360 px phone (%v)", err)
	}
	os.WriteFile(filepath.Join(shots, "broadcasts-360px.png"), shot, 0o644)
	err = chromedp.Run(ctx,
		chromedp.Navigate(r.srv.URL+ticket),
		chromedp.WaitVisible(`.thread`),
		chromedp.FullScreenshot(&shot, 100),
		chromedp.Evaluate(`document.documentElement.scrollWidth > window.innerWidth + 1`, &overflow),
	)
	if err != nil || overflow {
		t.Errorf("the ticket's page is wider than a 360 px phone (%v)", err)
	}
	os.WriteFile(filepath.Join(shots, "ticket-360px.png"), shot, 0o644)
	t.Logf("screenshots in %s", shots)
}
