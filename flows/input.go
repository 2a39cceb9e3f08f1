package flows

import (
	"time"

	"sobat-ikm/store"
)

// Input is one message from an owner, normalized by the channel adapter.
type Input struct {
	// Text is what the owner typed (or a caption), as received.
	Text string
	// Choice is the value of a pressed button, when the channel has buttons.
	Choice string
	// Media is the kind of a non-text message: photo, video, document,
	// voice, audio, sticker, location, contact; empty for plain text.
	Media string
	// File is the photo or document of a Media message, downloaded and
	// checked by the channel adapter and kept in the files folder (nil
	// when there is none, or it was refused: FileRefused).
	File *store.StoredFile
	// FileRefused says why a photo or document was not kept:
	// "too_large", "type" (not a photo nor a PDF), or "failed" (it could
	// not be downloaded).
	FileRefused string
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
	// prep is what Engine.Prepare computed ahead of the text.
	prep prepared
}
