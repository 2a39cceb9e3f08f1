// Package store keeps Sobat IKM's data in SQLite (modernc.org/sqlite, pure Go).
//
// One database file holds owners and their contacts (each with when it last
// wrote: notices go to the chat the owner used last), conversation
// sessions, the ids of inbound messages already processed, the outbox of
// replies, notices, reminders and broadcasts still to send, and the audit
// log of officers' actions (no personal data; an erased owner's notes are
// blanked). The schema is a list of numbered
// migrations embedded in the binary (migrations/NNN_name.sql) and applied in
// order at Open, tracked by PRAGMA user_version.
//
// Writes go through one connection held for the program's life, in BEGIN
// IMMEDIATE transactions, so none fails with SQLITE_BUSY on a lock upgrade;
// statements are prepared once on it. Reads that need no write (the
// sender's look at the outbox, lists, exports, the officers' console) run
// in DB.View, a read transaction on a separate pool of read-only
// connections, which WAL lets run beside the writer: everything one View
// reads comes from one snapshot. The lookups are written once and are
// methods of both transactions (ReadTx and Tx, the Reader interface).
// DB.Update runs a function as one atomic unit; the dispatcher uses it to
// record an inbound id, move the session, change domain rows and queue
// replies all at once, so a crash leaves either all of it or none. Calls
// to Update that arrive while a transaction runs are committed together in
// the next one (group commit), each in its own savepoint, so one failing
// message undoes only its own writes.
//
// Every message sent goes through the outbox, as a row of a Kind: replies
// are listed before notices, reminders and broadcasts (a backlog of
// announcements never delays an answer), each chat's rows staying in the
// order they were queued (DueOutbox). A row may carry the owner it
// concerns (erasing the owner deletes it, on whatever chat), an expiry
// (past it the row is never sent; ExpireOutbox marks it 'expired', the
// janitor logs how many) and a dedupe key, versioned when a plan is made
// again so that CancelOutbox drops the old version's rows by prefix.
//
// All SQL of the program lives in this package, one file per entity with
// the same verbs for each (Find, Create, Update, Delete). Times are stored
// as UTC Unix milliseconds. Personal data (names, phone numbers) is kept
// only here and erased for good by Tx.EraseOwner and Tx.EraseChat.
//
// Erased means unreadable on disk too (UU PDP): the writer deletes with
// secure_delete on, and a transaction that erased commits, then the file
// is rebuilt (VACUUM) and the WAL truncated to zero bytes before Update
// returns (scrub.go). A reply queued to a chat after its erasure (the
// goodbye) is sent, then deleted rather than kept as sent. The trigram
// index that finds owners by part of a name (owners_search, FTS5) deletes
// with its own secure-delete option, without which an erased name's
// trigrams would stay in the index's pages until a merge.
//
// Officers' lists take a filter and return the total with the page
// (FindOwners, as wtf's FindDials); every filter is served by an index,
// and TestHotQueriesUseIndexes checks, among 100,000 owners, that no
// query of the hot path reads a table from end to end.
//
// Open refuses a file that exists with 0 bytes, and a missing one whose
// write-ahead log was left behind, rather than start an empty database in
// its place (open_check.go). Lock files beside a database file (lock.go)
// keep a second process off what one process must own alone: a channel
// served from the database (ChannelLockPath), or the WhatsApp device
// store; a refused lock names the process that holds it.
package store
