package telegram

import (
	"context"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"sobat-ikm/bot"
	"sobat-ikm/flows"
	"sobat-ikm/locales"
	"sobat-ikm/store"
)

// An owner registers through a real third-party Bot API emulator, from
// /start to the registration number, pressing the buttons the bot offers
// and sharing their number with the contact button; everything else is
// the real bot: adapter, dispatcher, flows, sender and SQLite store.
func TestEmulatorRegistration(t *testing.T) {
	pkg := emulatorDir(t)
	base := startEmulator(t, pkg)
	const token = "4242:EMULATOR-token"

	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "e2e.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	var logs logBuffer
	log := logs.logger()
	defer func() {
		if t.Failed() {
			t.Logf("logs:\n%s", logs.String())
		}
	}()
	// Telegram's pacing, but a faster chat: the owner here answers at once.
	limits := DefaultLimits
	limits.PerChat = 5
	a, err := New(Config{Token: token, APIURL: base, Catalog: cat, Log: log, PollTimeout: 5 * time.Second, Limits: limits,
		HTTPClient: formClient{c: &http.Client{Timeout: 10 * time.Second}, idle: 50 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	sender := bot.NewSender(db, bot.SenderConfig{Log: log, Poll: 100 * time.Millisecond}, a.Routes()...)
	disp := bot.NewDispatcher(db, flows.New(cat), bot.DispatcherConfig{Log: log,
		AfterCommit: func(_ bot.Inbound, channels []string, _ time.Time) { sender.Notify(channels...) }})
	runCtx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { sender.Run(runCtx) })
	wg.Go(func() {
		if err := a.Run(runCtx, disp.Submit); err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	defer func() { stop(); wg.Wait(); disp.Close() }()

	u := &emuUser{t: t, base: base, token: token, id: 5550123, c: &http.Client{Timeout: 10 * time.Second}}
	u.command("/start")
	m := u.reply("Selamat datang di Sobat IKM")
	if len(m.ReplyMarkup.InlineKeyboard) != 8 {
		t.Fatalf("menu has %d buttons, want 8", len(m.ReplyMarkup.InlineKeyboard))
	}
	u.press(m, "1. Daftar")
	u.press(u.reply("UU Pelindungan Data Pribadi"), "1. Ya")
	u.reply("nama lengkap")
	u.say("Wa Ode Nurhayati")
	u.reply("nama usaha")
	u.say("Tenun Nurhayati")
	u.press(u.reply("bidang apa"), "2. Sandang")
	u.reply("produk utama")
	u.say("sarung tenun")
	u.press(u.reply("kecamatan"), "11. Wua-Wua")
	u.reply("alamat usaha")
	u.say("Jl. Wua-Wua No. 4")
	m = u.reply("nomor HP")
	if kb := m.ReplyMarkup.Keyboard; len(kb) != 1 || len(kb[0]) != 1 || kb[0][0].RequestContact != true || m.ReplyMarkup.OneTimeKeyboard != true {
		t.Fatalf("phone question keyboard %+v, want one one-time request_contact button", m.ReplyMarkup)
	}
	u.shareContact("6281355557777")
	u.press(u.reply("NIB"), "1. Belum punya NIB")
	m = u.reply("+6281355557777")
	u.press(m, "1. Ya, simpan")
	u.reply("IKM-000001")

	if n, err := db.Count(ctx, "owners"); err != nil || n != 1 {
		t.Errorf("owners: %d (%v), want 1", n, err)
	}
}
