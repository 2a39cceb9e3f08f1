package console

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"sobat-ikm/bot"
	"sobat-ikm/store"
)

// Channel is the console channel's name in chat keys and the outbox.
const Channel = "console"

// maxLine bounds one input line; the rest of a longer line is dropped.
const maxLine = 64 << 10

// Console reads one chat's messages from In and writes its replies to Out.
type Console struct {
	chat   store.ChatKey
	out    io.Writer
	prompt bool
	runID  string

	mu sync.Mutex // one write at a time
}

// New makes a console for the chat named name. With prompt set (standard
// input is a terminal) it shows "> " when it waits for a line.
func New(name string, out io.Writer, prompt bool, now time.Time) *Console {
	return &Console{
		chat:   store.ChatKey{Channel: Channel, Address: name},
		out:    out,
		prompt: prompt,
		runID:  strconv.FormatInt(now.UnixNano(), 36),
	}
}

// Chat is the chat this console speaks for.
func (c *Console) Chat() store.ChatKey { return c.chat }

// Route is the sender route that delivers this chat's replies here.
func (c *Console) Route() bot.Route {
	return bot.Route{Channel: Channel, Address: c.chat.Address, Outlet: c}
}

// Send prints a reply followed by one empty line.
func (c *Console) Send(ctx context.Context, m store.OutboxMessage) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	text := Render(m.Reply) + "\n\n"
	if c.prompt {
		text += "> "
	}
	if _, err := io.WriteString(c.out, text); err != nil {
		return bot.Permanent(fmt.Errorf("console: write: %w", err))
	}
	return nil
}

// Render is a reply as the console prints it: plain text with numbered
// choices and no empty line inside, so that the one empty line after each
// reply tells replies apart. A reply's file is named by its type on a
// line of its own, "[berkas: image/png]"; its content is not shown.
func Render(r store.Reply) string {
	lines := strings.Split(bot.PlainText(r), "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = strings.TrimRight(l, " \t\r"); l != "" {
			out = append(out, l)
		}
	}
	if r.File != "" {
		typ := strings.Map(func(c rune) rune {
			if c < ' ' || c == 0x7f {
				return -1
			}
			return c
		}, r.FileType)
		if typ == "" {
			typ = "?"
		}
		out = append(out, "[berkas: "+typ+"]")
	}
	return strings.Join(out, "\n")
}

// ShowPrompt prints the prompt when the console has one.
func (c *Console) ShowPrompt() {
	if !c.prompt {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	io.WriteString(c.out, "> ")
}

// Read submits each line of in as a message until in ends (it returns nil)
// or ctx ends. It stops with an error when a message could not be saved
// (the database cannot be written): no platform would deliver it again,
// so going on would answer later lines out of context.
func (c *Console) Read(ctx context.Context, in io.Reader, submit func(context.Context, bot.Inbound) error) error {
	r := bufio.NewReaderSize(in, 4096)
	var failed atomic.Pointer[error]
	done := func(err error) {
		if err != nil {
			failed.CompareAndSwap(nil, &err)
		}
	}
	for n := 1; ; n++ {
		if err := failed.Load(); err != nil {
			return fmt.Errorf("console: %w", *err)
		}
		line, err := readLine(r)
		if errors.Is(err, io.EOF) && line == "" {
			return nil
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("console: read: %w", err)
		}
		msg := bot.Inbound{Chat: c.chat, ID: c.runID + "-" + strconv.Itoa(n), Done: done}
		msg.Text = line
		if serr := submit(ctx, msg); serr != nil {
			return fmt.Errorf("console: submit: %w", serr)
		}
		if err != nil { // io.EOF after a last line without newline
			return nil
		}
	}
}

// readLine reads one line without its line ending, keeping at most maxLine
// bytes of it.
func readLine(r *bufio.Reader) (string, error) {
	var buf []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if len(buf) < maxLine {
			buf = append(buf, chunk[:min(len(chunk), maxLine-len(buf))]...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if len(buf) > 0 && buf[len(buf)-1] == '\n' {
			buf = buf[:len(buf)-1]
			if len(buf) > 0 && buf[len(buf)-1] == '\r' {
				buf = buf[:len(buf)-1]
			}
		}
		return string(buf), err
	}
}
