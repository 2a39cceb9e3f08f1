package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"sobat-ikm/bot"
	"sobat-ikm/bot/console"
	"sobat-ikm/flows"
	"sobat-ikm/locales"
	"sobat-ikm/store"
)

// runConsole chats with one console chat until standard input ends or ctx
// is cancelled, then delivers every reply still owed.
func runConsole(ctx context.Context, opts options, stdin io.Reader, stdout io.Writer, log *slog.Logger, now func() time.Time) error {
	db, err := store.Open(ctx, opts.db)
	if err != nil {
		return err
	}
	defer db.Close()
	cat, err := locales.Load()
	if err != nil {
		return err
	}
	engine := flows.New(cat)
	con := console.New(opts.chat, stdout, isTerminal(stdin), now())
	sender := bot.NewSender(db, bot.SenderConfig{Now: now, Log: log}, con.Route())
	disp := bot.NewDispatcher(db, engine, bot.DispatcherConfig{Now: now, Log: log,
		AfterCommit: func(bot.Inbound, time.Time) { sender.Notify() }})
	log.Info("sobat-ikm started", "channel", console.Channel, "db", opts.db)

	// Messages queued for this chat while no console ran come first.
	n, err := sender.Flush(ctx)
	if err != nil {
		return fmt.Errorf("deliver queued messages: %w", err)
	}
	if n == 0 {
		con.ShowPrompt()
	}

	runCtx, stopRun := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Go(func() { sender.Run(runCtx) })
	wg.Go(func() { bot.RunJanitor(runCtx, db, now, time.Hour, log) })

	readErr := make(chan error, 1)
	go func() { readErr <- con.Read(ctx, stdin, disp.Submit) }()
	select {
	case err = <-readErr:
	case <-ctx.Done():
		log.Info("stopping: finishing accepted messages")
	}

	// Drain: handle every accepted message, then deliver every reply.
	disp.Close()
	stopRun()
	wg.Wait()
	if _, ferr := sender.Flush(context.WithoutCancel(ctx)); ferr != nil {
		return fmt.Errorf("deliver replies: %w", ferr)
	}
	return err
}

// isTerminal reports whether r is an interactive terminal.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
