package whatsapp

import (
	"log/slog"
	"strings"
	"testing"
)

// whatsmeow's messages reach the log without phone numbers or LIDs.
func TestWALoggerRedactsJIDs(t *testing.T) {
	log, buf := newLog(slog.LevelDebug)
	wl := NewWALogger(log, "Client").Sub("Recv")
	wl.Infof("Decrypting message from %s", "6281234567890:12@s.whatsapp.net")
	wl.Warnf("No LID found for %s in %v", "6281234567890@s.whatsapp.net", "123456789012345@lid")
	wl.Debugf(`<message from="123456789012345:3@lid" id="3EB0ABC"/>`)
	out := buf.String()
	for _, secret := range []string{"6281234567890", "123456789012345"} {
		if strings.Contains(out, secret) {
			t.Errorf("log holds %s in clear:\n%s", secret, out)
		}
	}
	if !strings.Contains(out, "module=Client/Recv") || !strings.Contains(out, "3EB0ABC") || strings.Count(out, "jid:") != 4 {
		t.Errorf("log:\n%s", out)
	}
	if got := Redact("Successfully authenticated"); got != "Successfully authenticated" {
		t.Errorf("Redact changed a message without JIDs: %q", got)
	}
}
