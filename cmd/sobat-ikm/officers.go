package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"sobat-ikm/bot/console"
	"sobat-ikm/bot/telegram"
	"sobat-ikm/bot/whatsapp"
	"sobat-ikm/flows/office"
	"sobat-ikm/store"
)

// maxOfficerName is the longest officer name, in characters.
const maxOfficerName = 64

// parseOfficersEnv reads SOBAT_OFFICERS: CHANNEL:ADDRESS=NAME entries
// separated by commas. Errors name an entry by its place and name, never
// by its address (a WhatsApp number is personal data, and errors are
// logged).
func parseOfficersEnv(s string) ([]office.Officer, error) {
	var out []office.Officer
	for i, entry := range strings.Split(s, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			return nil, fmt.Errorf("entry %d is empty (entries are CHANNEL:ADDRESS=NAME, separated by commas)", i+1)
		}
		chat, name, ok := strings.Cut(entry, "=")
		if !ok {
			return nil, fmt.Errorf("entry %d: want CHANNEL:ADDRESS=NAME, e.g. telegram:123456=Rina", i+1)
		}
		o, err := parseOfficer(chat, name)
		if err != nil {
			return nil, fmt.Errorf("entry %d%s: %w", i+1, nameNote(name), err)
		}
		out = append(out, o)
	}
	if err := checkOfficers(out); err != nil {
		return nil, err
	}
	return out, nil
}

// nameNote is " (NAME)" for an error about an officer's entry, or "".
func nameNote(name string) string {
	if name = strings.TrimSpace(name); name == "" || utf8.RuneCountInString(name) > maxOfficerName {
		return ""
	}
	return " (" + name + ")"
}

// parseOfficer reads one officer: a chat written CHANNEL:ADDRESS, and a
// name. The address becomes the one the channel gives the officer's chat:
// a WhatsApp number becomes its chat address (6281234567890@s.whatsapp.net).
func parseOfficer(chat, name string) (office.Officer, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return office.Officer{}, errors.New("the name is empty")
	case utf8.RuneCountInString(name) > maxOfficerName:
		return office.Officer{}, fmt.Errorf("the name is longer than %d characters", maxOfficerName)
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return office.Officer{}, errors.New("the name holds a control character")
	}
	key, err := parseChat(chat)
	if err != nil {
		return office.Officer{}, err
	}
	return office.Officer{Name: name, Chat: key}, nil
}

// parseChat reads a chat written CHANNEL:ADDRESS. Its errors do not
// repeat the address.
func parseChat(s string) (store.ChatKey, error) {
	channel, addr, ok := strings.Cut(strings.TrimSpace(s), ":")
	channel, addr = strings.ToLower(strings.TrimSpace(channel)), strings.TrimSpace(addr)
	if !ok || channel == "" {
		return store.ChatKey{}, errors.New("the chat is not CHANNEL:ADDRESS, e.g. telegram:123456")
	}
	switch channel {
	case telegram.Channel, whatsapp.Channel, console.Channel:
	default:
		return store.ChatKey{}, fmt.Errorf("unknown channel %q (known: %s, %s, %s)", channel, console.Channel, telegram.Channel, whatsapp.Channel)
	}
	if addr == "" {
		return store.ChatKey{}, fmt.Errorf("the %s chat's address is empty", channel)
	}
	switch channel {
	case telegram.Channel:
		id, err := strconv.ParseInt(addr, 10, 64)
		if err != nil || id <= 0 {
			return store.ChatKey{}, errors.New("telegram chat: want the officer's Telegram user id, a number such as 123456789 (the bot @userinfobot tells it)")
		}
		return store.ChatKey{Channel: channel, Address: strconv.FormatInt(id, 10)}, nil
	case whatsapp.Channel:
		a, err := whatsapp.PhoneAddress(strings.TrimSuffix(addr, "@s.whatsapp.net"))
		if err != nil { // (its text repeats the number)
			return store.ChatKey{}, errors.New("whatsapp chat: want the officer's WhatsApp number with its country code, e.g. 6281234567890")
		}
		return store.ChatKey{Channel: channel, Address: a}, nil
	}
	return store.ChatKey{Channel: channel, Address: addr}, nil // console: the -chat name
}

// checkOfficers refuses a chat given to two officers, or twice: the same
// person on several chats is one entry per chat, with the same name.
func checkOfficers(officers []office.Officer) error {
	seen := map[store.ChatKey]string{}
	for _, o := range officers {
		if first, ok := seen[o.Chat]; ok {
			if first == o.Name {
				return fmt.Errorf("officer %s's chat %s is given twice", o.Name, o.Chat.Channel)
			}
			return fmt.Errorf("the same %s chat is given to %s and to %s: a chat is one officer's", o.Chat.Channel, first, o.Name)
		}
		seen[o.Chat] = o.Name
	}
	return nil
}
