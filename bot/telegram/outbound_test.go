package telegram

import (
	"context"
	"strings"
	"testing"

	"sobat-ikm/store"
)

// Each reply and the exact sendMessage requests the Bot API receives.
func TestOutboundRequests(t *testing.T) {
	long := strings.Repeat(strings.Repeat("a", 999)+"\n\n", 4) + // 4,004 units: part 1
		strings.Repeat(strings.Repeat("b", 999)+"\n\n", 4) + // part 2
		strings.Repeat("c", 992) // 9,000 in all: part 3
	if len(long) != 9000 {
		t.Fatalf("long text is %d characters", len(long))
	}
	type req struct{ text, markup string }
	tests := []struct {
		name  string
		reply store.Reply
		want  []req
	}{
		{
			name:  "plain text",
			reply: store.Reply{Text: "Apa nama usaha Anda?", Step: "register/business"},
			want:  []req{{text: "Apa nama usaha Anda?"}},
		},
		{
			name: "choices become an inline keyboard",
			reply: store.Reply{Text: "Apakah Anda setuju?", Step: "register/consent",
				Choices: []store.Choice{{Value: "yes", Label: "Ya, saya setuju"}, {Value: "no", Label: "Tidak"}}},
			want: []req{{text: "Apakah Anda setuju?",
				markup: `{"inline_keyboard":[[{"text":"1. Ya, saya setuju","callback_data":"register/consent|yes"}],[{"text":"2. Tidak","callback_data":"register/consent|no"}]]}`}},
		},
		{
			name:  "phone question offers a one-time share-my-number keyboard",
			reply: store.Reply{Text: "Berapa nomor HP yang bisa dihubungi?", Ask: store.AskPhone, Step: "register/phone"},
			want: []req{{text: "Berapa nomor HP yang bisa dihubungi?",
				markup: `{"keyboard":[[{"text":"Kirim nomor HP saya / Share my number","request_contact":true}]],"one_time_keyboard":true,"resize_keyboard":true}`}},
		},
		{
			name: "a 9,000-character text in 3 parts, keyboard on the last",
			reply: store.Reply{Text: long, Step: "menu",
				Choices: []store.Choice{{Value: "register", Label: "Daftar"}}},
			want: []req{
				{text: strings.TrimSuffix(strings.Repeat(strings.Repeat("a", 999)+"\n\n", 4), "\n\n")},
				{text: strings.TrimSuffix(strings.Repeat(strings.Repeat("b", 999)+"\n\n", 4), "\n\n")},
				{text: strings.Repeat("c", 992), markup: `{"inline_keyboard":[[{"text":"1. Daftar","callback_data":"menu|register"}]]}`},
			},
		},
		{
			name:  "markdown characters are sent as they are",
			reply: store.Reply{Text: "NIB: *9120001234567* _ok_ [x](y) `z`"},
			want:  []req{{text: "NIB: *9120001234567* _ok_ [x](y) `z`"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeAPI(t)
			a := newTestAdapter(t, f, Config{})
			a.out.partGap = 0
			if err := a.out.Send(context.Background(), store.OutboxMessage{ID: 1, Chat: chatKey(777), Reply: tc.reply}); err != nil {
				t.Fatal(err)
			}
			got := f.sent("sendMessage")
			if len(got) != len(tc.want) {
				t.Fatalf("%d sendMessage calls, want %d", len(got), len(tc.want))
			}
			for i, c := range got {
				w := tc.want[i]
				fields := map[string]bool{"chat_id": true, "text": true}
				if w.markup != "" {
					fields["reply_markup"] = true
				}
				for k := range c.Fields {
					if !fields[k] {
						t.Errorf("part %d: unexpected field %s=%q", i+1, k, c.Fields[k])
					}
				}
				if c.Fields["chat_id"] != "777" {
					t.Errorf("part %d: chat_id %q", i+1, c.Fields["chat_id"])
				}
				if c.Fields["text"] != w.text {
					t.Errorf("part %d: text %q\nwant %q", i+1, abbrev(c.Fields["text"]), abbrev(w.text))
				}
				if utf16Len(c.Fields["text"]) > maxText {
					t.Errorf("part %d: %d units, over Telegram's limit", i+1, utf16Len(c.Fields["text"]))
				}
				if w.markup != "" && c.Fields["reply_markup"] != w.markup {
					t.Errorf("part %d: reply_markup\n got %s\nwant %s", i+1, c.Fields["reply_markup"], w.markup)
				}
			}
		})
	}
}

func abbrev(s string) string {
	if len(s) < 80 {
		return s
	}
	return s[:40] + "…" + s[len(s)-40:]
}
