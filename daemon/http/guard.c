/*
 * guard — connection deadlines and slots; see guard.h.
 *
 * A plain list: there are at most a few hundred connections, and a sweep
 * (a few times a second) or an admission walks it in microseconds.
 */
#include <string.h>

#include "http/guard.h"
#include "lib/xmalloc.h"

struct guard {
	struct guard_limits lim;
	struct guard_conn *head;
	size_t		 n;
	size_t		 remote;	/* of n, not loopback */
	uint64_t	 cuts;
	uint64_t	 refused;
};

struct guard *
guard_new(const struct guard_limits *lim)
{
	struct guard *g = xcalloc(1, sizeof(*g));

	g->lim = *lim;
	return g;
}

void
guard_free(struct guard *g)
{
	xfree(g);
}

int
guard_admit(struct guard *g, const char *host, int loopback)
{
	struct guard_conn *c;
	size_t same = 0;

	if (loopback)
		return 1;
	if (g->remote + g->lim.local_reserve >= g->lim.slots) {
		g->refused++;
		return 0;
	}
	for (c = g->head; c != NULL; c = c->next)
		if (!c->loopback && strcmp(c->host, host) == 0)
			same++;
	if (same >= g->lim.per_host) {
		g->refused++;
		return 0;
	}
	return 1;
}

void
guard_add(struct guard *g, struct guard_conn *c, int64_t now_ms)
{
	c->phase = GUARD_HEAD;
	c->since_ms = now_ms;
	c->cut = 0;
	c->prev = NULL;
	c->next = g->head;
	if (g->head != NULL)
		g->head->prev = c;
	g->head = c;
	g->n++;
	if (!c->loopback)
		g->remote++;
}

void
guard_remove(struct guard *g, struct guard_conn *c)
{
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		g->head = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	c->prev = c->next = NULL;
	g->n--;
	if (!c->loopback)
		g->remote--;
}

void
guard_set_phase(struct guard_conn *c, enum guard_phase phase, int64_t now_ms)
{
	if (phase == GUARD_HEAD)
		c->since_ms = now_ms;
	c->phase = phase;
}

static int64_t
deadline(const struct guard *g, const struct guard_conn *c)
{
	switch (c->phase) {
	case GUARD_HEAD:
		return c->since_ms + g->lim.head_ms;
	case GUARD_BODY:
		return c->since_ms + g->lim.request_ms;
	case GUARD_REPLY:
		break;
	}
	return c->since_ms + g->lim.reply_ms;
}

int64_t
guard_sweep(struct guard *g, int64_t now_ms,
    void (*cut)(void *arg, struct guard_conn *), void *arg)
{
	struct guard_conn *c, *next;
	int64_t t, wait = -1;

	for (c = g->head; c != NULL; c = next) {
		next = c->next;
		if (c->cut)
			continue;
		t = deadline(g, c);
		if (t <= now_ms) {
			c->cut = 1;
			g->cuts++;
			cut(arg, c);
		} else if (wait < 0 || t - now_ms < wait)
			wait = t - now_ms;
	}
	return wait;
}

void
guard_sweep_gone(struct guard *g, int64_t now_ms, int64_t settle_ms,
    int (*gone)(void *arg, struct guard_conn *),
    void (*cut)(void *arg, struct guard_conn *), void *arg)
{
	struct guard_conn *c, *next;

	for (c = g->head; c != NULL; c = next) {
		next = c->next;
		if (c->cut || c->phase == GUARD_REPLY ||
		    now_ms - c->since_ms < settle_ms || !gone(arg, c))
			continue;
		c->cut = 1;
		cut(arg, c);
	}
}

size_t
guard_count(const struct guard *g)
{
	return g->n;
}

uint64_t
guard_cuts(const struct guard *g)
{
	return g->cuts;
}

uint64_t
guard_refused(const struct guard *g)
{
	return g->refused;
}
