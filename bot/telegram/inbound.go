package telegram

import (
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"sobat-ikm/bot"
	"sobat-ikm/store"
)

// update is what one Telegram update means for the bot.
type update struct {
	// in is the message for the dispatcher, when ok.
	in bot.Inbound
	ok bool
	// callback is a callback query to answer (so that the button's spinner
	// stops), even when the press itself is ignored.
	callback string
	// member, when set, is a private chat's owner blocking the bot or
	// starting it again: it goes to Config.ChatBlocked, never to the
	// dispatcher (ok is false).
	member *memberChange
}

// memberChange is what a my_chat_member update of a private chat says.
type memberChange struct {
	chat    store.ChatKey
	blocked bool      // the owner blocked the bot; false: started it again
	at      time.Time // when, by Telegram's date; zero when it gave none
}

// normalize turns an update into an inbound message. Only new messages
// and button presses count; edited messages, channel posts and every
// other kind of update are ignored. A private chat's my_chat_member
// update becomes a memberChange. It never panics on missing fields.
func normalize(u *models.Update) update {
	switch {
	case u == nil:
		return update{}
	case u.Message != nil:
		in, ok := fromMessage(u.ID, u.Message)
		return update{in: in, ok: ok}
	case u.CallbackQuery != nil:
		return fromCallback(u.ID, u.CallbackQuery)
	case u.MyChatMember != nil:
		return update{member: fromMember(u.MyChatMember)}
	}
	return update{}
}

// fromMember reads the bot's new status in a chat: "kicked" (the owner
// blocked the bot) or "member" (started it again). Groups, and updates
// without a chat or with any other status, give nil: ignored. (An
// unknown status does not even decode: the update is skipped as not
// readable.)
func fromMember(m *models.ChatMemberUpdated) *memberChange {
	if m.Chat.ID == 0 || isGroup(m.Chat) {
		return nil
	}
	c := &memberChange{chat: chatKey(m.Chat.ID)}
	switch m.NewChatMember.Type {
	case models.ChatMemberTypeBanned:
		c.blocked = true
	case models.ChatMemberTypeMember:
	default:
		return nil
	}
	if m.Date > 0 {
		c.at = time.Unix(int64(m.Date), 0)
	}
	return c
}

func chatKey(id int64) store.ChatKey {
	return store.ChatKey{Channel: Channel, Address: strconv.FormatInt(id, 10)}
}

// isGroup reports whether a chat is not a private chat: the bot works in
// private chats only.
func isGroup(c models.Chat) bool { return c.Type != models.ChatTypePrivate }

func fromMessage(updateID int64, m *models.Message) (bot.Inbound, bool) {
	if m.Chat.ID == 0 || (m.From != nil && m.From.IsBot) {
		return bot.Inbound{}, false
	}
	in := bot.Inbound{Chat: chatKey(m.Chat.ID), ID: strconv.FormatInt(updateID, 10) + ":" + strconv.Itoa(m.ID)}
	in.Text = m.Text
	if in.Text == "" {
		in.Text = m.Caption
	}
	in.Media = mediaOf(m)
	if in.Text == "" && in.Media == "" {
		return bot.Inbound{}, false // a service message: someone joined, a title changed...
	}
	if isGroup(m.Chat) {
		in.Group = true
		return in, true
	}
	if in.Media == "contact" && m.Contact.UserID != 0 && m.From != nil && m.Contact.UserID == m.From.ID {
		in.Phone = m.Contact.PhoneNumber // the owner's own number, from the "share my number" button
	}
	in.Text = command(in.Text)
	return in, true
}

// command rewrites a bot command: /start (with or without a bot_command
// entity, with or without @botname or a payload) opens the menu, and
// /word@botname becomes /word, which the engine reads as the word.
func command(text string) string {
	if !strings.HasPrefix(text, "/") {
		return text
	}
	word, rest, _ := strings.Cut(text, " ")
	word, _, _ = strings.Cut(word, "@")
	if strings.EqualFold(word, "/start") {
		return "menu"
	}
	if rest != "" {
		return word + " " + rest
	}
	return word
}

// mediaOf names the kind of a message's content other than text, or ""
// for plain text and service messages.
func mediaOf(m *models.Message) string {
	switch {
	case len(m.Photo) > 0:
		return "photo"
	case m.Video != nil, m.VideoNote != nil, m.Animation != nil:
		return "video"
	case m.Document != nil:
		return "document"
	case m.Voice != nil:
		return "voice"
	case m.Audio != nil:
		return "audio"
	case m.Sticker != nil:
		return "sticker"
	case m.Location != nil, m.Venue != nil:
		return "location"
	case m.Contact != nil:
		return "contact"
	case m.Dice != nil, m.Poll != nil, m.Game != nil, m.Story != nil, m.PaidMedia != nil, m.Checklist != nil, m.Invoice != nil:
		return "other"
	}
	return ""
}

func fromCallback(updateID int64, cq *models.CallbackQuery) update {
	res := update{callback: cq.ID}
	var chat models.Chat
	switch {
	case cq.Message.Message != nil:
		chat = cq.Message.Message.Chat
	case cq.Message.InaccessibleMessage != nil: // older than 48 hours, or deleted
		chat = cq.Message.InaccessibleMessage.Chat
	default:
		return res // a button of an inline message: not one of ours
	}
	p, ok := decodeCallback(cq.Data)
	if chat.ID == 0 || !ok || cq.ID == "" {
		return res
	}
	in := bot.Inbound{Chat: chatKey(chat.ID), ID: strconv.FormatInt(updateID, 10) + ":cb" + cq.ID}
	if isGroup(chat) {
		in.Group = true
		return update{in: in, ok: true, callback: cq.ID}
	}
	in.ChoiceStep = p.step
	if p.index > 0 {
		in.Text = strconv.Itoa(p.index) // the value did not fit: as if typed
	} else {
		in.Choice = p.value
	}
	return update{in: in, ok: true, callback: cq.ID}
}
