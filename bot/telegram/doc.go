// Package telegram is the Telegram channel: it receives updates from the
// Bot API through github.com/go-telegram/bot and delivers the outbox's
// replies with sendMessage. Platform types stay inside this package; the
// rest of the bot sees bot.Inbound and store.Reply only.
//
// # How an update travels
//
// Long polling (the default): our own loop (poll.go) calls getUpdates,
// submits the batch in order and waits until the dispatcher reports each
// update saved (Inbound.Done). normalize (inbound.go) makes a bot.Inbound
// of a message or a button press, or ignores the update (edited
// messages, channel posts, service messages, other kinds); an update that
// cannot be decoded is skipped rather than blocking the ones after it.
// The callback query of a pressed button is answered afterwards, off the
// receive path (answer.go). A getUpdates call that hangs is abandoned a
// few seconds after its long-poll timeout. getMe checks the token when
// the channel starts: a refused token stops it, an unreachable Bot API
// is tried again with backoff.
//
// Webhook (TELEGRAM_WEBHOOK_URL): our own handler (webhook.go) checks the
// X-Telegram-Bot-Api-Secret-Token header in constant time (401 and
// dropped on a mismatch), decodes the update, submits it and answers 200
// only once it is saved; 500 (after at most 20 s) makes Telegram send it
// again. Rejected requests are logged once a minute with a count. The
// webhook is set with max_connections=1 so a chat's updates arrive in
// order.
//
// # Owners' photos and documents
//
// With Config.SaveFile set, a private message's photo (the largest size
// announced within store.MaxFileSize) or document is downloaded before
// its update is submitted (file.go): the announced file_size is checked,
// getFile names the file, and it is fetched from
// <APIURL>/file/bot<token>/<file_path> (the file_path only ever as an
// escaped URL path there: one that is absolute or climbs out with ".." is
// refused), within Config.FileTimeout and never read past the limit,
// straight into SaveFile. Input.File is set, or Input.FileRefused:
// "too_large", "type" (SaveFile's content check) or "failed" (logged at
// WARN, without the token or any URL); the message goes on either way.
// A batch's files are downloaded a few at once, each update submitted in
// order as soon as its own is done. A stop during a download leaves the
// update unsubmitted and unconfirmed, for Telegram to deliver again.
//
// Inbound ids are "<update_id>:<message_id>" for messages and
// "<update_id>:cb<callback_query_id>" for button presses (pressing two
// buttons of one message gives two presses); the store drops a second
// delivery of the same id, so a redelivered update is handled once.
//
// # Nothing is lost, at shutdown or in a crash
//
// Telegram forgets every update below the offset of a getUpdates call.
// The library's own poller passes that offset as soon as an update is in
// memory, so a kill before the commit lost it; it is not used. Our loop
// moves the offset past an update only once it is saved, and stops at
// the first one that is not: a crash at any moment leaves every unsaved
// update with Telegram, which delivers it again, and one saved but
// delivered again is dropped by its id. While the database cannot be
// written the dispatcher holds the message, the loop makes no getUpdates
// call, and Telegram keeps everything sent meanwhile; the held messages
// are answered once the database can be written. At shutdown the loop
// returns without waiting for a held update and confirms, with one last
// call, those saved.
//
// # Sending
//
// The generic bot.Sender paces and orders the rows (Limits: 1 message/s
// per chat with bursts of 3, 25/s overall) and calls the outlet
// (outlet.go), which maps Bot API errors: 429 waits retry_after and
// retries the same row (the chat's later rows wait), 403 marks the chat
// unreachable and keeps its rows, 400 gives the row up, anything else
// (5xx, network errors, timeouts) is retried with backoff. Choices are
// sent as an inline keyboard, one button per row, labelled "1. Daftar" so
// that typing the number still works; the callback data is "step|value"
// (at most 64 bytes; a value too long falls back to the button's number,
// "step#3"). A phone question offers a one-time "share my number"
// keyboard. Texts over 4,096 UTF-16 units are cut on paragraph breaks,
// the keyboard going on the last part; no parse mode is used, so nothing
// needs escaping. The token never appears in logs or errors.
//
// A reply carrying a kept file (store.Reply.File: an owner's photo or
// document passed on to an officer) is sent with Config.OpenFile
// (outfile.go): a photo with sendPhoto, anything else with sendDocument
// ("lampiran.pdf"), uploaded as multipart within Config.FileTimeout. The
// text is the caption when it fits (1,024 UTF-16 units) and carries no
// keyboard; otherwise the text goes first, as it would alone (keyboard
// included), and the file after it without caption; a retry sends only
// what did not go out. A photo Telegram refuses (400) is sent as a
// document; a file refused as that too, or no longer kept (erased
// meanwhile: logged at INFO), leaves the text to go alone, never an
// error.
//
// # Testing against telegram-test-api
//
// The end-to-end test runs the npm emulator telegram-test-api 4.2.1, which
// has two quirks a real Bot API server does not:
//   - it reads only JSON and urlencoded bodies, while go-telegram/bot sends
//     multipart/form-data: the test's HTTP client re-encodes the text
//     fields as urlencoded (no file uploads);
//   - its getUpdates returns at once and ignores offset (it marks updates
//     read instead): the test's client holds an empty answer back 50 ms so
//     the poller does not spin.
//
// Its client API presses a button with a callback whose message has no
// date, which the library decodes as an InaccessibleMessage: the chat is
// then taken from it. Its webhook calls carry no secret token, so webhook
// mode is tested against an httptest fake instead.
package telegram
