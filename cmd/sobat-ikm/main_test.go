package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sobat-ikm/store"
)

// runLines runs the program on a database with the lines as standard input.
func runLines(t *testing.T, db string, args []string, lines ...string) (stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	in := strings.NewReader(strings.Join(lines, "\n") + "\n")
	code := run(context.Background(), append([]string{"-db", db}, args...), noEnv, in, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit code %d; stderr:\n%s", code, errOut.String())
	}
	return out.String(), errOut.String()
}

// replies splits console output into replies: each is followed by one empty line.
func replies(t *testing.T, out string) []string {
	t.Helper()
	if !strings.HasSuffix(out, "\n\n") {
		t.Fatalf("output does not end with an empty line: %q", out)
	}
	var rs []string
	for _, r := range strings.Split(strings.TrimSuffix(out, "\n\n"), "\n\n") {
		rs = append(rs, r)
	}
	return rs
}

func TestConsoleContract(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	out, errOut := runLines(t, db, nil, "halo", "1", "2")
	if strings.Contains(out, "> ") {
		t.Errorf("piped output shows a prompt:\n%s", out)
	}
	if !strings.Contains(out, "1. Daftar / ubah data usaha") {
		t.Errorf("menu choices are not numbered lines:\n%s", out)
	}
	if !strings.Contains(errOut, "sobat-ikm started") || strings.Contains(out, "level=") {
		t.Errorf("logs must go to stderr only; stderr:\n%s", errOut)
	}
	// The consent notice (a blank line inside a reply is not allowed to
	// break the one-empty-line contract: replies hold no empty lines).
	got := replies(t, out)
	if !strings.HasPrefix(got[len(got)-1], "Baik, tidak apa-apa") {
		t.Errorf("last reply %q, want the declined-consent answer", got[len(got)-1])
	}
	if strings.Contains(got[0], "Selamat datang") == false {
		t.Errorf("first reply %q lacks the greeting", got[0])
	}

	// A second chat on the same file starts fresh.
	out2, _ := runLines(t, db, []string{"-chat", "budi"}, "halo")
	if !strings.Contains(out2, "Selamat datang") {
		t.Errorf("chat budi was not greeted:\n%s", out2)
	}
}

func TestQueuedMessagesPrintedFirst(t *testing.T) {
	path := filepath.Join(t.TempDir(), "q.db")
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	err = db.Update(ctx, func(tx *store.Tx) error {
		for _, chat := range []string{"pemilik", "lain"} {
			_, err := tx.Enqueue(store.OutboxMessage{Chat: store.ChatKey{Channel: "console", Address: chat},
				Reply: store.Reply{Text: "Pengingat untuk " + chat}, NotBefore: now, CreatedAt: now})
			if err != nil {
				return err
			}
		}
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	out, _ := runLines(t, path, nil, "halo")
	got := replies(t, out)
	if got[0] != "Pengingat untuk pemilik" {
		t.Errorf("first reply %q, want the queued reminder", got[0])
	}
	if strings.Contains(out, "Pengingat untuk lain") {
		t.Error("another chat's message was printed")
	}
	out, _ = runLines(t, path, nil, "menu")
	if strings.Contains(out, "Pengingat") {
		t.Error("a queued message was printed twice")
	}
}

func TestBadFlags(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"-nope"}, noEnv, strings.NewReader(""), &out, &errOut); code != 2 {
		t.Errorf("exit code %d for a bad flag, want 2", code)
	}
}

// The webhook listens on loopback unless told otherwise: an HTTPS reverse
// proxy on the same machine fronts it.
func TestHTTPDefaultIsLoopback(t *testing.T) {
	opts, err := parseFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	host, port, err := net.SplitHostPort(opts.http)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() || port != "8080" {
		t.Errorf("-http default %q, want a loopback address on port 8080", opts.http)
	}
	var help bytes.Buffer
	parseFlags([]string{"-h"}, &help)
	if !strings.Contains(help.String(), `(default "127.0.0.1:8080")`) {
		t.Errorf("-h does not show the default:\n%s", help.String())
	}
	if opts, err := parseFlags([]string{"-http", "0.0.0.0:9000"}, io.Discard); err != nil || opts.http != "0.0.0.0:9000" {
		t.Errorf("-http 0.0.0.0:9000 gave %q, %v", opts.http, err)
	}
}

func noEnv(string) string { return "" }
