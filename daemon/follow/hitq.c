/*
 * hitq — hits waiting for their commit; see hitq.h.
 */
#include <string.h>

#include "follow/hitq.h"
#include "lib/xmalloc.h"
#include "store/store.h"

void
hitq_add(struct hitq *q, const struct match_hit *m, const struct event *ev,
    const struct tail_mark *end, const char *source, const char *file,
    int64_t time_ms)
{
	struct hitq_entry *e;

	if (q->n == q->cap) {
		q->cap = q->cap ? q->cap * 2 : 16;
		q->v = xreallocarray(q->v, q->cap, sizeof(*q->v));
	}
	e = &q->v[q->n++];
	incident_hit_fill(&e->h, m, ev, source, file, time_ms);
	e->end = *end;
}

int
hitq_commit(struct hitq *q, const struct tail_mark *safe,
    struct incidents *inc, int64_t now_ms, char **cause)
{
	size_t i;

	q->ncommitting = 0;
	for (i = 0; i < q->n && tail_mark_le(&q->v[i].end, safe); i++)
		if (incident_hit(inc, &q->v[i].h, now_ms, cause) == -1)
			return -1;
	q->ncommitting = i;
	return (int)i;
}

void
hitq_committed(struct hitq *q)
{
	size_t i;

	for (i = 0; i < q->ncommitting; i++)
		incident_hit_clear(&q->v[i].h);
	if (q->ncommitting > 0 && q->n > q->ncommitting)
		memmove(q->v, q->v + q->ncommitting,
		    (q->n - q->ncommitting) * sizeof(*q->v));
	q->n -= q->ncommitting;
	q->ncommitting = 0;
}

void
hitq_uncommitted(struct hitq *q)
{
	q->ncommitting = 0;
}

void
hitq_free(struct hitq *q)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		incident_hit_clear(&q->v[i].h);
	xfree(q->v);
	memset(q, 0, sizeof(*q));
}
