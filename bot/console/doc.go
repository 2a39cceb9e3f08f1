// Package console is the terminal channel: each line on its input is one
// message from one chat, and each reply is printed as plain text (choices
// as numbered lines) followed by one empty line. It is the channel that runs
// when no platform is configured, so anyone can chat with the bot at once,
// and the one the transcript tests and other tools drive.
package console
