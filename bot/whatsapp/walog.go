package whatsapp

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"regexp"

	waLog "go.mau.fi/whatsmeow/util/log"
)

// waLogger writes whatsmeow's logs to slog, with JIDs masked: whatsmeow
// puts phone numbers in its messages ("Decrypting message from
// 628...@s.whatsapp.net"), and logs never hold a number in clear.
type waLogger struct {
	log    *slog.Logger
	module string
}

// NewWALogger adapts log for whatsmeow; module names the part of
// whatsmeow ("Client", "Database").
func NewWALogger(log *slog.Logger, module string) waLog.Logger {
	return &waLogger{log: log, module: module}
}

func (l *waLogger) Errorf(msg string, args ...any) { l.logf(slog.LevelError, msg, args) }
func (l *waLogger) Warnf(msg string, args ...any)  { l.logf(slog.LevelWarn, msg, args) }
func (l *waLogger) Infof(msg string, args ...any)  { l.logf(slog.LevelInfo, msg, args) }
func (l *waLogger) Debugf(msg string, args ...any) { l.logf(slog.LevelDebug, msg, args) }

func (l *waLogger) Sub(module string) waLog.Logger {
	return &waLogger{log: l.log, module: l.module + "/" + module}
}

func (l *waLogger) logf(level slog.Level, msg string, args []any) {
	ctx := context.Background()
	if !l.log.Enabled(ctx, level) {
		return
	}
	l.log.Log(ctx, level, Redact(fmt.Sprintf(msg, args...)), "component", "whatsmeow", "module", l.module)
}

// jidPattern matches user JIDs with a phone number or LID, with or
// without an agent or device part (628123:12@s.whatsapp.net, 1234.1:5@lid).
var jidPattern = regexp.MustCompile(`\+?[0-9]{5,}(?:[.:][0-9]+)*@(?:s\.whatsapp\.net|c\.us|lid|hosted(?:\.lid)?)`)

// Redact replaces user JIDs in s by a short hash of their user part.
func Redact(s string) string {
	return jidPattern.ReplaceAllStringFunc(s, func(j string) string {
		sum := sha256.Sum256([]byte(j))
		return "jid:" + hex.EncodeToString(sum[:4])
	})
}
