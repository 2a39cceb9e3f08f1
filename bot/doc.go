// Package bot moves messages between the channels and the conversation
// engine; it is channel-agnostic. Channel adapters live in sub-packages
// (bot/console, and later bot/telegram and bot/whatsapp) and keep their
// platform types to themselves.
//
// How a message travels:
//
//  1. An adapter turns a platform update into an Inbound (chat, message id,
//     text, pressed button, media kind, time) and hands it to
//     Dispatcher.Submit, which returns at once.
//  2. The dispatcher keeps one queue per shard of chats: the messages of
//     one chat are handled one at a time and in order, and many chats are
//     handled in parallel. Sessions are never cached: each message reads
//     them from the store.
//  3. For each message it opens one write transaction that records the
//     inbound id (a second delivery of the same id is dropped), runs
//     flows.Engine.Handle (which moves the session and the domain rows) and
//     queues the reply in the outbox. Either all of it commits or none.
//  4. The Sender delivers outbox rows through the channel's Outlet, in
//     order per chat, marks them sent, and retries transient failures with
//     backoff (or the platform's retry-after). Rows survive restarts: a
//     crash after the commit still delivers the reply, once.
package bot
