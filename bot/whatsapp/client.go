package whatsapp

import (
	"context"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
)

// Client is the part of whatsmeow the channel uses; *whatsmeow.Client
// satisfies it and tests fake it. Nothing else of whatsmeow is called
// while the channel runs.
type Client interface {
	Connect() error
	Disconnect()
	IsConnected() bool
	IsLoggedIn() bool
	AddEventHandlerWithSuccessStatus(handler whatsmeow.EventHandlerWithSuccessStatus) uint32
	SendMessage(ctx context.Context, to types.JID, msg *waE2E.Message, extra ...whatsmeow.SendRequestExtra) (whatsmeow.SendResponse, error)
	MarkRead(ctx context.Context, ids []types.MessageID, at time.Time, chat, sender types.JID, receiptType ...types.ReceiptType) error
	SendPresence(ctx context.Context, state types.Presence) error
	SendChatPresence(ctx context.Context, jid types.JID, state types.ChatPresence, media types.ChatPresenceMedia) error
	// Download downloads and decrypts a message's attachment (an owner's
	// photo or document).
	Download(ctx context.Context, msg whatsmeow.DownloadableMessage) ([]byte, error)
	// Upload encrypts and uploads a file sent with a reply (an owner's
	// photo or document passed on to an officer).
	Upload(ctx context.Context, plaintext []byte, appInfo whatsmeow.MediaType) (whatsmeow.UploadResponse, error)
	// GetUserInfo asks WhatsApp about users; the channel reads the LID
	// of a number the device store does not know (and whatsmeow keeps the
	// mapping it learns).
	GetUserInfo(ctx context.Context, jids []types.JID) (map[types.JID]types.UserInfo, error)
}

// LIDMap maps hidden users (@lid) to phone-number JIDs and back; the
// device store's LID map (Device.LIDs, a store.LIDStore) satisfies it.
// Each returns an empty JID when the other side is not known.
type LIDMap interface {
	GetPNForLID(ctx context.Context, lid types.JID) (types.JID, error)
	GetLIDForPN(ctx context.Context, pn types.JID) (types.JID, error)
}

var _ Client = (*whatsmeow.Client)(nil)
