package flows

import "sobat-ikm/flows/understand"

// yesNoOptions are two numbered choices, yes first.
func yesNoOptions(c *conv, yesLabel, noLabel string) []understand.Option {
	return []understand.Option{
		{Value: "yes", Label: c.t(yesLabel), Synonyms: []string{"setuju", "ya setuju"}},
		{Value: "no", Label: c.t(noLabel), Synonyms: []string{"tidak setuju"}},
	}
}

// yesNo understands a yes/no answer: a button, "1"/"2", or words such as
// "iya", "ok", "gak", "tdk".
func (c *conv) yesNo(in Input, opts []understand.Option) (bool, error) {
	if in.Choice == "" {
		if yes, ok := understand.YesNo(in.Text); ok {
			return yes, nil
		}
	}
	i, err := c.pick(in, opts)
	if err != nil {
		return false, again("yesno_invalid", "Answer", quote(in.Text))
	}
	return opts[i].Value == "yes", nil
}
