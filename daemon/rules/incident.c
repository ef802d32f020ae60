/*
 * incident — the incident engine; see incident.h.
 *
 * Deadlines.  A quiet period or an age escalation falls due at a time that
 * only the store knows (the last or first hit of an active incident).  The
 * engine keeps the earliest due time per source, asks the store again only
 * after something that can move it (a hit of a signature with a timed rule,
 * a deadline that fired), and otherwise answers incident_advance() from the
 * cache, so following a busy log costs one comparison per record.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/incident.h"
#include "decode/event.h"
#include "lib/log.h"
#include "match/match.h"
#include "match/hitkey.h"
#include "store/store.h"
#include "lib/xmalloc.h"
#include "lib/duration.h"

#define INCIDENT_NOTE_TEXT	160	/* of a record quoted in a note */
#define CONDITION_KEY		"{}"	/* one incident per source and rule */

struct due {
	char		*source;
	int64_t		 at;
};

/* What is known of a signature's active incidents (see incident_begin). */
enum active_known { ACTIVE_UNKNOWN, ACTIVE_NONE, ACTIVE_SOME };

struct incidents {
	struct store	*st;
	const struct sigdb *db;
	int		 dirty;		/* the due cache must be rebuilt */
	struct due	*due;
	size_t		 ndue;
	unsigned char	*active;	/* enum active_known, by sig index */
	size_t		 nactive;
};

struct incidents *
incident_new(struct store *st, const struct sigdb *db)
{
	struct incidents *e = xcalloc(1, sizeof(*e));

	e->st = st;
	e->db = db;
	e->dirty = 1;
	incident_begin(e);
	return e;
}

void
incident_begin(struct incidents *e)
{
	if (e->nactive != e->db->nsigs) {
		xfree(e->active);
		e->nactive = e->db->nsigs;
		e->active = xcalloc(e->nactive + 1, 1);
	} else
		memset(e->active, ACTIVE_UNKNOWN, e->nactive);
}

/*
 * Recovery lines are routine ("executed one instruction", "service
 * started"): most come when nothing is open and no hit waits for a
 * threshold.  Knowing that spares a query
 * per line.  Only this engine opens incidents, and the cache is dropped at
 * every incident_begin, so an operator's change between batches is seen.
 */
static int
none_active(struct incidents *e, const struct signature *sig)
{
	int rc;

	if (e->active[sig->index] == ACTIVE_UNKNOWN) {
		if ((rc = store_any_active(e->st, sig->id, NULL)) == -1)
			return 0;	/* the queries that follow report it */
		e->active[sig->index] = rc ? ACTIVE_SOME : ACTIVE_NONE;
	}
	return e->active[sig->index] == ACTIVE_NONE;
}

static void
due_clear(struct incidents *e)
{
	size_t i;

	for (i = 0; i < e->ndue; i++)
		xfree(e->due[i].source);
	xfree(e->due);
	e->due = NULL;
	e->ndue = 0;
}

void
incident_free(struct incidents *e)
{
	if (e == NULL)
		return;
	due_clear(e);
	xfree(e->active);
	xfree(e);
}

void
incident_set_db(struct incidents *e, const struct sigdb *db)
{
	e->db = db;
	e->dirty = 1;
	incident_begin(e);
}

/* Whether a signature has a rule that falls due with time. */
static int
has_timed_rule(const struct signature *sig)
{
	size_t i;

	if (sig->resolve_after_ms > 0)
		return 1;
	for (i = 0; i < sig->nescalate; i++)
		if (sig->escalate[i].after_ms > 0)
			return 1;
	return 0;
}

static void
due_note(struct incidents *e, const char *source, int64_t at)
{
	size_t i;

	for (i = 0; i < e->ndue; i++)
		if (strcmp(e->due[i].source, source) == 0) {
			if (at < e->due[i].at)
				e->due[i].at = at;
			return;
		}
	e->due = xreallocarray(e->due, e->ndue + 1, sizeof(*e->due));
	e->due[e->ndue].source = xstrdup(source);
	e->due[e->ndue].at = at;
	e->ndue++;
}

struct due_arg {
	struct incidents *e;
	int64_t		 after;
};

static int
on_due_row(void *arg, const struct store_row *row)
{
	struct due_arg *a = arg;

	if (row->ncols >= 2 && row->text[0] != NULL && row->text[1] != NULL)
		due_note(a->e, row->text[0], row->num[1] + a->after);
	return 0;
}

/* Rebuild the due cache from the store.  0 or -1. */
static int
due_rebuild(struct incidents *e, char **cause)
{
	struct due_arg a = { .e = e };
	size_t i, j;

	due_clear(e);
	for (i = 0; i < e->db->nsigs; i++) {
		const struct signature *sig = &e->db->sigs[i];

		if (sig->resolve_after_ms > 0) {
			a.after = sig->resolve_after_ms;
			if (store_rule_due(e->st, sig->id, NULL, on_due_row,
			    &a, cause) == -1)
				return -1;
		}
		for (j = 0; j < sig->nescalate; j++) {
			if (sig->escalate[j].after_ms == 0)
				continue;
			a.after = sig->escalate[j].after_ms;
			if (store_rule_due(e->st, sig->id,
			    sigdb_severity_name(sig->escalate[j].to),
			    on_due_row, &a, cause) == -1)
				return -1;
		}
	}
	e->dirty = 0;
	return 0;
}

int64_t
incident_next_due(struct incidents *e)
{
	int64_t t = -1;
	size_t i;

	/*
	 * On a store error, say "due now": incident_advance then meets the
	 * error and reports it, and the caller retries after its delay.
	 */
	if (e->dirty && due_rebuild(e, NULL) == -1)
		return 0;
	for (i = 0; i < e->ndue; i++)
		if (t < 0 || e->due[i].at < t)
			t = e->due[i].at;
	return t;
}

/* Whether anything is due in source (NULL: any) at clock. */
static int
is_due(struct incidents *e, const char *source, int64_t clock)
{
	size_t i;

	/* On a store error, do the work rather than skip it. */
	if (e->dirty && due_rebuild(e, NULL) == -1)
		return 1;
	for (i = 0; i < e->ndue; i++)
		if (e->due[i].at <= clock && (source == NULL ||
		    strcmp(e->due[i].source, source) == 0))
			return 1;
	return 0;
}

/* "critical after 100 hits", "error after 2h open": an escalation's note. */
static const char *
escalation_note(const struct sig_escalation *esc, char *buf, size_t len)
{
	char d[32];

	if (esc->hits > 0)
		snprintf(buf, len, "%s after %lld hits",
		    sigdb_severity_name(esc->to), (long long)esc->hits);
	else
		snprintf(buf, len, "%s after %s open",
		    sigdb_severity_name(esc->to),
		    duration_format(esc->after_ms, d, sizeof(d)));
	return buf;
}

int
incident_advance(struct incidents *e, const char *source, int64_t clock_ms,
    int64_t now_ms, char **cause)
{
	char note[96], d[32];
	size_t i, j;
	int n, changed = 0;

	if (!is_due(e, source, clock_ms))
		return 0;
	for (i = 0; i < e->db->nsigs; i++) {
		const struct signature *sig = &e->db->sigs[i];

		if (sig->resolve_after_ms > 0) {
			snprintf(note, sizeof(note), "self-healed: no hit "
			    "for %s", duration_format(sig->resolve_after_ms,
			    d, sizeof(d)));
			n = store_resolve(e->st, sig->id, source, NULL, 1,
			    clock_ms - sig->resolve_after_ms, "self-healed",
			    note, now_ms, cause);
			if (n == -1)
				return -1;
			changed += n;
		}
		for (j = 0; j < sig->nescalate; j++) {
			const struct sig_escalation *esc = &sig->escalate[j];

			if (esc->after_ms == 0)
				continue;
			n = store_escalate_aged(e->st, sig->id, source,
			    clock_ms - esc->after_ms,
			    sigdb_severity_name(esc->to),
			    escalation_note(esc, note, sizeof(note)), now_ms, cause);
			if (n == -1)
				return -1;
			changed += n;
		}
	}
	if (changed > 0)
		log_debug("incident rules: %d incidents changed at %lld",
		    changed, (long long)clock_ms);
	/* What fired is no longer due; what was not due keeps its time. */
	e->dirty = 1;
	return 0;
}

/* Raise the severity as the signature's escalations say. */
static int
escalate(struct incidents *e, const struct signature *sig,
    const struct store_hit_result *r, int64_t time_ms, int64_t now_ms, char **cause)
{
	char note[96];
	size_t i;

	for (i = 0; i < sig->nescalate; i++) {
		const struct sig_escalation *esc = &sig->escalate[i];

		if (esc->hits > 0 ? r->count < esc->hits :
		    time_ms - r->first_seen < esc->after_ms)
			continue;
		if (store_escalate(e->st, r->id, sigdb_severity_name(esc->to),
		    escalation_note(esc, note, sizeof(note)), now_ms, cause) == -1)
			return -1;
	}
	return 0;
}

static void
fill_store_hit(struct store_hit *sh, const struct incident_hit *h)
{
	memset(sh, 0, sizeof(*sh));
	sh->signature = h->sig->id;
	sh->product = h->sig->product;
	sh->severity = sigdb_severity_name(h->sig->severity);
	sh->source = h->source;
	sh->key = h->key;
	sh->fields_json = h->fields_json;
	sh->time_ms = h->time_ms;
	sh->file = h->file;
	sh->line = h->line;
	sh->text = h->text;
}

/* A failure: count it into its incident, through the threshold if any. */
static int
failure(struct incidents *e, const struct incident_hit *h, const char *note,
    int64_t now_ms, char **cause)
{
	const struct signature *sig = h->sig;
	struct store_hit sh;
	struct store_hit_result r;
	char tnote[96], d[32];
	int64_t n;
	int state;

	fill_store_hit(&sh, h);
	sh.note = note;
	if (sig->threshold > 0) {
		state = store_incident_state(e->st, sig->id, h->source, h->key, cause);
		if (state == -1)
			return -1;
		if (state != STORE_OPEN && state != STORE_ACKNOWLEDGED) {
			/*
			 * Not open: the hit waits with the others of the
			 * window; the one that makes N opens the incident
			 * with all of them, so its count and first_seen tell
			 * the whole story.
			 */
			if (store_pending_add(e->st, &sh, cause) == -1)
				return -1;
			e->active[sig->index] = ACTIVE_SOME;
			n = store_pending_count(e->st, sig->id, h->source,
			    h->key, h->time_ms - sig->threshold_ms, cause);
			if (n == -1)
				return -1;
			if (n < sig->threshold)
				return 1;
			snprintf(tnote, sizeof(tnote), "threshold: %lld hits "
			    "within %s", (long long)n,
			    duration_format(sig->threshold_ms, d,
			    sizeof(d)));
			if (store_pending_promote(e->st, sig->id, h->source,
			    h->key, note != NULL ? note : tnote, now_ms,
			    &r, cause) == -1)
				return -1;
			goto opened;
		}
	}
	if (store_hit(e->st, &sh, now_ms, &r, cause) == -1)
		return -1;
opened:
	e->active[sig->index] = ACTIVE_SOME;
	if (escalate(e, sig, &r, h->time_ms, now_ms, cause) == -1)
		return -1;
	if (has_timed_rule(sig))
		e->dirty = 1;
	return 1;
}

/* A note quoting the record that caused it. */
static void
quote_note(char *buf, size_t len, const char *what, const char *text)
{
	size_t n = text != NULL ? strlen(text) : 0;

	if (n > INCIDENT_NOTE_TEXT) {
		n = INCIDENT_NOTE_TEXT;
		/* Do not cut a UTF-8 sequence in half. */
		while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
			n--;
	}
	snprintf(buf, len, "%s: %.*s%s", what, (int)n, text != NULL ? text :
	    "", text != NULL && n < strlen(text) ? "..." : "");
}

int
incident_hit(struct incidents *e, const struct incident_hit *h,
    int64_t now_ms, char **cause)
{
	const struct signature *sig = h->sig;
	char note[INCIDENT_NOTE_TEXT + 64], d[32];
	int64_t started;
	int rc;

	switch (h->role) {
	case ROLE_RECOVER:
		if (none_active(e, sig))
			return 0;
		quote_note(note, sizeof(note), "recovered", h->text);
		rc = store_resolve(e->st, sig->id, h->source,
		    sig->recover_keyed ? h->key : NULL, 0, 0, "recovered",
		    note, now_ms, cause);
		if (rc == -1)
			return -1;
		if (rc > 0) {
			e->dirty = 1;
			e->active[sig->index] = ACTIVE_UNKNOWN;
		}
		/* Hits counted towards a threshold before it start over. */
		if (sig->threshold > 0 && (sig->recover_keyed ||
		    sig->ngroup_by == 0)) {
			if (store_pending_count(e->st, sig->id, h->source,
			    h->key, INT64_MAX, cause) == -1)
				return -1;
			e->active[sig->index] = ACTIVE_UNKNOWN;
		}
		return 0;
	case ROLE_WITHOUT:
		return store_sequence_clear(e->st, sig->id, h->source,
		    h->key, cause) == -1 ? -1 : 0;
	case ROLE_THEN:
		rc = store_sequence_get(e->st, sig->id, h->source, h->key,
		    &started, cause);
		if (rc <= 0)
			return rc;
		if (store_sequence_clear(e->st, sig->id, h->source,
		    h->key, cause) == -1)
			return -1;
		if (h->time_ms - started > sig->within_ms)
			return 0;
		snprintf(note, sizeof(note), "sequence: started at %lld, "
		    "completed within %s", (long long)started,
		    duration_format(sig->within_ms, d, sizeof(d)));
		return failure(e, h, note, now_ms, cause);
	case ROLE_MATCH:
		if (sig->kind == SIG_SEQUENCE)
			return store_sequence_set(e->st, sig->id, h->source,
			    h->key, h->time_ms, cause) == -1 ? -1 : 0;
		return failure(e, h, NULL, now_ms, cause);
	case ROLE_COUNT:
		break;
	}
	return 0;
}

void
incident_hit_fill(struct incident_hit *h, const struct match_hit *m,
    const struct event *ev, const char *source, const char *file,
    int64_t time_ms)
{
	size_t len;

	memset(h, 0, sizeof(*h));
	h->sig = m->sig;
	h->role = m->role;
	h->source = source;
	h->key = hitkey_json(m, 1);
	h->fields_json = hitkey_json(m, 0);
	h->time_ms = time_ms;
	h->file = file;
	h->line = ev->line;
	len = ev->first_len < INCIDENT_TEXT_MAX ? ev->first_len :
	    INCIDENT_TEXT_MAX;
	/* Do not cut a UTF-8 sequence in half. */
	while (len > 0 && len < ev->first_len &&
	    ((unsigned char)ev->first[len] & 0xc0) == 0x80)
		len--;
	h->text = xstrndup(ev->first, len);
}

void
incident_hit_clear(struct incident_hit *h)
{
	/* incident_hit_fill allocated them. */
	xfree((char *)h->key);
	xfree((char *)h->fields_json);
	xfree((char *)h->text);
	memset(h, 0, sizeof(*h));
}

int
incident_condition(struct incidents *e, const struct incident_condition *c,
    int64_t clock_ms, int64_t now_ms, char **cause)
{
	struct incident_hit h;
	char note[INCIDENT_NOTE_TEXT + 64];
	int state, rc;

	state = store_incident_state(e->st, c->sig->id, c->source,
	    CONDITION_KEY, cause);
	if (state == -1)
		return -1;
	if (!c->active) {
		if (state != STORE_OPEN && state != STORE_ACKNOWLEDGED)
			return 0;
		quote_note(note, sizeof(note), c->resolution, c->text);
		rc = store_resolve(e->st, c->sig->id, c->source, CONDITION_KEY,
		    0, 0, c->resolution, note, now_ms, cause);
		if (rc > 0)
			e->dirty = 1;
		return rc == -1 ? -1 : 0;
	}
	if (state == STORE_OPEN || state == STORE_ACKNOWLEDGED)
		return store_touch(e->st, c->sig->id, c->source, CONDITION_KEY,
		    c->fields_json, clock_ms, cause);
	/* A new occurrence: counted once, however long it lasts. */
	memset(&h, 0, sizeof(h));
	h.sig = c->sig;
	h.role = ROLE_MATCH;
	h.source = c->source;
	h.key = CONDITION_KEY;
	h.fields_json = c->fields_json;
	h.time_ms = clock_ms;
	h.file = c->file != NULL ? c->file : "";
	h.text = c->text;
	return failure(e, &h, NULL, now_ms, cause) == -1 ? -1 : 0;
}
