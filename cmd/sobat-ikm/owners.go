package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"sobat-ikm/flows/office"
	"sobat-ikm/locales"
	"sobat-ikm/store"
)

const ownersUsage = `usage: sobat-ikm [-db FILE] owners COMMAND [arguments] [flags]

Officers' work on the owners' data, on the bot's database (-db), beside a
running bot or without one. A change tells the owner exactly as a change
made in chat does: a running bot sends the notice within seconds, a
stopped one when it starts.

commands:
  show IKM-000123                        everything kept about an owner: data, chats, history
  binaan IKM-000123 on|off -by NAME [-note TEXT]
                                         mark an owner as a binaan IKM, or not; the owner is told
  list [-kecamatan K] [-sector S] [-binaan] [-q TEXT] [-limit N] [-offset N]
                                         the owners, a page at a time
  export -o FILE.csv [list's filters]    the owners as a CSV file for Excel

What a command reports is in Indonesian (the office's language); usage and
errors are in English. Each command answers -h. Exit codes: 0 done,
1 error, 2 wrong usage.
`

// ownersRun is what an owners command is run with.
type ownersRun struct {
	group          string // the command group: "owners", "applications"
	opts           options
	getenv         func(string) string
	now            func() time.Time
	stdout, stderr io.Writer
}

// runOwners runs "sobat-ikm owners COMMAND ...".
func runOwners(ctx context.Context, opts options, args []string, getenv func(string) string, now func() time.Time, stdout, stderr io.Writer) int {
	r := ownersRun{group: "owners", opts: opts, getenv: getenv, now: now, stdout: stdout, stderr: stderr}
	return r.runGroup(args, ownersUsage, map[string]func([]string) int{
		"show":   func(a []string) int { return r.show(ctx, a) },
		"binaan": func(a []string) int { return r.binaan(ctx, a) },
		"list":   func(a []string) int { return r.list(ctx, a) },
		"export": func(a []string) int { return r.export(ctx, a) },
	})
}

// runGroup runs the command of a group args names; -h prints the
// group's usage.
func (r ownersRun) runGroup(args []string, usage string, cmds map[string]func([]string) int) int {
	if len(args) == 0 {
		fmt.Fprint(r.stderr, usage)
		return 2
	}
	if cmd, ok := cmds[args[0]]; ok {
		return cmd(args[1:])
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(r.stderr, usage)
		return 0
	}
	fmt.Fprintf(r.stderr, "sobat-ikm %s: unknown command %q\n%s", r.group, args[0], usage)
	return 2
}

// flags is a command's FlagSet, printing usage on -h and on a mistake.
func (r ownersRun) flags(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(strings.TrimSpace("sobat-ikm "+r.group+" "+name), flag.ContinueOnError)
	fs.SetOutput(r.stderr)
	fs.Usage = func() {
		fmt.Fprint(r.stderr, usage)
		var n int
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fmt.Fprintln(r.stderr, "\nflags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parse parses args with flags and arguments in any order ("binaan
// IKM-000123 on -by Rina") and returns the arguments. ok is false when
// the command must end with code: 0 after -h, 2 after a mistake (the
// usage was printed).
func parse(fs *flag.FlagSet, args []string, nargs int) (rest []string, code int, ok bool) {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, 0, false
			}
			return nil, 2, false
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		rest, args = append(rest, args[0]), args[1:]
	}
	if len(rest) != nargs {
		if len(rest) > nargs {
			fmt.Fprintf(fs.Output(), "%s: unexpected argument %q\n", fs.Name(), rest[nargs])
		} else {
			fmt.Fprintf(fs.Output(), "%s: missing argument\n", fs.Name())
		}
		fs.Usage()
		return nil, 2, false
	}
	return rest, 0, true
}

// regNo reads an owner's registration number argument; on a mistake it
// says so and ok is false (exit 2).
func (r ownersRun) regNo(fs *flag.FlagSet, s string) (int64, bool) {
	id, err := office.ParseRegNo(s)
	if err != nil {
		fmt.Fprintf(r.stderr, "%s: %q is not a registration number such as IKM-000123\n", fs.Name(), s)
		return 0, false
	}
	return id, true
}

// desk is an opened database with the office over it.
type desk struct {
	db   *store.DB
	cat  *locales.Catalog
	off  *office.Office
	cfg  config
	lang string // what the commands report in
}

// open opens the database, which must exist (a mistyped -db must not
// create an empty one), and the office with its configuration.
func (r ownersRun) open(ctx context.Context) (*desk, error) {
	path, explicit := configPath(r.opts)
	cfg, err := loadConfig(path, explicit, r.getenv)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(r.opts.db); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no database at %s: give the bot's database with -db", r.opts.db)
	}
	db, err := openDB(ctx, r.opts.db, r.getenv)
	if err != nil {
		return nil, err
	}
	cat, err := locales.Load()
	if err != nil {
		db.Close()
		return nil, err
	}
	off := cfg.office(cat, r.now)
	return &desk{db: db, cat: cat, off: off, cfg: cfg, lang: locales.Default}, nil
}

// read runs fn to read from the database.
func (d *desk) read(ctx context.Context, fn func(tx *store.Tx) error) error {
	return d.db.Update(ctx, fn)
}

// t renders a message for the officer.
func (d *desk) t(id string, kv ...any) string {
	data := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		data[kv[i].(string)] = kv[i+1]
	}
	return d.cat.Text(d.lang, id, data)
}

// fail reports an error of a command and returns its exit code, 1.
func (r ownersRun) fail(cmd string, err error) int {
	fmt.Fprintf(r.stderr, "%s: %v\n", strings.TrimSpace("sobat-ikm "+r.group+" "+cmd), err)
	return 1
}

// orDash is s, or "-" when s is empty.
func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}
