package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"
)

// Polling backs off after a failed getUpdates from pollFirstWait up to
// pollMaxWait; confirmTimeout bounds the last call that confirms what was
// saved when the bot stops.
const (
	pollFirstWait  = 100 * time.Millisecond
	pollMaxWait    = 30 * time.Second
	pollBatch      = 100
	confirmTimeout = 5 * time.Second
	// pollGrace is how much longer than its long-poll timeout a
	// getUpdates call may take before it is abandoned and made again.
	pollGrace = 5 * time.Second
)

// poll receives updates by long polling until ctx ends. Telegram forgets
// every update below the offset of a getUpdates call, so the offset moves
// past an update only once the dispatcher has saved it (Inbound.Done):
// a crash at any moment leaves every unsaved update with Telegram, which
// delivers it again, and an update saved but delivered again is dropped
// by its id. While the database cannot be written the batch waits, no
// getUpdates call is made, and Telegram keeps everything sent meanwhile.
func (a *Adapter) poll(ctx context.Context) error {
	// getUpdates fails while a webhook is set (409 Conflict).
	if _, err := a.api.DeleteWebhook(ctx, nil); err != nil && ctx.Err() == nil {
		a.log.Warn("deleteWebhook failed; polling anyway", "component", "telegram", "err", redact(err, a.cfg.Token))
	}
	a.log.Info("telegram long polling", "component", "telegram")
	var (
		offset int64
		wait   time.Duration
		// held is the wait after a batch left an update unsaved: it
		// doubles while the same update keeps failing to be saved (the
		// database, or Config.ChatBlocked, cannot write), from
		// pollFirstWait up to pollMaxWait.
		held time.Duration
		errs = newLogEvery(time.Minute)
	)
	defer func() { a.confirm(ctx, offset) }()
	for ctx.Err() == nil {
		if !sleep(ctx, wait) {
			break
		}
		updates, err := a.getUpdates(ctx, offset, a.cfg.PollTimeout)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			wait = min(max(2*wait, pollFirstWait), pollMaxWait)
			if n, ok := errs.allow(); ok {
				a.log.Warn("getUpdates failed; trying again", "component", "telegram", "err", redact(err, a.cfg.Token), "wait", wait, "failures", n)
			}
			continue
		}
		wait = 0
		next, unsaved := a.submitBatch(ctx, updates)
		progress := next > offset
		if progress {
			offset = next
		}
		switch {
		case !unsaved:
			held = 0
		case progress: // the first unsaved update is a new one: ask for it again soon
			held = pollFirstWait
		default: // the same update failed again
			held = min(max(2*held, pollFirstWait), pollMaxWait)
		}
		wait = held
	}
	return nil
}

// submitBatch submits a batch in order and waits until each is saved. It
// returns the offset that confirms the saved prefix of the batch, and
// whether an update was left unsaved (to be fetched again). The batch's
// files are downloaded a few at once, each update submitted, in order,
// once its own file is done; one whose download was cut short by the
// stop is not submitted, and stays with Telegram. A chat's block or
// unblock (Config.ChatBlocked) is recorded only once the updates before
// it are saved, so that a message saved just before cannot undo it; if
// one of them was not, it is left for Telegram to deliver again.
func (a *Adapter) submitBatch(ctx context.Context, updates []*models.Update) (int64, bool) {
	prepared := a.prepareBatch(ctx, updates)
	results := make([]chan error, len(updates))
	errs := make([]error, len(updates))
	settled := 0 // results[:settled] were read into errs
	// settle waits for the outcome of the first n updates; false when
	// ctx ends first.
	settle := func(n int) bool {
		for ; settled < n; settled++ {
			select {
			case errs[settled] = <-results[settled]:
			case <-ctx.Done():
				// Stopping while the dispatcher still holds this update
				// (the database cannot be written): it stays unconfirmed.
				return false
			}
		}
		return true
	}
	for i, u := range updates {
		res := make(chan error, 1)
		results[i] = res
		p := <-prepared[i]
		if err := p.err; err != nil {
			a.log.Info("update not submitted: the bot is stopping; Telegram will deliver it again", "component", "telegram", "update_id", u.ID)
			res <- err
			continue
		}
		if p.res.member != nil && a.cfg.ChatBlocked != nil {
			if !settle(i) {
				res <- ctx.Err()
				continue
			}
			if slices.ContainsFunc(errs[:i], func(err error) bool { return err != nil }) {
				res <- errEarlierNotSaved // not confirmed anyway: recorded when delivered again
				continue
			}
		}
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), submitWait)
		err := a.deliver(sctx, a.submit, u, p.res, func(err error) { res <- err })
		cancel()
		if err != nil {
			a.log.Error("update not accepted by the dispatcher; Telegram will deliver it again", "component", "telegram", "update_id", u.ID, "err", err)
			res <- err
		}
	}
	complete := settle(len(updates))
	var next int64
	for i, err := range errs[:settled] {
		if err != nil {
			return next, true
		}
		next = updates[i].ID + 1
	}
	return next, !complete
}

// errEarlierNotSaved: an update was not handled because one before it in
// its batch was not saved.
var errEarlierNotSaved = errors.New("telegram: an earlier update was not saved")

// preparedUpdate is an update prepared for submission.
type preparedUpdate struct {
	res update
	err error
}

// prepareBatch prepares a batch's updates, downloading up to fileWorkers
// files at once, and hands each over as soon as it is ready (so a text
// is not held up by a later update's file); stop ends the downloads.
func (a *Adapter) prepareBatch(stop context.Context, updates []*models.Update) []chan preparedUpdate {
	out := make([]chan preparedUpdate, len(updates))
	for i := range out {
		out[i] = make(chan preparedUpdate, 1)
	}
	go func() {
		sem := make(chan struct{}, fileWorkers)
		for i, u := range updates {
			sem <- struct{}{}
			go func() {
				defer func() { <-sem }()
				res, err := a.prepare(stop, u)
				out[i] <- preparedUpdate{res: res, err: err}
			}()
		}
	}()
	return out
}

// confirm tells Telegram, as the bot stops, that every update below
// offset was saved, so that they are not delivered again on the next
// start (they would be dropped as duplicates anyway).
func (a *Adapter) confirm(ctx context.Context, offset int64) {
	if offset == 0 {
		return
	}
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), confirmTimeout)
	defer cancel()
	if _, err := a.getUpdates(cctx, offset, 0); err != nil {
		a.log.Info("could not confirm the last updates; Telegram will deliver them again and they will be dropped as duplicates",
			"component", "telegram", "err", redact(err, a.cfg.Token))
	}
}

// apiResponse is the Bot API's answer envelope.
type apiResponse struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

// getUpdates makes one getUpdates call that waits up to timeout for
// updates; the call is abandoned timeout+pollGrace later, so that a
// connection that hangs never stalls all input for long.
func (a *Adapter) getUpdates(ctx context.Context, offset int64, timeout time.Duration) ([]*models.Update, error) {
	var body bytes.Buffer
	form := multipart.NewWriter(&body)
	fields := [][2]string{
		{"timeout", strconv.Itoa(int(timeout / time.Second))},
		{"limit", strconv.Itoa(pollBatch)},
		{"allowed_updates", `["` + strings.Join(allowedUpdates, `","`) + `"]`},
	}
	if offset > 0 {
		fields = append(fields, [2]string{"offset", strconv.FormatInt(offset, 10)})
	}
	for _, f := range fields {
		if err := form.WriteField(f[0], f[1]); err != nil {
			return nil, fmt.Errorf("getUpdates: %w", err)
		}
	}
	if err := form.Close(); err != nil {
		return nil, fmt.Errorf("getUpdates: %w", err)
	}
	rctx, cancel := context.WithTimeout(ctx, timeout+a.pollGrace)
	defer cancel()
	url := strings.TrimRight(a.cfg.APIURL, "/") + "/bot" + a.cfg.Token + "/getUpdates"
	req, err := http.NewRequestWithContext(rctx, http.MethodPost, url, &body)
	if err != nil {
		return nil, redact(fmt.Errorf("getUpdates: %w", err), a.cfg.Token)
	}
	req.Header.Set("Content-Type", form.FormDataContentType())
	resp, err := a.cfg.HTTPClient.Do(req)
	if err != nil {
		return nil, redact(fmt.Errorf("getUpdates: %w", err), a.cfg.Token)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, redact(fmt.Errorf("getUpdates: read: %w", err), a.cfg.Token)
	}
	var env apiResponse
	if err := json.Unmarshal(raw, &env); err != nil {
		return nil, fmt.Errorf("getUpdates: HTTP %d, not a Bot API answer: %w", resp.StatusCode, err)
	}
	if !env.OK {
		return nil, fmt.Errorf("getUpdates: error %d: %s", env.ErrorCode, env.Description)
	}
	var items []json.RawMessage
	if err := json.Unmarshal(env.Result, &items); err != nil {
		return nil, fmt.Errorf("getUpdates: decode: %w", err)
	}
	updates := make([]*models.Update, 0, len(items))
	for _, item := range items {
		updates = append(updates, a.decodeUpdate(item))
	}
	return updates, nil
}

// decodeUpdate decodes one update. One the library cannot decode is kept
// as an empty update with its id, so that it is confirmed and skipped
// instead of blocking every update after it.
func (a *Adapter) decodeUpdate(raw json.RawMessage) *models.Update {
	var u models.Update
	err := json.Unmarshal(raw, &u)
	if err == nil {
		return &u
	}
	var id struct {
		UpdateID int64 `json:"update_id"`
	}
	json.Unmarshal(raw, &id)
	a.log.Warn("update skipped: not readable", "component", "telegram", "update_id", id.UpdateID, "err", err)
	return &models.Update{ID: id.UpdateID}
}
