package whatsapp

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"

	"sobat-ikm/bot/bottest"
	"sobat-ikm/store"
)

// fakeClient stands in for *whatsmeow.Client: it records what the adapter
// sends and lets a test emit events as whatsmeow's receive loop would.
type fakeClient struct {
	mu         sync.Mutex
	connected  bool
	loggedIn   bool
	connectErr error
	handlers   []whatsmeow.EventHandlerWithSuccessStatus
	// sendErr, when set, decides the outcome of each SendMessage.
	sendErr      func(to types.JID, text string) error
	sent         []sentMsg
	attempts     []sentMsg // every SendMessage call, failed ones too
	reads        []types.MessageID
	chatStates   []string // "composing" or "paused"
	presences    []types.Presence
	disconnected int
	// download, when set, answers Download (default: an error);
	// downloads are the attachments asked for.
	download  func(ctx context.Context, msg whatsmeow.DownloadableMessage) ([]byte, error)
	downloads []whatsmeow.DownloadableMessage
	// uploadErr, when set, decides the outcome of each Upload; uploads
	// are every Upload call, failed ones too.
	uploadErr func(data []byte, media whatsmeow.MediaType) error
	uploads   []fakeUpload
	// userLIDs are the LIDs WhatsApp's user info gives (none by
	// default), userInfoErr its failure; userInfoAsked counts the users
	// asked about.
	userLIDs      map[types.JID]types.JID
	userInfoErr   error
	userInfoAsked int
}

type sentMsg struct {
	to   types.JID
	text string // a text message's text (Conversation)
	id   types.MessageID
	msg  *waE2E.Message
}

// fakeUpload is one Upload call.
type fakeUpload struct {
	data  []byte
	media whatsmeow.MediaType
}

func newFake(connected bool) *fakeClient {
	return &fakeClient{connected: connected, loggedIn: connected}
}

func (f *fakeClient) Connect() error {
	f.mu.Lock()
	if f.connectErr != nil {
		err := f.connectErr
		f.mu.Unlock()
		return err
	}
	f.connected, f.loggedIn = true, true
	f.mu.Unlock()
	return nil
}

func (f *fakeClient) Disconnect() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.connected = false
	f.disconnected++
}

func (f *fakeClient) IsConnected() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.connected
}

func (f *fakeClient) IsLoggedIn() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.loggedIn
}

func (f *fakeClient) setConnected(v bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.connected, f.loggedIn = v, v
}

func (f *fakeClient) AddEventHandlerWithSuccessStatus(h whatsmeow.EventHandlerWithSuccessStatus) uint32 {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.handlers = append(f.handlers, h)
	return uint32(len(f.handlers))
}

// emit dispatches evt like whatsmeow does and reports whether every
// handler took it (false: whatsmeow would not acknowledge the message).
func (f *fakeClient) emit(evt any) bool {
	f.mu.Lock()
	hs := append([]whatsmeow.EventHandlerWithSuccessStatus(nil), f.handlers...)
	f.mu.Unlock()
	for _, h := range hs {
		if !h(evt) {
			return false
		}
	}
	return true
}

func (f *fakeClient) SendMessage(ctx context.Context, to types.JID, msg *waE2E.Message, extra ...whatsmeow.SendRequestExtra) (whatsmeow.SendResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := sentMsg{to: to, text: msg.GetConversation(), msg: msg}
	if len(extra) > 0 {
		m.id = extra[0].ID
	}
	f.attempts = append(f.attempts, m)
	if f.sendErr != nil {
		if err := f.sendErr(to, m.text); err != nil {
			return whatsmeow.SendResponse{}, err
		}
	}
	f.sent = append(f.sent, m)
	return whatsmeow.SendResponse{ID: m.id, Timestamp: time.Now()}, nil
}

func (f *fakeClient) MarkRead(ctx context.Context, ids []types.MessageID, at time.Time, chat, sender types.JID, _ ...types.ReceiptType) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads = append(f.reads, ids...)
	return nil
}

func (f *fakeClient) SendPresence(ctx context.Context, state types.Presence) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.presences = append(f.presences, state)
	return nil
}

func (f *fakeClient) SendChatPresence(ctx context.Context, jid types.JID, state types.ChatPresence, _ types.ChatPresenceMedia) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.chatStates = append(f.chatStates, string(state))
	return nil
}

func (f *fakeClient) Download(ctx context.Context, msg whatsmeow.DownloadableMessage) ([]byte, error) {
	f.mu.Lock()
	f.downloads = append(f.downloads, msg)
	download := f.download
	f.mu.Unlock()
	if download == nil {
		return nil, errors.New("fake: no media server")
	}
	return download(ctx, msg)
}

// Upload answers as WhatsApp's media servers would, with a URL and keys
// derived from the file's content.
func (f *fakeClient) Upload(ctx context.Context, data []byte, media whatsmeow.MediaType) (whatsmeow.UploadResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.uploads = append(f.uploads, fakeUpload{data: append([]byte(nil), data...), media: media})
	if f.uploadErr != nil {
		if err := f.uploadErr(data, media); err != nil {
			return whatsmeow.UploadResponse{}, err
		}
	}
	sum := sha256.Sum256(data)
	return whatsmeow.UploadResponse{URL: "https://mmg.whatsapp.net/v/fake/" + hex.EncodeToString(sum[:8]),
		DirectPath: "/v/fake/" + hex.EncodeToString(sum[:8]), MediaKey: bytes.Repeat([]byte{1}, 32),
		FileEncSHA256: sum[:], FileSHA256: sum[:], FileLength: uint64(len(data))}, nil
}

// GetUserInfo answers as WhatsApp's usync would: the LID of each user
// it knows one for (only the lid field is filled).
func (f *fakeClient) GetUserInfo(ctx context.Context, jids []types.JID) (map[types.JID]types.UserInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.userInfoAsked += len(jids)
	if f.userInfoErr != nil {
		return nil, f.userInfoErr
	}
	out := map[types.JID]types.UserInfo{}
	for _, j := range jids {
		out[j] = types.UserInfo{LID: f.userLIDs[j]}
	}
	return out, nil
}

func (f *fakeClient) asked() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.userInfoAsked
}

func (f *fakeClient) uploadList() []fakeUpload {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fakeUpload(nil), f.uploads...)
}

func (f *fakeClient) downloadCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.downloads)
}

func (f *fakeClient) sentTexts() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, m := range f.sent {
		out = append(out, m.text)
	}
	return out
}

func (f *fakeClient) snapshot() fakeClient {
	f.mu.Lock()
	defer f.mu.Unlock()
	return fakeClient{
		sent: append([]sentMsg(nil), f.sent...), attempts: append([]sentMsg(nil), f.attempts...),
		reads: append([]types.MessageID(nil), f.reads...), chatStates: append([]string(nil), f.chatStates...),
		presences: append([]types.Presence(nil), f.presences...), disconnected: f.disconnected,
	}
}

// fakeLIDs maps LIDs to phone-number JIDs, as the device store's LID
// map does (both ways).
type fakeLIDs map[types.JID]types.JID

func (l fakeLIDs) GetPNForLID(_ context.Context, lid types.JID) (types.JID, error) {
	return l[lid], nil
}

func (l fakeLIDs) GetLIDForPN(_ context.Context, pn types.JID) (types.JID, error) {
	for lid, p := range l {
		if p == pn {
			return lid, nil
		}
	}
	return types.JID{}, nil
}

// testClock is the frozen clock tests move by hand.
type testClock = bottest.Clock

func newClock() *testClock { return bottest.NewClock() }

func openDB(t *testing.T, path string) *store.DB {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "bot.db")
	}
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// logBuffer is a logger whose output the test reads.
type logBuffer = bottest.Buffer

func newLog(level slog.Level) (*slog.Logger, *logBuffer) {
	b := &logBuffer{}
	return b.Logger(level), b
}

func testRow() store.OutboxMessage {
	return store.OutboxMessage{ID: 1, Chat: store.ChatKey{Channel: Channel, Address: ownerAddr},
		Reply: store.Reply{Text: "x"}, CreatedAt: time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)}
}
