package bot

import (
	"sobat-ikm/flows"
	"sobat-ikm/store"
)

// Inbound is one message from a chat, normalized by its channel adapter.
type Inbound struct {
	Chat store.ChatKey
	// ID is the platform's message id, unique within the chat; a second
	// delivery with the same id is dropped.
	ID string
	flows.Input
	// Done, when set, is called once the dispatcher is finished with the
	// message: with nil when it is saved (or was a duplicate, or failed on
	// our side and the owner got an apology: delivering it again would not
	// help), or with an error wrapping ErrNotSaved when it could not be
	// saved (the database cannot be written, and the dispatcher stopped
	// holding it: shutdown, or FailFast). A channel whose platform delivers
	// unconfirmed messages again confirms one only after Done(nil).
	Done func(error)
}
