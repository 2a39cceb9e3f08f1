package store

// ChatKey names one chat: a channel ("console", "telegram", "whatsapp") and
// the channel's address of the chat (a console name, a Telegram chat id, a
// WhatsApp JID). On WhatsApp the address contains a phone number, so it is
// personal data: log its pseudonym (DB.Pseudonyms), never the address.
type ChatKey struct {
	Channel string
	Address string
}

// Reply is one message to a chat: text and, optionally, numbered choices.
// Adapters render choices their own way (a numbered list in text, or
// buttons that stay typeable as numbers).
type Reply struct {
	Text    string   `json:"text"`
	Choices []Choice `json:"choices,omitempty"`
	// Ask hints what kind of answer is expected, so that a channel can offer
	// a better input (Telegram's "share my number" keyboard for AskPhone).
	Ask string `json:"ask,omitempty"`
	// Step names the question the choices answer ("register/sector",
	// "menu"). A channel with buttons sends it back with a pressed button
	// (Input.ChoiceStep), so a button of an old question is never taken as
	// an answer to a new one.
	Step string `json:"step,omitempty"`
	// File, when set, is a kept file (its name in the files folder) sent
	// with the text as its caption, where the channel carries files (an
	// owner's photo passed on to an officer); FileType is its type.
	File     string `json:"file,omitempty"`
	FileType string `json:"file_type,omitempty"`
	// Protect asks the channel to keep the message from being forwarded
	// or saved (Telegram's protect_content): it shows an NIB, a masked
	// NIK or a certificate number.
	Protect bool `json:"protect,omitempty"`
	// Forget: once sent (or given up), the row is deleted rather than
	// kept: an officer's reply quoting an owner's data keeps none of it.
	Forget bool `json:"-"`
}

// AskPhone marks a reply that asks for the owner's mobile number.
const AskPhone = "phone"

// Choice is one numbered option of a reply. Value is what a button sends
// back; Label is what the owner reads.
type Choice struct {
	Value string `json:"value"`
	Label string `json:"label"`
	// Style, where the channel colors buttons: ChoiceYes (go on, save)
	// or ChoiceNo (cancel); "" plain.
	Style string `json:"style,omitempty"`
}

// Choice styles.
const (
	ChoiceYes = "yes"
	ChoiceNo  = "no"
)
