package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The kill test of issue 8: the real binary serves Telegram against
// fakeBotAPI while simulated owners register, and it is killed with
// SIGKILL every 0.2-1.2 s and restarted at once on the same database.
//
//	go test ./cmd/sobat-ikm -run KillTest                              # 30 kills
//	SOBAT_KILLTEST_KILLS=400 go test ./cmd/sobat-ikm -run KillTest -v -timeout 30m
//
// Settings (environment): SOBAT_KILLTEST_KILLS (default 30),
// SOBAT_KILLTEST_CHATS (owners registering at once, default 24),
// SOBAT_KILLTEST_SEED (default: the clock; logged for a rerun).
//
// What is counted:
//   - lost: an update Telegram was told to forget (a getUpdates offset
//     passed it) that got no reply within lostAfter; the owner then sends
//     the same answer again as a new update, as a person would. "late"
//     says how many of them the database shows were handled after all
//     (their inbound id is there), i.e. were slow, not lost;
//   - doubled: a message the bot sent to a chat that repeats one it had
//     already sent there (no two replies of a registration are alike, so
//     a repeat is an outbox row sent twice). "marked late" counts those
//     whose first copy Telegram had accepted 250 ms or more before the
//     kill: their row stayed unmarked, where a row being marked when the
//     kill came may legitimately go out again;
//   - corrupted: a chat whose owner row is missing, duplicated, or holds
//     values other than the ones the owner sent;
//   - off-script: a reply that is not the question the owner expected
//     (diagnostic only: the wording may change).
//
// The goals (issue 8): 0 lost, under 0.5% doubled, 0 corrupted. The test
// asserts them, and that no double was marked late; a run of fewer than
// 400 kills allows the doubles that a true rate of 0.5% would exceed less
// than 1% of the time (see allowedDoubles).

// killTestToken is the bot token the kill test runs with.
const killTestToken = "123456:TEST"

// killTestConfig are the kill test's settings.
type killTestConfig struct {
	Kills int
	Chats int // owners registering at once
	Seed  uint64
	// MinUp and MaxUp bound how long the process runs before a kill.
	MinUp, MaxUp time.Duration
	// LostAfter is how long an owner waits for a reply once Telegram has
	// forgotten the update before counting it lost and sending it again.
	LostAfter time.Duration
	// Drain bounds the wait for the owners after the last kill.
	Drain time.Duration
}

func killTestConfigFromEnv(getenv func(string) string) (killTestConfig, error) {
	cfg := killTestConfig{Kills: 30, Chats: 24, Seed: uint64(time.Now().UnixNano()),
		MinUp: 200 * time.Millisecond, MaxUp: 1200 * time.Millisecond,
		LostAfter: 15 * time.Second, Drain: 2 * time.Minute}
	for _, s := range []struct {
		key string
		dst *int
	}{{"SOBAT_KILLTEST_KILLS", &cfg.Kills}, {"SOBAT_KILLTEST_CHATS", &cfg.Chats}} {
		if v := getenv(s.key); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return cfg, fmt.Errorf("%s=%q: want a positive number", s.key, v)
			}
			*s.dst = n
		}
	}
	if v := getenv("SOBAT_KILLTEST_SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return cfg, fmt.Errorf("SOBAT_KILLTEST_SEED=%q: %w", v, err)
		}
		cfg.Seed = n
	}
	return cfg, nil
}

func TestKillTestTelegram(t *testing.T) {
	if testing.Short() {
		t.Skip("kill test: runs the real binary for half a minute or more")
	}
	cfg, err := killTestConfigFromEnv(os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	bin := buildBinary(t)
	res := runKillTest(t, bin, cfg)
	t.Logf("kill test: %s", res.summary())
	t.Logf("kill test: %s", res.details())
	for _, p := range res.Problems {
		t.Log(p)
	}
	for _, l := range res.LogCounts {
		t.Logf("bot log: %s", l)
	}

	if res.Unfinished > 0 {
		t.Errorf("%d registrations did not finish", res.Unfinished)
	}
	if res.Lost > 0 {
		t.Errorf("%d updates lost (%d of them handled late), want 0", res.Lost, res.Late)
	}
	// A reply Telegram accepted while its row was being marked sent may go
	// out again after a kill however soon the row is marked; one left
	// unmarked for longer is the bug of issue 8.
	if res.DoubledLate > 0 {
		t.Errorf("%d replies doubled whose first copy Telegram had accepted %v or more before the kill: "+
			"a row is marked sent too long after it was sent", res.DoubledLate, markedLateAfter)
	}
	if allowed := res.allowedDoubles(); res.Doubled > allowed {
		t.Errorf("%d replies doubled (%.2f%%), want under 0.5%% (at most %d in this run)", res.Doubled, res.doubledPct(), allowed)
	}
	if res.Corrupted > 0 {
		t.Errorf("%d registrations corrupted, want 0", res.Corrupted)
	}
	if res.SelfExits > 0 {
		t.Errorf("the bot exited %d times without being killed", res.SelfExits)
	}
	if res.FinalErr != nil {
		t.Errorf("final SIGTERM: %v", res.FinalErr)
	}
}

// killTestResult is what one kill test run measured.
type killTestResult struct {
	Cfg                    killTestConfig
	Kills, Starts          int
	SelfExits              int
	NeverPolled            int // starts killed before their first getUpdates
	Registrations          int
	Unfinished             int
	Updates                int
	Replies                int
	Lost, Late             int
	LostKills, LostMax     int // kills after which updates were lost; the most at one kill
	Doubled                int
	DoubledLate            int    // first copy accepted markedLateAfter or more before the kill
	DoubledBy              [4]int // by how long before the kill the first copy went: <20ms, <100ms, <markedLateAfter, more
	OffScript              int
	Corrupted              int
	Conflicts, Redelivered int
	FinalErr               error
	Wall, Drain            time.Duration
	KilledAt               []time.Time
	Problems               []string // the first few details of each kind
	problemsByKind         map[string]int
	LostWindow             time.Duration // the longest a lost update was confirmed before the kill
	LogCounts              []string      // the bot's warnings and errors, counted by message
}

// markedLateAfter: a reply doubled after a kill that came this long or
// longer after Telegram accepted its first copy was not in flight at the
// kill: its row stayed unmarked. Marking a row waits for the one writer:
// a few ms, a few tens of ms when it is busy, more when the machine is
// (go test ./... runs packages side by side); the batch marking of issue
// 8 left rows unmarked 0.1-1 s.
const markedLateAfter = 250 * time.Millisecond

// allowedDoubles is the most doubled replies the run may have. The goal,
// under 0.5% of the replies, is stated over 400 kills or more; a shorter
// run, with fewer doubles to count, fails only when a true rate of 0.5%
// would give as many less than 1% of the time.
func (r *killTestResult) allowedDoubles() int {
	mean := 0.005 * float64(r.distinctReplies())
	if r.Kills >= 400 {
		return int(math.Ceil(mean)) - 1
	}
	return poissonQuantile(mean, 0.99)
}

// poissonQuantile is the least k with P(X <= k) >= p for X ~ Poisson(mean).
func poissonQuantile(mean, p float64) int {
	term := math.Exp(-mean)
	cdf := term
	k := 0
	for cdf < p && k < 100_000 {
		k++
		term *= mean / float64(k)
		cdf += term
	}
	return k
}

func (r *killTestResult) distinctReplies() int { return r.Replies - r.Doubled }

func (r *killTestResult) doubledPct() float64 {
	if r.distinctReplies() == 0 {
		return 0
	}
	return 100 * float64(r.Doubled) / float64(r.distinctReplies())
}

func (r *killTestResult) summary() string {
	return fmt.Sprintf("kills=%d starts=%d registrations=%d updates=%d replies=%d lost=%d (late %d) "+
		"doubled=%d (%.2f%%, %d marked late) corrupted=%d unfinished=%d off-script=%d self-exits=%d redelivered=%d "+
		"conflicts=%d wall=%s (drain %s) chats=%d seed=%d",
		r.Kills, r.Starts, r.Registrations, r.Updates, r.Replies, r.Lost, r.Late,
		r.Doubled, r.doubledPct(), r.DoubledLate, r.Corrupted, r.Unfinished, r.OffScript, r.SelfExits, r.Redelivered,
		r.Conflicts, r.Wall.Round(100*time.Millisecond), r.Drain.Round(100*time.Millisecond), r.Cfg.Chats, r.Cfg.Seed)
}

// untilKill is how long before the next kill t was; false when no kill
// came after t.
func (r *killTestResult) untilKill(t time.Time) (time.Duration, bool) {
	for _, k := range r.KilledAt {
		if !k.Before(t) {
			return k.Sub(t), true
		}
	}
	return 0, false
}

// describeUntilKill says how long before the next kill t was.
func (r *killTestResult) describeUntilKill(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	if d, ok := r.untilKill(t); ok {
		return fmt.Sprintf("%v before a kill", d.Round(time.Millisecond))
	}
	return "after the last kill"
}

// details are the figures behind the summary.
func (r *killTestResult) details() string {
	return fmt.Sprintf("starts killed before their first getUpdates: %d of %d; lost at %d kills, at most %d at one, "+
		"confirmed up to %v before the kill; doubled by how long before the kill Telegram "+
		"accepted the first copy: <20ms %d, 20-100ms %d, 100-250ms %d, >=250ms (marked late) %d",
		r.NeverPolled, r.Kills, r.LostKills, r.LostMax, r.LostWindow.Round(time.Millisecond), r.DoubledBy[0], r.DoubledBy[1], r.DoubledBy[2], r.DoubledBy[3])
}

// problem notes a detail of the given kind; only the first few of each
// kind are kept.
func (r *killTestResult) problem(kind, format string, args ...any) {
	if r.problemsByKind == nil {
		r.problemsByKind = map[string]int{}
	}
	r.problemsByKind[kind]++
	if r.problemsByKind[kind] <= 15 {
		r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
	}
}

// buildBinary builds the program once for the test.
func buildBinary(t testing.TB) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool to build the binary with")
	}
	bin := filepath.Join(t.TempDir(), "sobat-ikm")
	out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// botProcess is one run of the binary.
type botProcess struct {
	cmd    *exec.Cmd
	exited chan struct{} // closed once the process is reaped
	err    error         // Wait's result, once exited
}

// startBot starts the binary; its standard error goes to logf.
func startBot(bin string, args, env []string, logf *os.File) (*botProcess, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stderr = logf
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	p := &botProcess{cmd: cmd, exited: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.exited)
	}()
	return p, nil
}

// kill ends the process with SIGKILL and waits until it is gone.
func (p *botProcess) kill() {
	p.cmd.Process.Signal(syscall.SIGKILL) // fails only when it already exited
	<-p.exited
}

// stop sends SIGTERM and waits up to timeout for a clean exit.
func (p *botProcess) stop(timeout time.Duration) error {
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return fmt.Errorf("SIGTERM: %w", err)
	}
	select {
	case <-p.exited:
		if p.err != nil {
			return fmt.Errorf("exit after SIGTERM: %w", p.err)
		}
		return nil
	case <-time.After(timeout):
		p.kill()
		return fmt.Errorf("still running %v after SIGTERM; killed", timeout)
	}
}

// childEnv is the test's environment without any Telegram or WhatsApp
// setting, plus the fake's.
func childEnv(apiURL string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TELEGRAM_") && !strings.HasPrefix(kv, "WHATSAPP_") {
			env = append(env, kv)
		}
	}
	return append(env, "TELEGRAM_BOT_TOKEN="+killTestToken, "TELEGRAM_API_URL="+apiURL)
}

// runKillTest runs the owners against the binary while killing it.
func runKillTest(t *testing.T, bin string, cfg killTestConfig) *killTestResult {
	t.Helper()
	began := time.Now()
	res := &killTestResult{Cfg: cfg}
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "k.db")
	logPath := filepath.Join(dir, "stderr.log")
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("tail of the bot's stderr (%s):\n%s", logPath, fileTail(logPath, 60))
		}
	})

	fake := newFakeBotAPI(t, killTestToken, time.Second)
	env := childEnv(fake.URL())
	args := []string{"-db", dbPath}
	var proc *botProcess
	start := func() {
		res.Starts++
		fmt.Fprintf(logf, "=== kill test: start %d at %s ===\n", res.Starts, time.Now().Format("15:04:05.000"))
		p, err := startBot(bin, args, env, logf)
		if err != nil {
			t.Fatal(err)
		}
		proc = p
	}
	t.Cleanup(func() {
		if proc != nil {
			proc.kill()
		}
	})

	// The owners: cfg.Chats of them at once, each registering one chat
	// after another while the killer runs, then finishing the one begun.
	killing := make(chan struct{})
	ownersCtx, stopOwners := context.WithCancel(context.Background())
	defer stopOwners()
	var (
		mu      sync.Mutex
		records []*regRecord
		nextReg int
		wg      sync.WaitGroup
	)
	for w := range cfg.Chats {
		rng := rand.New(rand.NewPCG(cfg.Seed, uint64(w)+1))
		wg.Go(func() {
			for first := true; ; first = false {
				select {
				case <-killing:
					if !first {
						return
					}
				default:
				}
				mu.Lock()
				nextReg++
				rec := &regRecord{script: newRegScript(nextReg)}
				records = append(records, rec)
				mu.Unlock()
				if err := rec.run(ownersCtx, fake, rng, cfg.LostAfter); err != nil {
					return // the drain timed out: counted as unfinished
				}
			}
		})
	}

	// The killer.
	rng := rand.New(rand.NewPCG(cfg.Seed, 0))
	start()
	for res.Kills < cfg.Kills {
		up := cfg.MinUp + time.Duration(rng.Int64N(int64(cfg.MaxUp-cfg.MinUp)+1))
		polls := fake.Stats().Calls["getupdates"]
		select {
		case <-time.After(up):
			proc.kill()
			res.Kills++
			if fake.Stats().Calls["getupdates"] == polls {
				res.NeverPolled++
			}
			res.KilledAt = append(res.KilledAt, time.Now())
		case <-proc.exited:
			res.SelfExits++
			res.problem("exit", "start %d exited by itself: %v", res.Starts, proc.err)
			if res.SelfExits > 10 {
				t.Fatalf("the bot keeps exiting by itself; stderr:\n%s", fileTail(logPath, 60))
			}
		}
		start()
	}
	close(killing)
	drainFrom := time.Now()

	// Let it run until every owner is done, then stop it cleanly.
	owners := make(chan struct{})
	go func() { wg.Wait(); close(owners) }()
	select {
	case <-owners:
	case <-proc.exited:
		res.SelfExits++
		res.problem("exit", "start %d exited by itself while draining: %v", res.Starts, proc.err)
		start()
		select {
		case <-owners:
		case <-time.After(cfg.Drain):
		}
	case <-time.After(cfg.Drain):
	}
	stopOwners()
	<-owners
	res.Drain = time.Since(drainFrom)
	res.FinalErr = proc.stop(30 * time.Second)
	proc = nil
	res.Wall = time.Since(began)

	res.count(fake, records)
	if err := res.checkDatabase(dbPath, records); err != nil {
		t.Errorf("database check: %v", err)
	}
	res.LogCounts = logCounts(logPath)
	return res
}

// count fills in the figures the fake and the owners saw.
func (r *killTestResult) count(f *fakeBotAPI, records []*regRecord) {
	st := f.Stats()
	r.Updates, r.Replies, r.Conflicts, r.Redelivered = st.Updates, st.Sent, st.Conflicts, st.Redelivered
	r.Registrations = len(records)
	lostAt := map[int]int{} // lost updates by the kill that followed their confirmation
	defer func() {
		r.LostKills = len(lostAt)
		for _, n := range lostAt {
			r.LostMax = max(r.LostMax, n)
		}
	}()
	for _, rec := range records {
		if !rec.finished {
			r.Unfinished++
			r.problem("unfinished", "chat %d: unfinished at step %d of %d", rec.script.chatID, rec.step, len(rec.script.steps))
		}
		r.Lost += len(rec.lost)
		for _, id := range rec.lost {
			u, _ := f.Update(id)
			kill := -1
			for i, k := range r.KilledAt {
				if !k.Before(u.Confirmed) {
					kill = i
					break
				}
			}
			lostAt[kill]++
			if d, ok := r.untilKill(u.Confirmed); ok {
				r.LostWindow = max(r.LostWindow, d)
			}
			r.problem("lost", "chat %d: update %d (%q) lost: delivered %d times, confirmed %s",
				rec.script.chatID, id, u.Text, u.Deliveries, r.describeUntilKill(u.Confirmed))
		}
		r.OffScript += len(rec.offScript)
		for _, o := range rec.offScript {
			r.problem("off-script", "chat %d: off-script: %s", rec.script.chatID, o)
		}
		first := map[string]fakeSent{}
		for _, s := range f.Sent(rec.script.chatID) {
			if prev, ok := first[s.Text]; ok {
				r.Doubled++
				until, ok := r.untilKill(prev.At)
				if !ok || until >= markedLateAfter {
					r.DoubledLate++
				}
				switch {
				case ok && until < 20*time.Millisecond:
					r.DoubledBy[0]++
				case ok && until < 100*time.Millisecond:
					r.DoubledBy[1]++
				case ok && until < markedLateAfter:
					r.DoubledBy[2]++
				default:
					r.DoubledBy[3]++
				}
				r.problem("doubled", "chat %d: doubled %.40q: first sent %s, again %v later", rec.script.chatID, s.Text,
					r.describeUntilKill(prev.At), s.At.Sub(prev.At).Round(time.Millisecond))
				continue
			}
			first[s.Text] = s
		}
	}
}

// checkDatabase compares every finished registration with the owners
// table, and looks up the lost updates' inbound ids.
func (r *killTestResult) checkDatabase(path string, records []*regRecord) error {
	db, err := sql.Open("sqlite", queryOnlyDSN(path))
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer db.Close()
	ctx := context.Background()
	var total int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM owners`).Scan(&total); err != nil {
		return fmt.Errorf("count owners: %w", err)
	}
	registered := 0
	for _, rec := range records {
		want := rec.script.want
		rows, err := db.QueryContext(ctx, `SELECT o.name, o.business_name, o.sector, o.products, o.kecamatan,
			o.address, o.phone, o.nib FROM owners o JOIN contacts c ON c.owner_id = o.id
			WHERE c.channel = 'telegram' AND c.address = ?`, strconv.FormatInt(rec.script.chatID, 10))
		if err != nil {
			return fmt.Errorf("read owner of chat %d: %w", rec.script.chatID, err)
		}
		var got []ownerValues
		for rows.Next() {
			var o ownerValues
			if err := rows.Scan(&o.Name, &o.Business, &o.Sector, &o.Products, &o.Kecamatan, &o.Address, &o.Phone, &o.NIB); err != nil {
				rows.Close()
				return fmt.Errorf("read owner of chat %d: %w", rec.script.chatID, err)
			}
			got = append(got, o)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("read owner of chat %d: %w", rec.script.chatID, err)
		}
		registered += len(got)
		switch {
		case !rec.finished && len(got) == 0:
			// Unfinished (counted already), and nothing half-stored.
		case len(got) != 1:
			r.Corrupted++
			r.problem("corrupted", "chat %d: %d owner rows, want 1", rec.script.chatID, len(got))
		case got[0] != want:
			r.Corrupted++
			r.problem("corrupted", "chat %d: owner row %+v, want %+v", rec.script.chatID, got[0], want)
		}
		for _, id := range rec.lost {
			var n int
			if err := db.QueryRowContext(ctx, `SELECT count(*) FROM inbound WHERE channel = 'telegram' AND address = ?
				AND message_id LIKE ?`, strconv.FormatInt(rec.script.chatID, 10), strconv.FormatInt(id, 10)+":%").Scan(&n); err != nil {
				return fmt.Errorf("look up inbound id of update %d: %w", id, err)
			}
			if n > 0 {
				r.Late++
			}
		}
	}
	if total != registered {
		r.Corrupted += total - registered
		r.problem("corrupted", "%d owner rows in all, %d belong to the test's chats", total, registered)
	}
	return nil
}

// queryOnlyDSN opens the database file at path for the test to read
// beside the bot: it never writes.
func queryOnlyDSN(path string) string {
	return (&url.URL{Scheme: "file", Opaque: url.PathEscape(path)}).String() +
		"?_pragma=query_only(1)&_pragma=busy_timeout(5000)"
}

// ownerValues are the fields of an owner row the test checks.
type ownerValues struct {
	Name, Business, Sector, Products, Kecamatan, Address, Phone, NIB string
}

// regStep is one answer of a registration and the reply it should get.
type regStep struct {
	text   string // what the owner types
	button string // the prefix of the button to press instead ("1. "), when offered
	expect string // a phrase the reply must contain (lower case)
}

// regScript is one owner's registration, with the values to find stored.
type regScript struct {
	chatID int64
	first  string // Telegram first name
	steps  []regStep
	want   ownerValues
}

// newRegScript is registration k (from 1): the conversation of the
// happy-path transcript with values of its own. Every third owner presses
// the buttons where there are some; the others type.
func newRegScript(k int) regScript {
	// The menus' orders: sectors as stored, kecamatan as named.
	sectors := []string{"pangan", "sandang", "kerajinan", "furnitur", "bahan_bangunan", "lainnya"}
	kecamatan := []string{"Abeli", "Baruga", "Kadia", "Kambu", "Kendari", "Kendari Barat", "Mandonga",
		"Nambo", "Poasia", "Puuwatu", "Wua-Wua"}
	chatID := int64(5_100_000_000 + k)
	buttons := k%3 == 0
	choice := func(n int) (string, string) {
		if buttons {
			return strconv.Itoa(n), strconv.Itoa(n) + ". "
		}
		return strconv.Itoa(n), ""
	}
	sector, kec := k%len(sectors), (k/2)%len(kecamatan)
	want := ownerValues{
		Name:      "Wa Ode " + titleWords(terbilang(k)), // a name like Kendari's, unique per chat
		Business:  "Usaha " + titleWords(terbilang(k)),
		Sector:    sectors[sector],
		Products:  fmt.Sprintf("abon ikan resep %d", k),
		Kecamatan: kecamatan[kec],
		Address:   fmt.Sprintf("Jl. Sao-Sao No. %d, Kel. Bende", k),
		Phone:     fmt.Sprintf("+62812%04d%04d", 1000+k/10000%9000, k%10000),
	}
	phone := fmt.Sprintf("0812 %04d %04d", 1000+k/10000%9000, k%10000)
	greet, consent := "halo", "1"
	if k%2 == 0 {
		greet, consent = "/start", "ya"
	}
	nibStep := regStep{expect: "periksa data"}
	if k%4 == 0 {
		nibStep.text, nibStep.button = "belum punya", ""
		if buttons {
			nibStep.text, nibStep.button = choice(1)
		}
	} else {
		want.NIB = fmt.Sprintf("912%010d", k)
		nibStep.text = want.NIB
	}
	menu, menuButton := choice(1)
	consentButton := ""
	if buttons {
		consent, consentButton = choice(1)
	}
	sectorText, sectorButton := choice(sector + 1)
	kecText, kecButton := choice(kec + 1)
	confirm, confirmButton := choice(1)
	return regScript{chatID: chatID, first: "Pemilik", want: want, steps: []regStep{
		{text: greet, expect: "selamat datang"},
		{text: menu, button: menuButton, expect: "persetujuan"},
		{text: consent, button: consentButton, expect: "nama lengkap"},
		{text: want.Name, expect: "nama usaha"},
		{text: want.Business, expect: "bidang"},
		{text: sectorText, button: sectorButton, expect: "produk utama"},
		{text: want.Products, expect: "kecamatan"},
		{text: kecText, button: kecButton, expect: "alamat usaha"},
		{text: want.Address, expect: "nomor hp"},
		{text: phone, expect: "nib"},
		nibStep,
		{text: confirm, button: confirmButton, expect: "ikm-"},
	}}
}

// regRecord is what happened to one registration.
type regRecord struct {
	script    regScript
	step      int     // the step being answered
	updates   []int64 // every update sent, in order
	lost      []int64 // the updates counted lost
	offScript []string
	finished  bool
}

// errLost: the update was forgotten by Telegram and never answered.
var errLost = errors.New("no reply: update lost")

// run makes the owner go through the script: send an answer, wait for
// the bot's reply, send the next. An answer whose update was lost is sent
// again. It returns an error only when ctx ends.
func (rec *regRecord) run(ctx context.Context, f *fakeBotAPI, rng *rand.Rand, lostAfter time.Duration) error {
	s := rec.script
	w := &replyWaiter{f: f, chatID: s.chatID, seen: map[string]bool{}}
	var last fakeSent
	for i, st := range s.steps {
		rec.step = i
		for {
			var id int64
			if data := pickButton(last, st.button); data != "" {
				id = f.PressButton(s.chatID, s.first, last, data)
			} else {
				id = f.SendText(s.chatID, s.first, st.text)
			}
			rec.updates = append(rec.updates, id)
			reply, err := w.await(ctx, id, lostAfter)
			if errors.Is(err, errLost) {
				rec.lost = append(rec.lost, id)
				continue
			}
			if err != nil {
				return err
			}
			if !strings.Contains(strings.ToLower(reply.Text), st.expect) {
				rec.offScript = append(rec.offScript, fmt.Sprintf("step %d (%q): reply %.80q, want %q in it",
					i, st.text, reply.Text, st.expect))
			}
			last = reply
			break
		}
		// A person takes a moment to read and type.
		sleepCtx(ctx, time.Duration(20+rng.IntN(130))*time.Millisecond)
	}
	rec.finished = true
	return nil
}

// pickButton is the callback data of last's button whose label starts
// with prefix, or "" (then the owner types).
func pickButton(last fakeSent, prefix string) string {
	if prefix == "" {
		return ""
	}
	for label, data := range inlineButtons(last) {
		if strings.HasPrefix(label, prefix) {
			return data
		}
	}
	return ""
}

func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// replyWaiter reads one chat's replies as the owner sees them: a message
// repeating one already received is a double and is skipped.
type replyWaiter struct {
	f      *fakeBotAPI
	chatID int64
	next   int // index of the first message not read yet
	seen   map[string]bool
}

// await waits for the reply to update id: the next new message in the
// chat. It gives up with errLost once Telegram has forgotten the update
// (confirmed by an offset) and lostAfter has passed since without a
// reply; an update Telegram still holds is waited for as long as ctx
// lasts, since it will be delivered again.
func (w *replyWaiter) await(ctx context.Context, id int64, lostAfter time.Duration) (fakeSent, error) {
	for {
		changed := w.f.Changed()
		sent := w.f.Sent(w.chatID)
		for ; w.next < len(sent); w.next++ {
			s := sent[w.next]
			if !w.seen[s.Text] {
				w.seen[s.Text] = true
				w.next++
				return s, nil
			}
		}
		u, _ := w.f.Update(id)
		wait := time.Second
		if !u.Confirmed.IsZero() {
			left := lostAfter - time.Since(u.Confirmed)
			if left <= 0 {
				return fakeSent{}, errLost
			}
			wait = min(wait, left)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fakeSent{}, ctx.Err()
		case <-changed:
		case <-t.C:
		}
		t.Stop()
	}
}

// fileTail is the last n lines of a file.
func fileTail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// logCounts counts the bot's warnings and errors by message.
func logCounts(path string) []string {
	lineRe := regexp.MustCompile(`level=(WARN|ERROR) msg=("(?:[^"\\]|\\.)*"|\S+)`)
	b, err := os.ReadFile(path)
	if err != nil {
		return []string{err.Error()}
	}
	counts := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if m := lineRe.FindStringSubmatch(sc.Text()); m != nil {
			counts[m[1]+" "+m[2]]++
		}
	}
	var out []string
	for k, v := range counts {
		out = append(out, fmt.Sprintf("%5d × %s", v, k))
	}
	sort.Strings(out)
	return out
}

// terbilang spells n (0 < n < 1,000,000) in Indonesian words.
func terbilang(n int) string {
	ones := []string{"", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas"}
	switch {
	case n < 12:
		return ones[n]
	case n < 20:
		return ones[n-10] + " belas"
	case n < 100:
		return strings.TrimSpace(ones[n/10] + " puluh " + terbilang(n%10))
	case n < 200:
		return strings.TrimSpace("seratus " + terbilang(n-100))
	case n < 1000:
		return strings.TrimSpace(ones[n/100] + " ratus " + terbilang(n%100))
	case n < 2000:
		return strings.TrimSpace("seribu " + terbilang(n-1000))
	default:
		return strings.TrimSpace(terbilang(n/1000) + " ribu " + terbilang(n%1000))
	}
}

// titleWords capitalizes every word.
func titleWords(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

func TestKillTestHelpers(t *testing.T) {
	for n, want := range map[int]string{1: "satu", 11: "sebelas", 17: "tujuh belas", 20: "dua puluh",
		45: "empat puluh lima", 100: "seratus", 117: "seratus tujuh belas", 999: "sembilan ratus sembilan puluh sembilan",
		1000: "seribu", 2024: "dua ribu dua puluh empat", 12345: "dua belas ribu tiga ratus empat puluh lima"} {
		if got := terbilang(n); got != want {
			t.Errorf("terbilang(%d) = %q, want %q", n, got, want)
		}
	}
	if got := titleWords("tujuh belas"); got != "Tujuh Belas" {
		t.Errorf("titleWords: %q", got)
	}
	for _, c := range []struct {
		mean float64
		want int
	}{{0, 0}, {1, 4}, {3, 8}, {40, 55}} {
		if got := poissonQuantile(c.mean, 0.99); got != c.want {
			t.Errorf("poissonQuantile(%v, 0.99) = %d, want %d", c.mean, got, c.want)
		}
	}
}
