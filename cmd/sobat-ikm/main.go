// Command sobat-ikm runs the Sobat IKM chatbot of the industry office of
// Kota Kendari. With no platform configured it runs the console channel on
// a local SQLite file, so anyone can chat with it at once:
//
//	go run ./cmd/sobat-ikm            # chat as "pemilik" on ./sobat-ikm.db
//	go run ./cmd/sobat-ikm -chat budi # another owner, same database
//
// Each line on standard input is one message; each reply is printed on
// standard output followed by one empty line; logs go to standard error.
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
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// options are the command line's settings.
type options struct {
	db       string
	chat     string
	logLevel slog.Level
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("sobat-ikm", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.db, "db", "sobat-ikm.db", "SQLite database file")
	fs.StringVar(&o.chat, "chat", "pemilik", "console chat name: several owners can be simulated on one database")
	level := fs.String("log-level", "info", "log level: debug, info, warn or error")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if err := o.logLevel.UnmarshalText([]byte(*level)); err != nil {
		return o, fmt.Errorf("-log-level: %w", err)
	}
	if o.chat == "" {
		return o, errors.New("-chat must not be empty")
	}
	return o, nil
}

// run is the whole program; it returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	opts, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "sobat-ikm:", err)
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: opts.logLevel}))
	if err := runConsole(ctx, opts, stdin, stdout, log, time.Now); err != nil {
		log.Error("sobat-ikm stopped", "err", err)
		return 1
	}
	return 0
}
