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
	whatsappDB string
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
	fs.StringVar(&o.http, "http", "127.0.0.1:8080", "listen address for the Telegram webhook (when TELEGRAM_WEBHOOK_URL is set); loopback by default, for the HTTPS reverse proxy in front of it")
	fs.StringVar(&o.whatsappDB, "whatsapp-db", "", "WhatsApp device store (default: whatsapp.db beside -db)")
	level := fs.String("log-level", "info", "log level: debug, info, warn or error")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
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
		case "whatsapp":
			return runWhatsAppCommand(ctx, opts, opts.args[1:], stdout, stderr, log)
		default:
			fmt.Fprintf(stderr, "sobat-ikm: unknown command %q (known: whatsapp)\n", opts.args[0])
			return 2
		}
	}
	if err := serve(ctx, opts, getenv, stdin, stdout, log); err != nil {
		log.Error("sobat-ikm stopped", "err", err)
		return 1
	}
	return 0
}
