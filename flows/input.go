package flows

import "time"

// Input is one message from an owner, normalized by the channel adapter.
type Input struct {
	// Text is what the owner typed (or a caption), as received.
	Text string
	// Choice is the value of a pressed button, when the channel has buttons.
	Choice string
	// Media is the kind of a non-text message: photo, video, document,
	// voice, audio, sticker, location, contact; empty for plain text.
	Media string
	// ChoiceStep is the Reply.Step of the message whose button was pressed.
	ChoiceStep string
	// Phone is a phone number the owner shared as a contact card.
	Phone string
	// SenderPhone is the number the channel knows the chat by (WhatsApp),
	// offered for the owner to confirm instead of typing it.
	SenderPhone string
	// Group is set for a message from a group chat: the bot works in
	// private chats only, and says so.
	Group bool
	// At is when the message was received, from the injected clock.
	At time.Time
}
