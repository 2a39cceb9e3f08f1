package telegram

import (
	"strings"
	"unicode/utf16"
)

// maxText is Telegram's limit on a message's text, counted in UTF-16 code
// units after entity parsing (we send no entities).
const maxText = 4096

// utf16Len is the length of s in UTF-16 code units.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r) // an invalid byte reads as U+FFFD: one unit
	}
	return n
}

// splitText cuts text into parts of at most limit UTF-16 code units,
// preferring paragraph breaks ("\n\n"), then line breaks, then spaces, and
// cutting inside a word only when a word alone is too long. The breaks at
// the cuts are dropped; nothing else is changed.
func splitText(text string, limit int) []string {
	var parts []string
	for {
		head := prefixWithin(text, limit)
		if len(head) == len(text) {
			break
		}
		cut, skip := len(head), 0
		for _, sep := range []string{"\n\n", "\n", " "} {
			// A break right after the head still counts: it is dropped.
			window := text[:min(len(text), len(head)+len(sep))]
			if i := strings.LastIndex(window, sep); i > 0 {
				cut, skip = i, len(sep)
				break
			}
		}
		part := strings.TrimRight(text[:cut], " \n")
		if part == "" { // only blanks before the break: cut the word instead
			cut, skip = len(head), 0
			part = head
		}
		parts = append(parts, part)
		text = strings.TrimLeft(text[cut+skip:], "\n")
	}
	if text != "" || len(parts) == 0 {
		parts = append(parts, text)
	}
	return parts
}

// prefixWithin is the longest prefix of s, ending on a whole character,
// of at most limit UTF-16 code units.
func prefixWithin(s string, limit int) string {
	n := 0
	for i, r := range s {
		n += utf16.RuneLen(r)
		if n > limit {
			return s[:i]
		}
	}
	return s
}
