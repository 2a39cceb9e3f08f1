package bot

import (
	"context"
	"log/slog"
	"time"

	"sobat-ikm/flows/office"
	"sobat-ikm/store"
)

// Broadcaster writes the recipients of the broadcasts whose time came:
// a short transaction per batch (office.BroadcastBatch owners), so that
// owners' replies keep committing in between, each batch waking the
// sender of the channels it queued for. A batch commits whole with the
// broadcast's cursor: after a crash the next start goes on after the last
// batch written, and no owner is written twice.
type Broadcaster struct {
	DB     *store.DB
	Office *office.Office
	Notify func(channels ...string)
	Now    func() time.Time
	Log    *slog.Logger
	// Batch is how many recipients a transaction writes (default
	// office.BroadcastBatch).
	Batch int
}

// Run writes due broadcasts every interval (sooner when the next is
// scheduled sooner) until ctx ends.
func (b *Broadcaster) Run(ctx context.Context, every time.Duration) {
	for {
		if _, err := b.Flush(ctx); err != nil && ctx.Err() == nil && store.FaultOf(err) == nil {
			b.Log.Error("broadcast: writing recipients failed; trying again", "err", err)
		}
		wait := every
		var next time.Time
		var ok bool
		err := b.DB.View(ctx, func(tx *store.ReadTx) (err error) {
			next, ok, err = tx.NextBroadcast()
			return err
		})
		if err == nil && ok {
			wait = min(max(next.Sub(b.Now()), 0), every)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

// Flush writes the recipients of every due broadcast and returns how many
// it wrote.
func (b *Broadcaster) Flush(ctx context.Context) (int, error) {
	batch := b.Batch
	if batch <= 0 {
		batch = office.BroadcastBatch
	}
	var due []store.Broadcast
	if err := b.DB.View(ctx, func(tx *store.ReadTx) (err error) {
		due, err = tx.DueBroadcasts(b.Now())
		return err
	}); err != nil {
		return 0, err
	}
	total := 0
	for _, bc := range due {
		for done := false; !done; {
			if err := ctx.Err(); err != nil {
				return total, err
			}
			var n int
			var channels []string
			err := b.DB.Update(ctx, func(tx *store.Tx) (err error) {
				n, done, err = b.Office.WriteRecipients(tx, bc.ID, batch)
				channels = tx.Channels()
				return err
			})
			if err != nil {
				return total, err
			}
			total += n
			if len(channels) > 0 && b.Notify != nil {
				b.Notify(channels...)
			}
			if n == 0 && !done { // (not due after all)
				break
			}
		}
		b.Log.Info("broadcast written", "broadcast", bc.ID)
	}
	return total, nil
}
