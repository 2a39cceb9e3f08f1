package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Every query the store runs on the hot path finds its rows through an
// index, among 100,000 owners and their rows (openBig): its query plan
// reads no table, nor index, from end to end. The statements of each case
// are those it prepared on the writer, whatever they are, so a query
// changed or added later is checked too.
//
// Not listed: the unfiltered owners list (all owners), the owners with an
// application (it reads the applications' owner index whole: a few
// hundred applications a year), EraseChat's outbox delete (an erasure,
// which then rewrites the whole file). The janitor's sweeps read whole
// tables by design (an index on their times would cost every message a
// write), on a read connection: their writes, checked here, delete by
// key.
func TestHotQueriesUseIndexes(t *testing.T) {
	db := openBig(t)
	ctx := context.Background()
	const known = 4242 // an owner of openBig; its chat is telegram 1004242
	chat := ChatKey{Channel: "telegram", Address: "1004242"}
	yes := true
	findOwners := func(f OwnerFilter) func(tx *Tx) error {
		return func(tx *Tx) error {
			_, n, err := tx.FindOwners(f)
			if err == nil && n == 0 {
				err = fmt.Errorf("no owner found with %+v", f)
			}
			return err
		}
	}
	var newOwner Owner
	cases := []struct {
		name string
		tx   func(tx *Tx) error // run in an Update
		db   func(db *DB) error // or on its own
	}{
		{name: "session find", tx: func(tx *Tx) error { _, err := tx.FindSession(chat); return err }},
		{name: "session save", tx: func(tx *Tx) error { return tx.SaveSession(Session{Chat: chat, Language: "id", UpdatedAt: bigNow}) }},
		{name: "session delete", tx: func(tx *Tx) error { return tx.DeleteSession(ChatKey{Channel: "telegram", Address: "1000007"}) }},
		{name: "inbound insert", tx: func(tx *Tx) error { _, err := tx.RecordInbound(chat, "m-new", bigNow); return err }},
		{name: "chat has written", tx: func(tx *Tx) error { _, err := tx.ChatHasWritten(chat); return err }},
		{name: "owner by chat", tx: func(tx *Tx) error { _, err := tx.FindOwnerByChat(chat); return err }},
		{name: "owner by id", tx: func(tx *Tx) error { _, err := tx.FindOwnerByID(known); return err }},
		{name: "NIB taken", tx: func(tx *Tx) error { _, err := tx.NIBTaken("91000000004242", 0); return err }},
		{name: "owner create, with its contact", tx: func(tx *Tx) error {
			newOwner = Owner{Name: "Baru", BusinessName: "Usaha Baru", Sector: "pangan", Kecamatan: "Kadia", Phone: "+6281399999999",
				NIB: "9199999999999", ConsentVersion: "v1", ConsentAt: bigNow}
			return tx.CreateOwner(&newOwner, ChatKey{Channel: "telegram", Address: "3000001"}, bigNow)
		}},
		{name: "owner update", tx: func(tx *Tx) error { newOwner.Address = "Jl. Baru"; return tx.UpdateOwner(&newOwner, bigNow) }},
		{name: "owner language", tx: func(tx *Tx) error { return tx.SetOwnerLanguage(known, "en", bigNow) }},
		{name: "owner opt-out", tx: func(tx *Tx) error { return tx.SetBroadcastOptOut(known, true, bigNow) }},
		{name: "contact link", tx: func(tx *Tx) error {
			return tx.CreateContact(known, ChatKey{Channel: "whatsapp", Address: "6281200004242@s.whatsapp.net"}, bigNow)
		}},
		{name: "outbox enqueue", tx: func(tx *Tx) error {
			_, err := tx.Enqueue(OutboxMessage{Chat: chat, Kind: KindReminder, OwnerID: known, DedupeKey: "remind:training:1:v1:owner:4242:h-1",
				NotBefore: bigNow, ExpiresAt: bigNow.Add(time.Hour), CreatedAt: bigNow})
			return err
		}},
		{name: "outbox due", tx: func(tx *Tx) error { _, err := tx.DueOutbox("telegram", "", bigNow, 256); return err }},
		{name: "outbox due of a chat", tx: func(tx *Tx) error { _, err := tx.DueOutbox("telegram", "1000001", bigNow, 256); return err }},
		{name: "outbox next due", tx: func(tx *Tx) error { _, _, err := tx.NextDue("telegram", ""); return err }},
		{name: "outbox next due of a chat", tx: func(tx *Tx) error { _, _, err := tx.NextDue("telegram", "1000001"); return err }},
		{name: "outbox cancel", tx: func(tx *Tx) error { _, err := tx.CancelOutbox("remind:training:1:v1:"); return err }},
		{name: "outbox mark sent", db: func(db *DB) error { return db.MarkSent(ctx, []int64{bigOwners + 1, bigOwners + 2}, bigNow) }},
		{name: "outbox mark retry", db: func(db *DB) error { return db.MarkRetry(ctx, bigOwners+3, bigNow.Add(time.Minute), "timeout") }},
		{name: "outbox mark failed", db: func(db *DB) error { return db.MarkFailed(ctx, bigOwners+4, bigNow, "blocked") }},
		{name: "outbox mark unreachable", db: func(db *DB) error {
			return db.MarkUnreachable(ctx, ChatKey{Channel: "telegram", Address: "1000005"}, bigNow)
		}},
		{name: "outbox expire", db: func(db *DB) error { _, err := db.ExpireOutbox(ctx, bigNow); return err }},
		{name: "owners by kecamatan", tx: findOwners(OwnerFilter{Kecamatan: "Poasia", Limit: 50})},
		{name: "owners by sector", tx: findOwners(OwnerFilter{Sector: "kerajinan", Limit: 50, Offset: 100})},
		{name: "owners binaan", tx: findOwners(OwnerFilter{Binaan: &yes, Limit: 50})},
		{name: "owners by all three", tx: findOwners(OwnerFilter{Kecamatan: "Kadia", Sector: "pangan", Binaan: &yes, Limit: 50})},
		{name: "owner by registration number", tx: findOwners(OwnerFilter{Query: "IKM-004242"})},
		{name: "owner by NIB, phone or number", tx: findOwners(OwnerFilter{Query: "0812-0000-4242"})},
		{name: "owners by name", tx: findOwners(OwnerFilter{Query: "Pemilik 424", Limit: 50})},
		{name: "owners by name in a kecamatan", tx: findOwners(OwnerFilter{Query: "usaha 42", Kecamatan: "Kadia", Limit: 50})},
		{name: "application create", tx: func(tx *Tx) error {
			return tx.CreateApplication(&Application{Kind: AppHalal, OwnerID: known, Stage: StageSubmitted}, bigNow)
		}},
		{name: "application by reference", tx: func(tx *Tx) error { _, err := tx.FindApplication(AppHalal, 2026, 1, known); return err }},
		{name: "application move", tx: func(tx *Tx) error {
			_, err := tx.MoveApplication(Move{ID: 1, From: StageSubmitted, To: "verifikasi_dinas", Actor: "Rina"}, bigNow)
			return err
		}},
		{name: "an owner's applications", tx: func(tx *Tx) error { _, _, err := tx.FindApplications(ApplicationFilter{OwnerID: known}); return err }},
		{name: "applications in a stage", tx: func(tx *Tx) error {
			_, _, err := tx.FindApplications(ApplicationFilter{Kind: AppHalal, Stage: "verifikasi_dinas"})
			return err
		}},
		{name: "application history", tx: func(tx *Tx) error { _, err := tx.ApplicationHistory(1); return err }},
		{name: "training create", tx: func(tx *Tx) error {
			return tx.CreateTraining(&Training{Title: "Bimtek", Kind: TrainingBimtek, StartsAt: bigNow.Add(240 * time.Hour),
				EndsAt: bigNow.Add(247 * time.Hour), Venue: "Aula", Quota: 20}, bigNow)
		}},
		{name: "trainings to come", tx: func(tx *Tx) error { _, err := tx.UpcomingTrainings(bigNow, 10); return err }},
		{name: "enrollment", tx: func(tx *Tx) error { return tx.SetEnrollment(1, known, EnrollSeat, bigNow) }},
		{name: "seats taken", tx: func(tx *Tx) error { _, err := tx.CountSeats(1); return err }},
		{name: "an owner's enrollment", tx: func(tx *Tx) error { _, err := tx.FindEnrollment(1, known); return err }},
		{name: "a training's waiting list", tx: func(tx *Tx) error { _, err := tx.Enrollments(1, EnrollWaiting); return err }},
		{name: "applications of a kecamatan waiting long", tx: func(tx *Tx) error {
			_, _, err := tx.FindApplications(ApplicationFilter{Kind: AppHalal, Stage: StageSubmitted, Kecamatan: "Kadia", StageBefore: bigNow})
			return err
		}},
		{name: "trainings to manage", tx: func(tx *Tx) error { _, err := tx.Trainings(bigNow.Add(-30*24*time.Hour), 50); return err }},
		{name: "attendance", tx: func(tx *Tx) error { _, err := tx.SetAttended(1, known, true, bigNow); return err }},
		{name: "training numbers", tx: func(tx *Tx) error {
			_, err := tx.CountTrainings(bigNow.AddDate(-1, 0, 0), bigNow.AddDate(1, 0, 0), bigNow)
			return err
		}},
		{name: "audience: all", tx: func(tx *Tx) error { _, err := tx.AudienceBatch(Audience{}, 500, 500, bigNow); return err }},
		{name: "audience: a sector in a kecamatan", tx: func(tx *Tx) error {
			_, err := tx.AudienceBatch(Audience{Sector: "pangan", Kecamatan: "Kadia", Binaan: true}, 0, 500, bigNow)
			return err
		}},
		{name: "audience: a training's waiting list", tx: func(tx *Tx) error {
			_, err := tx.AudienceBatch(Audience{TrainingID: 1, Waiting: true}, 0, 500, bigNow)
			return err
		}},
		{name: "audience: applications in a stage", tx: func(tx *Tx) error {
			_, err := tx.AudienceBatch(Audience{AppKind: AppHalal, AppStage: StageSubmitted}, 0, 500, bigNow)
			return err
		}},
		{name: "audience: silent", tx: func(tx *Tx) error { _, err := tx.AudienceBatch(Audience{SilentDays: 30}, 0, 500, bigNow); return err }},
		{name: "audience: pasted", tx: func(tx *Tx) error {
			_, err := tx.AudienceBatch(Audience{Owners: []int64{known, 7}}, 0, 500, bigNow)
			return err
		}},
		{name: "broadcast create", tx: func(tx *Tx) error {
			return tx.CreateBroadcast(&Broadcast{TextID: "x", SendAt: bigNow, CreatedBy: "Rina"}, bigNow)
		}},
		{name: "due broadcasts", tx: func(tx *Tx) error { _, err := tx.DueBroadcasts(bigNow); return err }},
		{name: "next broadcast", tx: func(tx *Tx) error { _, _, err := tx.NextBroadcast(); return err }},
		{name: "recipients", tx: func(tx *Tx) error {
			_, err := tx.AddRecipients([]Recipient{{BroadcastID: 1, OwnerID: known, Status: RecipientQueued, UpdatedAt: bigNow}}, []int64{77})
			return err
		}},
		{name: "broadcast copies", tx: func(tx *Tx) error {
			_, err := tx.EnqueueMany([]OutboxMessage{{Chat: ChatKey{Channel: "telegram", Address: "1"}, Kind: KindBroadcast,
				DedupeKey: "broadcast:1:owner:1", NotBefore: bigNow, CreatedAt: bigNow}})
			return err
		}},
		{name: "recipients settled", tx: func(tx *Tx) error { return tx.settleRecipients("[77, 78]", RecipientSent, "", bigNow) }},
		{name: "recipients skipped", tx: func(tx *Tx) error { _, err := tx.SkipRecipients(1, 0, SkipCancelled, bigNow); return err }},
		{name: "an owner's recipients skipped", tx: func(tx *Tx) error { _, err := tx.SkipRecipients(0, known, SkipOptedOut, bigNow); return err }},
		{name: "recipients counted", tx: func(tx *Tx) error { _, err := tx.CountRecipients(1); return err }},
		{name: "failed recipients", tx: func(tx *Tx) error { _, err := tx.FailedRecipients(1, bigNow); return err }},
		{name: "receipts counted", tx: func(tx *Tx) error { _, err := tx.CountReceipts(1, bigNow); return err }},
		{name: "ticket open", tx: func(tx *Tx) error { _, err := tx.OpenTicket(known, bigNow); return err }},
		{name: "an owner's open ticket", tx: func(tx *Tx) error { _, err := tx.OpenTicketOf(known); return err }},
		{name: "open tickets", tx: func(tx *Tx) error { _, err := tx.Tickets(TicketOpen, 0, 20); return err }},
		{name: "closed tickets", tx: func(tx *Tx) error { _, err := tx.Tickets(TicketClosed, 0, 20); return err }},
		{name: "ticket message", tx: func(tx *Tx) error {
			return tx.AddTicketMessage(&TicketMessage{TicketID: 1, Author: "Rina", Body: "Baik", At: bigNow})
		}},
		{name: "ticket thread", tx: func(tx *Tx) error { _, err := tx.TicketMessages(1); return err }},
		{name: "ticket taken", tx: func(tx *Tx) error { _, _, err := tx.TakeTicket(1, "Rina", bigNow); return err }},
		{name: "ticket closed", tx: func(tx *Tx) error { return tx.CloseTicket(1, "Rina", bigNow) }},
		{name: "ticket numbers", tx: func(tx *Tx) error { _, err := tx.CountTickets(bigNow.AddDate(-1, 0, 0), bigNow); return err }},
		{name: "files owed by an erasure", tx: func(tx *Tx) error { return tx.oweFileDeletion(known) }},
		{name: "sent by platform id", tx: func(tx *Tx) error {
			if _, err := tx.FindSent("whatsapp", "3EB0ABC"); !errors.Is(err, ErrNotFound) {
				return err
			}
			return nil
		}},
		{name: "channel pause", tx: func(tx *Tx) error { _, _, err := tx.PauseOf("whatsapp", bigNow); return err }},
		{name: "channel pause set", tx: func(tx *Tx) error {
			_, err := tx.SetPause(Pause{Channel: "whatsapp", Until: bigNow.Add(time.Hour), Reason: "reachout_lock", Since: bigNow})
			return err
		}},
		{name: "undelivered to an owner", tx: func(tx *Tx) error { _, err := tx.Undelivered(known, bigNow, 20); return err }},
		{name: "application quota used", tx: func(tx *Tx) error { _, err := tx.QuotaUsed(AppHalal, 2026); return err }},
		{name: "applications withdrawn before an erasure", tx: func(tx *Tx) error {
			_, err := tx.WithdrawApplications(known, bigNow)
			return err
		}},
		{name: "janitor: inbound ids pruned", db: func(db *DB) error {
			old := ChatKey{Channel: "telegram", Address: "1000009"}
			if err := db.Update(ctx, func(tx *Tx) error {
				_, err := tx.RecordInbound(old, "m-old", bigNow.AddDate(0, 0, -30))
				return err
			}); err != nil {
				return err
			}
			n, err := db.PruneInbound(ctx, bigNow.AddDate(0, 0, -7))
			if err == nil && n != 1 {
				err = fmt.Errorf("%d inbound ids pruned, want 1", n)
			}
			return err
		}},
		{name: "janitor: sent messages pruned", db: func(db *DB) error {
			var id int64
			if err := db.Update(ctx, func(tx *Tx) (err error) {
				id, err = tx.EnqueueID(OutboxMessage{Chat: chat, Reply: Reply{Text: "lama"}, NotBefore: bigNow, CreatedAt: bigNow})
				return err
			}); err != nil {
				return err
			}
			if err := db.MarkSent(ctx, []int64{id}, bigNow.AddDate(0, 0, -30)); err != nil {
				return err
			}
			n, err := db.PruneOutbox(ctx, bigNow.AddDate(0, 0, -7))
			if err == nil && n != 1 {
				err = fmt.Errorf("%d sent messages pruned, want 1", n)
			}
			return err
		}},
	}
	for _, tc := range cases {
		db.forgetStatements()
		var err error
		if tc.tx != nil {
			err = db.Update(ctx, tc.tx)
		} else {
			err = tc.db(db)
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		statements := db.preparedStatements()
		if len(statements) == 0 {
			t.Errorf("%s ran no statement on the writer: the test checks nothing", tc.name)
		}
		for _, q := range statements {
			plan, err := db.queryPlan(q)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if bad := fullScans(plan); len(bad) > 0 {
				t.Errorf("%s reads %s from end to end:\n%s\n%s", tc.name, strings.Join(bad, ", "), q, strings.Join(plan, "\n"))
			}
		}
	}
}

// fullScans returns what the plan reads from end to end: a table, or an
// index read whole (SCAN ... USING INDEX), save what is not a table of
// the database: a virtual table (json_each, a list the query is given;
// owners_search, searched by its MATCH) and a constant row.
func fullScans(plan []string) []string {
	var bad []string
	for _, line := range plan {
		rest, ok := strings.CutPrefix(line, "SCAN ")
		if !ok || rest == "CONSTANT ROW" || strings.Contains(rest, " VIRTUAL TABLE ") {
			continue
		}
		name, _, _ := strings.Cut(rest, " ")
		bad = append(bad, name)
	}
	return bad
}

// forgetStatements closes the statements prepared on the writer, so that
// the next ones prepared can be told apart.
func (db *DB) forgetStatements() {
	db.wmu.Lock()
	defer db.wmu.Unlock()
	for _, s := range db.stmts {
		s.Close()
	}
	clear(db.stmts)
}

// preparedStatements returns the text of the statements prepared on the
// writer since forgetStatements.
func (db *DB) preparedStatements() []string {
	db.wmu.Lock()
	defer db.wmu.Unlock()
	var out []string
	for q := range db.stmts {
		out = append(out, q)
	}
	slices.Sort(out)
	return out
}

// queryPlan returns the lines of q's EXPLAIN QUERY PLAN, its parameters
// bound to NULL (the plans depend on the schema, not on the values, as
// long as no statistics were gathered: the program runs no ANALYZE).
func (db *DB) queryPlan(q string) ([]string, error) {
	rows, err := db.r.Query("EXPLAIN QUERY PLAN "+q, make([]any, parameters(q))...)
	if err != nil {
		return nil, fmt.Errorf("explain %q: %w", q, err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return nil, err
		}
		plan = append(plan, detail)
	}
	return plan, rows.Err()
}

// parameters counts the parameters of q, "?" and "?N" (the store writes
// no "?" inside a string literal).
func parameters(q string) int {
	most := 0
	for i := 0; i < len(q); i++ {
		if q[i] != '?' {
			continue
		}
		j := i + 1
		for j < len(q) && q[j] >= '0' && q[j] <= '9' {
			j++
		}
		n := most + 1 // "?": one more than the largest so far
		if j > i+1 {
			n, _ = strconv.Atoi(q[i+1 : j])
		}
		most = max(most, n)
	}
	return most
}
