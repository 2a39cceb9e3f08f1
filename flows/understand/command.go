package understand

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Command is a global word the owner may type at any step of a
// conversation.
type Command int

const (
	// CmdNone: the text is not a command.
	CmdNone Command = iota
	// CmdMenu: "menu", "menu utama", "kembali ke menu", "home", "mulai",
	// "start", "/start". Greetings are not commands.
	CmdMenu
	// CmdCancel: "batal", "batalkan", "cancel", "stop isi". ("gak jadi" is
	// a no-answer, not a command.)
	CmdCancel
	// CmdHelp: "bantuan", "bantu", "tolong", "help", "?", "gimana" alone.
	CmdHelp
	// CmdLanguage: "bahasa", "language", "ganti bahasa", "english",
	// "bahasa inggris", "bahasa indonesia".
	CmdLanguage
	// CmdMyData: "data saya", "lihat data saya", "data sy", "my data".
	CmdMyData
	// CmdErase: "hapus data saya", "hapus data", "hapus akun",
	// "delete my data", "erase my data".
	CmdErase
	// CmdStop: "berhenti", "stop", "unsubscribe".
	CmdStop
	// CmdResume: "aktifkan", "aktifkan pengumuman", "start announcements":
	// announcements again after CmdStop.
	CmdResume
)

// String names the command, for logs and tests.
func (c Command) String() string {
	switch c {
	case CmdNone:
		return "none"
	case CmdMenu:
		return "menu"
	case CmdCancel:
		return "cancel"
	case CmdHelp:
		return "help"
	case CmdLanguage:
		return "language"
	case CmdMyData:
		return "mydata"
	case CmdErase:
		return "erase"
	case CmdStop:
		return "stop"
	case CmdResume:
		return "resume"
	}
	return "Command(" + strconv.Itoa(int(c)) + ")"
}

// commandPhrases are the normalized phrases of each command. A message is
// a command only when all of it (less polite lead-ins such as "saya mau",
// "tolong", and tails such as "saja", "dulu") is one of these.
var commandPhrases = []struct {
	cmd     Command
	phrases []string
}{
	{CmdMenu, []string{"menu", "menu utama", "main menu", "menu awal", "kembali ke menu", "kembali ke menu utama",
		"balik ke menu", "ke menu", "ke menu utama", "lihat menu", "home", "mulai", "mulai lagi", "mulai ulang",
		"start", "restart", "back to menu", "mnu", "menuu"}},
	{CmdCancel, []string{"batal", "batalkan", "cancel", "stop isi", "batal isi", "batalkan pendaftaran",
		"batal daftar", "berhenti isi"}},
	{CmdHelp, []string{"bantuan", "bantu", "tolong", "help", "bagaimana", "minta bantuan", "butuh bantuan",
		"tolong bantu", "bantu saya", "help me", "bingung", "saya bingung", "bagaimana caranya",
		"bagaimana ini", "caranya bagaimana", "petunjuk"}},
	{CmdLanguage, []string{"bahasa", "language", "ganti bahasa", "ubah bahasa", "pilih bahasa", "english",
		"bahasa inggris", "bahasa indonesia", "inggris", "in english", "change language", "ganti ke english",
		"ganti ke bahasa inggris", "ganti ke bahasa indonesia"}},
	{CmdMyData, []string{"data saya", "lihat data saya", "lihat data", "cek data", "cek data saya", "my data",
		"show my data", "view my data", "dataku", "profil saya", "data usaha saya"}},
	{CmdErase, []string{"hapus data saya", "hapus data", "hapus akun", "hapus akun saya", "hapus semua data",
		"hapus semua data saya", "delete my data", "erase my data", "delete data", "delete account",
		"delete my account"}},
	{CmdStop, []string{"berhenti", "stop", "unsubscribe", "unsub", "berhenti langganan",
		"berhenti berlangganan", "setop", "jangan kirim lagi", "stop kirim"}},
	{CmdResume, []string{"aktifkan", "aktifkan pengumuman", "aktifkan lagi", "terima pengumuman",
		"start announcements"}},
}

// commandsAnywhere are phrases unmistakable enough to count wherever they
// stand in a message: "sy tdk setuju lagi data sy dipakai" withdraws the
// consent (erasing is confirmed first), "mau terima pengumuman lagi"
// resumes announcements.
var commandsAnywhere = []struct {
	cmd     Command
	phrases []string
}{
	{CmdErase, []string{"tarik persetujuan", "cabut persetujuan", "batalkan persetujuan", "tarik izin", "cabut izin",
		"tidak setuju lagi", "withdraw consent", "withdraw my consent"}},
	{CmdResume, []string{"aktifkan pengumuman", "terima pengumuman", "pengumuman lagi", "start announcements"}},
}

// commandLeads and commandTails may surround a command: "saya mau batal",
// "tolong hapus data saya", "batal saja".
var commandLeads = map[string]bool{
	"saya": true, "mau": true, "minta": true, "please": true, "pls": true, "i": true, "want": true, "to": true,
	"tolong": true, "coba": true,
}

var commandTails = map[string]bool{
	"saja": true, "dulu": true, "sekarang": true, "ya": true, "please": true, "pls": true, "now": true,
	"lah": true, "kah": true,
}

// noTypoWords are real words one typo away from a command word; they are
// never read as that command ("mulia" is not "mulai", "stok" not "stop").
var noTypoWords = map[string]bool{
	"mulia": true, "stok": true, "step": true, "batak": true, "bantal": true, "hela": true, "dana": true,
	"kata": true, "meni": true, "hantu": true, "santu": true, "banyu": true, "bahas": true, "star": true,
	"mulut": true, "batas": true, "batik": true, "stap": true, "hemp": true, "held": true, "hell": true,
	"hold": true, "date": true, "dara": true,
}

// ParseCommand recognizes a global command. The whole message must be
// the command, after Normalize, polite lead-ins ("saya mau", "tolong",
// "minta") and tails ("saja", "dulu"); "/start" and "?" work too. Words
// of 4 or more letters may have one typo ("bantaun", "hapsu data"),
// except real words listed in noTypoWords.
func ParseCommand(s string) Command {
	if t := strings.TrimSpace(s); t != "" && strings.Trim(t, "?？¿") == "" {
		return CmdHelp
	}
	var buf [8]string
	words, more := AppendFields(buf[:0], Normalize(s), len(buf))
	if len(words) == 0 || more {
		return CmdNone
	}
	for len(words) > 1 && commandTails[words[len(words)-1]] {
		words = words[:len(words)-1]
	}
	for len(words) > 1 && commandLeads[words[0]] {
		words = words[1:]
	}
	for _, c := range commandPhrases {
		for _, p := range c.phrases {
			if phraseMatches(words, p) {
				return c.cmd
			}
		}
	}
	joined := strings.Join(words, " ")
	for _, c := range commandsAnywhere {
		if HasPhrase(joined, c.phrases...) {
			return c.cmd
		}
	}
	return CmdNone
}

// phraseMatches compares words with the words of phrase, one typo allowed
// per word of 4 or more letters in a phrase of several words ("hapsu data
// saya"), but only in words of 6 or more letters when the command is one
// word: "bantaun" is "bantuan", while "bata" (bricks) is not "batal" and
// "helm" is not "help". Shorter command words allow only two letters
// swapped ("mneu").
func phraseMatches(words []string, phrase string) bool {
	minTypo := 4
	if !strings.Contains(phrase, " ") {
		minTypo = 6
	}
	if len(words) == 1 && strings.Contains(phrase, " ") && eqNoSpace(words[0], phrase) {
		return true // glued words: "datasaya", "hapusdata"
	}
	if strings.Count(phrase, " ")+1 != len(words) {
		return false
	}
	i := 0
	for rest := phrase; rest != ""; i++ {
		var p string
		p, rest, _ = strings.Cut(rest, " ")
		if i >= len(words) {
			return false
		}
		w := words[i]
		if w == p {
			continue
		}
		if noTypoWords[w] {
			return false
		}
		if n := utf8.RuneCountInString(p); n < minTypo {
			if n >= 4 && swapped(w, p) {
				continue
			}
			return false
		}
		if utf8.RuneCountInString(w) < 4 || distance(w, p, 1) > 1 {
			return false
		}
	}
	return i == len(words)
}

// swapped reports whether a is b with two neighbouring letters swapped.
func swapped(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) != len(rb) {
		return false
	}
	for i := 0; i+1 < len(ra); i++ {
		if ra[i] != rb[i] {
			return ra[i] == rb[i+1] && ra[i+1] == rb[i] && string(ra[i+2:]) == string(rb[i+2:])
		}
	}
	return false
}
