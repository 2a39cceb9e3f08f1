package understand

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"   ", ""},
		{"Halo", "halo"},
		{"  SAYA   mau\tDAFTAR \n ", "saya mau daftar"},
		{"Sy blm DFTR pak!!", "saya belum daftar"},
		{"sy udh daftar", "saya sudah daftar"},
		{"gak", "tidak"},
		{"ga", "tidak"},
		{"gk", "tidak"},
		{"nggak", "tidak"},
		{"ngga", "tidak"},
		{"enggak", "tidak"},
		{"ndak", "tidak"},
		{"nda", "tidak"},
		{"tdk", "tidak"},
		{"belom", "belum"},
		{"udah", "sudah"},
		{"sdh", "sudah"},
		{"dah", "sudah"},
		{"yg ke 2", "yang ke 2"},
		{"regis dong kak", "daftar"},
		{"tlg bantu sy", "tolong bantu saya"},
		{"utk usaha sy", "untuk usaha saya"},
		{"dgn NIB", "dengan nib"},
		{"itu aja", "itu saja"},
		{"sy jg", "saya juga"},
		{"skrg", "sekarang"},
		{"klo bisa", "kalau bisa"},
		{"kalo", "kalau"},
		{"gmn caranya?", "bagaimana caranya"},
		{"Gimana?", "bagaimana"},
		{"brp biayanya", "berapa biayanya"},
		{"kpn selesai", "kapan selesai"},
		{"mo daftar", "mau daftar"},
		{"pengen daftar halal", "mau daftar halal"},
		{"pingin", "mau"},
		{"ingin", "mau"},
		{"makasih bu", "terima kasih"},
		{"ya", "ya"},
		{"ya pak", "ya"},
		{"iya mi", "iya"},
		{"bisa ji", "bisa"},
		{"oke toh", "oke"},
		{"mas", ""},
		{"pak bu kak mbak dik dong deh", ""},
		// punctuation and symbols
		{"no.2", "no 2"},
		{"2.", "2"},
		{" 2. ", "2"},
		{"2)", "2"},
		{"(2)", "2"},
		{"#2", "2"},
		{"Ke-2", "ke 2"},
		{"ke2", "ke2"},
		{"no2", "no2"},
		{"Rp15.000,-", "rp15.000"},
		{"2,5 jt", "2,5 jt"},
		{"1.2.3", "1.2.3"},
		{"1..2", "1 2"},
		{"+62 812-3456-7890", "+62 812 3456 7890"},
		{"c++", "c"},
		{"a+b", "a b"},
		{"jum'at", "jumat"},
		{"Jum’at", "jumat"},
		{"e-mail", "e mail"},
		{"halo___dunia", "halo dunia"},
		// letters repeated, reduplication
		{"iyaaa", "iya"},
		{"IYAAAAAA", "iya"},
		{"tolooong", "tolong"},
		{"gaaak", "tidak"},
		{"okee", "okee"},
		{"puuwatu", "puuwatu"},
		{"1000", "1000"},
		{"wua2", "wua wua"},
		{"Wua-Wua", "wua wua"},
		{"hati2 ya", "hati hati ya"},
		{"kira2 12 org", "kira kira 12 orang"},
		{"sdh2", "sudah sudah"},
		{"nomor2", "nomor2"},
		{"a2", "a2"},
		// unicode
		{"Éé ÀB ß", "ee ab ss"},
		{"Café", "cafe"},
		{"cafe\u0301", "cafe"},
		{"ＡＢＣ１２３", "abc123"},
		{"\xff\xfeok", "ok"},
		{"ok\xff", "ok"},
		{"\xff", ""},
		{"ya\u200bsudah", "yasudah"},
		{"iyaaa kak 👍🏽", "iya 👍"},
		{"👍👍", "👍 👍"},
		{"ok👍", "ok 👍"},
		{"2️⃣", "2"},
		{"❤️", "❤"},
		{"\u202eabc", "abc"},
		{"ΑΒΓ", "αβγ"},
		{"Кириллица", "кириллица"},
		{"İstanbul", "istanbul"},
		{"\x00\x01ya\x7f", "ya"},
		{"terima\r\nkasih", "terima kasih"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeLong(t *testing.T) {
	long := strings.Repeat("Sy mau DAFTAR pak, ", 300) // ~5,700 bytes
	got := Normalize(long)
	if want := strings.TrimSpace(strings.Repeat("saya mau daftar ", 300)); got != want {
		t.Errorf("Normalize(long) wrong: len %d", len(got))
	}
	junk := strings.Repeat("\xff\xfe!?", 1500)
	if got := Normalize(junk); got != "" {
		t.Errorf("Normalize(junk) = %q", got)
	}
	aaa := strings.Repeat("a", 5000)
	if got := Normalize(aaa); got != "a" {
		t.Errorf("Normalize(5000 a) = %q", got)
	}
}

// The expansion of a slang word must not be expanded again, or Normalize
// would not be idempotent.
func TestSlangValuesAreFixedPoints(t *testing.T) {
	for k, v := range slang {
		if string(squeeze(appendClean(nil, k))) != k {
			t.Errorf("slang key %q can never match: it is not cleaned text", k)
		}
		for _, w := range strings.Fields(v) {
			if _, ok := slang[w]; ok {
				t.Errorf("slang[%q] = %q: %q is itself a key", k, v, w)
			}
			if Normalize(w) != w {
				t.Errorf("slang[%q] = %q: %q is not in normal form", k, v, w)
			}
		}
	}
}

func checkNormalized(t *testing.T, in, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("Normalize(%q) = %q: invalid UTF-8", in, out)
	}
	if strings.TrimSpace(out) != out || strings.Contains(out, "  ") {
		t.Fatalf("Normalize(%q) = %q: stray spaces", in, out)
	}
	for _, r := range out {
		if unicode.ToLower(r) != r {
			t.Fatalf("Normalize(%q) = %q: %q not lowercase", in, out, r)
		}
		if unicode.IsSpace(r) && r != ' ' || unicode.IsControl(r) {
			t.Fatalf("Normalize(%q) = %q: holds %U", in, out, r)
		}
	}
	if again := Normalize(out); again != out {
		t.Fatalf("Normalize not idempotent: %q -> %q -> %q", in, out, again)
	}
}

func TestNormalizeInvariants(t *testing.T) {
	for _, s := range []string{"Sy blm DFTR pak!!", "\xff\xfe", "aaa2", "İİİ", "ǅǅǅ", "1.+2", "1+.2", "a'''b", "Ⅻ", "ﬁ"} {
		checkNormalized(t, s, Normalize(s))
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Sy blm DFTR pak!!", "wua2", "👍🏽 iyaaa", "\xff\xfe", "Rp15.000,-", "ke-2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		checkNormalized(t, s, n)
		// The readers built on Normalize see the same text either way.
		y1, ok1 := YesNo(s)
		if y2, ok2 := YesNo(n); y1 != y2 || ok1 != ok2 {
			t.Fatalf("YesNo(%q) = %v,%v but YesNo(%q) = %v,%v", s, y1, ok1, n, y2, ok2)
		}
		if strings.Trim(strings.TrimSpace(s), "?？¿") != "" {
			if c1, c2 := ParseCommand(s), ParseCommand(n); c1 != c2 {
				t.Fatalf("ParseCommand(%q) = %v but ParseCommand(%q) = %v", s, c1, n, c2)
			}
		}
		if v, ok := Number(s); ok && (v < 0 || v > maxNumber) {
			t.Fatalf("Number(%q) = %d", s, v)
		}
	})
}

func BenchmarkNormalize(b *testing.B) {
	for b.Loop() {
		Normalize("Sy blm DFTR pak, gmn caranya?? 👍")
	}
}
