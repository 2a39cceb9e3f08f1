//go:build unix

package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sobat-ikm/store"
)

// A change made from the command line, in a second process, tells the
// owner exactly as a change made in chat would: the running bot (serving
// Telegram against fakeBotAPI) finds the notice in the outbox and sends it
// within its poll interval (bot.SenderConfig.Poll, 1 s).
func TestCLINoticeReachesRunningBot(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the program")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "bot.db")
	const ownerChat = 4242
	seedOwners(t, db, seed("Ani", store.ChatKey{Channel: "telegram", Address: "4242"}))

	fake := newFakeBotAPI(t, killTestToken, time.Second)
	// (startProc drops the test's TELEGRAM_ settings; a later value of a
	// variable wins, and an empty SOBAT_ one counts as unset.)
	botEnv := []string{"TELEGRAM_BOT_TOKEN=" + killTestToken, "TELEGRAM_API_URL=" + fake.URL(),
		"SOBAT_OFFICERS=", "SOBAT_OFFICE_NAME="}
	cliEnv := []string{"SOBAT_OFFICERS=telegram:900=Rina", "SOBAT_OFFICE_NAME="}

	bot := startProc(t, bin, dir, botEnv, "-db", db)
	bot.waitFor(t, "telegram long polling")
	// The owner is served: a message gets its answer.
	fake.SendText(ownerChat, "Ani", "halo")
	waitSent(t, fake, ownerChat, 1, 10*time.Second)

	code, stdout, stderr := runProc(t, bin, dir, cliEnv, "", "-db", db, "owners", "binaan", "IKM-000001", "on", "-by", "Rina")
	done := time.Now()
	if code != 0 || !strings.Contains(stdout, "IKM-000001 Abon Ani kini IKM binaan.") {
		t.Fatalf("owners binaan: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	sent := waitSent(t, fake, ownerChat, 2, 5*time.Second)
	took := time.Since(done)
	notice := sent[len(sent)-1]
	if !strings.HasPrefix(notice.Text, "Kabar baik! Usaha Anda, Abon Ani (IKM-000001), kini menjadi IKM binaan Dinas Tenaga Kerja dan Perindustrian Kota Kendari.") ||
		notice.Markup != "" {
		t.Errorf("notice %+v", notice)
	}
	t.Logf("notice delivered %v after the command ended", took.Round(10*time.Millisecond))
	if took > 3*time.Second {
		t.Errorf("notice took %v, want within the sender's poll interval (1 s) and some slack", took)
	}

	// The same command again changes nothing and sends nothing more.
	code, stdout, _ = runProc(t, bin, dir, cliEnv, "", "-db", db, "owners", "binaan", "IKM-000001", "on", "-by", "Rina")
	if code != 0 || !strings.Contains(stdout, "sudah IKM binaan") {
		t.Errorf("owners binaan again: exit %d, %q", code, stdout)
	}
	time.Sleep(1500 * time.Millisecond) // more than one poll of the sender
	if n := fake.SentCount(ownerChat); n != 2 {
		t.Errorf("%d messages to the owner after the second command, want 2", n)
	}
	if code := bot.stop(t); code != 0 {
		t.Errorf("bot exit %d; stderr:\n%s", code, bot.stderr.String())
	}
	if strings.Contains(bot.stderr.String(), "level=ERROR") {
		t.Errorf("the bot logged an error:\n%s", bot.stderr.String())
	}
}

// waitSent waits until the fake got n messages for the chat and returns them.
func waitSent(t *testing.T, f *fakeBotAPI, chat int64, n int, within time.Duration) []fakeSent {
	t.Helper()
	deadline := time.After(within)
	for {
		changed := f.Changed()
		if sent := f.Sent(chat); len(sent) >= n {
			return sent
		}
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("chat %d got %d message(s) within %v, want %d: %+v", chat, f.SentCount(chat), within, n, f.Sent(chat))
		}
	}
}
