// Package whatsapp is the WhatsApp channel, built on go.mau.fi/whatsmeow:
// the bot runs as a linked device ("Linked devices" on the office's
// phone) of the office's own WhatsApp number.
//
// # Linking
//
// `sobat-ikm whatsapp link` (Link) pairs a new device by QR code, or by a
// pairing code typed into the phone with -phone. The device's keys live
// in their own SQLite file, whatsapp.db beside the bot's database,
// opened through whatsmeow's sqlstore on modernc (dialect "sqlite", the
// bot's DSN: WAL, busy timeout, foreign keys on). `whatsapp status`
// (ReadStatus) says whether a number is linked and `whatsapp unlink`
// (Unlink) logs the device out. Checking never creates the file.
//
// # How a message travels
//
//  1. whatsmeow decrypts a message on its receive loop and calls
//     handleEvent, which must not block that loop. Convert (pure) turns
//     the *events.Message into an Incoming: private chats only (groups,
//     status and broadcast lists, newsletters, our own messages and edits
//     are ignored); text from plain and extended messages and captions;
//     button and list replies as text; images, video, documents, voice
//     notes, audio, stickers, locations and contact cards as their media
//     kind. The chat is addressed by the sender's phone-number JID
//     (628...@s.whatsapp.net, from Chat, Sender or SenderAlt), never by a
//     hidden @lid id, and the number ("+628...") is offered to the
//     registration flow. The message id is the inbound id.
//     With Config.SaveFile set, the photo or document of a message is
//     downloaded here, before it is queued (file.go): a FileLength
//     announced over store.MaxFileSize is refused at once, else
//     Client.Download fetches it within Config.FileTimeout (the media
//     HTTP client Open installs reads no body past the limit) and
//     SaveFile keeps it; Input.File is set, or Input.FileRefused
//     ("too_large", "type", "failed"), and the message goes on either
//     way. A stop during the download leaves it unacknowledged.
//  2. The handler puts it on a buffered queue and waits until the
//     dispatcher has saved it (Inbound.Done; a few milliseconds). Only
//     then does it return true and whatsmeow acknowledge the message, so
//     a crash before the commit loses nothing. When the queue is full,
//     the channel is closing, or the message is not saved within
//     Config.SaveWait (the database cannot be written) it returns false,
//     and whatsmeow then does not acknowledge the message: WhatsApp
//     delivers it again after a reconnect (the decrypted-event buffer is
//     on for this).
//  3. One goroutine takes the queue in order: it looks up the phone
//     number of a sender known only by LID (the device store's LID map;
//     if unknown, the chat stays addressed by its LID and no number is
//     offered) and hands the message to the dispatcher. Another goroutine then marks it read and shows "typing...".
//  4. The dispatcher queues the engine's reply in the outbox; the
//     generic bot.Sender delivers it through Outlet.Send, paced by
//     DefaultLimits (a burst of 3 replies, then one message every 2 s
//     overall and per chat, plus up to 2 s of jitter). Send renders the
//     reply as plain text with the choices as a numbered list (buttons
//     do not work from linked devices), sends it with an id derived from
//     the outbox row (a retry reuses it), and stops "typing...". A
//     reply carrying a kept file (an owner's photo or document passed on
//     to an officer) is read with Config.OpenFile, uploaded
//     (Client.Upload) and sent as an ImageMessage (JPEG, PNG) or a
//     DocumentMessage ("lampiran.pdf"), the text as caption when it fits
//     1,024 UTF-16 units, else the text first and the file after it
//     (outfile.go). A file no longer kept (erased), or not uploaded by
//     the fifth attempt, leaves the text to go alone.
//     A phone-number chat is sent to at its LID when the device store's
//     LID map or WhatsApp's user info knows one (lid.go: the pinned
//     whatsmeow does so only once it learnt the account's LID migration
//     timestamp); chat keys stay by number. As it goes (just before the
//     send), the row's message id is recorded (store.DB.SetPlatformID): delivery and read
//     receipts are recorded on it (receipt.go), and a retry request
//     after a restart is answered from it (retry.go, wired as
//     whatsmeow's Client.GetMessageForRetry).
//
// # Safety against bans
//
// Send refuses (permanently) any chat that never wrote to the office: it
// has no session, no recent inbound id and no pending reply to its
// erasure (store.ChatHasWritten). The one exception is a notice,
// reminder or broadcast (its kind: store.KindNotice, KindReminder or
// KindBroadcast) to a chat linked to an owner who consented; whoever
// queues broadcasts leaves out owners who opted out.
// Pacing is conservative, the device shows itself online only while
// typing, and a lock file (<whatsapp-db>.lock, a store.AcquireLock: an
// flock on unix)
// keeps a second process off the session: the channel and link/unlink
// take it, a second process gets an error naming the holder
// (store.ErrLocked). Config.Claim lets the program also take its
// database's WhatsApp lock before connecting.
//
// # Connection life
//
// whatsmeow reconnects on its own after a network failure; meanwhile Send
// returns a temporary error and rows stay pending (Outlet.Ready says
// whether sending is possible now). On LoggedOut, StreamReplaced,
// ClientOutdated, TemporaryBan and other permanent disconnects the
// adapter logs one error saying what to do, stops the channel (Run
// returns nil; other channels go on) and keeps unsent rows for the next
// start: Send then returns a temporary error with a long wait. When the
// program stops, no new message is taken but the connection lingers a
// few seconds so that the last replies can go out.
//
// WhatsApp's reach-out lock (error 463 on a send) and a temporary ban
// pause the channel's notices, reminders and broadcasts (pause.go) until
// WhatsApp's end for them, or Config.PauseFor (24 h) when it gives none;
// replies go on, the row that hit the lock stays pending, and
// Config.Paused tells the officers once per pause.
//
// whatsmeow processes history sync on its own (ManualHistorySyncDownload
// stays off, no handler blocks it): its blobs carry the LID map and the
// contacts' privacy tokens. The media HTTP client's size limit applies
// to owners' files only, never to those blobs (file.go).
//
// # Not tried against real WhatsApp
//
// No WhatsApp account was available: everything here was tested with a
// fake client and the real device store only. Not tried: linking by QR or
// pairing code; receiving real messages (LID/phone-number addressing as
// WhatsApp really sends it, contact cards, button replies); whether an
// unacknowledged message is really delivered again; read receipts,
// typing and presence as the owner sees them; how WhatsApp treats a
// retried message id; server error codes (429, 463) and the pacing's
// effect on ban risk; the behaviour on logout, replacement, bans and
// outdated clients; sending to a LID on a migrated account, receipts as
// WhatsApp really sends them, and a retry receipt answered after a
// restart.
package whatsapp
