package whatsapp

import (
	"sobat-ikm/store"

	"context"
	"log/slog"
	"sync"
	"time"

	"go.mau.fi/whatsmeow/types"
)

// presence shows the owner that a reply is coming: their message is
// marked read and "typing..." shows until the reply is sent. WhatsApp
// shows typing only from a device that is online, and while the linked
// device is online the office's phone gets no notifications, so the
// device goes online for typing and offline again after IdleOffline.
// Everything here is best effort: errors are only logged.
type presence struct {
	cli   Client
	log   *slog.Logger
	idle  time.Duration
	pseud *store.Pseudonyms

	mu     sync.Mutex
	online bool
	timer  *time.Timer
	closed bool
}

func newPresence(cli Client, log *slog.Logger, idle time.Duration, pseud *store.Pseudonyms) *presence {
	return &presence{cli: cli, log: log, idle: idle, pseud: pseud}
}

// read marks the message read and shows typing in its chat.
func (p *presence) read(ctx context.Context, in Incoming, chat types.JID) {
	if err := p.cli.MarkRead(ctx, []types.MessageID{in.Inbound.ID}, time.Now(), in.ReceiptChat, in.ReceiptSender); err != nil {
		p.log.Debug("mark read failed", "chat", p.pseud.Of(in.Inbound.Chat), "err", err)
	}
	p.goOnline(ctx)
	if err := p.cli.SendChatPresence(ctx, chat, types.ChatPresenceComposing, ""); err != nil {
		p.log.Debug("typing indicator failed", "chat", p.pseud.Of(in.Inbound.Chat), "err", err)
	}
}

// sent stops the typing indicator in the chat after a reply.
func (p *presence) sent(ctx context.Context, chat types.JID, hash string) {
	if err := p.cli.SendChatPresence(ctx, chat, types.ChatPresencePaused, ""); err != nil {
		p.log.Debug("typing stop failed", "chat", hash, "err", err)
	}
}

// offline shows the device offline now (at connect: it also tells the
// server the account's push name).
func (p *presence) offline(ctx context.Context) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.setOffline(ctx)
}

func (p *presence) goOnline(ctx context.Context) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	if !p.online {
		if err := p.cli.SendPresence(ctx, types.PresenceAvailable); err != nil {
			p.log.Debug("presence online failed", "err", err)
		} else {
			p.online = true
		}
	}
	if p.timer == nil {
		p.timer = time.AfterFunc(p.idle, p.idleOut)
	} else {
		p.timer.Reset(p.idle)
	}
}

func (p *presence) idleOut() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.online && !p.closed {
		p.setOffline(ctx)
	}
}

// setOffline sends the offline presence; the caller holds mu.
func (p *presence) setOffline(ctx context.Context) {
	if err := p.cli.SendPresence(ctx, types.PresenceUnavailable); err != nil {
		p.log.Debug("presence offline failed", "err", err)
		return
	}
	p.online = false
}

// close stops the idle timer.
func (p *presence) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	if p.timer != nil {
		p.timer.Stop()
	}
}
