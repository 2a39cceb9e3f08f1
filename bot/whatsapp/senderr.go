package whatsapp

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"go.mau.fi/whatsmeow"

	"sobat-ikm/bot"
)

// Reasons a message is not sent now.
var (
	// ErrOffline: the connection is down; whatsmeow reconnects on its own.
	ErrOffline = errors.New("whatsapp: not connected")
	// ErrStopped: the channel stopped for good (logged out, replaced,
	// outdated, banned); rows wait for the next start.
	ErrStopped = errors.New("whatsapp: channel stopped")
	// ErrNeverWrote: the chat never wrote to the office, and sending to
	// strangers gets the number banned.
	ErrNeverWrote = errors.New("whatsapp: chat never wrote to the office; not messaged first (ban risk)")
	// ErrBadAddress: the chat's address is not a WhatsApp user JID.
	ErrBadAddress = errors.New("whatsapp: address is not a WhatsApp user")
)

// classify says what the sender should do about an error of SendMessage.
func classify(err error) error {
	switch {
	case errors.Is(err, whatsmeow.ErrServerReturnedError):
		code := serverCode(err)
		switch {
		case code == 429: // rate limited
			return bot.Temporary(err, 5*time.Minute)
		case code == 408 || code >= 500:
			return bot.Temporary(err, 0)
		case code == reachoutCode:
			// WhatsApp's reach-out lock on the number (whatsmeow #1074,
			// #1157): the row waits, and the outlet pauses the channel's
			// proactive messages (pause.go).
			return bot.Temporary(err, reachoutRetry)
		case code >= 400:
			return bot.Permanent(err)
		}
		return bot.Temporary(err, 0)
	case errors.Is(err, whatsmeow.ErrRecipientADJID), errors.Is(err, whatsmeow.ErrUnknownServer),
		errors.Is(err, whatsmeow.ErrBroadcastListUnsupported):
		return bot.Permanent(err)
	case errors.Is(err, whatsmeow.ErrNotConnected), errors.Is(err, whatsmeow.ErrIQTimedOut),
		errors.Is(err, whatsmeow.ErrMessageTimedOut), errors.Is(err, context.DeadlineExceeded):
		return bot.Temporary(err, 0)
	}
	return err // retried with the sender's backoff
}

// serverCode reads the code of "server returned error 463", or 0.
func serverCode(err error) int {
	msg := err.Error()
	i := strings.LastIndex(msg, whatsmeow.ErrServerReturnedError.Error())
	if i < 0 {
		return 0
	}
	rest := strings.TrimSpace(msg[i+len(whatsmeow.ErrServerReturnedError.Error()):])
	end := strings.IndexFunc(rest, func(r rune) bool { return r < '0' || r > '9' })
	if end >= 0 {
		rest = rest[:end]
	}
	code, _ := strconv.Atoi(rest)
	return code
}
