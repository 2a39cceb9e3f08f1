// Package understand turns what an owner types into values the flows can
// use: yes/no answers, numbered choices, numbers, kecamatan names, phone
// numbers, NIBs, names, free text and global commands; and it tells what
// a message is besides an answer: thanks or a bare yes (ParseSmallTalk),
// a question (IsQuestion), a request for a language (Language), or a
// message that corrects itself (SelfCorrected).
//
// Owners of small industries in Kota Kendari write informal Indonesian on
// cheap phones: abbreviations ("sy", "blm", "gk"), regional particles
// ("mi", "ji"), polite address ("pak", "kak"), typos, emoji and stray
// punctuation. Most functions here start from Normalize, which repairs and
// simplifies such text, and then tolerate small typos where a wrong match
// would be cheap.
//
// The package is pure: no I/O, no global mutable state and no user-facing
// messages. Problems are reported as the sentinel errors in errors.go (and
// NIBLengthError), so the caller picks the words in the owner's language.
package understand
