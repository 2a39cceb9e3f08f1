package telegram

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"sobat-ikm/bot"
	"sobat-ikm/flows"
	"sobat-ikm/store"
)

func private(id string, in flows.Input) bot.Inbound {
	return bot.Inbound{Chat: store.ChatKey{Channel: "telegram", Address: "777"}, ID: id, Input: in}
}

// Each update payload in testdata/updates, as Telegram sends it, and the
// inbound message it becomes (ok false: ignored) and the callback query
// answered, or the block or unblock it records.
var inboundCases = []struct {
	file     string
	want     bot.Inbound
	ok       bool
	callback string
	member   *memberChange
}{
	{file: "text.json", ok: true, want: private("1001:55", flows.Input{Text: "halo, mau daftar"})},
	{file: "start_entity.json", ok: true, want: private("1002:56", flows.Input{Text: "menu"})},
	{file: "start_plain.json", ok: true, want: private("1003:57", flows.Input{Text: "menu"})},
	{file: "start_botname_payload.json", ok: true, want: private("1004:58", flows.Input{Text: "menu"})},
	{file: "command_other.json", ok: true, want: private("1005:59", flows.Input{Text: "/bantuan"})},
	{file: "callback.json", ok: true, callback: "4382bfdwdsb323b2d9",
		want: private("1010:cb4382bfdwdsb323b2d9", flows.Input{Choice: "yes", ChoiceStep: "register/consent"})},
	{file: "callback_inaccessible.json", ok: true, callback: "4382bfdwdsb323b2e0",
		want: private("1011:cb4382bfdwdsb323b2e0", flows.Input{Choice: "register", ChoiceStep: "menu"})},
	{file: "callback_index.json", ok: true, callback: "4382bfdwdsb323b2e1",
		want: private("1012:cb4382bfdwdsb323b2e1", flows.Input{Text: "3", ChoiceStep: "register/sector"})},
	{file: "callback_foreign.json", callback: "4382bfdwdsb323b2e2"},
	{file: "callback_inline.json", callback: "4382bfdwdsb323b2e3"},
	{file: "contact_own.json", ok: true, want: private("1020:63", flows.Input{Media: "contact", Phone: "6281355557777"})},
	{file: "contact_foreign.json", ok: true, want: private("1021:64", flows.Input{Media: "contact"})},
	{file: "photo.json", ok: true, want: private("1030:65", flows.Input{Media: "photo"})},
	{file: "photo_caption.json", ok: true, want: private("1031:66", flows.Input{Media: "photo", Text: "Abon Ikan Mama Ani"})},
	{file: "document.json", ok: true, want: private("1032:67", flows.Input{Media: "document"})},
	{file: "voice.json", ok: true, want: private("1033:68", flows.Input{Media: "voice"})},
	{file: "sticker.json", ok: true, want: private("1034:69", flows.Input{Media: "sticker"})},
	{file: "location.json", ok: true, want: private("1035:70", flows.Input{Media: "location"})},
	{file: "edited_message.json"},
	{file: "group.json", ok: true, want: bot.Inbound{Chat: store.ChatKey{Channel: "telegram", Address: "-4012345678"}, ID: "1041:71",
		Input: flows.Input{Text: "/start@SobatIKMBot", Group: true}}},
	{file: "supergroup.json", ok: true, want: bot.Inbound{Chat: store.ChatKey{Channel: "telegram", Address: "-1001234567890"}, ID: "1042:72",
		Input: flows.Input{Text: "@SobatIKMBot halo", Group: true}}},
	{file: "group_service.json"},
	{file: "channel_post.json"},
	{file: "my_chat_member.json", member: &memberChange{chat: chatKey(777), blocked: true, at: time.Unix(1764000000, 0)}},
	{file: "my_chat_member_unblock.json", member: &memberChange{chat: chatKey(777), at: time.Unix(1764000100, 0)}},
	{file: "my_chat_member_group.json"},
}

func readUpdate(t testing.TB, file string) (*models.Update, []byte) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "updates", file))
	if err != nil {
		t.Fatal(err)
	}
	var u models.Update
	if err := json.Unmarshal(raw, &u); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return &u, raw
}

func TestNormalize(t *testing.T) {
	seen := map[string]bool{}
	for _, tc := range inboundCases {
		seen[tc.file] = true
		t.Run(tc.file, func(t *testing.T) {
			u, _ := readUpdate(t, tc.file)
			got := normalize(u)
			if got.ok != tc.ok {
				t.Fatalf("ok = %v, want %v (inbound %+v)", got.ok, tc.ok, got.in)
			}
			if tc.ok && !reflect.DeepEqual(got.in, tc.want) {
				t.Errorf("inbound\n got %+v\nwant %+v", got.in, tc.want)
			}
			if got.callback != tc.callback {
				t.Errorf("callback to answer %q, want %q", got.callback, tc.callback)
			}
			if !reflect.DeepEqual(got.member, tc.member) {
				t.Errorf("member change %+v, want %+v", got.member, tc.member)
			}
		})
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "updates", "*.json"))
	for _, f := range files {
		if !seen[filepath.Base(f)] {
			t.Errorf("%s has no case in inboundCases", f)
		}
	}
}

// Updates with fields missing never crash the adapter.
func TestNormalizeSparseUpdates(t *testing.T) {
	for _, raw := range []string{
		`{}`, `{"update_id":1}`, `{"update_id":1,"message":{}}`, `{"update_id":1,"message":{"chat":{"id":5}}}`,
		`{"update_id":1,"message":{"chat":{"id":5,"type":"private"},"contact":{}}}`,
		`{"update_id":1,"callback_query":{}}`, `{"update_id":1,"callback_query":{"id":"x","data":"a|b"}}`,
		`{"update_id":1,"callback_query":{"id":"x","message":{"date":0},"data":"a|b"}}`,
		`{"update_id":1,"callback_query":{"id":"x","message":{"date":5,"chat":{"id":5}},"data":"|"}}`,
		`{"update_id":1,"my_chat_member":{}}`, `{"update_id":1,"my_chat_member":{"chat":{"id":5,"type":"private"}}}`,
		`{"update_id":1,"my_chat_member":{"new_chat_member":{"status":"kicked"}}}`,
	} {
		var u models.Update
		if err := json.Unmarshal([]byte(raw), &u); err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		normalize(&u) // must not panic
	}
	normalize(nil)
}
