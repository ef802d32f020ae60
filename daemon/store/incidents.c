/*
 * incidents — recording hits into incidents and reading incidents back:
 * the lists, one incident's samples, timeline and history, the counts the
 * API and the metrics show.  See store.h.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "store/store-int.h"

int
store_hit(struct store *s, const struct store_hit *h, int64_t now_ms,
    struct store_hit_result *res, char **cause)
{
	sqlite3_stmt *st = s->st[S_INCIDENT_STATE];
	const char *prev;
	int64_t id;
	int rc, opened;

	/*
	 * New or resolved before this hit: the incident (re)opens, which the
	 * history records.  Asked before the upsert, which hides it.
	 */
	bind_text(st, 1, h->signature);
	bind_text(st, 2, h->source);
	bind_text(st, 3, h->key);
	rc = sqlite3_step(st);
	prev = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) :
	    NULL;
	opened = rc == SQLITE_DONE || (prev != NULL &&
	    strcmp(prev, "resolved") == 0);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		sql_failed(s);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, cause);

	st = s->st[S_INCIDENT_UPSERT];
	bind_text(st, 1, h->signature);
	bind_text(st, 2, h->source);
	bind_text(st, 3, h->key);
	bind_text(st, 4, h->fields_json);
	bind_text(st, 5, h->severity);
	sqlite3_bind_int64(st, 6, h->time_ms);
	sqlite3_bind_int64(st, 7, now_ms);
	bind_text(st, 8, h->product != NULL ? h->product : "");
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sql_failed(s);
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return store_fail(s, cause);
	}
	id = sqlite3_column_int64(st, 0);
	if (res != NULL) {
		res->id = id;
		res->opened = opened;
		res->count = sqlite3_column_int64(st, 1);
		res->first_seen = sqlite3_column_int64(st, 2);
	}
	/* Finish the statement so RETURNING's row is complete. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE)
		sql_failed(s);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, cause);

	bind_text(s->st[S_HIT_COUNT], 1, h->signature);
	bind_text(s->st[S_HIT_COUNT], 2, h->source);
	if (step_done(s, S_HIT_COUNT) == -1)
		return store_fail(s, cause);
	st = s->st[S_SAMPLE_ADD];
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, h->file);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)h->line);
	sqlite3_bind_int64(st, 4, h->time_ms);
	bind_text(st, 5, h->text);
	if (step_done(s, S_SAMPLE_ADD) == -1)
		return store_fail(s, cause);
	sqlite3_bind_int64(s->st[S_SAMPLE_TRIM], 1, id);
	sqlite3_bind_int(s->st[S_SAMPLE_TRIM], 2, s->samples);
	if (step_done(s, S_SAMPLE_TRIM) == -1)
		return store_fail(s, cause);
	sqlite3_bind_int64(s->st[S_TIMELINE_ADD], 1, id);
	sqlite3_bind_int64(s->st[S_TIMELINE_ADD], 2, h->time_ms / 60000);
	if (step_done(s, S_TIMELINE_ADD) == -1)
		return store_fail(s, cause);
	if (opened) {
		st = s->st[S_HISTORY_ADD];
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, now_ms);
		bind_text(st, 3, "open");
		bind_text(st, 4, NULL);
		bind_text(st, 5, h->note);
		if (step_done(s, S_HISTORY_ADD) == -1)
			return store_fail(s, cause);
	}
	return 0;
}

int
store_set_state(struct store *s, int64_t id, const char *state,
    const char *by, int64_t now_ms, char **cause)
{
	struct store_change c;

	memset(&c, 0, sizeof(c));
	c.state = state;
	c.by = by;
	return store_change(s, id, &c, now_ms, cause);
}

/* The state of incident id now, into out[size]: 0, 1 none, -1 error. */
static int
state_of(struct store *s, int64_t id, char *out, size_t size)
{
	sqlite3_stmt *st = s->st[S_STATE_OF];
	const char *v;
	int rc;

	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		v = (const char *)sqlite3_column_text(st, 0);
		snprintf(out, size, "%s", v != NULL ? v : "");
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		sql_failed(s);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int
store_change(struct store *s, int64_t id, const struct store_change *c,
    int64_t now_ms, char **cause)
{
	sqlite3_stmt *st;
	const char *const *from;
	char now_state[32];
	int rc;

	if (store_begin(s, cause) == -1)
		return -1;
	if ((rc = state_of(s, id, now_state, sizeof(now_state))) != 0) {
		if (rc == -1)
			goto fail;
		store_rollback(s);
		return 1;
	}
	for (from = c->from_states; from != NULL && *from != NULL; from++)
		if (strcmp(*from, now_state) == 0)
			break;
	if (from != NULL && *from == NULL) {
		store_rollback(s);
		return 2;
	}
	if (c->state != NULL) {
		st = s->st[S_SET_STATE];
		sqlite3_bind_int64(st, 1, id);
		bind_text(st, 2, c->state);
		sqlite3_bind_int64(st, 3, now_ms);
		bind_text(st, 4, c->by);
		bind_text(st, 5, NULL);
		if (step_done(s, S_SET_STATE) == -1)
			goto fail;
	}
	if (c->snooze != 0) {
		st = s->st[S_SNOOZE];
		sqlite3_bind_int64(st, 1, id);
		if (c->snooze > 0)
			sqlite3_bind_int64(st, 2, c->snooze_ms);
		if (step_done(s, S_SNOOZE) == -1)
			goto fail;
	}
	if (add_history(s, id, now_ms, c->history != NULL ? c->history :
	    c->state != NULL ? c->state : "changed", c->by, c->note) == -1)
		goto fail;
	return store_commit(s, cause);
fail:
	store_rollback(s);
	return store_fail(s, cause);
}

int
each_incident(struct store *s, sqlite3_stmt *st, store_incident_cb cb,
    void *arg)
{
	struct store_incident inc;
	int rc, n = 0;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		inc.id = sqlite3_column_int64(st, 0);
		inc.signature = (const char *)sqlite3_column_text(st, 1);
		inc.source = (const char *)sqlite3_column_text(st, 2);
		inc.fields_json = (const char *)sqlite3_column_text(st, 3);
		inc.severity = (const char *)sqlite3_column_text(st, 4);
		inc.state = (const char *)sqlite3_column_text(st, 5);
		inc.first_seen = sqlite3_column_int64(st, 6);
		inc.last_seen = sqlite3_column_int64(st, 7);
		inc.count = sqlite3_column_int64(st, 8);
		inc.state_changed_at = sqlite3_column_int64(st, 9);
		inc.state_by = (const char *)sqlite3_column_text(st, 10);
		inc.product = (const char *)sqlite3_column_text(st, 11);
		inc.resolution = (const char *)sqlite3_column_text(st, 12);
		inc.snoozed_until = sqlite3_column_int64(st, 13);
		n++;
		if (cb(arg, &inc) != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		sql_failed(s);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	return n;
}

int
store_incidents(struct store *s, const char *state, store_incident_cb cb,
    void *arg, char **cause)
{
	sqlite3_stmt *st;

	if (state != NULL) {
		st = s->st[S_LIST_STATE];
		bind_text(st, 1, state);
	} else
		st = s->st[S_LIST_ALL];
	return each_incident(s, st, cb, arg) < 0 ? store_fail(s, cause) : 0;
}

int
store_incidents_oldest(struct store *s, store_incident_cb cb, void *arg, char **cause)
{
	return each_incident(s, s->st[S_LIST_OLDEST], cb, arg) < 0 ? store_fail(s, cause) : 0;
}

int
store_incident(struct store *s, int64_t id, store_incident_cb cb, void *arg, char **cause)
{
	int n;

	sqlite3_bind_int64(s->st[S_GET], 1, id);
	n = each_incident(s, s->st[S_GET], cb, arg);
	return n < 0 ? -1 : n == 0 ? 1 : 0;
}

/*
 * The filter's parameters (schema.c's FILTER); a statement that has not
 * some of them refuses those binds (SQLITE_RANGE), which is harmless.
 */
static void
bind_filter(sqlite3_stmt *st, const struct store_filter *f)
{
	bind_text(st, 1, f->state);
	bind_text(st, 2, f->severity);
	bind_text(st, 3, f->product);
	bind_text(st, 4, f->signature);
	if (f->has_since)
		sqlite3_bind_int64(st, 5, f->since_ms);
	if (f->has_cursor && !f->triage) {
		sqlite3_bind_int64(st, 6, f->cursor_last_seen);
		sqlite3_bind_int64(st, 7, f->cursor_id);
	}
	sqlite3_bind_int(st, 8, f->active);
	sqlite3_bind_int(st, 9, f->limit > 0 ? f->limit : 100);
	bind_text(st, 10, f->source);
	sqlite3_bind_int64(st, 11, f->now_ms);
}

int
store_query(struct store *s, const struct store_filter *f,
    store_incident_cb cb, void *arg, char **cause)
{
	sqlite3_stmt *st = s->st[f->triage ? S_QUERY_TRIAGE : S_QUERY];

	bind_filter(st, f);
	return each_incident(s, st, cb, arg) < 0 ? store_fail(s, cause) : 0;
}

int
store_query_count(struct store *s, const struct store_filter *f,
    int64_t *n, char **cause)
{
	int found = 0;

	bind_filter(s->st[S_QUERY_COUNT], f);
	*n = 0;
	if (step_int(s, S_QUERY_COUNT, n, &found) == -1)
		return store_fail(s, cause);
	return 0;
}

int
store_open_counts(struct store *s, int64_t *critical, int64_t *error,
    int64_t *warning, char **cause)
{
	sqlite3_stmt *st = s->st[S_OPEN_COUNTS];
	const char *sev;
	int rc;

	*critical = *error = *warning = 0;
	sqlite3_bind_int64(st, 1, platform_now_ms());
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sev = (const char *)sqlite3_column_text(st, 0);
		if (sev == NULL)
			continue;
		if (strcmp(sev, "critical") == 0)
			*critical = sqlite3_column_int64(st, 1);
		else if (strcmp(sev, "error") == 0)
			*error = sqlite3_column_int64(st, 1);
		else if (strcmp(sev, "warning") == 0)
			*warning = sqlite3_column_int64(st, 1);
	}
	if (rc != SQLITE_DONE)
		sql_failed(s);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_fail(s, cause);
}

int
store_samples(struct store *s, int64_t id, store_row_cb cb, void *arg, char **cause)
{
	return checked(s, each_row(s, S_SAMPLES, id, cb, arg), cause);
}

int
store_timeline(struct store *s, int64_t id, store_row_cb cb, void *arg, char **cause)
{
	return checked(s, each_row(s, S_TIMELINE, id, cb, arg), cause);
}

int
store_history(struct store *s, int64_t id, store_row_cb cb, void *arg, char **cause)
{
	return checked(s, each_row(s, S_HISTORY, id, cb, arg), cause);
}

int
store_hits_by_signature(struct store *s, store_row_cb cb, void *arg, char **cause)
{
	return checked(s, each_row(s, S_HITS_BY_SIG, -1, cb, arg), cause);
}

int
store_totals_add(struct store *s, const char *source, const char *path,
    uint64_t lines, uint64_t bytes, uint64_t cut, uint64_t rotations,
    char **cause)
{
	sqlite3_stmt *st = s->st[S_TOTALS_ADD];

	bind_text(st, 1, source);
	bind_text(st, 2, path);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)lines);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)bytes);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)cut);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)rotations);
	return checked(s, step_done(s, S_TOTALS_ADD), cause);
}

int
store_totals(struct store *s, store_row_cb cb, void *arg, char **cause)
{
	return checked(s, each_row(s, S_TOTALS, -1, cb, arg), cause);
}

int
store_active(struct store *s, int limit, store_incident_cb cb, void *arg,
    char **cause)
{
	sqlite3_stmt *st = s->st[S_ACTIVE_LIST];

	sqlite3_bind_int(st, 1, limit);
	return checked(s, each_incident(s, st, cb, arg) < 0 ? -1 : 0, cause);
}

int64_t
store_active_count(struct store *s, char **cause)
{
	int64_t n = 0;
	int found = 0;

	if (checked(s, step_int(s, S_ACTIVE_COUNT, &n, &found), cause) == -1)
		return -1;
	return n;
}

int
store_open_by_signature(struct store *s, store_row_cb cb, void *arg, char **cause)
{
	return checked(s, each_row(s, S_OPEN_BY_SIG, -1, cb, arg), cause);
}

int
add_history(struct store *s, int64_t id, int64_t at, const char *state,
    const char *by, const char *note)
{
	sqlite3_stmt *st = s->st[S_HISTORY_ADD];

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, at);
	bind_text(st, 3, state);
	bind_text(st, 4, by);
	bind_text(st, 5, note);
	return step_done(s, S_HISTORY_ADD);
}
