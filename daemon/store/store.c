/*
 * store — SQLite behind a small API; see store.h.
 *
 * Schema changes are migrations: the database's user_version says which
 * have run, and each runs in its own transaction.  Never edit a migration
 * that has shipped; add the next one.
 *
 * SQLITE_BUSY: the CLI and the daemon share the file.  A busy timeout makes
 * short contention invisible; when it still fails, the caller gets -1 and
 * keeps its batch (and its file offsets) to try again, so nothing is skipped.
 */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "platform/platform.h"
#include "store/store.h"
#include "lib/xmalloc.h"

#define STORE_BUSY_MS	5000

/* Severities compare by rank, not by name. */
#define SEV_RANK(x)	"(CASE " x " WHEN 'critical' THEN 3 WHEN 'error' " \
			"THEN 2 ELSE 1 END)"
#define ACTIVE		"state IN ('open', 'acknowledged')"
#define INCIDENT_COLS	"id, signature, source, fields, severity, state, " \
			"first_seen, last_seen, count, state_changed_at, " \
			"state_by, product, resolution"

static const char *migrations[] = {
	/* 1: the first schema. */
	"CREATE TABLE files ("
	"  source TEXT NOT NULL,"
	"  path TEXT NOT NULL,"
	"  dev INTEGER NOT NULL,"
	"  ino INTEGER NOT NULL,"
	"  fingerprint INTEGER NOT NULL,"
	"  fp_len INTEGER NOT NULL,"
	"  offset INTEGER NOT NULL,"
	"  line INTEGER NOT NULL,"
	"  encoding INTEGER NOT NULL,"
	"  format INTEGER NOT NULL,"
	"  PRIMARY KEY (source, path));"
	"CREATE TABLE incidents ("
	"  id INTEGER PRIMARY KEY,"
	"  signature TEXT NOT NULL,"
	"  source TEXT NOT NULL,"
	"  key TEXT NOT NULL,"
	"  fields TEXT NOT NULL,"
	"  severity TEXT NOT NULL,"
	"  first_seen INTEGER NOT NULL,"
	"  last_seen INTEGER NOT NULL,"
	"  count INTEGER NOT NULL,"
	"  state TEXT NOT NULL"
	"    CHECK (state IN ('open', 'acknowledged', 'resolved')),"
	"  state_changed_at INTEGER NOT NULL,"
	"  state_by TEXT,"
	"  UNIQUE (signature, source, key));"
	"CREATE INDEX incidents_state ON incidents (state, last_seen);"
	"CREATE TABLE samples ("
	"  id INTEGER PRIMARY KEY,"
	"  incident_id INTEGER NOT NULL"
	"    REFERENCES incidents (id) ON DELETE CASCADE,"
	"  file TEXT NOT NULL,"
	"  line INTEGER NOT NULL,"
	"  time INTEGER NOT NULL,"
	"  text TEXT NOT NULL);"
	"CREATE INDEX samples_incident ON samples (incident_id, id);"
	"CREATE TABLE timeline ("
	"  incident_id INTEGER NOT NULL"
	"    REFERENCES incidents (id) ON DELETE CASCADE,"
	"  minute INTEGER NOT NULL,"
	"  hits INTEGER NOT NULL,"
	"  PRIMARY KEY (incident_id, minute));"
	"CREATE TABLE history ("
	"  id INTEGER PRIMARY KEY,"
	"  incident_id INTEGER NOT NULL"
	"    REFERENCES incidents (id) ON DELETE CASCADE,"
	"  at INTEGER NOT NULL,"
	"  state TEXT NOT NULL,"
	"  by TEXT);",
	/* 2: sources the daemon has followed, for start_at's "first start". */
	"CREATE TABLE sources ("
	"  name TEXT PRIMARY KEY,"
	"  since INTEGER NOT NULL);",
	/* 3: the product, for the API's filters. */
	"ALTER TABLE incidents ADD COLUMN product TEXT NOT NULL DEFAULT '';"
	"CREATE INDEX incidents_product ON incidents (product, last_seen);",
	/*
	 * 4: incident rules.  How an incident was resolved when syncwatch
	 * resolved it; a note on each history entry; hits waiting for a
	 * signature's threshold; started sequences.
	 */
	"ALTER TABLE incidents ADD COLUMN resolution TEXT;"
	"ALTER TABLE history ADD COLUMN note TEXT;"
	"CREATE TABLE rule_hits ("
	"  id INTEGER PRIMARY KEY,"
	"  signature TEXT NOT NULL,"
	"  source TEXT NOT NULL,"
	"  key TEXT NOT NULL,"
	"  fields TEXT NOT NULL,"
	"  product TEXT NOT NULL,"
	"  severity TEXT NOT NULL,"
	"  time INTEGER NOT NULL,"
	"  file TEXT NOT NULL,"
	"  line INTEGER NOT NULL,"
	"  text TEXT NOT NULL,"
	"  added INTEGER NOT NULL DEFAULT (strftime('%s', 'now') * 1000));"
	"CREATE INDEX rule_hits_key ON rule_hits (signature, source, key, time);"
	"CREATE TABLE sequences ("
	"  signature TEXT NOT NULL,"
	"  source TEXT NOT NULL,"
	"  key TEXT NOT NULL,"
	"  started INTEGER NOT NULL,"
	"  added INTEGER NOT NULL DEFAULT (strftime('%s', 'now') * 1000),"
	"  PRIMARY KEY (signature, source, key));",
};
#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

enum stmt {
	S_BEGIN, S_COMMIT, S_ROLLBACK,
	S_FILE_GET, S_FILE_PUT,
	S_INCIDENT_STATE, S_INCIDENT_UPSERT, S_SAMPLE_ADD, S_SAMPLE_TRIM, S_TIMELINE_ADD,
	S_HISTORY_ADD, S_SET_STATE,
	S_LIST_ALL, S_LIST_STATE, S_GET,
	S_PRUNE_INCIDENTS, S_PRUNE_SAMPLES, S_PRUNE_TIMELINE,
	S_SOURCE_GET, S_SOURCE_ADD,
	S_QUERY, S_OPEN_COUNTS, S_SAMPLES, S_TIMELINE, S_HISTORY, S_HITS_BY_SIG,
	S_OPEN_BY_SIG, S_DB_SIZE,
	S_PENDING_ADD, S_PENDING_TRIM, S_PENDING_COUNT, S_PENDING_LIST,
	S_PENDING_CLEAR, S_RESOLVABLE, S_RESOLVE, S_ESCALATE, S_AGED,
	S_QUIET_DUE, S_AGED_DUE, S_TOUCH, S_SEQ_GET, S_SEQ_SET, S_SEQ_CLEAR,
	S_PRUNE_SEQUENCES, S_PRUNE_RULE_HITS, S_LIST_OLDEST, S_ANY_ACTIVE,
	S_SOURCE_FILES,
	S_COUNT
};

static const char *stmt_sql[S_COUNT] = {
	[S_BEGIN] = "BEGIN IMMEDIATE",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",
	[S_FILE_GET] = "SELECT dev, ino, fingerprint, fp_len, offset, line, "
	    "encoding, format FROM files WHERE source = ?1 AND path = ?2",
	[S_FILE_PUT] = "INSERT INTO files (source, path, dev, ino, fingerprint,"
	    " fp_len, offset, line, encoding, format) VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (source, path) DO UPDATE SET "
	    "dev = excluded.dev, ino = excluded.ino, fingerprint = "
	    "excluded.fingerprint, fp_len = excluded.fp_len, offset = "
	    "excluded.offset, line = excluded.line, encoding = "
	    "excluded.encoding, format = excluded.format",
	[S_INCIDENT_STATE] = "SELECT state FROM incidents WHERE signature = ?1 "
	    "AND source = ?2 AND key = ?3",
	/* A hit on a resolved incident reopens it. */
	[S_INCIDENT_UPSERT] = "INSERT INTO incidents (signature, source, key, "
	    "fields, severity, first_seen, last_seen, count, state, "
	    "state_changed_at, product) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, 1, "
	    "'open', ?7, ?8) ON CONFLICT (signature, source, key) DO UPDATE SET "
	    "product = excluded.product, "
	    "first_seen = min(first_seen, excluded.first_seen), "
	    "last_seen = max(last_seen, excluded.last_seen), "
	    "count = count + 1, fields = excluded.fields, "
	    /* An escalated severity stays until the incident resolves. */
	    "severity = CASE WHEN state = 'resolved' OR " SEV_RANK("excluded.severity")
	    " > " SEV_RANK("severity") " THEN excluded.severity ELSE severity END, "
	    "resolution = CASE WHEN state = 'resolved' THEN NULL "
	    "ELSE resolution END, "
	    "state_by = CASE WHEN state = 'resolved' THEN NULL "
	    "ELSE state_by END, "
	    "state_changed_at = CASE WHEN state = 'resolved' THEN "
	    "excluded.state_changed_at ELSE state_changed_at END, "
	    "state = CASE WHEN state = 'resolved' THEN 'open' ELSE state END "
	    "RETURNING id, count, first_seen",
	[S_SAMPLE_ADD] = "INSERT INTO samples (incident_id, file, line, time, "
	    "text) VALUES (?1, ?2, ?3, ?4, ?5)",
	[S_SAMPLE_TRIM] = "DELETE FROM samples WHERE incident_id = ?1 AND id "
	    "NOT IN (SELECT id FROM samples WHERE incident_id = ?1 ORDER BY id "
	    "DESC LIMIT ?2)",
	[S_TIMELINE_ADD] = "INSERT INTO timeline (incident_id, minute, hits) "
	    "VALUES (?1, ?2, 1) ON CONFLICT (incident_id, minute) DO UPDATE "
	    "SET hits = hits + 1",
	[S_HISTORY_ADD] = "INSERT INTO history (incident_id, at, state, by, "
	    "note) VALUES (?1, ?2, ?3, ?4, ?5)",
	[S_SET_STATE] = "UPDATE incidents SET state = ?2, state_changed_at = "
	    "?3, state_by = ?4, resolution = ?5 WHERE id = ?1",
	[S_LIST_ALL] = "SELECT " INCIDENT_COLS " FROM incidents ORDER BY "
	    "last_seen DESC, id DESC",
	[S_LIST_STATE] = "SELECT " INCIDENT_COLS " FROM incidents WHERE "
	    "state = ?1 ORDER BY last_seen DESC, id DESC",
	[S_GET] = "SELECT " INCIDENT_COLS " FROM incidents WHERE id = ?1",
	[S_PRUNE_INCIDENTS] = "DELETE FROM incidents WHERE state = 'resolved' "
	    "AND state_changed_at < ?1 AND last_seen < ?1",
	[S_PRUNE_SAMPLES] = "DELETE FROM samples WHERE time < ?1 AND id NOT IN "
	    "(SELECT max(id) FROM samples GROUP BY incident_id)",
	[S_PRUNE_TIMELINE] = "DELETE FROM timeline WHERE minute < ?1 / 60000",
	[S_SOURCE_GET] = "SELECT since FROM sources WHERE name = ?1",
	[S_SOURCE_ADD] = "INSERT OR IGNORE INTO sources (name, since) VALUES "
	    "(?1, ?2)",
	/*
	 * Every filter is optional (NULL = any); ?6/?7 is the keyset cursor
	 * (last_seen, id) of the previous page's last row.
	 */
	[S_QUERY] = "SELECT " INCIDENT_COLS " FROM incidents WHERE (?1 IS NULL OR state = ?1) AND (?8 = 0 OR "
	    "state IN ('open', 'acknowledged')) AND (?2 IS NULL OR severity = "
	    "?2) AND (?3 IS NULL OR product = ?3) AND (?4 IS NULL OR signature "
	    "= ?4) AND (?5 IS NULL OR last_seen >= ?5) AND (?6 IS NULL OR "
	    "last_seen < ?6 OR (last_seen = ?6 AND id < ?7)) ORDER BY last_seen "
	    "DESC, id DESC LIMIT ?9",
	[S_OPEN_COUNTS] = "SELECT severity, count(*) FROM incidents WHERE "
	    "state = 'open' GROUP BY severity",
	[S_SAMPLES] = "SELECT file, line, time, text FROM samples WHERE "
	    "incident_id = ?1 ORDER BY id DESC",
	[S_TIMELINE] = "SELECT minute, hits FROM timeline WHERE incident_id = "
	    "?1 ORDER BY minute",
	[S_HISTORY] = "SELECT at, state, by, note FROM history WHERE "
	    "incident_id = ?1 ORDER BY id",
	[S_HITS_BY_SIG] = "SELECT signature, sum(count) FROM incidents GROUP BY "
	    "signature ORDER BY signature",
	[S_OPEN_BY_SIG] = "SELECT severity, signature, count(*) FROM incidents "
	    "WHERE state = 'open' GROUP BY severity, signature ORDER BY "
	    "severity, signature",
	[S_DB_SIZE] = "SELECT page_count * page_size FROM pragma_page_count(), "
	    "pragma_page_size()",
	[S_PENDING_ADD] = "INSERT INTO rule_hits (signature, source, key, "
	    "fields, product, severity, time, file, line, text) VALUES (?1, "
	    "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[S_PENDING_TRIM] = "DELETE FROM rule_hits WHERE signature = ?1 AND "
	    "source = ?2 AND key = ?3 AND time < ?4",
	[S_PENDING_COUNT] = "SELECT count(*) FROM rule_hits WHERE signature = "
	    "?1 AND source = ?2 AND key = ?3",
	[S_PENDING_LIST] = "SELECT fields, product, severity, time, file, line, "
	    "text FROM rule_hits WHERE signature = ?1 AND source = ?2 AND key "
	    "= ?3 ORDER BY time, id",
	[S_PENDING_CLEAR] = "DELETE FROM rule_hits WHERE signature = ?1 AND "
	    "source = ?2 AND key = ?3",
	/* ?3 NULL: every key; ?4 NULL: no quiet condition. */
	[S_RESOLVABLE] = "SELECT id FROM incidents WHERE signature = ?1 AND "
	    "(?2 IS NULL OR source = ?2) AND (?3 IS NULL OR key = ?3) AND "
	    ACTIVE " AND (?4 IS NULL OR last_seen <= ?4) ORDER BY id",
	[S_RESOLVE] = "UPDATE incidents SET state = 'resolved', "
	    "state_changed_at = ?2, state_by = 'syncwatch', resolution = ?3 "
	    "WHERE id = ?1 AND " ACTIVE " RETURNING state",
	[S_ESCALATE] = "UPDATE incidents SET severity = ?2 WHERE id = ?1 AND "
	    ACTIVE " AND " SEV_RANK("severity") " < " SEV_RANK("?2")
	    " RETURNING state",
	[S_AGED] = "SELECT id FROM incidents WHERE signature = ?1 AND (?2 IS "
	    "NULL OR source = ?2) AND " ACTIVE " AND first_seen <= ?3 AND "
	    SEV_RANK("severity") " < " SEV_RANK("?4") " ORDER BY id",
	[S_QUIET_DUE] = "SELECT source, min(last_seen) FROM incidents WHERE "
	    "signature = ?1 AND " ACTIVE " GROUP BY source",
	[S_AGED_DUE] = "SELECT source, min(first_seen) FROM incidents WHERE "
	    "signature = ?1 AND " ACTIVE " AND " SEV_RANK("severity") " < "
	    SEV_RANK("?2") " GROUP BY source",
	[S_TOUCH] = "UPDATE incidents SET fields = ?4, last_seen = max("
	    "last_seen, ?5) WHERE signature = ?1 AND source = ?2 AND key = ?3 "
	    "AND " ACTIVE,
	[S_SEQ_GET] = "SELECT started FROM sequences WHERE signature = ?1 AND "
	    "source = ?2 AND key = ?3",
	[S_SEQ_SET] = "INSERT INTO sequences (signature, source, key, started) "
	    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (signature, source, key) DO "
	    "UPDATE SET started = excluded.started, added = excluded.added",
	[S_SEQ_CLEAR] = "DELETE FROM sequences WHERE signature = ?1 AND "
	    "source = ?2 AND key = ?3",
	/* Active incidents, or hits held for a threshold. */
	[S_ANY_ACTIVE] = "SELECT EXISTS (SELECT 1 FROM incidents WHERE "
	    "signature = ?1 AND " ACTIVE ") OR EXISTS (SELECT 1 FROM rule_hits "
	    "WHERE signature = ?1)",
	[S_SOURCE_FILES] = "SELECT EXISTS (SELECT 1 FROM files WHERE source = "
	    "?1)",
	[S_LIST_OLDEST] = "SELECT " INCIDENT_COLS " FROM incidents ORDER BY id",
	/*
	 * Rule state is pruned by when it was written, not by the record's
	 * time: an old log read today still needs its window.
	 */
	[S_PRUNE_SEQUENCES] = "DELETE FROM sequences WHERE added < ?1",
	[S_PRUNE_RULE_HITS] = "DELETE FROM rule_hits WHERE added < ?1",
};

struct store {
	sqlite3		*db;
	sqlite3_stmt	*st[S_COUNT];
	int		 samples;
	char		*path;
	char		 err[512];	/* SQLite's message at the failure */
};

/*
 * A statement failed: keep SQLite's message now, before a rollback or the
 * next statement replaces it.  Returns -1.
 */
static int
sql_failed(struct store *s)
{
	snprintf(s->err, sizeof(s->err), "%s", sqlite3_errmsg(s->db));
	return -1;
}

/* Hand the kept message to the caller as "PATH: message".  Returns -1. */
static int
store_fail(struct store *s, char **cause)
{
	if (cause != NULL)
		xasprintf(cause, "%s: %s", s->path, s->err[0] != '\0' ?
		    s->err : "database error");
	s->err[0] = '\0';
	return -1;
}

/* rc, an internal step's result, with its failure handed to the caller. */
static int
checked(struct store *s, int rc, char **cause)
{
	return rc == -1 ? store_fail(s, cause) : rc;
}

static int
exec_sql(struct store *s, const char *sql, char **cause)
{
	char *err = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		xasprintf(cause, "%s: %s", s->path, err ? err : "error");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

/* The schema version, read inside the caller's transaction.  -1 on error. */
static int
schema_version(struct store *s, char **cause)
{
	sqlite3_stmt *st;
	int version = -1;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st,
	    NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	else
		xasprintf(cause, "%s: %s", s->path, sqlite3_errmsg(s->db));
	sqlite3_finalize(st);
	return version;
}

/*
 * Bring the schema up to date, one migration per transaction.  The version
 * is read inside the write transaction: the daemon and a CLI command may
 * open a new database at the same moment, and only one may migrate it.
 */
static int
migrate(struct store *s, char **cause)
{
	int version;
	char sql[64];

	/*
	 * Up to date (the usual case): no lock needed, so readers never wait
	 * behind the daemon's transactions.
	 */
	if ((version = schema_version(s, cause)) == -1)
		return -1;
	if (version == NMIGRATIONS)
		return 0;
	for (;;) {
		if (exec_sql(s, "BEGIN IMMEDIATE", cause) == -1)
			return -1;
		if ((version = schema_version(s, cause)) == -1)
			goto fail;
		if (version > NMIGRATIONS) {
			xasprintf(cause, "%s: schema version %d is newer than "
			    "this syncwatch (%d)", s->path, version,
			    NMIGRATIONS);
			goto fail;
		}
		if (version == NMIGRATIONS)
			return exec_sql(s, "COMMIT", cause);
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
		    version + 1);
		if (exec_sql(s, migrations[version], cause) == -1 ||
		    exec_sql(s, sql, cause) == -1 ||
		    exec_sql(s, "COMMIT", cause) == -1)
			goto fail;
	}
fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

struct store *
store_open(const char *dir, int samples_per_incident, char **cause)
{
	struct store *s;
	int i;

	if (dir != NULL && platform_mkdir(dir) == -1 && errno != EEXIST) {
		xasprintf(cause, "%s: %s", dir, strerror(errno));
		return NULL;
	}
	s = xcalloc(1, sizeof(*s));
	s->samples = samples_per_incident > 0 ? samples_per_incident : 5;
	if (dir == NULL)
		s->path = xstrdup(":memory:");
	else
		xasprintf(&s->path, "%s/syncwatch.db", dir);
	if (sqlite3_open_v2(s->path, &s->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		xasprintf(cause, "%s: %s", s->path, s->db ?
		    sqlite3_errmsg(s->db) : "cannot open");
		store_close(s);
		return NULL;
	}
	sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
	/*
	 * WAL: readers never block the writer.  synchronous=NORMAL is
	 * durable across a process crash (kill -9); a power cut may lose the
	 * last transactions, which are then simply read again.
	 */
	if (exec_sql(s, "PRAGMA journal_mode = WAL", cause) == -1 ||
	    exec_sql(s, "PRAGMA synchronous = NORMAL", cause) == -1 ||
	    exec_sql(s, "PRAGMA foreign_keys = ON", cause) == -1 ||
	    migrate(s, cause) == -1) {
		store_close(s);
		return NULL;
	}
	for (i = 0; i < S_COUNT; i++)
		if (sqlite3_prepare_v3(s->db, stmt_sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL) != SQLITE_OK) {
			xasprintf(cause, "%s: preparing statement %d: %s",
			    s->path, i, sqlite3_errmsg(s->db));
			store_close(s);
			return NULL;
		}
	return s;
}

void
store_close(struct store *s)
{
	int i;

	if (s == NULL)
		return;
	for (i = 0; i < S_COUNT; i++)
		sqlite3_finalize(s->st[i]);
	sqlite3_close(s->db);
	xfree(s->path);
	xfree(s);
}

/* Reset a statement after its last step rc; 0, or -1 unless it was done. */
static int
step_finish(struct store *s, enum stmt which, int rc)
{
	sqlite3_reset(s->st[which]);
	sqlite3_clear_bindings(s->st[which]);
	if (rc != SQLITE_DONE) {
		sql_failed(s);
		log_debug("store: %s: %s", stmt_sql[which], s->err);
		return -1;
	}
	return 0;
}

/* Step a statement that returns no rows; reset it.  0 or -1. */
static int
step_done(struct store *s, enum stmt which)
{
	return step_finish(s, which, sqlite3_step(s->st[which]));
}

int
store_begin(struct store *s, char **cause)
{
	return checked(s, step_done(s, S_BEGIN), cause);
}

int
store_commit(struct store *s, char **cause)
{
	if (step_done(s, S_COMMIT) == -1) {
		store_rollback(s);
		return store_fail(s, cause);
	}
	return 0;
}

void
store_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		step_done(s, S_ROLLBACK);
}

static void
bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

int
store_file_get(struct store *s, const char *source, const char *path,
    struct store_file *out, char **cause)
{
	sqlite3_stmt *st = s->st[S_FILE_GET];
	int rc;

	memset(out, 0, sizeof(*out));
	bind_text(st, 1, source);
	bind_text(st, 2, path);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->source = xstrdup(source);
		out->path = xstrdup(path);
		out->dev = (uint64_t)sqlite3_column_int64(st, 0);
		out->ino = (uint64_t)sqlite3_column_int64(st, 1);
		out->fingerprint = (uint64_t)sqlite3_column_int64(st, 2);
		out->fp_len = (uint32_t)sqlite3_column_int(st, 3);
		out->offset = (uint64_t)sqlite3_column_int64(st, 4);
		out->line = (uint64_t)sqlite3_column_int64(st, 5);
		out->encoding = sqlite3_column_int(st, 6);
		out->format = sqlite3_column_int(st, 7);
		rc = 0;
	} else
		rc = rc == SQLITE_DONE ? 1 : sql_failed(s);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == -1 ? store_fail(s, cause) : rc;
}

void
store_file_clear(struct store_file *f)
{
	xfree(f->source);
	xfree(f->path);
	memset(f, 0, sizeof(*f));
}

int
store_file_put(struct store *s, const struct store_file *f, char **cause)
{
	sqlite3_stmt *st = s->st[S_FILE_PUT];

	bind_text(st, 1, f->source);
	bind_text(st, 2, f->path);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)f->dev);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)f->ino);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)f->fingerprint);
	sqlite3_bind_int(st, 6, (int)f->fp_len);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)f->offset);
	sqlite3_bind_int64(st, 8, (sqlite3_int64)f->line);
	sqlite3_bind_int(st, 9, f->encoding);
	sqlite3_bind_int(st, 10, f->format);
	return checked(s, step_done(s, S_FILE_PUT), cause);
}

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
	sqlite3_stmt *st = s->st[S_SET_STATE];

	if (store_begin(s, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, state);
	sqlite3_bind_int64(st, 3, now_ms);
	bind_text(st, 4, by);
	bind_text(st, 5, NULL);
	if (step_done(s, S_SET_STATE) == -1)
		goto fail;
	if (sqlite3_changes(s->db) == 0) {
		store_rollback(s);
		return 1;
	}
	st = s->st[S_HISTORY_ADD];
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now_ms);
	bind_text(st, 3, state);
	bind_text(st, 4, by);
	bind_text(st, 5, NULL);
	if (step_done(s, S_HISTORY_ADD) == -1)
		goto fail;
	return store_commit(s, cause);
fail:
	store_rollback(s);
	return store_fail(s, cause);
}

static int
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

int
store_prune(struct store *s, int64_t before_ms, char **cause)
{
	enum stmt which[] = { S_PRUNE_INCIDENTS, S_PRUNE_SAMPLES,
	    S_PRUNE_TIMELINE, S_PRUNE_SEQUENCES, S_PRUNE_RULE_HITS };
	size_t i;

	if (store_begin(s, cause) == -1)
		return -1;
	for (i = 0; i < sizeof(which) / sizeof(which[0]); i++) {
		sqlite3_bind_int64(s->st[which[i]], 1, before_ms);
		if (step_done(s, which[i]) == -1) {
			store_rollback(s);
			return store_fail(s, cause);
		}
	}
	return store_commit(s, cause);
}

int
store_source_seen(struct store *s, const char *name, int64_t now_ms, char **cause)
{
	sqlite3_stmt *st = s->st[S_SOURCE_GET];
	int rc;

	bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		sql_failed(s);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		return store_fail(s, cause);
	bind_text(s->st[S_SOURCE_ADD], 1, name);
	sqlite3_bind_int64(s->st[S_SOURCE_ADD], 2, now_ms);
	return checked(s, step_done(s, S_SOURCE_ADD), cause);
}

int
store_query(struct store *s, const struct store_filter *f,
    store_incident_cb cb, void *arg, char **cause)
{
	sqlite3_stmt *st = s->st[S_QUERY];

	bind_text(st, 1, f->state);
	bind_text(st, 2, f->severity);
	bind_text(st, 3, f->product);
	bind_text(st, 4, f->signature);
	if (f->has_since)
		sqlite3_bind_int64(st, 5, f->since_ms);
	if (f->has_cursor) {
		sqlite3_bind_int64(st, 6, f->cursor_last_seen);
		sqlite3_bind_int64(st, 7, f->cursor_id);
	}
	sqlite3_bind_int(st, 8, f->active);
	sqlite3_bind_int(st, 9, f->limit > 0 ? f->limit : 100);
	return each_incident(s, st, cb, arg) < 0 ? store_fail(s, cause) : 0;
}

int
store_open_counts(struct store *s, int64_t *critical, int64_t *error,
    int64_t *warning, char **cause)
{
	sqlite3_stmt *st = s->st[S_OPEN_COUNTS];
	const char *sev;
	int rc;

	*critical = *error = *warning = 0;
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

/* Run a per-incident detail statement and hand each row to cb. */
static int
each_row(struct store *s, enum stmt which, int64_t id, store_row_cb cb,
    void *arg)
{
	sqlite3_stmt *st = s->st[which];
	struct store_row row;
	int rc, i;

	if (id >= 0)
		sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&row, 0, sizeof(row));
		row.ncols = sqlite3_column_count(st);
		if (row.ncols > STORE_ROW_MAX)
			row.ncols = STORE_ROW_MAX;
		for (i = 0; i < row.ncols; i++) {
			row.text[i] = (const char *)sqlite3_column_text(st, i);
			row.num[i] = sqlite3_column_int64(st, i);
		}
		if (cb(arg, &row) != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		sql_failed(s);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
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
store_open_by_signature(struct store *s, store_row_cb cb, void *arg, char **cause)
{
	return checked(s, each_row(s, S_OPEN_BY_SIG, -1, cb, arg), cause);
}

int64_t
store_size(struct store *s, char **cause)
{
	sqlite3_stmt *st = s->st[S_DB_SIZE];
	int64_t n = -1;

	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	else
		sql_failed(s);
	sqlite3_reset(st);
	return n >= 0 ? n : store_fail(s, cause);
}

/*
 * Incident rules.  Everything below runs inside the caller's transaction
 * (the daemon's batch, or scan's in-memory database), so a rule's state and
 * the file offsets that produced it are committed together.
 */

static void
bind_key(sqlite3_stmt *st, const char *sig, const char *source,
    const char *key)
{
	bind_text(st, 1, sig);
	bind_text(st, 2, source);
	bind_text(st, 3, key);
}

/* Step a statement that returns one integer; reset it.  0 or -1. */
static int
step_int(struct store *s, enum stmt which, int64_t *out, int *found)
{
	sqlite3_stmt *st = s->st[which];
	int rc = sqlite3_step(st);

	*found = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	return step_finish(s, which, rc);
}

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

static int
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

/* A yes/no query on one text parameter: 1, 0, or -1. */
static int
ask(struct store *s, enum stmt which, const char *arg)
{
	int64_t n = 0;
	int found;

	bind_text(s->st[which], 1, arg);
	if (step_int(s, which, &n, &found) == -1)
		return -1;
	return n > 0;
}

int
store_source_had_file(struct store *s, const char *name, char **cause)
{
	return checked(s, ask(s, S_SOURCE_FILES, name), cause);
}

int
store_any_active(struct store *s, const char *sig, char **cause)
{
	return checked(s, ask(s, S_ANY_ACTIVE, sig), cause);
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
