// Command sobat-ikm runs the Sobat IKM chatbot of the industry office of
// Kota Kendari. With no platform configured it runs the console channel on
// a local SQLite file, so anyone can chat with it at once:
//
//	go run ./cmd/sobat-ikm            # chat as "pemilik" on ./sobat-ikm.db
//	go run ./cmd/sobat-ikm -chat budi # another owner, same database
//
// Each line on standard input is one message; each reply is printed on
// standard output followed by one empty line; logs go to standard error.
//
// With TELEGRAM_BOT_TOKEN set it serves Telegram, and with a linked
// WhatsApp number (sobat-ikm whatsapp link) it serves WhatsApp; both can
// run in one process, and the console then runs only with -console.
// SIGINT or SIGTERM stops it after the messages already accepted are
// handled and their replies delivered.
//
// Officers work on the same database from the command line, beside a
// running bot (sobat-ikm owners show|binaan|list|export); a change they
// make tells the owner exactly as one made in chat does. The office's
// profile and its officers are configured in sobat-ikm.toml beside the
// database (or -config FILE) and the environment (config.go); sobat-ikm
// -h lists the commands, the settings and the environment variables.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr))
}

// options are the command line's settings.
type options struct {
	db         string
	chat       string
	console    bool
	http       string
	httpSet    bool // -http was given: the web console is served on it
	whatsappDB string
	config     string // -config: the configuration file ("": sobat-ikm.toml beside -db)
	logLevel   slog.Level
	args       []string // what follows the flags (a subcommand)
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("sobat-ikm", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.db, "db", "sobat-ikm.db", "SQLite database file")
	fs.StringVar(&o.chat, "chat", "pemilik", "console chat name: several owners can be simulated on one database")
	fs.BoolVar(&o.console, "console", false, "also run the console channel when Telegram or WhatsApp runs")
	fs.StringVar(&o.http, "http", "127.0.0.1:8080", "listen address of the officers' web console (served when -http is given) and of the Telegram webhook (when TELEGRAM_WEBHOOK_URL is set); loopback by default, for the HTTPS reverse proxy in front of it")
	fs.StringVar(&o.whatsappDB, "whatsapp-db", "", "WhatsApp device store (default: whatsapp.db beside -db)")
	fs.StringVar(&o.config, "config", "", "configuration file (default: "+configFileName+" beside -db, if there is one)")
	level := fs.String("log-level", "info", "log level: debug, info, warn or error")
	fs.Usage = func() {
		fmt.Fprint(stderr, usageHead)
		fs.PrintDefaults()
		fmt.Fprint(stderr, "\n"+configUsage+"\n"+envUsage)
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	fs.Visit(func(f *flag.Flag) { o.httpSet = o.httpSet || f.Name == "http" })
	o.args = fs.Args()
	if err := o.logLevel.UnmarshalText([]byte(*level)); err != nil {
		return o, fmt.Errorf("-log-level: %w", err)
	}
	if o.chat == "" {
		return o, errors.New("-chat must not be empty")
	}
	if o.whatsappDB == "" {
		o.whatsappDB = filepath.Join(filepath.Dir(o.db), "whatsapp.db")
	}
	return o, nil
}

// run is the whole program; it returns the exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	opts, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "sobat-ikm:", err)
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: opts.logLevel}))
	if len(opts.args) > 0 {
		switch opts.args[0] {
		case "owners":
			return runOwners(ctx, opts, opts.args[1:], getenv, time.Now, stdout, stderr)
		case "applications":
			return runApplications(ctx, opts, opts.args[1:], getenv, time.Now, stdout, stderr)
		case "rekap":
			return runRekap(ctx, opts, opts.args[1:], getenv, time.Now, stdout, stderr)
		case "web":
			return runWeb(ctx, opts, opts.args[1:], getenv, time.Now, stdout, stderr)
		case "trainings":
			return runTrainings(ctx, opts, opts.args[1:], getenv, time.Now, stdout, stderr)
		case "tickets":
			return runTickets(ctx, opts, opts.args[1:], getenv, time.Now, stdout, stderr)
		case "broadcast":
			return runBroadcast(ctx, opts, opts.args[1:], getenv, time.Now, stdout, stderr)
		case "outbox":
			return runOutbox(ctx, opts, opts.args[1:], getenv, time.Now, stdout, stderr)
		case "config":
			return runConfig(opts, opts.args[1:], getenv, stdout, stderr)
		case "whatsapp":
			return runWhatsAppCommand(ctx, opts, opts.args[1:], stdout, stderr, log)
		default:
			fmt.Fprintf(stderr, "sobat-ikm: unknown command %q (known: owners, applications, rekap, trainings, broadcast, tickets, outbox, web, config, whatsapp; sobat-ikm -h tells more)\n", opts.args[0])
			return 2
		}
	}
	path, explicit := configPath(opts)
	cfg, err := loadConfig(path, explicit, getenv)
	if err != nil {
		fmt.Fprintln(stderr, "sobat-ikm:", err)
		return 1
	}
	if err := serve(ctx, opts, cfg, getenv, stdin, stdout, log); err != nil {
		log.Error("sobat-ikm stopped", "err", err)
		return 1
	}
	return 0
}

// usageHead begins sobat-ikm -h; the flags follow.
const usageHead = `usage: sobat-ikm [flags] [command]

Without a command, sobat-ikm serves the owners' chats until stopped: the
console on standard input when no platform is configured, Telegram when
TELEGRAM_BOT_TOKEN is set, WhatsApp once a number is linked.

commands (each answers -h):
  owners show|binaan|list|export   the owners' data, for officers (sobat-ikm owners -h)
  applications list|show|move|portal|export
                                   certificate applications: move them, the owner is told
  rekap [-year Y]                  the office's numbers of applications
  web link -officer NAME           a one-time login link to the officers' web console (-http)
  trainings create|list|show|participants|attendance|reschedule|cancel
                                   the office's trainings; owners sign up in chat
  broadcast create|list|status|cancel
                                   announcements to the owners who should get them
  tickets list|show|reply|close    owners' questions to a person
  outbox [-kind reminder]          what is planned to be sent, and when
  config                           show the configuration in effect: office and officers
  whatsapp link|status|unlink      link the office's WhatsApp number

flags (before the command):
`

// envUsage ends sobat-ikm -h.
const envUsage = `environment:
  TELEGRAM_BOT_TOKEN       serve this Telegram bot (from @BotFather)
  TELEGRAM_WEBHOOK_URL     receive updates as a webhook at this public HTTPS address, on -http
                           (default: long polling)
  TELEGRAM_WEBHOOK_SECRET  the webhook's secret token (default: derived from the bot token)
  TELEGRAM_API_URL         another Bot API server
  SOBAT_OFFICE_*, SOBAT_OFFICERS: see configuration above
  SOBAT_QUIET_HOURS        when reminders and broadcasts wait, WITA (default 21-7; off: never)
`
