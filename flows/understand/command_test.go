package understand

import (
	"strings"
	"testing"
)

func TestParseCommand(t *testing.T) {
	tests := []struct {
		in   string
		want Command
	}{
		{"menu", CmdMenu}, {"MENU", CmdMenu}, {"Menu.", CmdMenu}, {"menu utama", CmdMenu},
		{"mnu", CmdMenu}, {"menuu", CmdMenu}, {"mnu dulu", CmdMenu},
		{"kembali ke menu", CmdMenu}, {"balik ke menu pak", CmdMenu}, {"home", CmdMenu}, {"mulai", CmdMenu},
		{"start", CmdMenu}, {"/start", CmdMenu}, {"mneu", CmdMenu}, {"menu dong", CmdMenu},
		{"batal", CmdCancel}, {"Batal!", CmdCancel}, {"batalkan", CmdCancel}, {"cancel", CmdCancel},
		{"stop isi", CmdCancel}, {"batal saja", CmdCancel}, {"saya mau batal", CmdCancel}, {"btal", CmdNone}, // too close to "bata" (bricks) to guess
		{"bantuan", CmdHelp}, {"bantu", CmdHelp}, {"tolong", CmdHelp}, {"tlg", CmdHelp}, {"help", CmdHelp},
		{"?", CmdHelp}, {"??", CmdHelp}, {" ? ", CmdHelp}, {"gimana", CmdHelp}, {"bagaimana", CmdHelp},
		{"gmn?", CmdHelp}, {"bantaun", CmdHelp}, {"minta bantuan", CmdHelp}, {"tolong bantu", CmdHelp},
		{"/help", CmdHelp},
		{"bahasa", CmdLanguage}, {"language", CmdLanguage}, {"ganti bahasa", CmdLanguage},
		{"english", CmdLanguage}, {"English", CmdLanguage}, {"bahasa inggris", CmdLanguage},
		{"bahasa indonesia", CmdLanguage}, {"englsh", CmdLanguage},
		{"data saya", CmdMyData}, {"lihat data saya", CmdMyData}, {"data sy", CmdMyData}, {"my data", CmdMyData},
		{"datasaya", CmdMyData}, {"Data Saya?", CmdMyData},
		{"hapus data saya", CmdErase}, {"hapus data", CmdErase}, {"hapus akun", CmdErase},
		{"delete my data", CmdErase}, {"erase my data", CmdErase}, {"tolong hapus data saya", CmdErase},
		{"hapsu data", CmdErase}, {"minta hapus data sy", CmdErase},
		{"berhenti", CmdStop}, {"stop", CmdStop}, {"STOP", CmdStop}, {"unsubscribe", CmdStop},
		{"/stop", CmdStop}, {"berhnti", CmdStop}, {"i want to stop", CmdStop},
		// not commands
		{"", CmdNone}, {"   ", CmdNone}, {"halo", CmdNone}, {"selamat pagi", CmdNone}, {"hai", CmdNone},
		{"gak jadi", CmdNone}, {"tidak", CmdNone}, {"ya", CmdNone}, {"2", CmdNone}, {"daftar", CmdNone},
		{"saya mau daftar", CmdNone}, {"data", CmdNone}, {"hapus", CmdNone}, {"mulia", CmdNone},
		{"stok", CmdNone}, {"bantal", CmdNone}, {"batik", CmdNone}, {"menu makanan saya banyak", CmdNone},
		{"bagaimana cara daftar halal", CmdNone}, {"Budi Santoso", CmdNone}, {"\xff\xfe", CmdNone},
		{"😊", CmdNone}, {"? apa", CmdNone}, {"saya", CmdNone}, {"minta", CmdNone},
		{strings.Repeat("menu ", 1000), CmdNone},
	}
	for _, tt := range tests {
		if got := ParseCommand(tt.in); got != tt.want {
			t.Errorf("ParseCommand(%.40q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// A command phrase must belong to one command only, and be written in
// normal form.
func TestCommandPhrasesUnique(t *testing.T) {
	seen := map[string]Command{}
	for _, c := range commandPhrases {
		for _, p := range c.phrases {
			if Normalize(p) != p {
				t.Errorf("phrase %q is not normalized (%q)", p, Normalize(p))
			}
			if prev, ok := seen[p]; ok {
				t.Errorf("phrase %q in %v and %v", p, prev, c.cmd)
			}
			seen[p] = c.cmd
			if got := ParseCommand(p); got != c.cmd {
				t.Errorf("ParseCommand(%q) = %v, want %v", p, got, c.cmd)
			}
		}
	}
}

func TestCommandString(t *testing.T) {
	for c, want := range map[Command]string{CmdNone: "none", CmdMenu: "menu", CmdStop: "stop", Command(42): "Command(42)"} {
		if got := c.String(); got != want {
			t.Errorf("%d.String() = %q", int(c), got)
		}
	}
}

func BenchmarkParseCommand(b *testing.B) {
	for b.Loop() {
		ParseCommand("saya mau daftar sertifikat halal")
	}
}

// Real answers one letter away from a short command are answers.
func TestShortCommandsNeedExactSpelling(t *testing.T) {
	for _, s := range []string{"bata", "batu", "mula", "hope", "helm", "men", "stap", "hapu"} {
		if got := ParseCommand(s); got != CmdNone {
			t.Errorf("ParseCommand(%q) = %v, want none", s, got)
		}
	}
	for s, want := range map[string]Command{"bantaun": CmdHelp, "bahsa": CmdLanguage, "mneu": CmdMenu, "btaal": CmdCancel, "berhnti": CmdStop,
		"batal": CmdCancel, "hapsu data saya": CmdErase, "data sya": CmdMyData} {
		if got := ParseCommand(s); got != want {
			t.Errorf("ParseCommand(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestCommandsAnywhere(t *testing.T) {
	for s, want := range map[string]Command{
		"I want to withdraw consent":         CmdErase,
		"sy tdk setuju lagi data sy dipakai": CmdErase,
		"tarik persetujuan":                  CmdErase,
		"aktifkan":                           CmdResume,
		"aktifkan pengumuman":                CmdResume,
		"mau terima pengumuman lagi":         CmdResume,
		"pengumuman halal kapan":             CmdNone,
	} {
		if got := ParseCommand(s); got != want {
			t.Errorf("ParseCommand(%q) = %v, want %v", s, got, want)
		}
	}
}
