/*
 * store — SQLite behind a small API; see store.h.  This file opens,
 * migrates and closes the database, runs its transactions and keeps the
 * followed files' positions; incidents.c and rules.c hold the rest.
 *
 * SQLITE_BUSY: the CLI and the daemon share the file.  A busy timeout makes
 * short contention invisible; when it still fails, the caller gets -1 and
 * keeps its batch (and its file offsets) to try again, so nothing is skipped.
 * Every failure keeps SQLite's message at the moment it happened
 * (sql_failed) and hands it to the caller's char **cause.
 */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "lib/xmalloc.h"
#include "platform/platform.h"
#include "store/store-int.h"

#define STORE_BUSY_MS	5000

/*
 * A statement failed: keep SQLite's message now, before a rollback or the
 * next statement replaces it.  Returns -1.
 */
int
sql_failed(struct store *s)
{
	snprintf(s->err, sizeof(s->err), "%s", sqlite3_errmsg(s->db));
	s->fault = store_fault_of(sqlite3_extended_errcode(s->db));
	return -1;
}

/* Hand the kept message to the caller as "PATH: message".  Returns -1. */
int
store_fail(struct store *s, char **cause)
{
	if (cause != NULL)
		xasprintf(cause, "%s: %s", s->path, s->err[0] != '\0' ?
		    s->err : "database error");
	s->err[0] = '\0';
	return -1;
}

/* rc, an internal step's result, with its failure handed to the caller. */
int
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
	if (version == store_nmigrations)
		return 0;
	for (;;) {
		if (exec_sql(s, "BEGIN IMMEDIATE", cause) == -1)
			return -1;
		if ((version = schema_version(s, cause)) == -1)
			goto fail;
		if (version > store_nmigrations) {
			xasprintf(cause, "%s: schema version %d is newer than "
			    "this syncwatch (%d)", s->path, version,
			    store_nmigrations);
			goto fail;
		}
		if (version == store_nmigrations)
			return exec_sql(s, "COMMIT", cause);
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
		    version + 1);
		if (exec_sql(s, store_migrations[version], cause) == -1 ||
		    exec_sql(s, sql, cause) == -1 ||
		    exec_sql(s, "COMMIT", cause) == -1)
			goto fail;
	}
fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/*
 * Open the database at path on *db: WAL, the pragmas, the schema.  The
 * connection is the caller's even on failure (close it).  0, or -1.
 */
int
store_connect(const char *path, sqlite3 **db, int create, char **cause)
{
	struct store tmp;
	int persist = 1;

	memset(&tmp, 0, sizeof(tmp));
	if (sqlite3_open_v2(path, db, SQLITE_OPEN_READWRITE | (create ?
	    SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		xasprintf(cause, "%s: %s", path, *db ? sqlite3_errmsg(*db) :
		    "cannot open");
		return -1;
	}
	sqlite3_busy_timeout(*db, STORE_BUSY_MS);
	/*
	 * Persistent WAL: no connection ever deletes the -wal and -shm files
	 * by name when it closes.  A connection still open on a database
	 * that was deleted or replaced (store_guard) would otherwise delete
	 * the new database's files when it let go.
	 */
	(void)sqlite3_file_control(*db, "main", SQLITE_FCNTL_PERSIST_WAL,
	    &persist);
	tmp.db = *db;
	tmp.path = (char *)path;
	/*
	 * WAL: readers never block the writer.  synchronous=NORMAL is
	 * durable across a process crash (kill -9); a power cut may lose the
	 * last transactions, which are then simply read again.
	 */
	if (exec_sql(&tmp, "PRAGMA journal_mode = WAL", cause) == -1 ||
	    exec_sql(&tmp, "PRAGMA synchronous = NORMAL", cause) == -1 ||
	    exec_sql(&tmp, "PRAGMA journal_size_limit = 4194304", cause) == -1 ||
	    exec_sql(&tmp, "PRAGMA foreign_keys = ON", cause) == -1 ||
	    migrate(&tmp, cause) == -1)
		return -1;
	return 0;
}

/* Prepare every statement on s->db.  0, or -1. */
int
store_prepare(struct store *s, char **cause)
{
	int i;

	for (i = 0; i < S_COUNT; i++)
		if (sqlite3_prepare_v3(s->db, store_stmt_sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL) != SQLITE_OK) {
			xasprintf(cause, "%s: preparing statement %d: %s",
			    s->path, i, sqlite3_errmsg(s->db));
			return -1;
		}
	return 0;
}

/* Finalize the statements and close the connection. */
void
store_disconnect(struct store *s)
{
	int i;

	for (i = 0; i < S_COUNT; i++) {
		sqlite3_finalize(s->st[i]);
		s->st[i] = NULL;
	}
	sqlite3_close(s->db);
	s->db = NULL;
}

/* Open dir's database, or one in memory; create: make it if need be. */
static struct store *
open_store(const char *dir, int samples_per_incident, int create,
    char **cause)
{
	struct store *s;

	if (create && dir != NULL && platform_mkdir(dir) == -1 &&
	    errno != EEXIST) {
		xasprintf(cause, "%s: %s", dir, strerror(errno));
		return NULL;
	}
	s = xcalloc(1, sizeof(*s));
	s->samples = samples_per_incident > 0 ? samples_per_incident : 5;
	if (dir == NULL)
		s->path = xstrdup(":memory:");
	else
		xasprintf(&s->path, "%s/syncwatch.db", dir);
	if (store_connect(s->path, &s->db, create, cause) == -1 ||
	    store_prepare(s, cause) == -1) {
		store_close(s);
		return NULL;
	}
	if (dir != NULL)
		store_opened(s);
	return s;
}

struct store *
store_open(const char *dir, int samples_per_incident, char **cause)
{
	return open_store(dir, samples_per_incident, 1, cause);
}

struct store *
store_open_existing(const char *dir, char **cause)
{
	struct platform_stat st;
	char *path, *why = NULL;
	struct store *s;

	if ((s = open_store(dir, 0, 0, &why)) != NULL)
		return s;
	xasprintf(&path, "%s/syncwatch.db", dir);
	if (platform_stat(path, &st) == 0)
		*cause = why;
	else {
		xasprintf(cause, "%s: no database yet (the daemon makes it "
		    "when it starts)", path);
		xfree(why);
	}
	xfree(path);
	return NULL;
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	store_disconnect(s);
	xfree(s->path);
	xfree(s);
}

/* Reset a statement after its last step rc; 0, or -1 unless it was done. */
int
step_finish(struct store *s, enum stmt which, int rc)
{
	sqlite3_reset(s->st[which]);
	sqlite3_clear_bindings(s->st[which]);
	if (rc != SQLITE_DONE) {
		sql_failed(s);
		log_debug("store: %s: %s", store_stmt_sql[which], s->err);
		return -1;
	}
	return 0;
}

/* Step a statement that returns no rows; reset it.  0 or -1. */
int
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
	s->fault = STORE_FAULT_NONE;
	return 0;
}

void
store_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		step_done(s, S_ROLLBACK);
}

void
bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

/* A position from the files or the retired table. */
static int
file_get(struct store *s, enum stmt which, const char *source,
    const char *path, struct store_file *out, char **cause)
{
	sqlite3_stmt *st = s->st[which];
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

static int
file_put(struct store *s, enum stmt which, const struct store_file *f,
    char **cause)
{
	sqlite3_stmt *st = s->st[which];

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
	return checked(s, step_done(s, which), cause);
}

int
store_file_get(struct store *s, const char *source, const char *path,
    struct store_file *out, char **cause)
{
	return file_get(s, S_FILE_GET, source, path, out, cause);
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
	return file_put(s, S_FILE_PUT, f, cause);
}

int
store_retired_get(struct store *s, const char *source, const char *path,
    struct store_file *out, char **cause)
{
	return file_get(s, S_RETIRED_GET, source, path, out, cause);
}

int
store_retired_put(struct store *s, const struct store_file *f, char **cause)
{
	return file_put(s, S_RETIRED_PUT, f, cause);
}

int
store_retired_del(struct store *s, const char *source, const char *path,
    char **cause)
{
	bind_text(s->st[S_RETIRED_DEL], 1, source);
	bind_text(s->st[S_RETIRED_DEL], 2, path);
	return checked(s, step_done(s, S_RETIRED_DEL), cause);
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

void
bind_key(sqlite3_stmt *st, const char *sig, const char *source,
    const char *key)
{
	bind_text(st, 1, sig);
	bind_text(st, 2, source);
	bind_text(st, 3, key);
}

/* Step a statement that returns one integer; reset it.  0 or -1. */
int
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

/* Run a per-incident detail statement and hand each row to cb. */
int
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

/* A yes/no query on one text parameter: 1, 0, or -1. */
int
store_ask(struct store *s, enum stmt which, const char *arg)
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
	return checked(s, store_ask(s, S_SOURCE_FILES, name), cause);
}
