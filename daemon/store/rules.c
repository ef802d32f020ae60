/*
 * rules — the incident rules' state in the store: hits held for a
 * threshold, started sequences, and the resolutions, escalations and
 * deadlines the engine asks for.  Everything here runs inside the caller's
 * transaction (the daemon's batch, or scan's in-memory database), so a
 * rule's state and the file offsets that produced it are committed
 * together.  See store.h.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "store/store-int.h"

int
store_incident_state(struct store *s, const char *sig, const char *source,
    const char *key, char **cause)
{
	sqlite3_stmt *st = s->st[S_INCIDENT_STATE];
	const char *state;
	int rc, r = STORE_NONE;

	bind_key(st, sig, source, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		state = (const char *)sqlite3_column_text(st, 0);
		r = state == NULL ? STORE_NONE : strcmp(state, "open") == 0 ?
		    STORE_OPEN : strcmp(state, "acknowledged") == 0 ?
		    STORE_ACKNOWLEDGED : STORE_RESOLVED;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		sql_failed(s);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? r : store_fail(s, cause);
}

int
store_pending_add(struct store *s, const struct store_hit *h, char **cause)
{
	sqlite3_stmt *st = s->st[S_PENDING_ADD];

	bind_key(st, h->signature, h->source, h->key);
	bind_text(st, 4, h->fields_json);
	bind_text(st, 5, h->product != NULL ? h->product : "");
	bind_text(st, 6, h->severity);
	sqlite3_bind_int64(st, 7, h->time_ms);
	bind_text(st, 8, h->file != NULL ? h->file : "");
	sqlite3_bind_int64(st, 9, (sqlite3_int64)h->line);
	bind_text(st, 10, h->text != NULL ? h->text : "");
	return checked(s, step_done(s, S_PENDING_ADD), cause);
}

int64_t
store_pending_count(struct store *s, const char *sig, const char *source,
    const char *key, int64_t since_ms, char **cause)
{
	int64_t n = 0;
	int found;

	bind_key(s->st[S_PENDING_TRIM], sig, source, key);
	sqlite3_bind_int64(s->st[S_PENDING_TRIM], 4, since_ms);
	if (step_done(s, S_PENDING_TRIM) == -1)
		return store_fail(s, cause);
	bind_key(s->st[S_PENDING_COUNT], sig, source, key);
	if (step_int(s, S_PENDING_COUNT, &n, &found) == -1)
		return store_fail(s, cause);
	return n;
}

int
store_pending_promote(struct store *s, const char *sig, const char *source,
    const char *key, const char *note, int64_t now_ms,
    struct store_hit_result *res, char **cause)
{
	sqlite3_stmt *st = s->st[S_PENDING_LIST];
	struct store_hit h;
	int rc, first = 1;

	bind_key(st, sig, source, key);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&h, 0, sizeof(h));
		h.signature = sig;
		h.source = source;
		h.key = key;
		h.fields_json = (const char *)sqlite3_column_text(st, 0);
		h.product = (const char *)sqlite3_column_text(st, 1);
		h.severity = (const char *)sqlite3_column_text(st, 2);
		h.time_ms = sqlite3_column_int64(st, 3);
		h.file = (const char *)sqlite3_column_text(st, 4);
		h.line = (uint64_t)sqlite3_column_int64(st, 5);
		h.text = (const char *)sqlite3_column_text(st, 6);
		h.note = first ? note : NULL;
		first = 0;
		if (store_hit(s, &h, now_ms, res, cause) == -1) {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return -1;
		}
	}
	if (rc != SQLITE_DONE)
		sql_failed(s);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, cause);
	bind_key(s->st[S_PENDING_CLEAR], sig, source, key);
	return checked(s, step_done(s, S_PENDING_CLEAR), cause);
}

/*
 * Run fn on each id a SELECT id ... statement (bound by the caller)
 * yields.  The ids are read first: fn changes the rows being selected.
 * Returns the sum of what fn returned, or -1.
 */
static int
each_id(struct store *s, enum stmt which,
    int (*fn)(struct store *, int64_t, const void *), const void *arg)
{
	sqlite3_stmt *st = s->st[which];
	int64_t *ids = NULL;
	size_t n = 0, i;
	int rc, done = 0;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ids = xreallocarray(ids, n + 1, sizeof(*ids));
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	if (step_finish(s, which, rc) == -1)
		done = -1;
	for (i = 0; i < n && done != -1; i++)
		done = (rc = fn(s, ids[i], arg)) == -1 ? -1 : done + rc;
	xfree(ids);
	return done;
}

/* Run an UPDATE ... RETURNING on one id; 1 if it changed the row. */
static int
update_one(struct store *s, enum stmt which, int64_t id, const char *a,
    int64_t at)
{
	sqlite3_stmt *st = s->st[which];
	int rc, changed = 0;

	sqlite3_bind_int64(st, 1, id);
	if (which == S_RESOLVE) {
		sqlite3_bind_int64(st, 2, at);
		bind_text(st, 3, a);
	} else
		bind_text(st, 2, a);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		changed = 1;
	return step_finish(s, which, rc) == -1 ? -1 : changed;
}

/* What a resolution or an escalation writes, for each_id. */
struct change {
	const char	*what;		/* resolution, or severity */
	const char	*note;
	int64_t		 at;
};

static int
resolve_one(struct store *s, int64_t id, const void *arg)
{
	const struct change *c = arg;
	int rc = update_one(s, S_RESOLVE, id, c->what, c->at);

	if (rc == 1 && add_history(s, id, c->at, "resolved", "syncwatch",
	    c->note) == -1)
		return -1;
	return rc;
}

static int
escalate_one(struct store *s, int64_t id, const void *arg)
{
	const struct change *c = arg;
	int rc = update_one(s, S_ESCALATE, id, c->what, c->at);

	if (rc == 1 && add_history(s, id, c->at, "escalated", "syncwatch",
	    c->note) == -1)
		return -1;
	return rc;
}

int
store_resolve(struct store *s, const char *sig, const char *source,
    const char *key, int has_quiet, int64_t last_seen_before,
    const char *resolution, const char *note, int64_t now_ms, char **cause)
{
	struct change c = { resolution, note, now_ms };

	bind_key(s->st[S_RESOLVABLE], sig, source, key);
	if (has_quiet)
		sqlite3_bind_int64(s->st[S_RESOLVABLE], 4, last_seen_before);
	return checked(s, each_id(s, S_RESOLVABLE, resolve_one, &c), cause);
}

int
store_escalate(struct store *s, int64_t id, const char *severity,
    const char *note, int64_t now_ms, char **cause)
{
	struct change c = { severity, note, now_ms };

	return escalate_one(s, id, &c);
}

int
store_escalate_aged(struct store *s, const char *sig, const char *source,
    int64_t first_seen_before, const char *severity, const char *note,
    int64_t now_ms, char **cause)
{
	sqlite3_stmt *st = s->st[S_AGED];
	struct change c = { severity, note, now_ms };

	bind_text(st, 1, sig);
	bind_text(st, 2, source);
	sqlite3_bind_int64(st, 3, first_seen_before);
	bind_text(st, 4, severity);
	return checked(s, each_id(s, S_AGED, escalate_one, &c), cause);
}

int
store_rule_due(struct store *s, const char *sig, const char *below_severity,
    store_row_cb cb, void *arg, char **cause)
{
	if (below_severity == NULL) {
		bind_text(s->st[S_QUIET_DUE], 1, sig);
		return checked(s, each_row(s, S_QUIET_DUE, -1, cb, arg), cause);
	}
	bind_text(s->st[S_AGED_DUE], 1, sig);
	bind_text(s->st[S_AGED_DUE], 2, below_severity);
	return checked(s, each_row(s, S_AGED_DUE, -1, cb, arg), cause);
}

int
store_any_active(struct store *s, const char *sig, char **cause)
{
	return checked(s, store_ask(s, S_ANY_ACTIVE, sig), cause);
}

int
store_touch(struct store *s, const char *sig, const char *source,
    const char *key, const char *fields_json, int64_t time_ms, char **cause)
{
	sqlite3_stmt *st = s->st[S_TOUCH];

	bind_key(st, sig, source, key);
	bind_text(st, 4, fields_json);
	sqlite3_bind_int64(st, 5, time_ms);
	return checked(s, step_done(s, S_TOUCH), cause);
}

int
store_sequence_get(struct store *s, const char *sig, const char *source,
    const char *key, int64_t *started, char **cause)
{
	int found;

	bind_key(s->st[S_SEQ_GET], sig, source, key);
	if (step_int(s, S_SEQ_GET, started, &found) == -1)
		return store_fail(s, cause);
	return found;
}

int
store_sequence_set(struct store *s, const char *sig, const char *source,
    const char *key, int64_t started, char **cause)
{
	bind_key(s->st[S_SEQ_SET], sig, source, key);
	sqlite3_bind_int64(s->st[S_SEQ_SET], 4, started);
	return checked(s, step_done(s, S_SEQ_SET), cause);
}

int
store_sequence_clear(struct store *s, const char *sig, const char *source,
    const char *key, char **cause)
{
	bind_key(s->st[S_SEQ_CLEAR], sig, source, key);
	return checked(s, step_done(s, S_SEQ_CLEAR), cause);
}
