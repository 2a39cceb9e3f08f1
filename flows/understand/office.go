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
	norm = strings.Map(func(r rune) rune {
		if strings.ContainsRune("?.,!", r) {
			return ' '
		}
		return r
	}, norm)
	office := HasPhrase(norm, "kantor", "dinas", "disnakerperin", "office", "kantornya", "dinasnya")
	topic := HasPhrase(norm, "alamat", "alamatnya", "lokasi", "lokasinya", "dimana", "mana", "letak",
		"telp", "telpon", "telepon", "tlp", "nomor", "no", "kontak", "hubungi", "jam", "buka", "tutup",
		"address", "where", "phone", "number", "hours", "open", "contact")
	return office && topic
}
