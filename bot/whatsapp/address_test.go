package whatsapp

import (
	"testing"
)

// A number configured in any usual spelling is the address Convert gives
// the chat of a message from it.
func TestPhoneAddress(t *testing.T) {
	in, skip := Convert(dm("A1", text("halo")))
	if skip != "" {
		t.Fatal(skip)
	}
	for _, phone := range []string{"6281234567890", "+62 812-3456-7890", "0812 3456 7890", "(0812) 3456.7890"} {
		got, err := PhoneAddress(phone)
		if err != nil || got != in.Inbound.Chat.Address {
			t.Errorf("PhoneAddress(%q) = %q, %v; want %q", phone, got, err, in.Inbound.Chat.Address)
		}
	}
	for _, bad := range []string{"", "petugas", "62812", "6281234567890@s.whatsapp.net", "+62 812 3456 7890 1234 5"} {
		if got, err := PhoneAddress(bad); err == nil {
			t.Errorf("PhoneAddress(%q) = %q, want an error", bad, got)
		}
	}
}
