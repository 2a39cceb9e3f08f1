package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// The kinds of training, and the states of an enrollment.
const (
	TrainingCourse = "pelatihan"
	TrainingBimtek = "bimtek"
	TrainingTour   = "studi_banding"

	EnrollSeat      = "seat"
	EnrollWaiting   = "waiting"
	EnrollCancelled = "cancelled"
)

// Training is one of the office's trainings.
type Training struct {
	ID       int64
	Title    string
	Kind     string
	StartsAt time.Time
	EndsAt   time.Time
	Venue    string
	Quota    int
	// Who may join; empty lists admit anyone.
	BinaanOnly bool
	Sectors    []string
	Kecamatan  []string
	Invited    []int64 // owner ids
	Deadline   time.Time
	Cancelled  bool
	Version    int
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Enrollment is an owner's place in a training.
type Enrollment struct {
	TrainingID int64
	OwnerID    int64
	Status     string
	Seq        int
	Attended   *bool
	CreatedAt  time.Time
}

const trainingColumns = `id, title, kind, starts_at, ends_at, venue, quota, binaan_only, sectors, kecamatan, invited,
	deadline, status, version, created_at, updated_at`

func joinInts(ns []int64) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, ",")
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// CreateTraining adds a training (t.ID set).
func (tx *Tx) CreateTraining(t *Training, now time.Time) error {
	var deadline any
	if !t.Deadline.IsZero() {
		deadline = ms(t.Deadline)
	}
	row, err := tx.queryRow(`INSERT INTO trainings (title, kind, starts_at, ends_at, venue, quota, binaan_only, sectors,
		kecamatan, invited, deadline, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		t.Title, t.Kind, ms(t.StartsAt), ms(t.EndsAt), t.Venue, t.Quota, t.BinaanOnly, strings.Join(t.Sectors, ","),
		strings.Join(t.Kecamatan, ","), joinInts(t.Invited), deadline, ms(now), ms(now))
	if err == nil {
		err = row.Scan(&t.ID)
	}
	if err != nil {
		return fmt.Errorf("create training: %w", err)
	}
	t.Version, t.CreatedAt, t.UpdatedAt = 1, fromMS(ms(now)), fromMS(ms(now))
	return nil
}

func scanTraining(row interface{ Scan(dest ...any) error }) (Training, error) {
	var t Training
	var starts, ends, created, updated int64
	var deadline sql.NullInt64
	var sectors, kecamatan, invited, status string
	err := row.Scan(&t.ID, &t.Title, &t.Kind, &starts, &ends, &t.Venue, &t.Quota, &t.BinaanOnly, &sectors, &kecamatan,
		&invited, &deadline, &status, &t.Version, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return Training{}, ErrNotFound
	}
	if err != nil {
		return Training{}, err
	}
	t.StartsAt, t.EndsAt, t.CreatedAt, t.UpdatedAt = fromMS(starts), fromMS(ends), fromMS(created), fromMS(updated)
	if deadline.Valid {
		t.Deadline = fromMS(deadline.Int64)
	}
	t.Sectors, t.Kecamatan, t.Cancelled = splitList(sectors), splitList(kecamatan), status == "cancelled"
	for _, s := range splitList(invited) {
		var id int64
		fmt.Sscan(s, &id)
		t.Invited = append(t.Invited, id)
	}
	return t, nil
}

// FindTraining returns a training, or ErrNotFound.
func (q *queries) FindTraining(id int64) (Training, error) {
	row, err := q.queryRow(`SELECT `+trainingColumns+` FROM trainings WHERE id = ?`, id)
	if err != nil {
		return Training{}, fmt.Errorf("find training: %w", err)
	}
	t, err := scanTraining(row)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Training{}, fmt.Errorf("find training %d: %w", id, err)
	}
	return t, err
}

// UpcomingTrainings lists the open trainings starting after now, soonest
// first.
func (q *queries) UpcomingTrainings(now time.Time, limit int) ([]Training, error) {
	rows, err := q.query(`SELECT `+trainingColumns+` FROM trainings WHERE status = 'open' AND starts_at > ?
		ORDER BY starts_at LIMIT ?`, ms(now), limit)
	if err != nil {
		return nil, fmt.Errorf("upcoming trainings: %w", err)
	}
	defer rows.Close()
	var out []Training
	for rows.Next() {
		t, err := scanTraining(rows)
		if err != nil {
			return nil, fmt.Errorf("upcoming trainings: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// CountSeats is how many seats of a training are taken.
func (q *queries) CountSeats(trainingID int64) (int, error) {
	row, err := q.queryRow(`SELECT COUNT(*) FROM enrollments WHERE training_id = ? AND status = 'seat'`, trainingID)
	var n int
	if err == nil {
		err = row.Scan(&n)
	}
	if err != nil {
		return 0, fmt.Errorf("count seats: %w", err)
	}
	return n, nil
}

// FindEnrollment returns an owner's enrollment in a training, or
// ErrNotFound.
func (q *queries) FindEnrollment(trainingID, ownerID int64) (Enrollment, error) {
	row, err := q.queryRow(`SELECT training_id, owner_id, status, seq, attended, created_at FROM enrollments
		WHERE training_id = ? AND owner_id = ?`, trainingID, ownerID)
	if err != nil {
		return Enrollment{}, fmt.Errorf("find enrollment: %w", err)
	}
	return scanEnrollment(row)
}

func scanEnrollment(row interface{ Scan(dest ...any) error }) (Enrollment, error) {
	var e Enrollment
	var attended sql.NullBool
	var created int64
	err := row.Scan(&e.TrainingID, &e.OwnerID, &e.Status, &e.Seq, &attended, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return Enrollment{}, ErrNotFound
	}
	if err != nil {
		return Enrollment{}, err
	}
	if attended.Valid {
		e.Attended = &attended.Bool
	}
	e.CreatedAt = fromMS(created)
	return e, nil
}

// Enrollments lists a training's enrollments in a state, in the order
// they signed up.
func (q *queries) Enrollments(trainingID int64, status string) ([]Enrollment, error) {
	rows, err := q.query(`SELECT training_id, owner_id, status, seq, attended, created_at FROM enrollments
		WHERE training_id = ? AND status = ? ORDER BY seq`, trainingID, status)
	if err != nil {
		return nil, fmt.Errorf("enrollments: %w", err)
	}
	defer rows.Close()
	var out []Enrollment
	for rows.Next() {
		e, err := scanEnrollment(rows)
		if err != nil {
			return nil, fmt.Errorf("enrollments: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// SetEnrollment writes an owner's place in a training; a new one (or one
// signing up again after cancelling) goes last in the order.
func (tx *Tx) SetEnrollment(trainingID, ownerID int64, status string, now time.Time) error {
	_, err := tx.exec(`INSERT INTO enrollments (training_id, owner_id, status, seq, created_at, updated_at)
		VALUES (?1, ?2, ?3, (SELECT COALESCE(MAX(seq), 0) + 1 FROM enrollments WHERE training_id = ?1), ?4, ?4)
		ON CONFLICT (training_id, owner_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at,
			seq = CASE WHEN enrollments.status = 'cancelled' THEN excluded.seq ELSE enrollments.seq END`,
		trainingID, ownerID, status, ms(now))
	if err != nil {
		return fmt.Errorf("set enrollment: %w", err)
	}
	return nil
}

// MoveTraining reschedules a training: new times, the next version.
func (tx *Tx) MoveTraining(id int64, starts, ends time.Time, now time.Time) error {
	if _, err := tx.exec(`UPDATE trainings SET starts_at = ?, ends_at = ?, version = version + 1, updated_at = ? WHERE id = ?`,
		ms(starts), ms(ends), ms(now), id); err != nil {
		return fmt.Errorf("move training: %w", err)
	}
	return nil
}

// CancelTraining marks a training cancelled.
func (tx *Tx) CancelTraining(id int64, now time.Time) error {
	if _, err := tx.exec(`UPDATE trainings SET status = 'cancelled', version = version + 1, updated_at = ? WHERE id = ?`,
		ms(now), id); err != nil {
		return fmt.Errorf("cancel training: %w", err)
	}
	return nil
}

// OwnerTrainings lists the trainings still to come an owner has a seat
// in or waits for, soonest first, with the enrollment.
func (q *queries) OwnerTrainings(ownerID int64, now time.Time) ([]Training, []Enrollment, error) {
	rows, err := q.query(`SELECT e.training_id FROM enrollments e JOIN trainings t ON t.id = e.training_id
		WHERE e.owner_id = ? AND e.status IN ('seat', 'waiting') AND t.status = 'open' AND t.starts_at > ?
		ORDER BY t.starts_at`, ownerID, ms(now))
	if err != nil {
		return nil, nil, fmt.Errorf("owner trainings: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("owner trainings: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	var ts []Training
	var es []Enrollment
	for _, id := range ids {
		t, err := q.FindTraining(id)
		if err != nil {
			return nil, nil, err
		}
		e, err := q.FindEnrollment(id, ownerID)
		if err != nil {
			return nil, nil, err
		}
		ts, es = append(ts, t), append(es, e)
	}
	return ts, es, nil
}

// Trainings lists the trainings starting at or after from, cancelled ones
// too, soonest first: what officers manage (a training just held, to mark
// who came, and those to come).
func (q *queries) Trainings(from time.Time, limit int) ([]Training, error) {
	rows, err := q.query(`SELECT `+trainingColumns+` FROM trainings WHERE status IN ('open', 'cancelled') AND starts_at >= ?
		ORDER BY starts_at LIMIT ?`, ms(from), limit)
	if err != nil {
		return nil, fmt.Errorf("trainings: %w", err)
	}
	defer rows.Close()
	var out []Training
	for rows.Next() {
		t, err := scanTraining(rows)
		if err != nil {
			return nil, fmt.Errorf("trainings: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// SetAttended records whether an owner with a seat came to a training;
// false when the owner has no seat in it (nothing is written).
func (tx *Tx) SetAttended(trainingID, ownerID int64, came bool, now time.Time) (bool, error) {
	res, err := tx.exec(`UPDATE enrollments SET attended = ?, updated_at = ? WHERE training_id = ? AND owner_id = ? AND status = 'seat'`,
		came, ms(now), trainingID, ownerID)
	if err != nil {
		return false, fmt.Errorf("set attended: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("set attended: %w", err)
	}
	return n == 1, nil
}

// TrainingCount is the office's numbers of trainings in a period.
type TrainingCount struct {
	// Held: trainings not cancelled that started in the period and have
	// ended.
	Held int
	// Attendances: seats whose owner came; Owners: the owners who came to
	// at least one, in all and per sector.
	Attendances int
	Owners      int
	BySector    map[string]int
}

// CountTrainings counts the trainings starting in [from, to) and who
// came to them; held ones are those ended by now.
func (q *queries) CountTrainings(from, to, now time.Time) (TrainingCount, error) {
	c := TrainingCount{BySector: map[string]int{}}
	row, err := q.queryRow(`SELECT COUNT(*) FROM trainings WHERE status = 'open' AND starts_at >= ? AND starts_at < ? AND ends_at <= ?`,
		ms(from), ms(to), ms(now))
	if err == nil {
		err = row.Scan(&c.Held)
	}
	if err != nil {
		return TrainingCount{}, fmt.Errorf("count trainings: %w", err)
	}
	rows, err := q.query(`SELECT o.sector, COUNT(DISTINCT e.owner_id), COUNT(*) FROM trainings t
		JOIN enrollments e ON e.training_id = t.id AND e.status = 'seat' AND e.attended = 1
		JOIN owners o ON o.id = e.owner_id
		WHERE t.status = 'open' AND t.starts_at >= ? AND t.starts_at < ? GROUP BY o.sector`, ms(from), ms(to))
	if err != nil {
		return TrainingCount{}, fmt.Errorf("count trainings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sector string
		var owners, seats int
		if err := rows.Scan(&sector, &owners, &seats); err != nil {
			return TrainingCount{}, fmt.Errorf("count trainings: %w", err)
		}
		c.BySector[sector], c.Owners, c.Attendances = owners, c.Owners+owners, c.Attendances+seats
	}
	return c, rows.Err()
}
