package understand

import "strings"

// AsksOfficeContact reports whether the owner asks how to reach the office
// itself: its address, phone number or opening hours ("alamat kantor
// dimana?", "nomor telp dinas?", "jam buka kantor", "where is your
// office"). Asking to correct one's own address ("ubah alamat") is not.
func AsksOfficeContact(s string) bool {
	norm := Normalize(s)
	if norm == "" {
		return false
	}
	office := containsAnyWord(norm, "kantor", "dinas", "disnakerperin", "office", "kantornya", "dinasnya")
	topic := containsAnyWord(norm, "alamat", "alamatnya", "lokasi", "lokasinya", "dimana", "mana", "letak",
		"telp", "telpon", "telepon", "tlp", "nomor", "no", "kontak", "hubungi", "jam", "buka", "tutup",
		"address", "where", "phone", "number", "hours", "open", "contact")
	return office && topic
}

// containsAnyWord reports whether one of words is a whole word of norm.
func containsAnyWord(norm string, words ...string) bool {
	for _, w := range strings.Fields(norm) {
		w = strings.Trim(w, "?.,!")
		for _, x := range words {
			if w == x {
				return true
			}
		}
	}
	return false
}
