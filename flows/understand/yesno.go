package understand

import "strings"

// yesWords and noWords are the words (after Normalize) that answer a yes/no
// question. "batal" is not among them: it is a command (see ParseCommand).
var yesWords = map[string]bool{
	"ya": true, "yaa": true, "iya": true, "iyaa": true, "iyah": true, "iyap": true, "iye": true, "iyo": true,
	"y": true, "yoi": true, "ok": true, "okk": true, "oke": true, "okee": true, "okey": true, "okay": true,
	"okeh": true, "oce": true, "okok": true, "sip": true, "sipp": true, "siap": true, "betul": true,
	"benar": true, "bener": true, "bisa": true, "setuju": true, "boleh": true, "yes": true, "yess": true,
	"yup": true, "yep": true, "yeah": true, "sure": true, "mau": true, "sudah": true, "lanjut": true,
	"mantap": true, "gas": true, "pasti": true, "tentu": true, "agree": true, "okie": true,
	"👍": true, "👌": true, "✅": true, "✔": true, "☑": true, "🆗": true, "🙆": true,
}

var noWords = map[string]bool{
	"tidak": true, "no": true, "nope": true, "not": true, "dont": true, "jangan": true, "tak": true,
	"g": true, "n": true, "belum": true, "bukan": true, "salah": true, "never": true,
	"👎": true, "❌": true, "✖": true, "🙅": true, "⛔": true, "🚫": true,
}

// interjections may come before the answer: "oh iya", "eh tidak".
var interjections = map[string]bool{
	"oh": true, "o": true, "eh": true, "ah": true, "hm": true, "em": true, "ehm": true, "wah": true,
	"aduh": true, "waduh": true, "well": true,
}

// unsure words make "tidak tahu", "belum tentu", "not sure" unclear.
var unsureWords = map[string]bool{
	"tahu": true, "yakin": true, "ngerti": true, "mengerti": true, "paham": true, "pasti": true,
	"tentu": true, "ingat": true, "know": true, "sure": true, "idea": true,
}

// noProblem words turn a "tidak" into yes: "gak papa", "tidak masalah".
var noProblem = map[string]bool{"apa": true, "papa": true, "masalah": true, "problem": true}

// answerWords may fill a yes/no-only answer besides yes and no words:
// "tidak ada", "iya betul sekali", "belum punya".
var answerWords = map[string]bool{
	"ada": true, "punya": true, "jadi": true, "saja": true, "dulu": true, "itu": true, "sekali": true,
	"sama": true, "kok": true, "lah": true, "apa": true, "papa": true, "masalah": true, "banget": true,
	"memang": true, "saya": true, "juga": true, "lagi": true, "nanti": true,
}

// YesNo understands a yes/no answer. The first word (after Normalize and
// after interjections like "oh", "eh") decides: "iya betul", "ya pak",
// "ok", "sip", "👍" are yes; "tidak mau", "gak jadi", "blm", "no", "n",
// "👎" are no ("no 1" is not: it means "nomor 1"). "sudah"/"mau" count as yes and "belum"/"bukan"/"salah" as
// no. "gak papa"/"tidak masalah" mean yes. "tidak tahu", "belum tentu",
// "not sure" and anything else are unclear (ok=false), and so is "batal",
// which is a command.
func YesNo(s string) (yes bool, ok bool) {
	return yesNoWords(strings.Fields(Normalize(s)))
}

func yesNoWords(words []string) (yes bool, ok bool) {
	for len(words) > 0 && interjections[words[0]] {
		words = words[1:]
	}
	if len(words) == 0 {
		return false, false
	}
	for i := 0; i+1 < len(words); i++ {
		if noWords[words[i]] && unsureWords[words[i+1]] {
			return false, false
		}
	}
	if words[0] == "no" && len(words) > 1 {
		if _, isNum := parseNumberWords(words[1:2]); isNum {
			return false, false // "no 1": "nomor 1", a numbered choice
		}
	}
	switch first := words[0]; {
	case yesWords[first]:
		return true, true
	case noWords[first]:
		if first == "tidak" && len(words) > 1 && noProblem[words[1]] {
			return true, true
		}
		return false, true
	}
	return false, false
}

// isAnswerOnly reports whether words are only a yes/no answer, perhaps
// with fillers ("iya betul", "tidak ada", "belum punya"), or "don't know":
// text that cannot be a name, a product or an address.
func isAnswerOnly(words []string) bool {
	decisive := false
	for _, w := range words {
		switch {
		case yesWords[w] || noWords[w]:
			decisive = true
		case answerWords[w] || interjections[w] || unsureWords[w]:
		default:
			return false
		}
	}
	return decisive
}
