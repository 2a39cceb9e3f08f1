package flows

import (
	"errors"
	"fmt"
	"strconv"

	"sobat-ikm/flows/office"
	"sobat-ikm/flows/understand"
	"sobat-ikm/store"
)

// trainingsShown is how many trainings to come the list shows.
const trainingsShown = 8

// trainingDraft is where an owner is among the trainings: the one they
// look at.
type trainingDraft struct {
	ID int64 `json:"id,omitempty"`
}

// trainingFlow lets an owner see the trainings to come, sign up (a seat,
// or the waiting list), see their own and cancel.
func (e *Engine) trainingFlow() *Flow {
	return &Flow{Name: "training", Steps: []*Step{
		choiceStep("pick", "training_pick_help", func(c *conv) { c.say("training_pick_ask") }, e.trainingOptions, e.pickTraining),
		yesNoStep("join", "training_join_help", "training_join_yes", "training_join_no", e.askJoin, e.answerJoin),
		choiceStep("mine", "training_mine_help", func(c *conv) { c.say("training_mine_ask") }, e.mineOptions, e.pickMine),
		yesNoStep("leave", "training_leave_help", "training_leave_yes", "training_leave_no", e.askLeave, e.answerLeave),
	}}
}

// startTrainings shows the trainings to come.
func (e *Engine) startTrainings(c *conv) {
	if len(e.trainingOptions(c)) <= 1 {
		c.say("training_none")
		c.showMenu()
		return
	}
	c.dropDraft()
	c.goTo("training", "pick")
}

// trainingOptions are the trainings to come, soonest first, each with
// its day and the seats left; then "pelatihan saya".
func (e *Engine) trainingOptions(c *conv) []understand.Option {
	ts, err := c.tx.UpcomingTrainings(c.now, trainingsShown)
	if err != nil {
		c.fail(err)
		return nil
	}
	var opts []understand.Option
	for _, t := range ts {
		seats, err := c.tx.CountSeats(t.ID)
		if err != nil {
			c.fail(err)
			return nil
		}
		left := c.t("training_full")
		if seats < t.Quota {
			left = c.t("training_seats_left", "N", t.Quota-seats)
		}
		opts = append(opts, understand.Option{Value: strconv.FormatInt(t.ID, 10),
			Label: fmt.Sprintf("%s · %s · %s", t.Title, t.StartsAt.In(wita).Format("02/01 15.04"), left)})
	}
	return append(opts, understand.Option{Value: "mine", Label: c.t("training_mine_label"), Synonyms: []string{"pelatihan saya", "punya saya"}})
}

func (e *Engine) pickTraining(c *conv, v string) error {
	if v == "mine" {
		e.showMine(c)
		return nil
	}
	id, _ := strconv.ParseInt(v, 10, 64)
	draftOf[trainingDraft](c).ID = id
	c.goTo("training", "join")
	return nil
}

// askJoin shows a training in full and asks whether to sign up.
func (e *Engine) askJoin(c *conv) {
	t, err := c.tx.FindTraining(draftOf[trainingDraft](c).ID)
	if err != nil {
		c.fail(err)
		return
	}
	seats, err := c.tx.CountSeats(t.ID)
	if err != nil {
		c.fail(err)
		return
	}
	who := c.t("training_for_all")
	if c.owner != nil {
		if err := office.Eligible(t, *c.owner); err != nil {
			who = c.t(err.(office.NotEligible).Reason)
		}
	}
	c.say("training_detail", "Title", t.Title, "Kind", c.t("training_kind_"+t.Kind), "When", e.office.TrainingWhen(c.s.Language, t),
		"Venue", t.Venue, "Seats", max(t.Quota-seats, 0), "Quota", t.Quota, "Who", who)
	c.say("training_join_ask")
}

func (e *Engine) answerJoin(c *conv, yes bool) error {
	if !yes {
		c.say("training_not_joined")
		c.toMenu()
		return nil
	}
	if c.owner == nil {
		id := draftOf[trainingDraft](c).ID
		c.say("training_register_first")
		e.startRegister(c)
		e.register.Data(c).Then = "training:" + strconv.FormatInt(id, 10)
		return nil
	}
	res, err := e.office.Enroll(c.tx, *c.owner, draftOf[trainingDraft](c).ID)
	var ne office.NotEligible
	switch {
	case errors.As(err, &ne):
		c.say("training_refused", "Reason", c.t(ne.Reason))
	case errors.Is(err, office.ErrTrainingClosed):
		c.say("training_closed")
	case err != nil:
		return err
	case res.Already && res.Status == store.EnrollSeat:
		c.say("training_already_seat", "Title", res.Training.Title)
	case res.Status == store.EnrollWaiting:
		c.say("training_waiting", "Title", res.Training.Title, "Position", res.Position)
	default:
		c.say("training_joined", "Title", res.Training.Title, "When", e.office.TrainingWhen(c.s.Language, res.Training),
			"Venue", res.Training.Venue)
	}
	c.toMenu()
	return nil
}

// backToTraining brings a newly registered owner back to the training
// they wanted to join: its details, and the question again.
func (e *Engine) backToTraining(c *conv, id int64) {
	c.dropDraft()
	c.s.Flow = "training"
	draftOf[trainingDraft](c).ID = id
	c.goTo("training", "join")
}

// showMine lists the owner's trainings and offers to cancel one.
func (e *Engine) showMine(c *conv) {
	if len(e.mineOptions(c)) <= 1 {
		c.say("training_mine_none")
		c.toMenu()
		return
	}
	c.goTo("training", "mine")
}

// mineOptions are the owner's trainings to come (each to cancel), then
// "back to the menu".
func (e *Engine) mineOptions(c *conv) []understand.Option {
	var opts []understand.Option
	if c.owner != nil {
		ts, es, err := c.tx.OwnerTrainings(c.owner.ID, c.now)
		if err != nil {
			c.fail(err)
			return nil
		}
		for i, t := range ts {
			status := c.t("training_status_seat")
			if es[i].Status == store.EnrollWaiting {
				status = c.t("training_status_waiting")
			}
			opts = append(opts, understand.Option{Value: strconv.FormatInt(t.ID, 10),
				Label: fmt.Sprintf("%s · %s · %s", t.Title, t.StartsAt.In(wita).Format("02/01 15.04"), status)})
		}
	}
	return append(opts, understand.Option{Value: "menu", Label: c.t("training_back"), Synonyms: []string{"menu", "kembali"}})
}

func (e *Engine) pickMine(c *conv, v string) error {
	if v == "menu" {
		c.toMenu()
		return nil
	}
	id, _ := strconv.ParseInt(v, 10, 64)
	draftOf[trainingDraft](c).ID = id
	c.goTo("training", "leave")
	return nil
}

func (e *Engine) askLeave(c *conv) {
	t, err := c.tx.FindTraining(draftOf[trainingDraft](c).ID)
	if err != nil {
		c.fail(err)
		return
	}
	c.say("training_leave_ask", "Title", t.Title, "When", e.office.TrainingWhen(c.s.Language, t))
}

func (e *Engine) answerLeave(c *conv, yes bool) error {
	if !yes || c.owner == nil {
		c.say("training_kept")
		c.toMenu()
		return nil
	}
	t, err := c.tx.FindTraining(draftOf[trainingDraft](c).ID)
	if err != nil {
		return err
	}
	if _, err := e.office.CancelEnrollment(c.tx, *c.owner, t.ID); err != nil {
		return err
	}
	c.say("training_left", "Title", t.Title)
	c.toMenu()
	return nil
}

// asksMyTrainings: "pelatihan saya", "jadwal pelatihan saya" at the menu.
func asksMyTrainings(c *conv, _ Input) bool {
	return c.s.Flow == "" && understand.HasPhrase(c.norm, "pelatihan saya", "my trainings", "jadwal saya", "bimtek saya")
}

// trainingWords are how owners ask for trainings at the menu.
func trainingWords() []string {
	return []string{"ada pelatihan", "pelatihan apa", "mau ikut pelatihan", "ikut bimtek", "mau ikut bimtek", "jadwal pelatihan"}
}

// asksTrainings: "ada pelatihan apa bln ini?", "mau ikut bimtek".
func asksTrainings(c *conv, _ Input) bool {
	return c.s.Flow == "" && understand.HasPhrase(c.norm, trainingWords()...)
}

// cancelsTraining takes "BATAL" at the menu (the answer a reminder and a
// promotion ask for) to the owner's trainings to come: straight to the
// confirmation when there is one, the list when several; false when the
// owner has none.
func (e *Engine) cancelsTraining(c *conv) bool {
	if c.owner == nil {
		return false
	}
	ts, _, err := c.tx.OwnerTrainings(c.owner.ID, c.now)
	if err != nil {
		c.fail(err)
		return true
	}
	switch len(ts) {
	case 0:
		return false
	case 1:
		c.dropDraft()
		c.s.Flow = "training"
		draftOf[trainingDraft](c).ID = ts[0].ID
		c.goTo("training", "leave")
	default:
		c.dropDraft()
		c.goTo("training", "mine")
	}
	return true
}
