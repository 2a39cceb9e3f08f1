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
	// Phone is a phone number the channel vouches for (a shared contact).
	Phone string
	// At is when the message was received, from the injected clock.
	At time.Time
}
