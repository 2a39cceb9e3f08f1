package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Position is a step of a flow; the zero Position is the main menu.
type Position struct {
	Flow string `json:"flow"`
	Step string `json:"step"`
}

// Session is the conversation state of one chat. It lives only in the
// database: the dispatcher reads it, a flow step moves it, and it is written
// back in the same transaction.
type Session struct {
	Chat     ChatKey
	Language string
	// Flow and Step are where the chat is; both empty at the main menu.
	Flow string
	Step string
	// Return holds the positions interrupted by a short flow (language,
	// erase), most recent last: the chat goes back there when it ends.
	Return []Position
	// Draft is the answers of the flow in progress, as the flow's own
	// typed value in JSON; nil when no flow keeps one.
	Draft     json.RawMessage
	Misses    int
	UpdatedAt time.Time
	// New is true when the chat has never written before.
	New bool
}

// FindSession returns the chat's session, or a new one (New set) if none.
func (tx *queries) FindSession(chat ChatKey) (Session, error) {
	if tx.w != nil {
		if s, ok := tx.w.cachedSession(chat); ok {
			return s.clone(), nil
		}
	}
	s, err := tx.readSession(chat)
	if err == nil && tx.w != nil {
		tx.w.stage().sessions[chat] = s.clone()
	}
	return s, err
}

// clone copies the session's slices, so that a kept session is never
// changed through the one handed out.
func (s Session) clone() Session {
	s.Return = slices.Clone(s.Return)
	s.Draft = bytes.Clone(s.Draft)
	return s
}

func (tx *queries) readSession(chat ChatKey) (Session, error) {
	row, err := tx.queryRow(`SELECT language, flow, step, return_to, data, misses, updated_at
		FROM sessions WHERE channel = ? AND address = ?`, chat.Channel, chat.Address)
	if err != nil {
		return Session{}, fmt.Errorf("find session: %w", err)
	}
	s := Session{Chat: chat}
	var ret, draft string
	var updated int64
	err = row.Scan(&s.Language, &s.Flow, &s.Step, &ret, &draft, &s.Misses, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{Chat: chat, Language: "id", New: true}, nil
	}
	if err != nil {
		return Session{}, fmt.Errorf("find session: %w", err)
	}
	s.UpdatedAt = fromMS(updated)
	if err := json.Unmarshal([]byte(ret), &s.Return); err != nil {
		return Session{}, fmt.Errorf("find session: decode return stack: %w", err)
	}
	if draft != "" && draft != "{}" {
		s.Draft = json.RawMessage(draft)
	}
	return s, nil
}

// SaveSession writes the session, creating it if needed. A chat that
// writes is reachable again, so its held messages are sent.
func (tx *Tx) SaveSession(s Session) error {
	ret := []byte("[]")
	if len(s.Return) > 0 {
		var err error
		if ret, err = json.Marshal(s.Return); err != nil {
			return fmt.Errorf("save session: encode return stack: %w", err)
		}
	}
	draft := "{}"
	if len(s.Draft) > 0 {
		draft = string(s.Draft)
	}
	_, err := tx.exec(saveSessionSQL,
		s.Chat.Channel, s.Chat.Address, s.Language, s.Flow, s.Step, string(ret), draft, s.Misses, ms(s.UpdatedAt))
	if err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	// Kept as FindSession would read it back.
	s.New, s.UpdatedAt = false, fromMS(ms(s.UpdatedAt))
	if s.Return == nil {
		s.Return = []Position{}
	}
	if draft == "{}" {
		s.Draft = nil
	}
	tx.stage().sessions[s.Chat] = s.clone()
	return nil
}

const saveSessionSQL = `INSERT INTO sessions (channel, address, language, flow, step, return_to, data, misses, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (channel, address) DO UPDATE SET language = excluded.language, flow = excluded.flow,
			step = excluded.step, return_to = excluded.return_to, data = excluded.data, misses = excluded.misses,
			updated_at = excluded.updated_at, unreachable = 0`

// DeleteSession forgets the chat's conversation state.
func (tx *Tx) DeleteSession(chat ChatKey) error {
	if _, err := tx.exec(`DELETE FROM sessions WHERE channel = ? AND address = ?`, chat.Channel, chat.Address); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// MarkUnreachable records that the chat cannot be reached (the owner
// blocked the bot): its pending messages wait, without being lost, until
// the chat writes again. A message to an erased chat (Enqueue) cannot
// wait, since nothing may be kept about the chat: it is deleted, and the
// chat is marked only if it still has a session or messages waiting.
func (db *DB) MarkUnreachable(ctx context.Context, chat ChatKey, at time.Time) error {
	err := db.Update(ctx, func(tx *Tx) error {
		if err := tx.forget(`status = 'pending' AND channel = ? AND address = ?`, chat.Channel, chat.Address); err != nil {
			return err
		}
		_, err := tx.exec(`INSERT INTO sessions (channel, address, unreachable, updated_at)
			SELECT ?, ?, 1, ? WHERE EXISTS (SELECT 1 FROM sessions WHERE channel = ? AND address = ?)
				OR EXISTS (SELECT 1 FROM outbox WHERE status = 'pending' AND channel = ? AND address = ?)
			ON CONFLICT (channel, address) DO UPDATE SET unreachable = 1`,
			chat.Channel, chat.Address, ms(at), chat.Channel, chat.Address, chat.Channel, chat.Address)
		return err
	})
	if err != nil {
		return fmt.Errorf("mark unreachable: %w", err)
	}
	return nil
}
