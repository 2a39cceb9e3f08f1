package whatsapp

import (
	"context"
	"time"

	"go.mau.fi/whatsmeow/types/events"
)

// handleEvent runs on whatsmeow's receive loop: it converts a message,
// downloads its photo or document if it has one (up to
// Config.FileTimeout), queues it and waits (a few milliseconds) until it
// is saved. It returns
// false for a message that was not saved, which whatsmeow then leaves
// unacknowledged so that WhatsApp delivers it again.
func (c *Adapter) handleEvent(evt any) bool {
	if pd, ok := evt.(events.PermanentDisconnect); ok {
		c.stop(pd)
		return true
	}
	switch e := evt.(type) {
	case *events.Message:
		return c.receive(e)
	case *events.Receipt:
		c.receipt(e)
	case *events.Connected:
		c.log.Info("WhatsApp connected")
		c.connOnce.Do(func() { close(c.connected) })
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			c.pres.offline(ctx)
		}()
	case *events.Disconnected:
		c.log.Warn("WhatsApp disconnected; reconnecting on its own, replies wait")
	case *events.KeepAliveTimeout:
		c.log.Warn("WhatsApp keep-alive timed out", "errors", e.ErrorCount)
	case *events.KeepAliveRestored:
		c.log.Info("WhatsApp keep-alive restored")
	case *events.StreamError:
		c.log.Warn("WhatsApp stream error", "code", e.Code)
	case *events.UndecryptableMessage:
		c.log.Debug("undecryptable message; WhatsApp asks the sender's phone to send it again")
	}
	return true
}

// receive queues a private message for the dispatcher and waits until it
// is saved: only then does whatsmeow acknowledge it to WhatsApp, so a
// crash before the commit leaves it for WhatsApp to deliver again (the
// store drops a second delivery of a saved one by its id). A message not
// saved within SaveWait (the database cannot be written, the dispatcher
// is stuck) is left unacknowledged too.
func (c *Adapter) receive(e *events.Message) bool {
	in, skip := Convert(e)
	if skip != "" {
		c.log.Debug("message ignored", "reason", skip)
		return true
	}
	if c.wantsFile(in) && !c.attachFile(e.Message, &in) {
		return false // stopping during the download: left for WhatsApp to deliver again
	}
	saved := make(chan error, 1)
	in.Inbound.Done = func(err error) { saved <- err }
	if !c.enqueue(in) {
		return false
	}
	t := time.NewTimer(c.cfg.SaveWait)
	defer t.Stop()
	select {
	case err := <-saved:
		return err == nil
	case <-t.C:
		c.log.Warn("message not saved in time: left for WhatsApp to deliver again", "chat", c.pseud.Of(in.Inbound.Chat))
		return false
	case <-c.stopCh:
		return false
	}
}

// enqueue hands a received message to Run's hand-off loop.
func (c *Adapter) enqueue(in Incoming) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if !c.accepting {
		return false
	}
	select {
	case c.queue <- in:
		return true
	default:
		c.log.Warn("receive queue full: message left for WhatsApp to deliver again", "chat", c.pseud.Of(in.Inbound.Chat))
		return false
	}
}

// stop stops the channel for good after a permanent disconnect, saying
// what the operator must do.
func (c *Adapter) stop(pd events.PermanentDisconnect) {
	c.stopOnce.Do(func() {
		c.stopped.Store(true)
		c.quitting()
		c.log.Error(advice(pd), "reason", pd.PermanentDisconnectDescription())
		if tb, ok := pd.(*events.TemporaryBan); ok {
			c.banned(tb) // (pause.go) for the next start, until the ban ends
		}
		close(c.stopCh)
	})
}

// advice is the operator's next step after a permanent disconnect.
func advice(pd events.PermanentDisconnect) string {
	const after = " The WhatsApp channel stopped; other channels keep running and unsent replies stay queued."
	switch e := pd.(type) {
	case *events.LoggedOut:
		return "WhatsApp logged this device out (removed under Linked devices, or the phone's WhatsApp was reset)." +
			after + " Run `sobat-ikm whatsapp link` again, then restart sobat-ikm."
	case *events.StreamReplaced:
		return "Another program connected with this WhatsApp session (a second sobat-ikm, or a copy of whatsapp.db)." +
			after + " Stop the other one, then restart sobat-ikm."
	case *events.ClientOutdated:
		return "WhatsApp rejected this client as outdated." +
			after + " Upgrade go.mau.fi/whatsmeow, rebuild and restart sobat-ikm."
	case *events.TemporaryBan:
		return "WhatsApp temporarily banned the office's number (" + e.String() + ")." +
			after + " Wait until the ban expires before restarting sobat-ikm; do not relink. " +
			"Check that only people who wrote first are messaged, and slow the pacing down."
	}
	return "WhatsApp refused the connection." +
		after + " Run `sobat-ikm whatsapp status`, link again if needed, then restart sobat-ikm."
}
