package understand

import (
	"strings"
	"testing"
)

var menuOptions = []Option{
	{Value: "register", Label: "📋 Daftar IKM", Synonyms: []string{"daftar", "registrasi", "register"}},
	{Value: "halal", Label: "Sertifikat Halal Gratis", Synonyms: []string{"halal", "sehati"}},
	{Value: "tkdn", Label: "TKDN IK", Synonyms: []string{"tkdn"}},
	{Value: "training", Label: "Pelatihan", Synonyms: []string{"training"}},
	{Value: "mydata", Label: "Data Saya", Synonyms: nil},
	{Value: "help", Label: "Bantuan", Synonyms: []string{"help"}},
}

var agreeOptions = []Option{
	{Value: "yes", Label: "Ya, saya setuju", Synonyms: []string{"setuju", "ya setuju"}},
	{Value: "no", Label: "Tidak setuju", Synonyms: []string{"tidak setuju"}},
}

var languageOptions = []Option{
	{Value: "id", Label: "Bahasa Indonesia", Synonyms: []string{"indonesia", "indo"}},
	{Value: "en", Label: "English", Synonyms: []string{"inggris", "bahasa inggris"}},
}

var sectorOptions = []Option{
	{Value: "food", Label: "Makanan & minuman", Synonyms: []string{"makanan", "minuman", "kuliner"}},
	{Value: "craft", Label: "Kerajinan", Synonyms: []string{"kriya"}},
	{Value: "furniture", Label: "Mebel / furnitur", Synonyms: []string{"meubel", "furniture"}},
	{Value: "textile", Label: "Tenun & pakaian", Synonyms: []string{"tenun", "konveksi"}},
	{Value: "jewel", Label: "Perhiasan perak", Synonyms: []string{"perak", "filigree"}},
	{Value: "other", Label: "Lainnya", Synonyms: []string{"lain"}},
}

func kecOptions() []Option {
	var opts []Option
	for _, n := range KecamatanNames() {
		opts = append(opts, Option{Value: n, Label: n})
	}
	return opts
}

func manyOptions(n int) []Option {
	opts := make([]Option, n)
	for i := range opts {
		opts[i] = Option{Value: "v", Label: "Pilihan " + strings.Repeat("x", i+1)}
	}
	return opts
}

func TestChoose(t *testing.T) {
	const no = -1
	kec := kecOptions()
	twenty := manyOptions(20)
	tests := []struct {
		in      string
		opts    []Option
		want    int // index; no for not ok
		outside bool
	}{
		// numbers
		{"1", menuOptions, 0, false},
		{"2", menuOptions, 1, false},
		{" 2. ", menuOptions, 1, false},
		{"2)", menuOptions, 1, false},
		{"(2)", menuOptions, 1, false},
		{"#2", menuOptions, 1, false},
		{"2️⃣", menuOptions, 1, false},
		{"２", menuOptions, 1, false},
		{"no 2", menuOptions, 1, false},
		{"No. 2", menuOptions, 1, false},
		{"no.2", menuOptions, 1, false},
		{"no2", menuOptions, 1, false},
		{"nomor 2", menuOptions, 1, false},
		{"nmr 2", menuOptions, 1, false},
		{"nomer dua", menuOptions, 1, false},
		{"pilih 2", menuOptions, 1, false},
		{"sy pilih no 2 aja pak", menuOptions, 1, false},
		{"ke-2", menuOptions, 1, false},
		{"ke 2", menuOptions, 1, false},
		{"ke2", menuOptions, 1, false},
		{"yg ke 2", menuOptions, 1, false},
		{"yang kedua", menuOptions, 1, false},
		{"2 ya", menuOptions, 1, false},
		{"opsi 3", menuOptions, 2, false},
		{"dua", menuOptions, 1, false},
		{"DUA", menuOptions, 1, false},
		{"kedua", menuOptions, 1, false},
		{"satu", menuOptions, 0, false},
		{"pertama", menuOptions, 0, false},
		{"kesatu", menuOptions, 0, false},
		{"ketiga", menuOptions, 2, false},
		{"keenam", menuOptions, 5, false},
		{"terakhir", menuOptions, 5, false},
		{"two", menuOptions, 1, false},
		{"second", menuOptions, 1, false},
		{"the second one", menuOptions, 1, false},
		{"2nd", menuOptions, 1, false},
		{"option 2", menuOptions, 1, false},
		{"number 2", menuOptions, 1, false},
		{"sepuluh", twenty, 9, false},
		{"sebelas", twenty, 10, false},
		{"kesebelas", twenty, 10, false},
		{"dua belas", twenty, 11, false},
		{"kedua belas", twenty, 11, false},
		{"dua puluh", twenty, 19, false},
		{"20", twenty, 19, false},
		{"twelve", twenty, 11, false},
		{"twentieth", twenty, 19, false},
		{"11th", twenty, 10, false},
		{"ke12", twenty, 11, false},
		// out of range
		{"0", menuOptions, no, true},
		{"7", menuOptions, no, true},
		{"99", menuOptions, no, true},
		{"nomor 15", menuOptions, no, true},
		{"tujuh", menuOptions, no, true},
		{"seratus", menuOptions, no, true},
		{"21", twenty, no, true},
		{"3", agreeOptions, no, true},
		{"999999999999", menuOptions, no, true},
		// whole label or synonym
		{"Daftar IKM", menuOptions, 0, false},
		{"daftar ikm", menuOptions, 0, false},
		{"DAFTAR-IKM!!", menuOptions, 0, false},
		{"daftarikm", menuOptions, 0, false},
		{"daftar", menuOptions, 0, false},
		{"dftr", menuOptions, 0, false},
		{"regis", menuOptions, 0, false},
		{"sertifikat halal gratis", menuOptions, 1, false},
		{"halal", menuOptions, 1, false},
		{"HALAL", menuOptions, 1, false},
		{"tkdn", menuOptions, 2, false},
		{"data saya", menuOptions, 4, false},
		{"data sy", menuOptions, 4, false},
		{"bantuan", menuOptions, 5, false},
		{"help", menuOptions, 5, false},
		{"Wua-Wua", kec, 10, false},
		{"wua wua", kec, 10, false},
		{"wuawua", kec, 10, false},
		{"wua2", kec, 10, false},
		{"kendari", kec, 4, false},
		{"Kendari Barat", kec, 5, false},
		{"english", languageOptions, 1, false},
		{"bahasa indonesia", languageOptions, 0, false},
		{"Bahasa Inggris", languageOptions, 1, false},
		{"setuju", agreeOptions, 0, false},
		{"tidak setuju", agreeOptions, 1, false},
		{"gak setuju", agreeOptions, 1, false},
		{"Makanan & Minuman", sectorOptions, 0, false},
		{"makanan dan minuman", sectorOptions, 0, false},
		{"mebel/furnitur", sectorOptions, 2, false},
		{"perhiasan pérak", sectorOptions, 4, false},
		// phrase containing one label or synonym
		{"saya mau daftar", menuOptions, 0, false},
		{"sy mau dftr dong", menuOptions, 0, false},
		{"mau urus halal pak", menuOptions, 1, false},
		{"saya tidak setuju", agreeOptions, 1, false},
		{"ya saya setuju sekali", agreeOptions, 0, false},
		{"saya di kendari barat", kec, 5, false},
		{"usaha saya makanan ringan", sectorOptions, 0, false},
		{"saya mau daftar halal", menuOptions, no, false}, // two options
		{"ya ubah", agreeOptions, 0, false},
		// words and prefixes
		{"sertifikat", menuOptions, 1, false},
		{"sert", menuOptions, 1, false},
		{"pela", menuOptions, 3, false},
		{"bant", menuOptions, 5, false},
		{"bantu", menuOptions, 5, false},
		{"data", menuOptions, 4, false},
		{"mandong", kec, 6, false},
		{"puu", kec, 9, false},
		{"ken", kec, no, false}, // Kendari or Kendari Barat
		{"barat", kec, 5, false},
		{"furnitur kayu", sectorOptions, 2, false},
		{"kerajinan perak", sectorOptions, no, false},
		{"inggris", languageOptions, 1, false},
		{"indo", languageOptions, 0, false},
		// typos
		{"bantaun", menuOptions, 5, false},
		{"halsl", menuOptions, 1, false},
		{"sertifkat halal", menuOptions, 1, false},
		{"sertipikat", menuOptions, 1, false},
		{"pelatiahn", menuOptions, 3, false},
		{"puwatu", kec, 9, false},
		{"mandoga", kec, 6, false},
		{"manndonga", kec, 6, false},
		{"poasiaa", kec, 8, false},
		{"kerajnan", sectorOptions, 1, false},
		{"engish", languageOptions, 1, false},
		{"inggri", languageOptions, 1, false},
		// yes/no answers
		{"iya", agreeOptions, 0, false},
		{"ok", agreeOptions, 0, false},
		{"👍", agreeOptions, 0, false},
		{"gak", agreeOptions, 1, false},
		{"no", agreeOptions, 1, false},
		// nothing or ambiguous
		{"", menuOptions, no, false},
		{"   ", menuOptions, no, false},
		{"pak", menuOptions, no, false},
		{"halo", menuOptions, no, false},
		{"1 2", menuOptions, no, false},
		{"1 atau 2", menuOptions, no, false},
		{"1,2", menuOptions, no, false},
		{"2.5", menuOptions, no, false},
		{"xyz", menuOptions, no, false},
		{"😊", menuOptions, no, false},
		{"\xff\xfe", menuOptions, no, false},
		{"ke", menuOptions, no, false},
		{"no", menuOptions, no, false},
		{"ok", menuOptions, no, false},
		{"sa", menuOptions, no, false},
		{"kota kendari", kec, 4, false}, // Choose is generic; Kecamatan knows better
		{strings.Repeat("a", 5000), menuOptions, no, false},
		{strings.Repeat("tidak tahu ", 500), menuOptions, no, false},
		{"1", nil, no, false},
	}
	for _, tt := range tests {
		i, ok, out := Choose(tt.in, tt.opts)
		wantOK := tt.want != no
		if i != tt.want || ok != wantOK || out != tt.outside {
			t.Errorf("Choose(%.40q) = %d, %v, %v; want %d, %v, %v", tt.in, i, ok, out, tt.want, wantOK, tt.outside)
		}
	}
}

// The main menu as the bot shows it: its register option has the synonym
// "mau daftar" and another "ubah alamat".
var botMenu = []Option{
	{Value: "register", Label: "Daftar / ubah data usaha", Synonyms: []string{"daftar", "mau daftar", "ubah alamat", "ganti nomor"}},
	{Value: "halal", Label: "Sertifikat halal gratis", Synonyms: []string{"halal", "sertifikat halal"}},
	{Value: "tkdn", Label: "Sertifikat TKDN IK", Synonyms: []string{"tkdn"}},
	{Value: "mydata", Label: "Data saya", Synonyms: []string{"data saya"}},
}

var phoneOfferOptions = []Option{
	{Value: "sender", Label: "Ya, pakai nomor ini", Synonyms: []string{"nomor ini"}},
	{Value: "other", Label: "Pakai nomor lain", Synonyms: []string{"nomor lain"}},
}

// A yes or no picks an option only when the option is itself that answer:
// "mau daftar" opens with "mau", a yes-word that is a verb here.
func TestChooseYesNoOnlyForAnswers(t *testing.T) {
	const no = -1
	tests := []struct {
		in   string
		opts []Option
		want int
	}{
		{"iya", botMenu, no}, {"ya", botMenu, no}, {"sdh", botMenu, no}, {"sudah", botMenu, no},
		{"ok", botMenu, no}, {"mau", botMenu, no}, {"tidak", botMenu, no},
		{"iya mau daftar", botMenu, 0}, {"1", botMenu, 0}, {"daftar", botMenu, 0},
		{"iya", agreeOptions, 0}, {"gak", agreeOptions, 1}, {"yes", agreeOptions, 0},
		{"iya", phoneOfferOptions, 0}, {"ok", phoneOfferOptions, 0},
	}
	for _, tt := range tests {
		i, ok, _ := Choose(tt.in, tt.opts)
		if i != tt.want || ok != (tt.want != no) {
			t.Errorf("Choose(%q) = %d, %v; want %d", tt.in, i, ok, tt.want)
		}
	}
}

func TestChooseNamed(t *testing.T) {
	const no = -1
	tests := []struct {
		in   string
		want int
	}{
		{"2", 1}, {"nomor 2?", 1}, {"daftar?", 0}, {"bagaimana cara daftar?", 0}, {"mau daftar gmn?", 0},
		{"berapa lama sertifikat halal?", 1}, {"tkdn itu apa?", 2}, {"bisa ubah alamat?", 0},
		// a shared word, a typo or a yes is no choice
		{"alamat kantor dimana?", no}, {"alamat kantor dinas di mana ya?", no}, {"sertifikat apa saja?", no},
		{"daftr?", no}, {"iya?", no}, {"data?", no}, {"9?", no}, {"kapan buka?", no},
	}
	for _, tt := range tests {
		i, ok, _ := ChooseNamed(tt.in, botMenu)
		if i != tt.want || ok != (tt.want != no) {
			t.Errorf("ChooseNamed(%q) = %d, %v; want %d", tt.in, i, ok, tt.want)
		}
	}
	// and Choose guesses where ChooseNamed does not
	if i, ok, _ := Choose("daftr", botMenu); !ok || i != 0 {
		t.Errorf("Choose(daftr) = %d, %v", i, ok)
	}
}

func TestChooseEveryKecamatanByNumberAndName(t *testing.T) {
	opts := kecOptions()
	for i, o := range opts {
		if got, ok, _ := Choose(o.Label, opts); !ok || got != i {
			t.Errorf("Choose(%q) = %d, %v", o.Label, got, ok)
		}
		if got, ok, _ := Choose(strings.ToUpper(o.Label)+"!", opts); !ok || got != i {
			t.Errorf("Choose(%q upper) = %d, %v", o.Label, got, ok)
		}
	}
}

func TestChooseDuplicateLabels(t *testing.T) {
	opts := []Option{{Value: "a", Label: "Sama"}, {Value: "b", Label: "Sama"}}
	if i, ok, _ := Choose("sama", opts); ok {
		t.Errorf("Choose on duplicate labels = %d, ok", i)
	}
	if i, ok, _ := Choose("2", opts); !ok || i != 1 {
		t.Errorf("Choose(2) on duplicate labels = %d, %v", i, ok)
	}
}

func FuzzChoose(f *testing.F) {
	f.Add("2", "Daftar IKM")
	f.Add("yg ke 2", "Wua-Wua")
	f.Add("sertifkat", "Sertifikat Halal")
	f.Add("\xff\xfe", "👍")
	f.Add("saya mau daftar", "")
	f.Fuzz(func(t *testing.T, s, label string) {
		opts := append(append([]Option(nil), menuOptions...), Option{Value: "x", Label: label, Synonyms: []string{label}})
		i, ok, out := Choose(s, opts)
		if ok && out {
			t.Fatalf("Choose(%q) ok and outOfRange", s)
		}
		if ok != (i >= 0) || i >= len(opts) {
			t.Fatalf("Choose(%q) = %d, %v", s, i, ok)
		}
		if i2, ok2, out2 := Choose(s, opts); i2 != i || ok2 != ok || out2 != out {
			t.Fatalf("Choose(%q) not deterministic", s)
		}
		if _, ok, out := Choose(s, nil); ok || out {
			t.Fatalf("Choose(%q, nil) = ok", s)
		}
	})
}

func BenchmarkChooseNumber(b *testing.B) {
	opts := kecOptions()
	for b.Loop() {
		Choose("yg ke 2", opts)
	}
}

func BenchmarkChooseLabel(b *testing.B) {
	opts := kecOptions()
	for b.Loop() {
		Choose("kendari barat", opts)
	}
}

func BenchmarkChooseTypo(b *testing.B) {
	opts := kecOptions()
	for b.Loop() {
		Choose("manndonga", opts)
	}
}

func BenchmarkChooseNoMatch(b *testing.B) {
	opts := kecOptions()
	for b.Loop() {
		Choose("saya tidak tahu kecamatannya apa pak", opts)
	}
}

func BenchmarkChooseMenuPhrase(b *testing.B) {
	for b.Loop() {
		Choose("sy mau urus sertifkat halal", menuOptions)
	}
}
