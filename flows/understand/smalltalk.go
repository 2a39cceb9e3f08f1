package understand

import (
	"strconv"
	"strings"
)

// SmallTalk is what a message that answers no question says: thanks, a
// bare yes or a bare no. Where a choice is expected (the main menu) it
// chooses nothing.
type SmallTalk int

const (
	// TalkNone: the message says something else.
	TalkNone SmallTalk = iota
	// TalkThanks: "makasih", "ok makasih ya kak", "terima kasih banyak
	// atas infonya", "thanks 🙏", "🙏".
	TalkThanks
	// TalkYes: "iya", "ya", "ok", "sip", "siap pak", "baik", "sdh", "sudah
	// semua", "👍".
	TalkYes
	// TalkNo: "tidak", "gak", "belum", "tidak ada", "gak jadi", "no".
	TalkNo
	// TalkDone: a short report that something is done, "sudah" and a few
	// words: "sdh daftar kemarin", "udah kirim berkas". It asks for
	// nothing ("sdh, mau daftar halal" does).
	TalkDone
)

// String names the kind, for logs and tests.
func (t SmallTalk) String() string {
	switch t {
	case TalkNone:
		return "none"
	case TalkThanks:
		return "thanks"
	case TalkYes:
		return "yes"
	case TalkNo:
		return "no"
	case TalkDone:
		return "done"
	}
	return "SmallTalk(" + strconv.Itoa(int(t)) + ")"
}

// thanksPhrases thank, after Normalize ("makasih", "tq", "thx" are
// "terima kasih" by then).
var thanksPhrases = []string{"terima kasih", "thank you", "thanks", "thank", "thanx", "tengkyu", "tenkyu", "🙏"}

// talkFillers may stand around thanks or a bare yes or no without making
// it say more: "makasih banyak ya kak", "siap laksanakan", "sdh semua".
var talkFillers = map[string]bool{
	"banyak": true, "ya": true, "sekali": true, "atas": true, "bantuannya": true, "bantuan": true,
	"infonya": true, "info": true, "informasinya": true, "semua": true, "semuanya": true, "so": true,
	"much": true, "very": true, "you": true, "admin": true, "min": true, "sobat": true, "ikm": true,
	"ibu": true, "bapak": true, "kakak": true, "sir": true, "maam": true, "lot": true, "a": true,
	"selesai": true, "beres": true, "tadi": true, "kok": true, "lah": true, "dulu": true, "saja": true,
	"juga": true, "sip": true, "mantap": true, "laksanakan": true, "noted": true, "paham": true,
	"mengerti": true, "usah": true, "perlu": true, "jadi": true, "ada": true, "lagi": true, "sudah": true,
	"saya": true, "kami": true, "oh": true, "baik": true, "baiklah": true,
}

// talkYes are yes-words of acknowledgement that YesNo does not know.
var talkYes = map[string]bool{"baik": true, "baiklah": true, "noted": true, "paham": true, "mengerti": true}

// ParseSmallTalk tells whether a message only thanks, only says yes or
// only says no, perhaps with polite fillers ("makasih banyak ya kak",
// "sdh semua", "gak usah"), or only reports in a few words that something
// is done ("sdh daftar kemarin"). Thanks wins over yes ("ok makasih").
// Anything that says more ("iya mau daftar", "sdh, mau daftar halal",
// "no 2", "gak tau") is TalkNone.
func ParseSmallTalk(s string) SmallTalk {
	norm := Normalize(s)
	if norm == "" {
		return TalkNone
	}
	padded := " " + norm + " "
	thanks := false
	for _, p := range thanksPhrases {
		if strings.Contains(padded, " "+p+" ") {
			thanks = true
			padded = strings.ReplaceAll(padded, " "+p+" ", " ")
		}
	}
	words := strings.Fields(padded)
	decisive := false
	for _, w := range words {
		switch {
		case yesWords[w] || noWords[w] || talkYes[w]:
			decisive = true
		case talkFillers[w] || answerWords[w] || interjections[w] || !hasLetterOrDigit(w):
		default:
			if !thanks && isDoneReport(words) {
				return TalkDone
			}
			return TalkNone
		}
	}
	switch {
	case thanks:
		return TalkThanks
	case !decisive:
		return TalkNone
	}
	if yes, ok := yesNoWords(words); ok {
		if yes {
			return TalkYes
		}
		return TalkNo
	}
	if talkYes[firstWord(words)] {
		return TalkYes
	}
	return TalkNone
}

// maxDoneWords: a longer message says more than that something is done.
const maxDoneWords = 5

// isDoneReport reports whether words open with "sudah" and say in a few
// words what is done, asking for nothing: "sudah daftar kemarin".
func isDoneReport(words []string) bool {
	if firstWord(words) != "sudah" || len(words) > maxDoneWords {
		return false
	}
	for _, w := range words {
		if w == "mau" || w == "minta" || w == "tolong" || w == "bisa" || w == "belum" || w == "tidak" ||
			questionWords[w] || isDigits(w) {
			return false
		}
	}
	return true
}

// firstWord is the first word that is not an interjection, or "".
func firstWord(words []string) string {
	for _, w := range words {
		if !interjections[w] {
			return w
		}
	}
	return ""
}
