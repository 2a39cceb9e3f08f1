package main

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runWhatsApp runs "sobat-ikm -db DIR/bot.db whatsapp ARGS...".
func runWhatsApp(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	all := append([]string{"-db", filepath.Join(dir, "bot.db"), "whatsapp"}, args...)
	code = run(context.Background(), all, noEnv, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestWhatsAppStatusNotLinked(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runWhatsApp(t, dir, "status")
	if code != 0 || !strings.Contains(out, "not linked") {
		t.Errorf("status: exit %d, stdout %q, stderr %q; want 0 and \"not linked\"", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "whatsapp.db")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("status created whatsapp.db (%v)", err)
	}
	code, out, _ = runWhatsApp(t, dir, "unlink")
	if code != 0 || !strings.Contains(out, "nothing to do") {
		t.Errorf("unlink when not linked: exit %d, %q", code, out)
	}
}

func TestWhatsAppUsage(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{},
		{"pair"},
		{"status", "extra"},
		{"link", "-bogus"},
		{"link", "-phone", "not-a-number"},
		{"unlink", "now"},
	} {
		code, _, errOut := runWhatsApp(t, dir, args...)
		if code != 2 || !strings.Contains(errOut, "usage: sobat-ikm") && !strings.Contains(errOut, "-phone") {
			t.Errorf("whatsapp %q: exit %d, stderr %q; want 2 and the usage", args, code, errOut)
		}
	}
}

// The bot runs its console as before when no WhatsApp number is linked.
func TestServeWithoutWhatsApp(t *testing.T) {
	dir := t.TempDir()
	out, _ := runLines(t, filepath.Join(dir, "bot.db"), nil, "halo")
	if !strings.Contains(out, "Selamat datang") {
		t.Errorf("console reply missing:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "whatsapp.db")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("serving created whatsapp.db (%v)", err)
	}
}
