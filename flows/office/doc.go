// Package office is what the industry office does, whichever door the
// request came through: an officer's chat, the command line or the web
// console (mailroom's one path per change). Each operation is a method of
// Office that takes the caller's *store.Tx, writes the change, its line
// in the audit log (who, when, what, on which id, why; no personal data)
// and the notices it owes, all in that transaction: a change made from
// the command line tells the owner exactly as one made in chat does, and
// a running bot delivers the notice (the sender looks at the outbox at
// least once a second).
//
// A notice is an outbox row to the owner's chat that wrote last
// (store.Contact.LastSeenAt), rendered in the owner's language, without
// choices (the owner's conversation is not the caller's), with a dedupe
// key "notice:audit:<entry id>" that ties it to the change it reports.
// notice.go is the one place that builds them.
//
// What officers read about an owner is here too, so that every door shows
// the same: OwnerRecord (the row and its chats), OwnerColumns (headings
// from locales, values as officers read them), OwnerHistory and
// DescribeEntry (the audit log), ExportOwners (CSV for Excel). They only
// read; they take a *store.Tx until the store's read transactions (View)
// are there to take instead.
//
// Beside the sketch: New takes options (WithProfile: the office's name is
// in the notices, its address and hours in the owners' answers), and
// ParseRegNo, Sectors and WITA live here, for every door.
//
// Officers are configured (cmd/sobat-ikm: SOBAT_OFFICERS or the
// configuration file), never declared in a chat; Officer and Profile are
// the configured values, Actor is who acted in one operation.
//
// The package sits below the conversation kernel and its desks and above
// store and locales; it imports nothing of bot.
package office
