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
// Before any step, Engine.Handle applies what works everywhere: a first
// greeting, the 24-hour idle reset, photos and other media where text was
// expected, and the global words (menu, batal, bantuan, bahasa, data saya,
// hapus data saya, berhenti). How typed text is understood (informal
// spellings, number words, fuzzy kecamatan names, phone and NIB formats)
// lives in the sub-package understand.
//
// Every string an owner reads comes from package locales. A message travels:
// channel adapter → bot.Dispatcher (dedupe, one chat at a time) →
// Engine.Handle (this package, inside one transaction) → outbox rows →
// bot.Sender → channel adapter.
package flows
