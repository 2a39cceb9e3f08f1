package flows

import "testing"

// Where a wrong guess costs the owner, only a clear answer counts.
func TestStrictYesNo(t *testing.T) {
	yes := []string{"ya", "iya", "iyaa", "y", "Ya pak", "iya bu", "ok", "oke", "sip", "siap", "setuju", "saya setuju",
		"sy setuju", "ya setuju", "boleh", "yes", "yes please", "of course", "i agree", "hapus", "ya hapus", "yakin", "iye",
		"iya benar", "iya betul", "iya sudah", "sudah", "udah", "ya sudah", "iya simpan", "ok simpan", "ya benar semua",
		"iya sdh benar", "iya saya setuju", "iya sy setuju", "iya saya mau", "okee", "iya hapus aja", "ya hapus semua",
		"ok hapus", "hapus semua", "iya sy yakin", "yes, save it", "correct", "looks good", "that's right", "👍", "✅"}
	no := []string{"tidak", "tdk", "gak", "ga", "nggak", "enggak", "no", "jangan", "ya jangan", "sudah, jangan dihapus",
		"tidak setuju", "gak mau", "no thanks", "❌"}
	unclear := []string{"mau tanya", "ok tunggu dulu", "tidak tau", "sy tdk mengerti", "bentar", "nanti dulu",
		"ya tapi", "apa itu?", "lanjut", "mau daftar", "bisa sy tanya dulu", "hmm", "😀", "jl. sao sao no 12", "no 12", "btl",
		"iya, tdk ada babi", "ya tidak pakai pengawet"}
	for _, s := range yes {
		if y, ok := strictYesNo(s); !ok || !y {
			t.Errorf("%q: got yes=%v ok=%v, want a clear yes", s, y, ok)
		}
	}
	for _, s := range no {
		if y, ok := strictYesNo(s); !ok || y {
			t.Errorf("%q: got yes=%v ok=%v, want a clear no", s, y, ok)
		}
	}
	for _, s := range unclear {
		if _, ok := strictYesNo(s); ok {
			t.Errorf("%q: taken as a clear answer", s)
		}
	}
}
