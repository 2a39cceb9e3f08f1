package understand

import "testing"

func TestParseSmallTalk(t *testing.T) {
	tests := map[SmallTalk][]string{
		TalkThanks: {"makasih", "Makasih!", "terima kasih", "ok makasih", "ok makasih ya kak", "oke makasih pak",
			"iya terima kasih", "makasih banyak", "terima kasih banyak atas infonya", "trims", "tq", "thx",
			"thanks", "thank you", "Thank you so much", "thanks a lot 🙏", "🙏", "🙏🙏", "sip makasih min",
			"siap, terimakasih bu", "ok tks", "oh ok makasih", "baik terima kasih"},
		TalkYes: {"iya", "ya", "Y", "ok", "oke", "okee kak", "sip", "siap", "siap pak!", "baik", "baiklah",
			"sdh", "sudah", "udah pak", "sdh semua", "sudah selesai", "sdh kok", "iya sudah", "👍", "ok 👍",
			"yes", "noted", "oh iya", "mantap", "betul", "iya bu 😊"},
		TalkNo: {"tidak", "gak", "ga usah", "belum", "blm", "tidak ada", "gak ada lagi", "gak jadi",
			"tidak perlu", "no", "nope", "nggak dulu", "bukan", "👎"},
		TalkDone: {"sdh daftar kemarin", "sudah daftar", "udah terdaftar pak", "sdh kirim berkas", "oh sudah isi tadi",
			"sdh regis"},
		TalkNone: {"", "   ", "😊", "1", "no 2", "nomor 2", "daftar", "iya mau daftar", "sdh, mau daftar halal",
			"sudah daftar, bagaimana cek status", "sdh daftar tapi belum dapat nomor", "sudah 2", "makasih sdh daftar",
			"sudah daftar di dinas bulan lalu tapi lupa nomornya",
			"alamat kantor dimana?", "gak tau", "tidak tahu", "halo", "menu", "ya tapi", "ok tapi nanti",
			"Kasih Ibu", "Terima Kasih Jaya", "bantuan", "saya", "ibu", "halal",
			"makasih, mau tanya tkdn", "ya 2", "\xff\xfe"},
	}
	for want, ins := range tests {
		for _, in := range ins {
			if got := ParseSmallTalk(in); got != want {
				t.Errorf("ParseSmallTalk(%q) = %v, want %v", in, got, want)
			}
		}
	}
}
