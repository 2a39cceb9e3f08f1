package whatsapp

import (
	"context"
	"time"

	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"sobat-ikm/store"
)

// WhatsApp tells when a message reached the owner's phone (a delivery
// receipt) and when the owner read it (a read receipt, unless they turned
// those off). Each is recorded on the outbox row its message id names,
// and on the broadcast recipient the row carried (store.DB.MarkReceipt):
// the officers follow up messages not delivered. Receipts are best
// effort: they are recorded in order by one goroutine, off whatsmeow's
// receive loop, each within receiptTimeout; a failure is logged, and a
// receipt that finds the queue full is dropped.

const (
	// receiptQueue bounds the receipts waiting to be recorded.
	receiptQueue = 1024
	// receiptTimeout bounds the recording of one receipt.
	receiptTimeout = 10 * time.Second
)

// receiptJob is one receipt to record.
type receiptJob struct {
	ids  []string
	kind string // store.ReceiptDelivered or store.ReceiptRead
	at   time.Time
}

// receipt queues a delivery or read receipt of an owner's phone for
// recording. Receipts of our own devices, of groups and broadcast lists,
// and of other kinds (played, retry...) are ignored.
func (c *Adapter) receipt(e *events.Receipt) {
	if c.db == nil || e.IsFromMe || e.IsGroup || len(e.MessageIDs) == 0 ||
		(e.Chat.Server != types.DefaultUserServer && e.Chat.Server != types.HiddenUserServer) {
		return
	}
	j := receiptJob{at: e.Timestamp}
	switch e.Type {
	case types.ReceiptTypeDelivered:
		j.kind = store.ReceiptDelivered
	case types.ReceiptTypeRead:
		j.kind = store.ReceiptRead
	default:
		return
	}
	if j.at.IsZero() {
		j.at = c.cfg.Now()
	}
	for _, id := range e.MessageIDs {
		j.ids = append(j.ids, string(id))
	}
	c.receiptOnce.Do(func() {
		c.receipts = make(chan receiptJob, receiptQueue)
		go c.recordReceipts()
	})
	select {
	case c.receipts <- j:
	default:
		c.log.Warn("too many receipts waiting: one dropped", "kind", j.kind)
	}
}

// recordReceipts records queued receipts, one at a time, until the
// channel quits.
func (c *Adapter) recordReceipts() {
	for {
		select {
		case <-c.quit.Done():
			return
		case j := <-c.receipts:
			c.recordReceipt(j)
		}
	}
}

func (c *Adapter) recordReceipt(j receiptJob) {
	ctx, cancel := context.WithTimeout(c.quit, receiptTimeout)
	defer cancel()
	var err error
	if j.kind == store.ReceiptRead {
		// A message read was delivered, whether its delivery receipt came
		// or not (the earliest time of each is kept).
		err = c.db.MarkReceipt(ctx, Channel, j.ids, store.ReceiptDelivered, j.at)
	}
	if err == nil {
		err = c.db.MarkReceipt(ctx, Channel, j.ids, j.kind, j.at)
	}
	if err != nil {
		c.log.Warn("receipt not recorded", "kind", j.kind, "messages", len(j.ids), "err", err)
	}
}
