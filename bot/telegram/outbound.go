package telegram

import (
	"strconv"

	tgbot "github.com/go-telegram/bot"

	"sobat-ikm/bot"
	"sobat-ikm/store"
)

// The keyboards are our own types rather than the library's: its inline
// button always carries "copy_text":{"text":""}, and what is sent should
// be exactly what the tests assert.

type inlineKeyboard struct {
	InlineKeyboard [][]inlineButton `json:"inline_keyboard"`
}

type inlineButton struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data"`
	Style        string `json:"style,omitempty"`
}

// Telegram's button colors (Bot API 9.4, InlineKeyboardButton.style; the
// library has the field but no names for its values). Telegram has a
// third, "primary" (blue), that no choice uses.
const (
	styleSuccess = "success" // green: store.ChoiceYes (go on, save)
	styleDanger  = "danger"  // red: store.ChoiceNo (cancel)
)

// buttonStyle is the color of a choice's button; "" leaves it to the app.
func buttonStyle(style string) string {
	switch style {
	case store.ChoiceYes:
		return styleSuccess
	case store.ChoiceNo:
		return styleDanger
	}
	return ""
}

type replyKeyboard struct {
	Keyboard        [][]keyboardButton `json:"keyboard"`
	OneTimeKeyboard bool               `json:"one_time_keyboard"`
	ResizeKeyboard  bool               `json:"resize_keyboard"`
}

type keyboardButton struct {
	Text           string `json:"text"`
	RequestContact bool   `json:"request_contact,omitempty"`
}

// render turns a reply into the sendMessage calls that show it: the text,
// cut at Telegram's limit on paragraph breaks, with the keyboard on the
// last part. Choices become inline buttons, one per row, labelled with
// their numbers ("1. Daftar") so that typing the number works as well;
// the numbered list is then not repeated in the text. A choice that goes
// on or saves is green, one that cancels red (Choice.Style). A question
// for the phone number offers a one-time "share my number" button. No
// parse mode: the text is sent as it is, so nothing needs escaping. A
// protected reply (an NIB, a masked NIK, a certificate number) has every
// part sent with protect_content, so it cannot be forwarded or saved.
func render(chatID int64, r store.Reply, shareLabel string) []*tgbot.SendMessageParams {
	text := r.Text
	var markup any
	switch {
	case len(r.Choices) > 0:
		kb := inlineKeyboard{InlineKeyboard: make([][]inlineButton, len(r.Choices))}
		for i, c := range r.Choices {
			kb.InlineKeyboard[i] = []inlineButton{{
				Text:         strconv.Itoa(i+1) + ". " + c.Label,
				CallbackData: encodeCallback(r.Step, c.Value, i+1),
				Style:        buttonStyle(c.Style),
			}}
		}
		markup = kb
		if text == "" {
			text = bot.PlainText(r) // Telegram needs some text above buttons
		}
	case r.Ask == store.AskPhone && shareLabel != "":
		markup = replyKeyboard{
			Keyboard:        [][]keyboardButton{{{Text: shareLabel, RequestContact: true}}},
			OneTimeKeyboard: true,
			ResizeKeyboard:  true,
		}
	}
	if text == "" {
		return nil
	}
	parts := splitText(text, maxText)
	out := make([]*tgbot.SendMessageParams, len(parts))
	for i, p := range parts {
		out[i] = &tgbot.SendMessageParams{ChatID: chatID, Text: p, ProtectContent: r.Protect}
	}
	if markup != nil {
		out[len(out)-1].ReplyMarkup = markup
	}
	return out
}
