/*
 * condition — source health and inbox backlogs; see condition.h.
 *
 * Missing vs rotated: ConfigMgr renames despool.log to .lo_ and starts a
 * new one; logrotate may leave a moment without the file.  So a file that
 * is gone only counts as missing after `missing_ms`.  A path that never
 * existed is missing only if the operator said the log must be written
 * (expect_every): EPiServer creates its error log on the first error, and a
 * quiet site is not a broken one.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "rules/condition.h"
#include "rules/incident.h"
#include "match/sigdb.h"
#include "lib/xmalloc.h"
#include "lib/duration.h"

/* Apply one condition; 0 or -1.  A signature not loaded is skipped. */
static int
apply(struct incidents *e, const struct signature *sig, const char *source,
    int active, json_t *fields, const char *text, const char *path,
    const char *resolution, int64_t clock, int64_t now, char **cause)
{
	struct incident_condition c;
	char *fj;
	int rc;

	if (sig == NULL) {
		json_decref(fields);
		return 0;
	}
	fj = json_dumps(fields, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(fields);
	memset(&c, 0, sizeof(c));
	c.sig = sig;
	c.source = source;
	c.active = active;
	c.fields_json = fj != NULL ? fj : "{}";
	c.text = text;
	c.file = path;
	c.resolution = resolution;
	rc = incident_condition(e, &c, clock, now, cause);
	free(fj);
	return rc;
}

/* The earlier of two due times, -1 being "never". */
static int64_t
earlier(int64_t a, int64_t b)
{
	if (a < 0)
		return b;
	if (b < 0)
		return a;
	return a < b ? a : b;
}

int
condition_source_verdict(const struct source_health *h, int64_t clock,
    int64_t *due)
{
	int v = 0;

	*due = -1;
	if (h->error != NULL)
		v |= VERDICT_UNREADABLE;
	if (h->missing_since_ms > 0 && (h->had_file ||
	    h->expect_every_ms > 0)) {
		if (clock - h->missing_since_ms >= h->missing_ms)
			v |= VERDICT_MISSING;
		else
			*due = earlier(*due, h->missing_since_ms +
			    h->missing_ms);
	}
	if (h->expect_every_ms > 0 && h->last_write_ms > 0 &&
	    h->missing_since_ms == 0) {
		if (clock - h->last_write_ms >= h->expect_every_ms)
			v |= VERDICT_SILENT;
		else
			*due = earlier(*due, h->last_write_ms +
			    h->expect_every_ms);
	}
	return v;
}

int
condition_source_apply(struct incidents *e, const struct sigdb *db,
    const struct source_health *h, int v, int64_t clock, int64_t now, char **cause)
{
	char text[512], d[32], d2[32];

	snprintf(text, sizeof(text), "%s: %s", h->path, h->error != NULL ?
	    h->error : "readable again");
	if (apply(e, sigdb_find(db, CONDITION_UNREADABLE), h->source,
	    (v & VERDICT_UNREADABLE) != 0, json_pack("{s:s, s:s?}", "path",
	    h->path, "error", h->error), text, h->path, "back", clock,
	    now, cause) == -1)
		return -1;
	if (v & VERDICT_MISSING)
		snprintf(text, sizeof(text), "%s: no such file for %s",
		    h->path, duration_format((clock - h->missing_since_ms) /
		    1000 * 1000, d, sizeof(d)));
	else
		snprintf(text, sizeof(text), "%s: present again", h->path);
	if (apply(e, sigdb_find(db, CONDITION_MISSING), h->source,
	    (v & VERDICT_MISSING) != 0, json_pack("{s:s}", "path", h->path),
	    text, h->path, "back", clock, now, cause) == -1)
		return -1;
	if (v & VERDICT_SILENT)
		snprintf(text, sizeof(text), "%s: nothing written for %s "
		    "(expected every %s)", h->path, duration_format(
		    (clock - h->last_write_ms) / 1000 * 1000, d, sizeof(d)),
		    duration_format(h->expect_every_ms, d2, sizeof(d2)));
	else
		snprintf(text, sizeof(text), "%s: written again", h->path);
	if (apply(e, sigdb_find(db, CONDITION_SILENT), h->source,
	    (v & VERDICT_SILENT) != 0, json_pack("{s:s, s:s}", "path",
	    h->path, "expect_every", duration_format(h->expect_every_ms,
	    d2, sizeof(d2))), text, h->path, "back", clock, now, cause) == -1)
		return -1;
	return 0;
}

int64_t
condition_source(struct incidents *e, const struct sigdb *db,
    const struct source_health *h, int64_t clock, int64_t now, char **cause)
{
	int64_t due;
	int v = condition_source_verdict(h, clock, &due);

	return condition_source_apply(e, db, h, v, clock, now, cause) == -1 ? -2 :
	    due;
}

int64_t
condition_inbox_verdict(const struct inbox_health *h, int64_t clock,
    int64_t *due)
{
	int64_t age = 0;
	int over;

	*due = -1;
	if (!h->ok)
		return 0;
	if (h->count > 0 && h->oldest_ms > 0)
		age = clock - h->oldest_ms;
	over = (h->max_files > 0 && h->count > h->max_files) ||
	    (h->max_age_ms > 0 && h->count > 0 && age > h->max_age_ms);
	if (!over && h->max_age_ms > 0 && h->count > 0)
		*due = h->oldest_ms + h->max_age_ms + 1;
	return over ? 1 + h->count : 0;
}

int
condition_inbox_apply(struct incidents *e, const struct inbox_health *h,
    int64_t v, int64_t clock, int64_t now, char **cause)
{
	char text[512], d[32];
	int64_t age = 0;

	if (!h->ok)
		return 0;	/* cannot look: say nothing rather than wrong */
	if (h->count > 0 && h->oldest_ms > 0)
		age = clock - h->oldest_ms;
	if (v > 0)
		snprintf(text, sizeof(text), "%s: %lld files waiting, the "
		    "oldest (%s) for %s", h->path, (long long)h->count,
		    h->oldest != NULL ? h->oldest : "?",
		    duration_format(age / 1000 * 1000, d, sizeof(d)));
	else
		snprintf(text, sizeof(text), "%s: %lld files waiting", h->path,
		    (long long)h->count);
	return apply(e, h->sig, h->inbox, v > 0, json_pack("{s:s, s:I, s:s, "
	    "s:s?}", "path", h->path, "files", (json_int_t)h->count,
	    "oldest_age", duration_format(age / 1000 * 1000, d, sizeof(d)),
	    "oldest", h->count > 0 ? h->oldest : NULL), text, h->path,
	    "drained", clock, now, cause);
}

int64_t
condition_inbox(struct incidents *e, const struct inbox_health *h,
    int64_t clock, int64_t now, char **cause)
{
	int64_t due, v = condition_inbox_verdict(h, clock, &due);

	return condition_inbox_apply(e, h, v, clock, now, cause) == -1 ? -2 : due;
}
