package bot

import (
	"sync"

	"sobat-ikm/store"
)

// chatQueues holds the messages waiting to be handled, per chat, and hands
// the chats out to the dispatcher's workers one at a time each: a chat's
// messages are handled in the order they came, one at a time, and any
// free worker takes any chat with a message waiting, so that a slow chat
// holds up no other and every worker has work while any chat has.
type chatQueues struct {
	mu       sync.Mutex
	work     sync.Cond // a chat became runnable, or the queues closed
	chats    map[store.ChatKey]*chatQueue
	runnable []*chatQueue // chats with a message waiting and no worker, oldest first
	free     []*chatQueue // emptied queues, for the next chats (at most maxFree)
	closed   bool
	// room holds a token per message waiting: Submit waits for room while
	// it is full.
	room chan struct{}
}

// chatQueue is one chat's waiting messages.
type chatQueue struct {
	key     store.ChatKey
	jobs    []job // waiting from head on; emptied to reuse its room
	head    int
	running bool // a worker is handling one of its messages
	listed  bool // it is in runnable
}

// maxFree bounds the emptied queues kept for reuse.
const maxFree = 1024

func newChatQueues(size int) *chatQueues {
	q := &chatQueues{chats: map[store.ChatKey]*chatQueue{}, room: make(chan struct{}, size)}
	q.work.L = &q.mu
	return q
}

// push queues j for its chat. The caller holds a token of room.
func (q *chatQueues) push(j job) {
	q.mu.Lock()
	defer q.mu.Unlock()
	c := q.chats[j.in.Chat]
	if c == nil {
		if n := len(q.free); n > 0 {
			c, q.free = q.free[n-1], q.free[:n-1]
			c.key = j.in.Chat
		} else {
			c = &chatQueue{key: j.in.Chat}
		}
		q.chats[j.in.Chat] = c
	}
	c.jobs = append(c.jobs, j)
	if !c.running && !c.listed {
		c.listed = true
		q.runnable = append(q.runnable, c)
		q.work.Signal()
	}
}

// take waits for a chat with a message waiting and returns that message,
// the chat now being handled (done must follow); false once the queues
// are closed and nothing is left to take.
func (q *chatQueues) take() (*chatQueue, job, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.runnable) == 0 && !q.closed {
		q.work.Wait()
	}
	if len(q.runnable) == 0 {
		// Closed. A chat being handled elsewhere with messages left is
		// listed again by its worker, which takes it itself.
		return nil, job{}, false
	}
	c := q.runnable[0]
	q.runnable[0] = nil
	q.runnable = q.runnable[1:]
	j := c.jobs[c.head]
	c.jobs[c.head] = job{}
	if c.head++; c.head == len(c.jobs) {
		c.jobs, c.head = c.jobs[:0], 0
	}
	c.listed, c.running = false, true
	<-q.room
	return c, j, true
}

// done ends the handling of a chat's message: the chat goes to the back
// of the line if it has more waiting, and is forgotten otherwise.
func (q *chatQueues) done(c *chatQueue) {
	q.mu.Lock()
	defer q.mu.Unlock()
	c.running = false
	if len(c.jobs) == 0 {
		delete(q.chats, c.key)
		if len(q.free) < maxFree {
			if cap(c.jobs) > 4 {
				c.jobs = nil // (a burst's room is not kept)
			}
			q.free = append(q.free, c)
		}
		return
	}
	c.listed = true
	q.runnable = append(q.runnable, c)
	q.work.Signal()
}

// close lets the workers end once every waiting message is handled.
func (q *chatQueues) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.work.Broadcast()
}
