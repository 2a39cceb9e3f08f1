package telegram

import (
	"errors"
	"strings"
)

// BotID is the bot's numeric id: the part of the token before ':', the id
// getMe returns. Unlike the rest of the token it is no secret, so it may
// name the bot in file names and logs.
func BotID(token string) (string, error) {
	id, secret, ok := strings.Cut(token, ":")
	if !ok || id == "" || secret == "" || len(id) > 20 || strings.Trim(id, "0123456789") != "" {
		return "", errors.New("telegram: the bot token is not of the form <bot id>:<secret> that @BotFather gives")
	}
	return id, nil
}
