// What owners put around their answers, and how it is taken off: lead-ins
// ("nama saya"), honorifics ("pak"), emoji.

package flows

import (
	"strings"
	"unicode"
)

// nameLeadIns are words owners put before a name ("nama saya Budi").
func nameLeadIns() []string {
	return []string{"nama lengkap saya", "nama usaha saya", "nama toko saya", "nama usahanya", "nama usaha",
		"nama saya", "nama sy", "nama aku", "namaku", "namanya", "nama:", "nama", "saya", "sy", "aku",
		"my name is", "my name's", "the name is", "name is", "name:", "i am", "i'm"}
}

// stripHonorifics removes a polite address said with a name: "Rosmini
// pak" is Rosmini; "Pak Made Sudarsana" is Made Sudarsana when leading is
// set (owners' names; a business may be called "Pak Made Meubel").
func stripHonorifics(name string, leading bool) string {
	honorific := func(w string) bool {
		switch strings.ToLower(strings.Trim(w, ".,")) {
		case "pak", "bapak", "bu", "ibu", "kak", "kakak", "mas", "mbak", "mba", "bang", "dik", "adik", "sir", "madam":
			return true
		}
		return false
	}
	words := strings.Fields(name)
	for len(words) > 1 && honorific(words[len(words)-1]) {
		words = words[:len(words)-1]
	}
	for leading && len(words) > 1 && honorific(words[0]) {
		words = words[1:]
	}
	return strings.Join(words, " ")
}

// stripLeadIn removes a lead-in such as "nama saya" from the start of a
// name, keeping the owner's spelling of the rest.
func stripLeadIn(text string) string {
	t := strings.TrimSpace(text)
	for _, p := range nameLeadIns() {
		if len(t) > len(p)+1 && strings.EqualFold(t[:len(p)], p) && (t[len(p)] == ' ' || t[len(p)] == ':') {
			return strings.TrimLeft(t[len(p):], " :")
		}
	}
	return t
}

// trimSymbols drops emoji and symbols around an answer ("🙂 Gita 🙂"):
// they decorate the message, not the name or the address.
func trimSymbols(text string) string {
	return strings.TrimFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(".)(\"'", r)
	})
}
