// Package flows is Sobat IKM's conversation state machine. It knows no
// channel: it gets a normalized Input and the chat's key, and inside the
// caller's store transaction it reads the chat's session and the owner's
// rows, decides, writes them back and returns the replies to queue.
//
// A flow is a table of named steps in one file, readable top to bottom like
// the conversation it is (register.go, mydata.go, language.go). A step asks
// one question (Ask) and understands one answer (Answer). An answer the owner
// got wrong is a *retry: the step's state does not move, nothing is stored,
// and the owner is told what to type, with the question again. After three
// misses in a row the reply also offers help and the menu.
//
// Before any step, Engine.Handle applies what works everywhere: a message
// that corrects itself ("poasia eh bukan, kambu") is read from the
// correction on; then a first greeting (and "Waalaikumsalam" to a salam), the 24-hour idle reset,
// photos and other media where text was expected, a pressed button of an
// older question (Input.ChoiceStep must match the question asked now), a
// message from a group, the global words (menu, batal, bantuan, bahasa,
// data saya, hapus data saya, berhenti), withdrawing consent, asking for
// another language, and a question ("apa itu NIB?") answered with the
// step's help instead of being stored. How typed text is understood
// (informal spellings, number words, fuzzy kecamatan names, phone and NIB
// formats) lives in the sub-package understand.
//
// Some answers are never guessed because a wrong guess costs the owner:
// consent, erasing data and saving the summary need a clear yes (a
// number, a button, or a whole "ya"); "ya tapi...", "mau tanya" or
// "tunggu" ask again. Elsewhere the engine is generous: typos, lead-ins
// ("nama saya ..."), honorifics, numbers said as words.
//
// Every string an owner reads comes from package locales. A message travels:
// channel adapter → bot.Dispatcher (dedupe, one chat at a time) →
// Engine.Handle (this package, inside one transaction) → outbox rows →
// bot.Sender → channel adapter.
package flows
