package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"sobat-ikm/bot"
	"sobat-ikm/bot/console"
	"sobat-ikm/flows"
	"sobat-ikm/flows/office"
	"sobat-ikm/locales"
)

// channel is one running platform adapter.
type channel interface {
	// Name is the channel's name in chat keys ("console", "telegram").
	Name() string
	// Routes are how the sender delivers this channel's outbox rows.
	Routes() []bot.Route
	// Run receives messages and submits them until ctx ends or, for the
	// console, its input ends. It returns after its last submit.
	Run(ctx context.Context, submit func(context.Context, bot.Inbound) error) error
}

// quietHours reads SOBAT_QUIET_HOURS: "21-7" (the default: reminders and
// broadcasts wait from 21:00 to 07:00 WITA), other hours alike, or "off".
func quietHours(v string) (func(time.Time) bool, error) {
	v = strings.TrimSpace(v)
	switch v {
	case "":
		v = "21-7"
	case "off":
		return nil, nil
	}
	from, to, ok := strings.Cut(v, "-")
	f, err1 := strconv.Atoi(strings.TrimSpace(from))
	t, err2 := strconv.Atoi(strings.TrimSpace(to))
	if !ok || err1 != nil || err2 != nil || f < 0 || f > 23 || t < 0 || t > 23 || f == t {
		return nil, fmt.Errorf("SOBAT_QUIET_HOURS=%q: want hours such as 21-7 (WITA), or off", v)
	}
	return bot.QuietHours(f, t, office.WITA()), nil
}

// broadcastLook is how often the bot looks for broadcasts whose time
// came (one scheduled sooner is looked for at its time).
const broadcastLook = 5 * time.Second

// serve runs the bot until ctx ends or, in console mode, standard input
// ends; then it handles every accepted message and delivers every reply
// it can before closing the database.
func serve(ctx context.Context, opts options, cfg config, getenv func(string) string, stdin io.Reader, stdout io.Writer, log *slog.Logger) error {
	now := time.Now
	db, err := openDB(ctx, opts.db, getenv)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.CheckDataKey(ctx); err != nil {
		// Only the NIKs sealed under the lost key are lost: the bot runs.
		log.Error("NIKs of earlier applications cannot be read", "err", err)
	}
	cat, err := locales.Load()
	if err != nil {
		return err
	}

	locks := &channelLocks{db: opts.db, now: now}
	defer func() {
		if err := locks.release(); err != nil {
			log.Warn("releasing a channel lock failed", "err", err)
		}
	}()
	// The officers' web console: on -http when it is given, or beside the
	// Telegram webhook on its address; built once the sender is.
	webConsole := &lateHandler{}
	var webLn net.Listener
	if opts.httpSet && getenv("TELEGRAM_WEBHOOK_URL") == "" {
		if webLn, err = net.Listen("tcp", opts.http); err != nil {
			return fmt.Errorf("web console: %w", err)
		}
	}
	var chans []channel
	tg, ok, err := telegramChannel(ctx, opts, getenv, locks, log, db, webConsole)
	if err != nil {
		return fmt.Errorf("telegram: %w", err)
	}
	if ok {
		chans = append(chans, tg)
	}
	off := cfg.office(cat, now)
	wa, ok, err := whatsAppChannel(ctx, opts, db, off, locks, log)
	if err != nil {
		return fmt.Errorf("whatsapp: %w", err)
	}
	if ok {
		chans = append(chans, wa)
	}
	platforms := len(chans)
	var con *console.Console
	if platforms == 0 || opts.console {
		con = console.New(opts.chat, stdout, isTerminal(stdin), now())
		chans = append(chans, consoleChannel{con: con, in: stdin})
	}

	var routes []bot.Route
	for _, c := range chans {
		routes = append(routes, c.Routes()...)
	}
	// Quiet hours, 21:00 to 07:00 WITA: only replies and notices go out.
	quiet, err := quietHours(getenv("SOBAT_QUIET_HOURS"))
	if err != nil {
		return err
	}
	sender := bot.NewSender(db, bot.SenderConfig{Now: now, Log: log, Quiet: quiet}, routes...)
	webURL := ""
	if webLn != nil || getenv("TELEGRAM_WEBHOOK_URL") != "" {
		webURL = consoleURL(cfg, opts.http)
	}
	engine := flows.New(cat, flows.WithOffice(off), flows.WithOfficers(cfg.Officers), flows.WithWebURL(webURL))
	ws, err := newConsole(db, off, cat, cfg, opts.http, sender.Notify, now, log)
	if err != nil {
		return err
	}
	webConsole.set(ws)
	disp := bot.NewDispatcher(db, engine, bot.DispatcherConfig{Now: now, Log: log,
		AfterCommit: func(_ bot.Inbound, channels []string, _ time.Time) {
			if len(channels) > 0 { // (none named would wake them all)
				sender.Notify(channels...)
			}
		},
		// Platforms deliver an unconfirmed message again, so one that
		// cannot be saved is held until it can; the console's cannot be.
		FailFast: platforms == 0})
	// (Officers are counted, not listed: their chats' addresses are
	// personal data.)
	log.Info("configuration", "file", cfg.File, "office", cfg.Profile.Name, "officers", len(cfg.Officers))
	for _, c := range chans {
		log.Info("sobat-ikm started", "channel", c.Name(), "db", opts.db)
	}

	// On the console, messages queued while nothing ran are printed
	// before the prompt. Platforms start receiving at once instead: the
	// sender's loop delivers what is queued in the background (waiting
	// for it would leave owners' new messages unread meanwhile). A
	// failure here is not fatal: the sender's loop tries again.
	if con != nil {
		n, err := sender.Flush(ctx)
		if err != nil && ctx.Err() == nil {
			log.Error("delivering queued messages failed; trying again in the background", "err", err)
		}
		if n == 0 {
			con.ShowPrompt()
		}
	}

	runCtx, stopRun := context.WithCancel(context.WithoutCancel(ctx))
	var bg sync.WaitGroup
	bg.Go(func() { sender.Run(runCtx) })
	bg.Go(func() { bot.RunJanitor(runCtx, db, now, bot.JanitorFirstPrune, time.Hour, log) })
	broadcaster := &bot.Broadcaster{DB: db, Office: off, Notify: sender.Notify, Now: now, Log: log.With("component", "broadcast")}
	bg.Go(func() { broadcaster.Run(runCtx, broadcastLook) })
	if webLn != nil {
		bg.Go(func() {
			if err := serveConsole(runCtx, webLn, webConsole, log); err != nil {
				log.Error("web console stopped", "err", err)
			}
		})
	}

	// Channels receive until ctx ends; in console-only mode the end of
	// standard input ends the program too. Platforms are always waited
	// for (they submit what they accepted before returning); a console
	// beside them may be blocked reading a terminal and is not.
	recvCtx, stopRecv := context.WithCancel(ctx)
	defer stopRecv()
	var platformsDone sync.WaitGroup
	errs := make(chan error, len(chans)+1)
	consoleDone := make(chan struct{})
	for _, c := range chans {
		isConsole := c.Name() == console.Channel
		if !isConsole {
			platformsDone.Add(1)
		}
		go func() {
			err := c.Run(recvCtx, disp.Submit)
			if err != nil && recvCtx.Err() == nil {
				errs <- fmt.Errorf("%s: %w", c.Name(), err)
			}
			if isConsole {
				close(consoleDone)
				if platforms == 0 {
					stopRecv() // standard input ended: finish
				}
				return
			}
			platformsDone.Done()
		}()
	}
	<-recvCtx.Done()
	if ctx.Err() != nil {
		log.Info("stopping: finishing accepted messages")
	}
	platformsDone.Wait()
	if con != nil {
		select {
		case <-consoleDone:
		case <-time.After(2 * time.Second):
			log.Warn("console input still open at shutdown; not waiting for it")
		}
	}

	// Drain: handle every accepted message, then deliver the replies.
	disp.Close()
	if n := disp.Unsaved(); n > 0 {
		again := ""
		if platforms > 0 {
			again = "; Telegram and WhatsApp deliver unconfirmed messages again after the repair"
		}
		errs <- fmt.Errorf("%d message(s) could not be saved because the database cannot be written (see the error above)%s", n, again)
	}
	stopRun()
	bg.Wait()
	flushCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if _, ferr := sender.Flush(flushCtx); ferr != nil {
		return fmt.Errorf("deliver replies: %w", ferr)
	}
	var all []error
	for {
		select {
		case err := <-errs:
			all = append(all, err)
		default:
			return errors.Join(all...)
		}
	}
}

// consoleChannel runs the console on standard input.
type consoleChannel struct {
	con *console.Console
	in  io.Reader
}

func (c consoleChannel) Name() string        { return console.Channel }
func (c consoleChannel) Routes() []bot.Route { return []bot.Route{c.con.Route()} }

func (c consoleChannel) Run(ctx context.Context, submit func(context.Context, bot.Inbound) error) error {
	// Reading a terminal cannot be interrupted: stop waiting on ctx.
	done := make(chan error, 1)
	go func() { done <- c.con.Read(ctx, c.in, submit) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return nil
	}
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
