package whatsapp

import (
	"go.mau.fi/whatsmeow/types"
)

// PhoneAddress is the chat address of a WhatsApp number, as Convert
// addresses the chats of people who write from it
// ("6281234567890@s.whatsapp.net"): for configuring a chat by its number
// (an officer). The number may be written as people write it ("+62
// 812-3456-7890", "0812 3456 7890"); a leading 0 stands for Indonesia's
// 62.
func PhoneAddress(phone string) (string, error) {
	d, err := PairingPhone(phone)
	if err != nil {
		return "", err
	}
	return types.NewJID(d, types.DefaultUserServer).String(), nil
}
