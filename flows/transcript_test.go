package flows_test

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"sobat-ikm/bot"
	"sobat-ikm/bot/console"
	"sobat-ikm/flows"
	"sobat-ikm/flows/office"
	"sobat-ikm/locales"
	"sobat-ikm/store"
)

var update = flag.Bool("update", false, "rewrite the transcripts' expected replies with what the bot says now")

// A transcript is a conversation as a text file:
//
//	# comment lines (only before the first message)
//	> what the owner types
//	what the bot replies, exactly as the console prints it
//
//	>> "a Go-quoted line, for invalid UTF-8 or control characters"
//	@long 5000 abc      a message of "abc" repeated to 5000 characters
//	@media photo        a photo (or voice, sticker...) without text
//	@again              the previous message delivered again, same id
//	@chat NAME          later messages come from another console chat
//	@clock 25h          the clock moves forward
//	@nodeliver          the next message's reply is committed, not sent
//	@restart            the bot stops and starts again on the same file;
//	                    the replies it then delivers follow this line
//	@count TABLE N      the table holds N rows
//	@officer CHAT NAME  the console chat CHAT is officer NAME's (configured,
//	                    as SOBAT_OFFICERS would); put it before the messages
//	@quota halal N      this year's free halal places are N (as [[quotas]])
//	@inbox CHAT         what was queued for another chat (a notice), as it
//	                    would be printed there, without switching to it
//	@cli ARGS...        the command line (the real binary, built once) runs
//	                    `sobat-ikm -db <this transcript's db> ARGS...` with
//	                    the officers configured above; its output follows
//	@button N           the owner presses the Nth button of the last reply
//	@press STEP VALUE   the owner presses a button of question STEP
//	@sender PHONE       the channel knows this chat by PHONE (WhatsApp)
//	@contact PHONE      the owner shares a contact card with PHONE
//	@group TEXT         TEXT comes from a group chat
//
// Run `go test ./flows -run Transcripts -update` to rewrite the
// expected replies, then review the diff.
func TestTranscripts(t *testing.T) {
	cli := &cliBinary{}
	files, err := filepath.Glob("testdata/transcripts/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no transcripts")
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".txt"), func(t *testing.T) {
			t.Parallel()
			runTranscript(t, f, cli)
		})
	}
}

// entry is one owner message or directive and the output expected after it.
type entry struct {
	line string
	want []string
}

func parseTranscript(t *testing.T, path string) (header []string, entries []entry) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		isEntry := strings.HasPrefix(line, "> ") || line == ">" || strings.HasPrefix(line, ">> ") || strings.HasPrefix(line, "@")
		switch {
		case isEntry:
			entries = append(entries, entry{line: line})
		case len(entries) == 0:
			header = append(header, line)
		default:
			e := &entries[len(entries)-1]
			e.want = append(e.want, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return header, entries
}

// clock is the test's frozen clock, moved by @clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// harness is the bot on a real SQLite file, driven message by message.
type harness struct {
	t        *testing.T
	path     string
	clock    *clock
	db       *store.DB
	cat      *locales.Catalog
	officers []office.Officer
	quotas   office.Quotas
	cli      *cliBinary
	engine   *flows.Engine
	disp     *bot.Dispatcher
	out      bytes.Buffer
	chat     string
	seq      int
	last     store.Reply       // the last reply delivered
	sender   map[string]string // chat -> phone the channel knows it by
}

func newHarness(t *testing.T) *harness {
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, path: filepath.Join(t.TempDir(), "bot.db"), cat: cat, chat: "pemilik", sender: map[string]string{},
		clock: &clock{t: time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)}, quotas: office.DefaultQuotas()}
	h.start()
	t.Cleanup(h.stop)
	return h
}

func (h *harness) start() {
	db, err := store.Open(context.Background(), h.path)
	if err != nil {
		h.t.Fatal(err)
	}
	h.db = db
	h.engine = flows.New(h.cat, flows.WithOffice(office.New(h.cat, h.clock.now, office.WithQuotas(h.quotas, nil), office.WithStaff(h.officers))),
		flows.WithOfficers(h.officers))
	h.disp = bot.NewDispatcher(db, h.engine, bot.DispatcherConfig{Now: h.clock.now, Log: slog.New(slog.DiscardHandler)})
}

func (h *harness) stop() {
	if h.db == nil {
		return
	}
	h.disp.Close()
	h.db.Close()
	h.db = nil
}

// flush delivers the current chat's due replies to the console output.
func (h *harness) flush() { h.flushChat(h.chat) }

// flushChat delivers a chat's due messages to the console output.
func (h *harness) flushChat(chat string) { h.flushChatAt(chat, h.clock.now) }

// flushChatAt delivers a chat's messages due at now().
func (h *harness) flushChatAt(chat string, now func() time.Time) {
	con := console.New(chat, &h.out, false, h.clock.now())
	route := con.Route()
	route.Outlet = outletFunc(func(ctx context.Context, m store.OutboxMessage) error {
		h.last = m.Reply
		return con.Send(ctx, m)
	})
	if _, err := bot.NewSender(h.db, bot.SenderConfig{Now: now, Log: slog.New(slog.DiscardHandler)}, route).Flush(context.Background()); err != nil {
		h.t.Fatal(err)
	}
}

type outletFunc func(context.Context, store.OutboxMessage) error

func (f outletFunc) Send(ctx context.Context, m store.OutboxMessage) error { return f(ctx, m) }

func (h *harness) send(in bot.Inbound, deliver bool) {
	in.Chat = store.ChatKey{Channel: console.Channel, Address: h.chat}
	if err := h.disp.Handle(context.Background(), in); err != nil {
		h.t.Fatalf("handle %q: %v", in.Text, err)
	}
	if deliver {
		h.flush()
	}
}

func runTranscript(t *testing.T, path string, cli *cliBinary) {
	header, entries := parseTranscript(t, path)
	h := newHarness(t)
	h.cli = cli
	var last bot.Inbound
	deliver := true
	got := make([][]string, len(entries))
	for i, e := range entries {
		h.out.Reset()
		switch {
		case strings.HasPrefix(e.line, ">> "):
			text, err := strconv.Unquote(strings.TrimPrefix(e.line, ">> "))
			if err != nil {
				t.Fatalf("%s: bad quoted line %q: %v", path, e.line, err)
			}
			last = h.message(text)
			h.send(last, deliver)
			deliver = true
		case strings.HasPrefix(e.line, ">"):
			last = h.message(strings.TrimPrefix(strings.TrimPrefix(e.line, ">"), " "))
			h.send(last, deliver)
			deliver = true
		default:
			h.directive(path, e.line, &last, &deliver)
		}
		got[i] = outputLines(h.out.String())
	}
	if *update {
		writeTranscript(t, path, header, entries, got)
		return
	}
	for i, e := range entries {
		want := strings.Join(trimBlank(e.want), "\n")
		have := strings.Join(got[i], "\n")
		if want != have {
			t.Errorf("%s: after %q\n--- want\n%s\n--- got\n%s", path, e.line, want, have)
		}
	}
}

func (h *harness) message(text string) bot.Inbound {
	h.seq++
	in := bot.Inbound{ID: "m" + strconv.Itoa(h.seq)}
	in.Text = text
	in.SenderPhone = h.sender[h.chat]
	return in
}

func (h *harness) directive(path, line string, last *bot.Inbound, deliver *bool) {
	f := strings.Fields(line)
	bad := func() { h.t.Fatalf("%s: bad directive %q", path, line) }
	switch f[0] {
	case "@again":
		h.send(*last, true)
	case "@long":
		if len(f) != 3 {
			bad()
		}
		n, err := strconv.Atoi(f[1])
		if err != nil {
			bad()
		}
		text := []rune(strings.Repeat(f[2], n/len([]rune(f[2]))+1))[:n]
		*last = h.message(string(text))
		h.send(*last, true)
	case "@media":
		if len(f) != 2 {
			bad()
		}
		*last = h.message("")
		last.Media = f[1]
		h.send(*last, true)
	case "@button":
		n, err := strconv.Atoi(f[len(f)-1])
		if len(f) != 2 || err != nil || n < 1 || n > len(h.last.Choices) {
			bad()
		}
		*last = h.message("")
		last.Choice, last.ChoiceStep = h.last.Choices[n-1].Value, h.last.Step
		h.send(*last, true)
	case "@press":
		if len(f) < 3 {
			bad()
		}
		*last = h.message("")
		last.ChoiceStep, last.Choice = f[1], strings.Join(f[2:], " ")
		h.send(*last, true)
	case "@sender":
		if len(f) != 2 {
			bad()
		}
		h.sender[h.chat] = f[1]
	case "@contact":
		if len(f) != 2 {
			bad()
		}
		*last = h.message("")
		last.Media, last.Phone = "contact", f[1]
		h.send(*last, true)
	case "@group":
		*last = h.message(strings.TrimSpace(strings.TrimPrefix(line, "@group")))
		last.Group = true
		h.send(*last, true)
	case "@chat":
		if len(f) != 2 {
			bad()
		}
		h.chat = f[1]
	case "@clock":
		d, err := time.ParseDuration(f[1])
		if len(f) != 2 || err != nil {
			bad()
		}
		h.clock.t = h.clock.t.Add(d)
	case "@officer":
		if len(f) < 3 {
			bad()
		}
		h.officers = append(h.officers, office.Officer{Name: strings.Join(f[2:], " "),
			Chat: store.ChatKey{Channel: console.Channel, Address: f[1]}})
		h.stop()
		h.start()
	case "@quota":
		n, err := strconv.Atoi(f[len(f)-1])
		if len(f) != 3 || f[1] != "halal" || err != nil {
			bad()
		}
		h.quotas.Halal = n
		h.stop()
		h.start()
	case "@cli":
		h.runCLI(shellWords(strings.TrimPrefix(line, "@cli")))
	case "@inbox":
		if len(f) != 2 {
			bad()
		}
		// What the command line queued is due by the system clock, which
		// it runs on; the conversation runs on the transcript's clock.
		h.flushChatAt(f[1], func() time.Time {
			if now := time.Now(); now.After(h.clock.now()) {
				return now
			}
			return h.clock.now()
		})
	case "@nodeliver":
		*deliver = false
	case "@restart":
		h.stop()
		h.start()
		h.flush()
	case "@count":
		if len(f) != 3 {
			bad()
		}
		want, err := strconv.Atoi(f[2])
		if err != nil {
			bad()
		}
		n, err := h.db.Count(context.Background(), f[1])
		if err != nil {
			h.t.Fatal(err)
		}
		if n != want {
			h.t.Errorf("%s: %s: table %s has %d rows", path, line, f[1], n)
		}
	default:
		bad()
	}
}

func outputLines(s string) []string {
	if s == "" {
		return nil
	}
	return trimBlank(strings.Split(s, "\n"))
}

func trimBlank(lines []string) []string {
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

func writeTranscript(t *testing.T, path string, header []string, entries []entry, got [][]string) {
	var b strings.Builder
	for _, l := range trimBlank(header) {
		b.WriteString(l + "\n")
	}
	for i, e := range entries {
		if i > 0 || len(trimBlank(header)) > 0 {
			if len(got[i]) > 0 || i == 0 || len(got[i-1]) > 0 {
				b.WriteString("\n")
			}
		}
		b.WriteString(e.line + "\n")
		for _, l := range got[i] {
			b.WriteString(l + "\n")
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "updated %s\n", path)
}
