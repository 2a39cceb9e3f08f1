package bot

import (
	"context"
	"log/slog"
	"time"

	"sobat-ikm/store"
)

// Retention of what the bot keeps only to work: inbound ids (platforms do
// not redeliver older updates) and messages already sent (their text may
// quote personal data).
const (
	KeepInbound = 7 * 24 * time.Hour
	KeepSent    = 7 * 24 * time.Hour
	// KeepUnclaimedFile: a file downloaded for a message that never named
	// it (dropped as a duplicate, or not saved) goes after an hour.
	KeepUnclaimedFile = time.Hour
)

// JanitorFirstPrune is how long after start the janitor first prunes:
// its deletes read whole tables (tens of milliseconds at 100,000 owners,
// on the one writer), so the first replies after a restart, when the
// chats that wrote meanwhile are answered at once, do not wait behind
// them.
const JanitorFirstPrune = 10 * time.Minute

// RunJanitor prunes old inbound ids and sent messages, and marks expired
// the planned messages past their expiry: first after first, then every
// interval, until ctx ends. A scrub of the files owed at start (the
// process stopped between an erasure and its scrub, or a new file) is
// done at once: erased data must not wait.
func RunJanitor(ctx context.Context, db *store.DB, now func() time.Time, first, every time.Duration, log *slog.Logger) {
	scrub(ctx, db, log.With("component", "janitor"))
	wait := time.NewTimer(first)
	defer wait.Stop()
	select {
	case <-ctx.Done():
		return
	case <-wait.C:
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		Prune(ctx, db, now(), log)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Prune deletes what is past its retention at now, marks expired the
// planned messages past their expiry (the sender already leaves them
// alone; a log line counts them), and retries the scrub of the database
// files if one failed after an erasure.
func Prune(ctx context.Context, db *store.DB, now time.Time, log *slog.Logger) {
	log = log.With("component", "janitor")
	report := func(done, what string, n int64, err error) {
		switch {
		case err != nil && ctx.Err() != nil:
		case store.FaultOf(err) != nil: // the dispatcher reports the outage
			log.Warn("prune skipped: the database cannot be written", "what", what)
		case err != nil:
			log.Error("prune failed", "what", what, "err", err)
		case n > 0:
			log.Info(done, "what", what, "rows", n)
		}
	}
	n, err := db.PruneInbound(ctx, now.Add(-KeepInbound))
	report("pruned", "inbound ids", n, err)
	n, err = db.PruneOutbox(ctx, now.Add(-KeepSent))
	report("pruned", "sent messages", n, err)
	n, err = db.ExpireOutbox(ctx, now)
	report("expired, not sent", "planned messages", n, err)
	files, err := db.SweepFiles(ctx, now.Add(-KeepUnclaimedFile))
	report("deleted", "files no message names", int64(files), err)
	scrub(ctx, db, log)
}

// scrub retries an owed scrub of the database files.
func scrub(ctx context.Context, db *store.DB, log *slog.Logger) {
	if err := db.Scrub(ctx); err != nil && ctx.Err() == nil {
		log.Error("erased data may still be readable in the database files, will retry", "err", err)
	}
}
