package whatsapp

import (
	"context"
	"testing"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/proto"

	"sobat-ikm/store"
)

// A reply with choices, yes/no styled ones included (colored buttons
// elsewhere), goes as one plain text message: the text and the choices
// as a numbered list, nothing else set (no buttons, list, interactive or
// template message: linked devices cannot send those reliably).
func TestChoicesStayNumberedText(t *testing.T) {
	db := openDB(t, "")
	clock := newClock()
	wrote(t, db, waChat(1), clock.Now())
	fake := newFake(true)
	a := New(fake, db, nil, Config{Log: quiet(), Now: clock.Now})
	m := store.OutboxMessage{ID: 1, Chat: waChat(1), CreatedAt: clock.Now(), Reply: store.Reply{
		Text: "Data usaha Anda:\nAbon Ani, Kadia.\nSimpan?",
		Choices: []store.Choice{
			{Value: "simpan", Label: "Ya, simpan", Style: store.ChoiceYes},
			{Value: "ubah", Label: "Ubah data"},
			{Value: "batal", Label: "Batal", Style: store.ChoiceNo},
		},
	}}
	if err := a.Outlet().Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	sent := fake.snapshot().sent
	if len(sent) != 1 {
		t.Fatalf("sent %d messages, want 1", len(sent))
	}
	got := sent[0].msg
	want := &waE2E.Message{Conversation: proto.String("Data usaha Anda:\nAbon Ani, Kadia.\nSimpan?\n1. Ya, simpan\n2. Ubah data\n3. Batal")}
	if got.GetButtonsMessage() != nil || got.GetListMessage() != nil || got.GetInteractiveMessage() != nil ||
		got.GetTemplateMessage() != nil || got.GetExtendedTextMessage() != nil {
		t.Errorf("sent a buttons, list, interactive, template or extended message: %v", got)
	}
	if !proto.Equal(got, want) {
		t.Errorf("sent %v, want only the conversation text %q", got, want.GetConversation())
	}
}
