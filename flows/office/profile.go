package office

import "sobat-ikm/store"

// Profile is the office as owners are told about it. Only the name has a
// default; the rest is empty until configured, and whatever shows it
// leaves out what is empty.
type Profile struct {
	Name    string // "Dinas Tenaga Kerja dan Perindustrian Kota Kendari"
	Address string
	Phone   string
	Hours   string // opening hours, as written: "Senin-Jumat 08.00-16.00 WITA"
}

// DefaultProfile is the office's profile when nothing is configured.
func DefaultProfile() Profile {
	return Profile{Name: "Dinas Tenaga Kerja dan Perindustrian Kota Kendari"}
}

// Officer is a configured officer on one chat. An officer on several
// chats is configured once per chat, with the same name.
type Officer struct {
	Name string // as it appears in the audit log and signs answers: "Rina"
	Chat store.ChatKey
}
