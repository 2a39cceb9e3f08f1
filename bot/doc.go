// Package bot moves messages between the channels and the conversation
// engine; it is channel-agnostic. Channel adapters live in sub-packages
// (bot/console, bot/telegram, bot/whatsapp) and keep their platform types
// to themselves: the rest of the program sees Inbound and store.Reply.
//
// How a message travels:
//
//  1. An adapter turns a platform update into an Inbound (chat, message id,
//     text, pressed button and the question it belongs to, media kind,
//     shared or known phone number) and hands it to Dispatcher.Submit,
//     which returns once it is queued.
//  2. The dispatcher keeps one queue per shard of chats (64 by default): a
//     chat always lands on the same shard, so its messages are handled one
//     at a time and in order, while other chats go on in parallel.
//     Sessions are never cached: each message reads them from the store,
//     so memory stays flat however many owners write.
//  3. Each message is one atomic write (store.DB.Update): record the
//     inbound id (a second delivery of the same id is dropped), run
//     flows.Engine.Handle (which moves the session and the domain rows),
//     and queue the reply in the outbox. Either all of it commits or none;
//     concurrent messages share a transaction, each in its own savepoint
//     (group commit). Inbound.Done then tells the adapter the message is
//     saved, and only then does the adapter confirm it to its platform.
//     If the database cannot be written (read-only, full, damaged:
//     store.FaultOf) the message is held and tried again with backoff,
//     the outage logged once with what to do; if anything else fails on
//     our side the owner gets an apology.
//  4. The Sender delivers outbox rows through each channel's Outlet:
//     several chats at once (Route.Workers), each chat's rows in order,
//     paced per chat and per channel (Limits, a GCRA pacer; a chat that
//     must wait for its own pace is left for a later pass and never holds
//     the others back; a send that hangs holds its own chat, and only for
//     SendTimeout). It records each row sent as soon as the platform
//     accepted it (a crash re-sends at most the one in flight), retries what the Outlet calls
//     Temporary (honouring the platform's retry-after; later rows of the
//     chat wait), gives up on Permanent, and holds the rows of a chat the
//     Outlet calls Unreachable until that chat writes again. An Outlet
//     that is not Ready (its connection is down) is skipped, spending no
//     attempt. Rows survive restarts: a crash after the commit still
//     delivers the reply.
//  5. The janitor prunes inbound ids and sent messages after a week: the
//     text of a sent message may quote personal data.
package bot
