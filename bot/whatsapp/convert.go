package whatsapp

import (
	"strings"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"sobat-ikm/bot"
	"sobat-ikm/flows"
	"sobat-ikm/store"
)

// Incoming is a received message: the Inbound for the dispatcher, and the
// message's own addresses for its read receipt.
type Incoming struct {
	Inbound bot.Inbound
	// LID is the sender's hidden id when its phone number is not known;
	// the chat is then addressed by it until the number is looked up.
	LID types.JID
	// ReceiptChat and ReceiptSender are where the message came from, as
	// WhatsApp named them (either form), for its read receipt.
	ReceiptChat, ReceiptSender types.JID
}

// Convert turns a received message into an Incoming. It is pure: no I/O,
// no clock. skip is why a message is not for the bot ("group", "own
// message"...); it is empty when the message is accepted.
//
// The chat is addressed by its phone-number JID (user@s.whatsapp.net),
// taken from whichever of Chat, Sender and SenderAlt carries it, never
// from a hidden @lid id; with only a LID known, by the LID JID.
func Convert(evt *events.Message) (in Incoming, skip string) {
	if evt == nil || evt.Message == nil {
		return in, "empty"
	}
	info := evt.Info
	switch {
	case info.IsFromMe:
		return in, "own message"
	case info.Chat.Server == types.GroupServer:
		return in, "group"
	case info.Chat.Server == types.BroadcastServer:
		if info.Chat.User == types.StatusBroadcastJID.User {
			return in, "status broadcast"
		}
		return in, "broadcast list"
	case info.Chat.Server != types.DefaultUserServer && info.Chat.Server != types.HiddenUserServer:
		return in, "not a private chat"
	case info.IsGroup:
		return in, "group"
	case evt.IsEdit:
		return in, "edit" // an edited old answer is not a new answer
	}
	input, ok := content(evt.Message)
	if !ok {
		return in, "no content for the bot" // reactions, receipts of polls, protocol messages...
	}
	pn, lid := addresses(info)
	in.ReceiptChat, in.ReceiptSender = info.Chat, info.Sender
	in.Inbound = bot.Inbound{Chat: store.ChatKey{Channel: Channel}, ID: info.ID, Input: input}
	if pn.IsEmpty() {
		in.LID = lid
		in.Inbound.Chat.Address = lid.String()
		return in, ""
	}
	in.Inbound.Chat.Address = pn.String()
	in.Inbound.SenderPhone = phoneOf(pn)
	return in, ""
}

// Resolved is in addressed by the phone-number JID pn, once a LID's
// number was looked up.
func (in Incoming) Resolved(pn types.JID) Incoming {
	pn = pn.ToNonAD()
	if pn.Server != types.DefaultUserServer || pn.User == "" {
		return in
	}
	in.Inbound.Chat.Address = pn.String()
	in.Inbound.SenderPhone = phoneOf(pn)
	in.LID = types.JID{}
	return in
}

// addresses finds the sender's phone-number JID and LID, without device.
func addresses(info types.MessageInfo) (pn, lid types.JID) {
	for _, j := range []types.JID{info.Chat, info.Sender, info.SenderAlt} {
		j = j.ToNonAD()
		switch {
		case j.User == "":
		case j.Server == types.DefaultUserServer && pn.IsEmpty():
			pn = j
		case j.Server == types.HiddenUserServer && lid.IsEmpty():
			lid = j
		}
	}
	return pn, lid
}

// phoneOf is the number of a phone-number JID as "+62...", or "" when its
// user part is not all digits.
func phoneOf(pn types.JID) string {
	if pn.User == "" || strings.Trim(pn.User, "0123456789") != "" {
		return ""
	}
	return "+" + pn.User
}

// content reads what the owner sent: text, a caption, a pressed button or
// the kind of a non-text message. ok is false for messages that carry
// nothing for the bot.
func content(m *waE2E.Message) (in flows.Input, ok bool) {
	switch {
	case m.Conversation != nil:
		in.Text = m.GetConversation()
	case m.ExtendedTextMessage != nil: // replies, links, mentions
		in.Text = m.GetExtendedTextMessage().GetText()
	case m.ImageMessage != nil:
		in.Media, in.Text = "photo", m.GetImageMessage().GetCaption()
	case m.VideoMessage != nil:
		in.Media, in.Text = "video", m.GetVideoMessage().GetCaption()
	case m.PtvMessage != nil: // round video note
		in.Media = "video"
	case m.DocumentMessage != nil:
		in.Media, in.Text = "document", m.GetDocumentMessage().GetCaption()
	case m.GetDocumentWithCaptionMessage().GetMessage() != nil: // whatsmeow unwraps it; raw messages in tests may not be
		return content(m.GetDocumentWithCaptionMessage().GetMessage())
	case m.AudioMessage != nil:
		in.Media = "audio"
		if m.GetAudioMessage().GetPTT() {
			in.Media = "voice"
		}
	case m.StickerMessage != nil:
		in.Media = "sticker"
	case m.LocationMessage != nil, m.LiveLocationMessage != nil:
		in.Media = "location"
	case m.ContactMessage != nil:
		in.Media, in.Phone = "contact", vcardPhone(m.GetContactMessage().GetVcard())
	case m.ContactsArrayMessage != nil:
		in.Media = "contact"
		if cs := m.GetContactsArrayMessage().GetContacts(); len(cs) > 0 {
			in.Phone = vcardPhone(cs[0].GetVcard())
		}
	case m.ButtonsResponseMessage != nil: // only if a button ever reaches us: we send none
		r := m.GetButtonsResponseMessage()
		in.Text = firstOf(r.GetSelectedButtonID(), r.GetSelectedDisplayText())
	case m.ListResponseMessage != nil:
		r := m.GetListResponseMessage()
		in.Text = firstOf(r.GetSingleSelectReply().GetSelectedRowID(), r.GetTitle())
	case m.TemplateButtonReplyMessage != nil:
		r := m.GetTemplateButtonReplyMessage()
		in.Text = firstOf(r.GetSelectedID(), r.GetSelectedDisplayText())
	default:
		return in, false
	}
	return in, true
}

func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// vcardPhone is the first telephone number of a contact card: the
// WhatsApp id ("waid=628...") when present, else the number as written.
func vcardPhone(vcard string) string {
	for line := range strings.Lines(vcard) {
		line = strings.TrimRight(line, "\r\n")
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		params := strings.Split(name, ";")
		prop := params[0]
		if _, after, grouped := strings.Cut(prop, "."); grouped { // "item1.TEL"
			prop = after
		}
		if !strings.EqualFold(prop, "TEL") {
			continue
		}
		for _, p := range params[1:] {
			if k, v, ok := strings.Cut(p, "="); ok && strings.EqualFold(k, "waid") && v != "" &&
				strings.Trim(v, "0123456789") == "" {
				return "+" + v
			}
		}
		if v := strings.TrimSpace(value); v != "" {
			return v
		}
	}
	return ""
}
