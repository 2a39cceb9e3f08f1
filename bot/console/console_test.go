package console

import (
	"context"
	"strings"
	"testing"
	"time"

	"sobat-ikm/store"
)

// A reply's file is named by its type on a line of its own; its content
// is not printed.
func TestSendNamesFile(t *testing.T) {
	var out strings.Builder
	c := New("petugas", &out, false, time.Now())
	m := store.OutboxMessage{ID: 1, Chat: c.Chat(), Reply: store.Reply{Text: "Tiket #12 dari Abon Ani:\n\nkemasan bocor",
		File: "0123456789abcdef0123456789abcdef.png", FileType: "image/png"}}
	if err := c.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if want := "Tiket #12 dari Abon Ani:\nkemasan bocor\n[berkas: image/png]\n\n"; out.String() != want {
		t.Errorf("printed %q\nwant %q", out.String(), want)
	}
	out.Reset()
	m.Reply = store.Reply{Text: "Tanpa berkas"}
	if err := c.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if want := "Tanpa berkas\n\n"; out.String() != want {
		t.Errorf("printed %q, want %q", out.String(), want)
	}
}
