// Package telegram is the Telegram channel: it receives updates from the
// Bot API through github.com/go-telegram/bot and delivers the outbox's
// replies with sendMessage. Platform types stay inside this package; the
// rest of the bot sees bot.Inbound and store.Reply only.
//
// # How an update travels
//
// Long polling (the default): the library's poller calls getUpdates and
// hands each update, through an unbuffered channel, to one worker that
// runs our handler synchronously (WithUpdatesChannelCap(0),
// WithNotAsyncHandlers, WithWorkers(1)): no goroutine per update, so
// updates are converted and submitted in the order Telegram sent them.
// normalize (inbound.go) makes a bot.Inbound of a message or a button
// press, or ignores the update (edited messages, channel posts, service
// messages, other kinds); Dispatcher.Submit queues it and returns. The
// callback query of a pressed button is answered afterwards, off the
// receive path (answer.go).
//
// Webhook (TELEGRAM_WEBHOOK_URL): our own handler (webhook.go) checks the
// X-Telegram-Bot-Api-Secret-Token header in constant time (401 and
// dropped on a mismatch), decodes the update, submits it and answers 200
// only once Submit accepted it; 500 makes Telegram send it again. The
// webhook is set with max_connections=1 so a chat's updates arrive in
// order.
//
// Inbound ids are "<update_id>:<message_id>" for messages and
// "<update_id>:cb<callback_query_id>" for button presses (pressing two
// buttons of one message gives two presses); the store drops a second
// delivery of the same id, so a redelivered update is handled once.
//
// # Nothing accepted is lost at shutdown
//
// Telegram forgets updates when a later getUpdates call passes a higher
// offset, and the library's poller makes that call as soon as it has
// handed the previous batch over. With the library's default 1,024-slot
// buffer a whole batch could be confirmed while still waiting in memory,
// and lost when the process stopped. With an unbuffered channel an update
// is handed over only to the worker, which submits it (ignoring the
// shutdown's cancellation) before it stops, and Run returns only after
// that; the dispatcher then drains its queues. An update not yet handed
// over was never confirmed, so Telegram delivers it again on the next
// start, and an update submitted but delivered again is dropped by its
// id. In webhook mode the HTTP server shuts down gracefully: a request
// in flight is answered after its update was submitted.
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
