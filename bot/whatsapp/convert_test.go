package whatsapp

import (
	"reflect"
	"testing"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"sobat-ikm/bot"
	"sobat-ikm/flows"
	"sobat-ikm/store"
)

var (
	ownerPN   = types.NewJID("6281234567890", types.DefaultUserServer)
	ownerLID  = types.NewJID("123456789012345", types.HiddenUserServer)
	ownerAddr = "6281234567890@s.whatsapp.net"
	group     = types.NewJID("120363000000000001", types.GroupServer)
)

// dm is a private message from the owner, addressed by phone number.
func dm(id string, m *waE2E.Message) *events.Message {
	sender := ownerPN
	sender.Device = 12
	return &events.Message{
		Info: types.MessageInfo{
			MessageSource: types.MessageSource{Chat: ownerPN, Sender: sender, SenderAlt: ownerLID, AddressingMode: types.AddressingModePN},
			ID:            id,
		},
		Message: m,
	}
}

// with changes an event for a case.
func with(e *events.Message, f func(*events.Message)) *events.Message {
	f(e)
	return e
}

func text(s string) *waE2E.Message { return &waE2E.Message{Conversation: proto.String(s)} }

// inbound is the normalized message expected from the owner's PN chat.
func inbound(id string, in flows.Input) bot.Inbound {
	in.SenderPhone = "+6281234567890"
	return bot.Inbound{Chat: store.ChatKey{Channel: "whatsapp", Address: ownerAddr}, ID: id, Input: in}
}

func TestConvert(t *testing.T) {
	vcard := "BEGIN:VCARD\nVERSION:3.0\nFN:Ani\nitem1.TEL;waid=6285298765432:+62 852-9876-5432\nitem1.X-ABLabel:Ponsel\nEND:VCARD"
	for _, tc := range []struct {
		name string
		evt  *events.Message
		want bot.Inbound
		lid  types.JID // the LID left to look up
		skip string
	}{
		{name: "text", evt: dm("A1", text("halo")), want: inbound("A1", flows.Input{Text: "halo"})},
		{name: "empty text", evt: dm("A2", text("")), want: inbound("A2", flows.Input{})},
		{name: "extended text", evt: dm("A3", &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{Text: proto.String("2")}}),
			want: inbound("A3", flows.Input{Text: "2"})},
		{name: "image with caption", evt: dm("A4", &waE2E.Message{ImageMessage: &waE2E.ImageMessage{Caption: proto.String("ini NIB saya")}}),
			want: inbound("A4", flows.Input{Media: "photo", Text: "ini NIB saya"})},
		{name: "image without caption", evt: dm("A5", &waE2E.Message{ImageMessage: &waE2E.ImageMessage{}}),
			want: inbound("A5", flows.Input{Media: "photo"})},
		{name: "video", evt: dm("A6", &waE2E.Message{VideoMessage: &waE2E.VideoMessage{Caption: proto.String("produk")}}),
			want: inbound("A6", flows.Input{Media: "video", Text: "produk"})},
		{name: "document", evt: dm("A7", &waE2E.Message{DocumentMessage: &waE2E.DocumentMessage{FileName: proto.String("nib.pdf")}}),
			want: inbound("A7", flows.Input{Media: "document"})},
		{name: "document with caption, still wrapped",
			evt: dm("A8", &waE2E.Message{DocumentWithCaptionMessage: &waE2E.FutureProofMessage{Message: &waE2E.Message{
				DocumentMessage: &waE2E.DocumentMessage{Caption: proto.String("NIB")}}}}),
			want: inbound("A8", flows.Input{Media: "document", Text: "NIB"})},
		{name: "voice note", evt: dm("A9", &waE2E.Message{AudioMessage: &waE2E.AudioMessage{PTT: proto.Bool(true)}}),
			want: inbound("A9", flows.Input{Media: "voice"})},
		{name: "audio file", evt: dm("A10", &waE2E.Message{AudioMessage: &waE2E.AudioMessage{}}),
			want: inbound("A10", flows.Input{Media: "audio"})},
		{name: "sticker", evt: dm("A11", &waE2E.Message{StickerMessage: &waE2E.StickerMessage{}}),
			want: inbound("A11", flows.Input{Media: "sticker"})},
		{name: "location", evt: dm("A12", &waE2E.Message{LocationMessage: &waE2E.LocationMessage{DegreesLatitude: proto.Float64(-3.99)}}),
			want: inbound("A12", flows.Input{Media: "location"})},
		{name: "live location", evt: dm("A13", &waE2E.Message{LiveLocationMessage: &waE2E.LiveLocationMessage{}}),
			want: inbound("A13", flows.Input{Media: "location"})},
		{name: "contact card", evt: dm("A14", &waE2E.Message{ContactMessage: &waE2E.ContactMessage{DisplayName: proto.String("Ani"), Vcard: proto.String(vcard)}}),
			want: inbound("A14", flows.Input{Media: "contact", Phone: "+6285298765432"})},
		{name: "several contacts", evt: dm("A15", &waE2E.Message{ContactsArrayMessage: &waE2E.ContactsArrayMessage{
			Contacts: []*waE2E.ContactMessage{{Vcard: proto.String("BEGIN:VCARD\nTEL:0852 1111 2222\nEND:VCARD")}}}}),
			want: inbound("A15", flows.Input{Media: "contact", Phone: "0852 1111 2222"})},
		{name: "button response", evt: dm("A16", &waE2E.Message{ButtonsResponseMessage: &waE2E.ButtonsResponseMessage{
			SelectedButtonID: proto.String("1"),
			Response:         &waE2E.ButtonsResponseMessage_SelectedDisplayText{SelectedDisplayText: "Daftar"}}}),
			want: inbound("A16", flows.Input{Text: "1"})},
		{name: "button response without id", evt: dm("A17", &waE2E.Message{ButtonsResponseMessage: &waE2E.ButtonsResponseMessage{
			Response: &waE2E.ButtonsResponseMessage_SelectedDisplayText{SelectedDisplayText: "Daftar"}}}),
			want: inbound("A17", flows.Input{Text: "Daftar"})},
		{name: "list response", evt: dm("A18", &waE2E.Message{ListResponseMessage: &waE2E.ListResponseMessage{
			Title: proto.String("Pangan"), SingleSelectReply: &waE2E.ListResponseMessage_SingleSelectReply{SelectedRowID: proto.String("1")}}}),
			want: inbound("A18", flows.Input{Text: "1"})},
		{name: "list response without row id", evt: dm("A19", &waE2E.Message{ListResponseMessage: &waE2E.ListResponseMessage{Title: proto.String("Pangan")}}),
			want: inbound("A19", flows.Input{Text: "Pangan"})},
		{name: "template button", evt: dm("A20", &waE2E.Message{TemplateButtonReplyMessage: &waE2E.TemplateButtonReplyMessage{
			SelectedID: proto.String("ya"), SelectedDisplayText: proto.String("Ya")}}),
			want: inbound("A20", flows.Input{Text: "ya"})},

		{name: "lid sender with phone-number alternative",
			evt: &events.Message{Info: types.MessageInfo{MessageSource: types.MessageSource{
				Chat: ownerLID, Sender: types.JID{User: ownerLID.User, Server: types.HiddenUserServer, Device: 3},
				SenderAlt:      types.NewADJID(ownerPN.User, 0, 3),
				AddressingMode: types.AddressingModeLID}, ID: "B1"}, Message: text("halo")},
			want: inbound("B1", flows.Input{Text: "halo"})},
		{name: "lid sender, number unknown",
			evt: &events.Message{Info: types.MessageInfo{MessageSource: types.MessageSource{
				Chat: ownerLID, Sender: ownerLID, AddressingMode: types.AddressingModeLID}, ID: "B2"}, Message: text("halo")},
			want: bot.Inbound{Chat: store.ChatKey{Channel: "whatsapp", Address: "123456789012345@lid"}, ID: "B2", Input: flows.Input{Text: "halo"}},
			lid:  ownerLID},

		{name: "group message", skip: "group", evt: with(dm("C1", text("halo semua")), func(e *events.Message) {
			e.Info.Chat, e.Info.IsGroup = group, true
		})},
		{name: "status broadcast", skip: "status broadcast", evt: with(dm("C2", text("story")), func(e *events.Message) {
			e.Info.Chat, e.Info.IsGroup = types.StatusBroadcastJID, true
		})},
		{name: "broadcast list", skip: "broadcast list", evt: with(dm("C3", text("promo")), func(e *events.Message) {
			e.Info.Chat = types.NewJID("1234567890", types.BroadcastServer)
		})},
		{name: "own message", skip: "own message", evt: with(dm("C4", text("dari kantor")), func(e *events.Message) {
			e.Info.IsFromMe = true
		})},
		{name: "newsletter", skip: "not a private chat", evt: with(dm("C5", text("berita")), func(e *events.Message) {
			e.Info.Chat = types.NewJID("120363000000000002", types.NewsletterServer)
		})},
		{name: "edit", skip: "edit", evt: with(dm("C6", text("koreksi")), func(e *events.Message) { e.IsEdit = true })},
		{name: "reaction", skip: "no content for the bot", evt: dm("C7", &waE2E.Message{ReactionMessage: &waE2E.ReactionMessage{Text: proto.String("👍")}})},
		{name: "protocol message", skip: "no content for the bot", evt: dm("C8", &waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{}})},
		{name: "no message", skip: "empty", evt: dm("C9", nil)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, skip := Convert(tc.evt)
			if skip != tc.skip {
				t.Fatalf("skip %q, want %q", skip, tc.skip)
			}
			if tc.skip != "" {
				return
			}
			if !reflect.DeepEqual(got.Inbound, tc.want) {
				t.Errorf("inbound\n got %+v\nwant %+v", got.Inbound, tc.want)
			}
			if got.LID != tc.lid {
				t.Errorf("LID to look up %v, want %v", got.LID, tc.lid)
			}
			if got.ReceiptChat != tc.evt.Info.Chat || got.ReceiptSender != tc.evt.Info.Sender {
				t.Errorf("receipt addresses %v/%v, want the message's own %v/%v",
					got.ReceiptChat, got.ReceiptSender, tc.evt.Info.Chat, tc.evt.Info.Sender)
			}
		})
	}
}

// A sender first known by LID is addressed by phone number once looked up.
func TestResolved(t *testing.T) {
	in, _ := Convert(&events.Message{Info: types.MessageInfo{MessageSource: types.MessageSource{
		Chat: ownerLID, Sender: ownerLID}, ID: "B3"}, Message: text("halo")})
	got := in.Resolved(types.NewADJID(ownerPN.User, 0, 7))
	if got.Inbound.Chat.Address != ownerAddr || got.Inbound.SenderPhone != "+6281234567890" || !got.LID.IsEmpty() {
		t.Errorf("resolved to %+v", got)
	}
	if same := in.Resolved(types.JID{}); !reflect.DeepEqual(same.Inbound, in.Inbound) {
		t.Errorf("an empty lookup changed the message: %+v", same.Inbound)
	}
}

func TestVcardPhone(t *testing.T) {
	for _, tc := range []struct{ vcard, want string }{
		{"BEGIN:VCARD\r\nTEL;type=CELL;type=VOICE;waid=6281234567890:+62 812-3456-7890\r\nEND:VCARD", "+6281234567890"},
		{"BEGIN:VCARD\nitem1.TEL:+62 812 0000 1111\nEND:VCARD", "+62 812 0000 1111"},
		{"BEGIN:VCARD\ntel;WAID=6285200000000:0852\nEND:VCARD", "+6285200000000"},
		{"BEGIN:VCARD\nFN:TEL Ani\nEND:VCARD", ""},
		{"", ""},
	} {
		if got := vcardPhone(tc.vcard); got != tc.want {
			t.Errorf("vcardPhone(%q) = %q, want %q", tc.vcard, got, tc.want)
		}
	}
}
