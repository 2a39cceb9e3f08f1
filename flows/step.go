package flows

// Flow is a named table of steps.
type Flow struct {
	Name  string
	Steps []*Step
	// Short: the flow interrupts another (language, erase, leave) and
	// goes back to where it started; it keeps no draft of its own.
	Short bool
}

// step finds a step by name.
func (f *Flow) step(name string) *Step {
	for _, s := range f.Steps {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Step asks one question and understands one answer.
type Step struct {
	Name string
	// Ask adds the step's question to the conversation's reply.
	Ask func(c *conv)
	// Help is the message id that "bantuan" shows at this step.
	Help string
	// Answer understands the owner's answer. It moves the conversation on
	// (c.goTo, c.toMenu) and returns nil, or returns a *retry when the
	// answer cannot be used; any other error is an internal failure.
	Answer func(c *conv, in Input) error
	// Verbatim: the answer is text kept as typed (an announcement). Of
	// the desk's global words only MENU, BATAL, BANTUAN and BAHASA work
	// here, as whole messages: "web", a question mark or a reference
	// inside the text are part of it.
	Verbatim bool
}

// retry is an answer the owner should give again: the message id of the
// hint and its template data.
type retry struct {
	msg  string
	data map[string]any
}

func (r *retry) Error() string { return "retry: " + r.msg }

func again(msg string, kv ...any) *retry { return &retry{msg: msg, data: kvMap(kv)} }

func kvMap(kv []any) map[string]any {
	if len(kv) == 0 {
		return nil
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}
