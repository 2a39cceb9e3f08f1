package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"sobat-ikm/store"
)

// trainingForm is a valid new training's form: a bimtek on Saturday 5
// December 2026, 08.00-16.00 WITA, two seats, for the food sector.
func trainingForm(csrf string) url.Values {
	return url.Values{"csrf": {csrf}, "title": {"Bimtek <b>Kemasan</b>"}, "kind": {"bimtek"},
		"starts": {"2026-12-05T08:00"}, "ends": {"2026-12-05T16:00"}, "venue": {"Aula Dinas"}, "quota": {"2"},
		"sector": {"pangan"}}
}

var trainingPath = regexp.MustCompile(`^/trainings/(\d+)$`)

// createTraining creates a training through the console's form and
// returns its id.
func (r *rig) createTraining(form url.Values) int64 {
	r.t.Helper()
	_, _, body := r.get("/trainings")
	form.Set("csrf", csrfOf(r.t, body))
	path, code, body := r.post("/trainings", form)
	m := trainingPath.FindStringSubmatch(path)
	if code != 200 || m == nil || !strings.Contains(body, "Pelatihan dibuat") {
		r.t.Fatalf("creating a training: %s %d\n%s", path, code, body)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// trainingsInDB are all the trainings stored.
func (r *rig) trainingsInDB() []store.Training {
	r.t.Helper()
	var ts []store.Training
	err := r.db.View(context.Background(), func(tx *store.ReadTx) (err error) {
		ts, err = tx.Trainings(time.Time{}, 100)
		return err
	})
	if err != nil {
		r.t.Fatal(err)
	}
	return ts
}

// addOwner registers an owner chatting on telegram at address.
func (r *rig) addOwner(name, business, address string) store.Owner {
	r.t.Helper()
	o := store.Owner{Name: name, BusinessName: business, Sector: "pangan", Kecamatan: "Poasia", Address: "Jl. Mandonga",
		Phone: "+628120000" + address, Language: "id", ConsentVersion: "v2", ConsentAt: r.clock()}
	err := r.db.Update(context.Background(), func(tx *store.Tx) error {
		return tx.CreateOwner(&o, store.ChatKey{Channel: "telegram", Address: address}, r.clock())
	})
	if err != nil {
		r.t.Fatal(err)
	}
	return o
}

func (r *rig) enroll(o store.Owner, id int64, want string) {
	r.t.Helper()
	err := r.db.Update(context.Background(), func(tx *store.Tx) error {
		e, err := r.off.Enroll(tx, o, id)
		if err == nil && e.Status != want {
			r.t.Errorf("%s enrolled as %q, want %q", o.Name, e.Status, want)
		}
		return err
	})
	if err != nil {
		r.t.Fatal(err)
	}
}

// noRawIDs fails when a page shows a message id instead of its text.
func noRawIDs(t *testing.T, page, body string) {
	t.Helper()
	if i := strings.Index(body, "training_"); i >= 0 {
		t.Errorf("%s shows a message id: %q", page, body[max(i-20, 0):min(i+40, len(body))])
	}
}

// A training is created from the form and listed; a form refused (no
// title, a bad or unknown registration number, a start in the past) is
// shown again as typed, and nothing is created.
func TestCreateTraining(t *testing.T) {
	r := newRig(t)
	r.login("Rina")
	_, code, body := r.get("/trainings")
	if code != 200 || !strings.Contains(body, `href="/trainings">Pelatihan</a>`) || !strings.Contains(body, `type="datetime-local" name="starts"`) ||
		!strings.Contains(body, `name="kecamatan" value="Kadia"`) || !strings.Contains(body, "Pangan (makanan &amp; minuman)") {
		t.Fatalf("the trainings page: %d\n%s", code, body)
	}
	noRawIDs(t, "/trainings", body)
	csrf := csrfOf(t, body)
	for _, tc := range []struct {
		name       string
		change     func(url.Values)
		want, kept string
	}{
		{"no title", func(f url.Values) { f.Set("title", " ") }, "Isi judul", `value="Aula Dinas"`},
		{"a bad reg no", func(f url.Values) { f.Set("invited", "IKM-000001, IKM-12x") }, "&#34;IKM-12x&#34; bukan nomor registrasi", `value="IKM-000001, IKM-12x"`},
		{"an unknown owner", func(f url.Values) { f.Set("invited", "ikm 1, IKM-000077") }, "Tidak ada pemilik IKM dengan nomor IKM-000077", `value="ikm 1, IKM-000077"`},
		{"a start in the past", func(f url.Values) { f.Set("starts", "2026-11-23T09:00") }, "Waktu mulai sudah lewat", `value="2026-11-23T09:00"`},
		{"an end before the start", func(f url.Values) { f.Set("ends", "2026-12-05T07:00") }, "Isi judul", `value="2026-12-05T07:00"`},
		{"no quota", func(f url.Values) { f.Set("quota", "0") }, "Isi judul", `value="Bimtek &lt;b&gt;Kemasan&lt;/b&gt;"`},
		{"a late deadline", func(f url.Values) { f.Set("deadline", "2026-12-06T08:00") }, "Batas pendaftaran harus", `value="2026-12-06T08:00"`},
	} {
		form := trainingForm(csrf)
		tc.change(form)
		_, code, body := r.post("/trainings", form)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, tc.want) || !strings.Contains(body, tc.kept) ||
			!strings.Contains(body, `name="sector" value="pangan" checked`) {
			t.Errorf("%s: %d, want 422 with %q and %q\n%s", tc.name, code, tc.want, tc.kept, body)
		}
	}
	if ts := r.trainingsInDB(); len(ts) != 0 {
		t.Fatalf("refused forms created %+v", ts)
	}

	form := trainingForm("")
	form.Set("invited", "IKM-000001")
	form.Set("deadline", "2026-12-04T16:00")
	form["kecamatan"] = []string{"Kadia", "Poasia"}
	form.Set("binaan_only", "on")
	id := r.createTraining(form)
	ts := r.trainingsInDB()
	want := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	if len(ts) != 1 || ts[0].ID != id || ts[0].Title != "Bimtek <b>Kemasan</b>" || ts[0].Kind != store.TrainingBimtek || !ts[0].StartsAt.Equal(want) ||
		!ts[0].EndsAt.Equal(want.Add(8*time.Hour)) || ts[0].Quota != 2 || !ts[0].BinaanOnly || len(ts[0].Sectors) != 1 ||
		len(ts[0].Kecamatan) != 2 || len(ts[0].Invited) != 1 || ts[0].Invited[0] != r.owner.ID || !ts[0].Deadline.Equal(want.Add(-16*time.Hour)) {
		t.Fatalf("stored: %+v", ts)
	}
	_, _, body = r.get("/trainings")
	if !strings.Contains(body, `<a href="/trainings/`+strconv.FormatInt(id, 10)+`">Bimtek &lt;b&gt;Kemasan&lt;/b&gt;</a>`) ||
		!strings.Contains(body, "Sabtu, 05/12/2026 08.00-16.00 WITA") || !strings.Contains(body, "<td>0 / 2</td><td>0</td>") {
		t.Errorf("the list lacks the training:\n%s", body)
	}
	_, _, body = r.get("/trainings/" + strconv.FormatInt(id, 10))
	for _, s := range []string{"Khusus IKM binaan", "Bidang usaha: Pangan", "Kecamatan: Kadia, Poasia", `<a href="/owners/IKM-000001">IKM-000001</a>`, "2026-12-04 16:00"} {
		if !strings.Contains(body, s) {
			t.Errorf("the training's page lacks %q", s)
		}
	}
	noRawIDs(t, "the training's page", body)
	if _, _, body := r.get("/audit"); !strings.Contains(body, "training.create") {
		t.Errorf("no audit entry of the creation")
	}
}

// The participants, the waiting list and the export; attendance once the
// training has started; a reschedule and a cancellation, each told to
// everyone signed up.
func TestTrainingParticipants(t *testing.T) {
	r := newRig(t)
	r.login("Rina")
	id := r.createTraining(trainingForm(""))
	page := "/trainings/" + strconv.FormatInt(id, 10)
	budi := r.addOwner("Budi", "Kopi Budi", "43")
	citra := r.addOwner("Citra", "Tenun Citra", "44")
	r.enroll(r.owner, id, store.EnrollSeat)
	r.enroll(budi, id, store.EnrollSeat)
	r.enroll(citra, id, store.EnrollWaiting)

	_, code, body := r.get(page)
	if code != 200 {
		t.Fatalf("%s: %d", page, code)
	}
	seats, waiting, _ := strings.Cut(body, `id="reschedule"`)
	seats, waiting, _ = strings.Cut(seats, "<h2>Daftar tunggu</h2>")
	for _, s := range []string{`<a href="/owners/IKM-000001">IKM-000001</a>`, "&lt;script&gt;alert(1)&lt;/script&gt; Abon", "Ani",
		`<a href="/owners/IKM-000002">IKM-000002</a>`, "Kopi Budi", "Poasia", "812000043", "Kehadiran bisa dicatat setelah pelatihan dimulai"} {
		if !strings.Contains(seats, s) {
			t.Errorf("the participants lack %q", s)
		}
	}
	if !strings.Contains(waiting, "Tenun Citra") || strings.Contains(seats, "Citra") || strings.Contains(seats, `name="came"`) {
		t.Errorf("the waiting list, or an attendance form before the start:\n%s", body)
	}
	if strings.Contains(body, "<script>alert(1)</script>") {
		t.Errorf("the owner's markup is not escaped")
	}
	if _, _, body := r.get("/trainings"); !strings.Contains(body, "<td>2 / 2</td><td>1</td>") {
		t.Errorf("the list lacks the seats taken and the waiting:\n%s", body)
	}

	// The export: the participants, then the waiting list.
	resp, err := r.client.Get(r.srv.URL + "/export" + page)
	if err != nil {
		t.Fatal(err)
	}
	csv, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="peserta-`+strconv.FormatInt(id, 10)+`-2026-11-23.csv"` {
		t.Errorf("export's name: %q", cd)
	}
	lines := strings.Split(strings.TrimSpace(string(csv)), "\n")
	if len(lines) != 4 || !strings.Contains(lines[0], "No. registrasi") || !strings.Contains(lines[0], "Kehadiran") ||
		!strings.Contains(lines[1], "Ani") || !strings.Contains(lines[2], "Budi") || !strings.Contains(lines[3], "Citra") ||
		!strings.Contains(lines[3], "daftar tunggu") {
		t.Errorf("export:\n%s", csv)
	}
	if _, code, xlsx := r.get("/export" + page + "?format=xlsx"); code != 200 || !strings.HasPrefix(xlsx, "PK") {
		t.Errorf("XLSX export: %d %q", code, xlsx[:min(len(xlsx), 10)])
	}

	// Attendance: refused before the start; after, one came, one did not.
	csrf := csrfOf(t, body)
	attend := url.Values{"csrf": {csrf}, "seat": {"1", "2"}, "came": {"1"}}
	if _, code, body := r.post(page+"/attendance", attend); code != http.StatusConflict || !strings.Contains(body, "setelah pelatihan dimulai") {
		t.Errorf("attendance before the start: %d\n%s", code, body)
	}
	r.advance(12*24*time.Hour + 2*time.Hour) // 5 December, 12.00 WITA
	r.login("Rina")                          // (the session outlived: a new one)
	_, _, body = r.get(page)
	if !strings.Contains(body, `<input type="checkbox" name="came" value="1">`) || !strings.Contains(body, `name="seat" value="2"`) ||
		strings.Contains(body, `name="seat" value="3"`) {
		t.Fatalf("the attendance form:\n%s", body)
	}
	attend.Set("csrf", csrfOf(t, body))
	path, code, body := r.post(page+"/attendance", attend)
	if path != page || code != 200 || !strings.Contains(body, "Kehadiran dicatat") {
		t.Fatalf("attendance: %s %d\n%s", path, code, body)
	}
	if !strings.Contains(body, `name="came" value="1" checked> hadir</label> <span class="mark">tercatat: hadir</span>`) ||
		!strings.Contains(body, `name="came" value="2"> hadir</label> <span class="mark">tercatat: tidak hadir</span>`) {
		t.Errorf("the marks on the page:\n%s", body)
	}
	if _, _, csv := r.get("/export" + page); !strings.Contains(csv, ",hadir") || !strings.Contains(csv, ",tidak hadir") {
		t.Errorf("the export lacks the marks:\n%s", csv)
	}
	// The dashboard counts the owner who came once the training has ended.
	r.advance(6 * time.Hour)
	if _, _, dash := r.get("/"); !strings.Contains(dash, "Pelatihan tahun 2026: 1 terlaksana; 1 IKM ikut (1 kehadiran).") {
		t.Errorf("the dashboard lacks the training numbers:\n%s", dash)
	}
	r.advance(-6 * time.Hour)

	// Reschedule: refused in the past or ending before it starts; then
	// moved, and everyone signed up is told.
	csrf = csrfOf(t, body)
	for _, times := range [][2]string{{"2026-12-05T08:00", "2026-12-05T16:00"}, {"2026-12-19T08:00", "2026-12-18T16:00"}, {"", ""}} {
		_, code, body := r.post(page+"/reschedule", url.Values{"csrf": {csrf}, "starts": {times[0]}, "ends": {times[1]}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `value="`+times[1]+`"`) {
			t.Errorf("reschedule to %v: %d\n%s", times, code, body)
		}
	}
	if ts := r.trainingsInDB(); ts[0].Version != 1 {
		t.Errorf("a refused reschedule changed the training: %+v", ts[0])
	}
	path, code, body = r.post(page+"/reschedule", url.Values{"csrf": {csrf}, "starts": {"2026-12-19T08:00"}, "ends": {"2026-12-19T15:00"}})
	if path != page || code != 200 || !strings.Contains(body, "Jadwal diubah") || !strings.Contains(body, "Sabtu, 19/12/2026 08.00-15.00 WITA") {
		t.Fatalf("reschedule: %s %d\n%s", path, code, body)
	}
	told := r.notices("19/12/2026")
	for _, o := range []store.Owner{r.owner, budi, citra} {
		if told[o.ID] != 1 {
			t.Errorf("%s told of the new schedule %d times", o.Name, told[o.ID])
		}
	}

	// Cancel: not without the confirmation; then cancelled, and told.
	csrf = csrfOf(t, body)
	if _, code, body := r.post(page+"/cancel", url.Values{"csrf": {csrf}, "note": {"aula dipakai"}}); code != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "Centang kotak konfirmasi") {
		t.Errorf("cancel without the confirmation: %d\n%s", code, body)
	}
	if ts := r.trainingsInDB(); ts[0].Cancelled {
		t.Fatalf("cancelled without the confirmation")
	}
	path, code, body = r.post(page+"/cancel", url.Values{"csrf": {csrf}, "note": {"aula dipakai"}, "confirm": {"on"}})
	if path != page || code != 200 || !strings.Contains(body, "Pelatihan dibatalkan") || !strings.Contains(body, `<span class="tag bad">Dibatalkan</span>`) ||
		strings.Contains(body, `action="`+page+`/cancel"`) || strings.Contains(body, `action="`+page+`/reschedule"`) {
		t.Fatalf("cancel: %s %d\n%s", path, code, body)
	}
	if ts := r.trainingsInDB(); !ts[0].Cancelled {
		t.Errorf("not cancelled: %+v", ts[0])
	}
	told = r.notices("dibatalkan")
	for _, o := range []store.Owner{r.owner, budi, citra} {
		if told[o.ID] != 1 {
			t.Errorf("%s told of the cancellation %d times", o.Name, told[o.ID])
		}
	}
	if _, _, body := r.get("/trainings"); !strings.Contains(body, `<tr class="cancelled">`) || !strings.Contains(body, "Dibatalkan") {
		t.Errorf("the list does not mark it cancelled:\n%s", body)
	}
	if _, code, _ := r.post(page+"/attendance", url.Values{"csrf": {csrf}, "seat": {"1"}}); code != http.StatusConflict {
		t.Errorf("attendance of a cancelled training: %d", code)
	}
	if _, _, body := r.get("/audit"); !strings.Contains(body, "training.attendance") || !strings.Contains(body, "training.reschedule") ||
		!strings.Contains(body, "training.cancel") || !strings.Contains(body, "aula dipakai") {
		t.Errorf("the audit log lacks the changes:\n%s", body)
	}
}

// notices counts the notices queued per owner whose text has s.
func (r *rig) notices(s string) map[int64]int {
	r.t.Helper()
	var rows []store.OutboxMessage
	err := r.db.View(context.Background(), func(tx *store.ReadTx) (err error) {
		rows, err = tx.PlannedOutbox(store.KindNotice, 100)
		return err
	})
	if err != nil {
		r.t.Fatal(err)
	}
	n := map[int64]int{}
	for _, m := range rows {
		if strings.Contains(m.Reply.Text, s) {
			n[m.OwnerID]++
		}
	}
	return n
}

// The trainings' forms need the session's CSRF token; nothing changes
// without it.
func TestTrainingFormsNeedTheirCSRFToken(t *testing.T) {
	r := newRig(t)
	r.login("Rina")
	form := trainingForm("")
	form.Del("csrf")
	if _, code, _ := r.post("/trainings", form); code != http.StatusForbidden {
		t.Errorf("a new training without the token: %d", code)
	}
	if ts := r.trainingsInDB(); len(ts) != 0 {
		t.Fatalf("created without a token: %+v", ts)
	}
	id := r.createTraining(trainingForm(""))
	page := "/trainings/" + strconv.FormatInt(id, 10)
	for _, p := range []string{"/cancel", "/reschedule", "/attendance"} {
		if _, code, _ := r.post(page+p, url.Values{"confirm": {"on"}, "starts": {"2026-12-19T08:00"}, "ends": {"2026-12-19T15:00"}, "csrf": {"forged"}}); code != http.StatusForbidden {
			t.Errorf("%s with a forged token: %d", p, code)
		}
	}
	if ts := r.trainingsInDB(); ts[0].Cancelled || ts[0].Version != 1 {
		t.Errorf("changed without a token: %+v", ts[0])
	}
}

// A training that does not exist is "not found", however it is asked
// for; without a session, the trainings' pages are the login page.
func TestTrainingNotFound(t *testing.T) {
	r := newRig(t)
	for _, p := range []string{"/trainings", "/trainings/1", "/export/trainings/1"} {
		if path, code, _ := r.get(p); path != "/login" || code != 200 {
			t.Errorf("%s without a session: %s %d", p, path, code)
		}
	}
	r.login("Rina")
	for _, p := range []string{"/trainings/1", "/trainings/abc", "/trainings/-1", "/export/trainings/1", "/export/trainings/x?format=xlsx"} {
		if _, code, body := r.get(p); code != http.StatusNotFound || !strings.Contains(body, "Tidak ditemukan") {
			t.Errorf("%s: %d", p, code)
		}
	}
	_, _, body := r.get("/trainings")
	csrf := csrfOf(t, body)
	for _, p := range []string{"/cancel", "/reschedule", "/attendance"} {
		form := url.Values{"csrf": {csrf}, "confirm": {"on"}, "starts": {"2026-12-19T08:00"}, "ends": {"2026-12-19T15:00"}}
		if _, code, _ := r.post("/trainings/9"+p, form); code != http.StatusNotFound {
			t.Errorf("%s of no training: %d", p, code)
		}
	}
}

// The pages in English say everything in English.
func TestTrainingPagesInEnglish(t *testing.T) {
	r := newRig(t)
	r.login("Rina")
	id := r.createTraining(trainingForm(""))
	r.enroll(r.owner, id, store.EnrollSeat)
	page := "/trainings/" + strconv.FormatInt(id, 10)
	r.get("/lang?to=en&back=" + url.QueryEscape(page))
	_, _, body := r.get(page)
	for _, s := range []string{"Who may join", "Sectors: Food", "Saturday, 05/12/2026", "Participants", "Attendance can be recorded once", "Cancel the training"} {
		if !strings.Contains(body, s) {
			t.Errorf("the English page lacks %q", s)
		}
	}
	noRawIDs(t, page, body)
	_, _, body = r.get("/trainings")
	if !strings.Contains(body, "New training") || !strings.Contains(body, "Technical guidance") {
		t.Errorf("the English list:\n%s", body)
	}
	noRawIDs(t, "/trainings", body)
}
