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
}
