/*
 * guard — that the database the daemon writes is still the one at its
 * path, sound and writable; see store.h (store_guard).
 *
 * What can happen to it under a running daemon, and what is done:
 *
 *   deleted     SQLite goes on writing into the unlinked file, and the
 *               history is gone at the next start.  The open connection
 *               still holds everything: SQLite's backup API writes it out
 *               to a new file, which takes the path, and the connection
 *               is opened again on it.
 *   replaced    another file took the name (a copy put back by hand, a
 *               restore): it is moved aside (PATH.replaced-TIME), and the
 *               open database is written out as above.  Writing into the
 *               replacement would mix the two through the WAL.
 *   read-only   the file, its folder, or the file system cannot be
 *               written (found by a write probe at open, or by a commit
 *               that fails so): the connection is opened again once a new
 *               one can write, since SQLite keeps a read-only connection
 *               read-only for good.
 *   damaged     quick_check fails at the daemon's start: the file is moved
 *               aside (PATH.damaged-TIME, for `sqlite3 .recover`) and a
 *               new database begins, said loudly.
 *
 * Full disks and busy locks are the commit's to report (store_fault);
 * the caller holds its batch and tries again.
 */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "lib/log.h"
#include "lib/timefmt.h"
#include "lib/xmalloc.h"
#include "platform/platform.h"
#include "store/store-int.h"

enum store_fault
store_fault_of(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return STORE_FAULT_NONE;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return STORE_FAULT_BUSY;
	case SQLITE_FULL:
		return STORE_FAULT_FULL;
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return STORE_FAULT_READONLY;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return STORE_FAULT_CORRUPT;
	case SQLITE_IOERR:
		/* EROFS and EACCES on the journal come back as I/O errors. */
		return STORE_FAULT_IO;
	default:
		return STORE_FAULT_OTHER;
	}
}

const char *
store_fault_name(enum store_fault f)
{
	static const char *const names[] = {
		[STORE_FAULT_NONE] = "ok",
		[STORE_FAULT_BUSY] = "busy",
		[STORE_FAULT_FULL] = "disk full",
		[STORE_FAULT_READONLY] = "not writable",
		[STORE_FAULT_IO] = "I/O error",
		[STORE_FAULT_CORRUPT] = "damaged",
		[STORE_FAULT_GONE] = "deleted",
		[STORE_FAULT_REPLACED] = "replaced",
		[STORE_FAULT_OTHER] = "error",
	};

	return (size_t)f < sizeof(names) / sizeof(names[0]) && names[f] ?
	    names[f] : "error";
}

enum store_fault
store_fault(const struct store *s)
{
	return s->fault;
}

/* Whether the connection can write: BEGIN IMMEDIATE takes the lock. */
static enum store_fault
write_probe(sqlite3 *db)
{
	int rc;

	if (sqlite3_db_readonly(db, "main") == 1)
		return STORE_FAULT_READONLY;
	rc = sqlite3_exec(db, "BEGIN IMMEDIATE; ROLLBACK", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		rc = sqlite3_extended_errcode(db);
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return store_fault_of(rc);
	}
	return STORE_FAULT_NONE;
}

void
store_opened(struct store *s)
{
	s->has_id = platform_stat(s->path, &s->id) == 0;
	s->readonly = sqlite3_db_readonly(s->db, "main") == 1;
	if (s->readonly)
		s->fault = STORE_FAULT_READONLY;
}

/* PATH.WHY-20261204T183000Z: where a file set aside goes. */
static char *
aside_name(const char *path, const char *why)
{
	char iso[32], stamp[32], *p;
	size_t i, j = 0;

	/* 2026-12-04T18:30:00.000Z: digits and the T, then the Z. */
	timefmt_iso(platform_now_ms(), iso);
	for (i = 0; iso[i] != '\0' && iso[i] != '.' && j < sizeof(stamp) - 2;
	    i++)
		if (iso[i] != '-' && iso[i] != ':')
			stamp[j++] = iso[i];
	stamp[j++] = 'Z';
	stamp[j] = '\0';
	xasprintf(&p, "%s.%s-%s", path, why, stamp);
	return p;
}

/* Move path (and its -wal and -shm, if any) to aside.  0, or -1. */
static int
set_aside(const char *path, const char *aside)
{
	static const char *const ext[] = { "-wal", "-shm" };
	char *a, *b;
	size_t i;

	if (platform_rename(path, aside) == -1)
		return -1;
	for (i = 0; i < 2; i++) {
		xasprintf(&a, "%s%s", path, ext[i]);
		xasprintf(&b, "%s%s", aside, ext[i]);
		(void)platform_rename(a, b);
		xfree(a);
		xfree(b);
	}
	return 0;
}

/*
 * Free the -wal and -shm names of a database that was deleted: they are
 * the old database's (connections still open on it keep their files),
 * and a database put at the path must not take them for its own.
 */
static void
drop_wal_names(const char *path)
{
	char *p;

	xasprintf(&p, "%s-wal", path);
	(void)platform_remove(p);
	xfree(p);
	xasprintf(&p, "%s-shm", path);
	(void)platform_remove(p);
	xfree(p);
}

/* Write the open database out to a new file.  0, or -1 and *msg. */
static int
write_out(struct store *s, const char *to, char **msg)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	int rc;

	(void)platform_remove(to);
	if (sqlite3_open_v2(to, &dst, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		xasprintf(msg, "%s: %s", to, dst ? sqlite3_errmsg(dst) :
		    "cannot create");
		sqlite3_close(dst);
		return -1;
	}
	if ((b = sqlite3_backup_init(dst, "main", s->db, "main")) == NULL) {
		xasprintf(msg, "%s: %s", to, sqlite3_errmsg(dst));
		sqlite3_close(dst);
		(void)platform_remove(to);
		return -1;
	}
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		xasprintf(msg, "%s: %s", to, sqlite3_errstr(rc));
		sqlite3_close(dst);
		(void)platform_remove(to);
		return -1;
	}
	if (sqlite3_close(dst) != SQLITE_OK) {
		xasprintf(msg, "%s: cannot close", to);
		return -1;
	}
	return 0;
}

/*
 * Open s->path again in place of the current connection.  The old one is
 * closed first (it must be: its WAL files go by the same names), so if the
 * new one cannot be opened, the old file is opened again as a fallback.
 */
static int
reconnect(struct store *s, char **msg)
{
	char *cause = NULL;

	store_disconnect(s);
	s->fallback = 0;
	if (store_connect(s->path, &s->db, 1, &cause) == 0 &&
	    store_prepare(s, &cause) == 0) {
		store_opened(s);
		s->fault = write_probe(s->db);
		return 0;
	}
	*msg = cause;
	cause = NULL;
	/*
	 * Whatever happens, the store keeps a connection to work with: one
	 * in memory, which nothing is committed to (store_guard keeps
	 * saying so, and tries the file again each time).
	 */
	store_disconnect(s);
	if (store_connect(":memory:", &s->db, 1, &cause) == -1 ||
	    store_prepare(s, &cause) == -1)
		fatalx("%s: cannot open the database again, nor one in "
		    "memory: %s", s->path, cause);
	s->has_id = 0;
	s->fallback = 1;
	s->fault = STORE_FAULT_READONLY;
	return -1;
}

/*
 * The file at the path is not ours: write ours out and take the path
 * back (moving the one there aside, if any).  0, or -1 and *msg.
 */
static int
rescue(struct store *s, enum store_fault f, char **msg)
{
	char *tmp, *aside = NULL, *err = NULL;
	int rc = -1;

	xasprintf(&tmp, "%s.rescue", s->path);
	if (write_out(s, tmp, &err) == -1) {
		xasprintf(msg, "the database was %s and cannot be written out "
		    "again (%s); still holding it open", store_fault_name(f),
		    err);
		xfree(err);
		goto done;
	}
	store_disconnect(s);
	/*
	 * The -wal and -shm by the path are the old database's (a file
	 * moved into place seldom brings its own): they go, and only the
	 * replacement itself is kept aside.
	 */
	if (f == STORE_FAULT_REPLACED) {
		aside = aside_name(s->path, "replaced");
		if (platform_rename(s->path, aside) == -1)
			log_warn("%s: cannot move the file that replaced it to "
			    "%s", s->path, aside);
	}
	drop_wal_names(s->path);
	if (platform_rename(tmp, s->path) == -1) {
		xasprintf(msg, "%s: cannot put the rescued database in place "
		    "(%s); it is in %s", s->path, strerror(errno), tmp);
		(void)reconnect(s, &err);
		xfree(err);
		goto done;
	}
	if (reconnect(s, &err) == -1) {
		xasprintf(msg, "the rescued database cannot be opened: %s",
		    err);
		xfree(err);
		goto done;
	}
	if (aside != NULL)
		xasprintf(msg, "the database file was replaced under the "
		    "daemon: the replacement is now %s, and the database the "
		    "daemon had open was written back to %s", aside, s->path);
	else
		xasprintf(msg, "the database file was deleted under the "
		    "daemon: what it held was written back to %s", s->path);
	rc = 0;
done:
	xfree(tmp);
	xfree(aside);
	return rc;
}

enum store_fault
store_guard(struct store *s, char **msg)
{
	struct platform_stat st;
	enum store_fault f = STORE_FAULT_NONE;
	char *err = NULL;

	*msg = NULL;
	if (strcmp(s->path, ":memory:") == 0)
		return STORE_FAULT_NONE;
	if (s->fallback) {
		/* The file could not be opened again: try once more. */
		if (reconnect(s, msg) == -1)
			return STORE_FAULT_READONLY;
		xasprintf(msg, "%s is open again", s->path);
		return s->fault == STORE_FAULT_READONLY ? s->fault :
		    STORE_FAULT_NONE;
	}
	if (platform_stat(s->path, &st) == -1) {
		if (errno != ENOENT) {
			xasprintf(msg, "%s: %s", s->path, strerror(errno));
			return STORE_FAULT_IO;
		}
		f = STORE_FAULT_GONE;
	} else if (s->has_id && st.has_id && !platform_same_file(&st, &s->id))
		f = STORE_FAULT_REPLACED;
	if (f != STORE_FAULT_NONE)
		return rescue(s, f, msg) == 0 ? (s->fault ==
		    STORE_FAULT_READONLY ? s->fault : STORE_FAULT_NONE) : f;
	if (s->fault != STORE_FAULT_READONLY && s->fault != STORE_FAULT_IO &&
	    !s->readonly)
		return STORE_FAULT_NONE;
	/*
	 * It could not write: open it again, since the fault may have
	 * cleared (SQLite keeps a read-only connection read-only).  Not a
	 * second connection beside this one to try first: in one process
	 * they share the -shm mapping, read-only too.
	 */
	f = s->fault;
	if (reconnect(s, &err) == -1) {
		*msg = err;
		return STORE_FAULT_READONLY;
	}
	if (s->fault != STORE_FAULT_NONE)
		return f == STORE_FAULT_IO ? STORE_FAULT_IO :
		    STORE_FAULT_READONLY;
	xasprintf(msg, "%s is writable again", s->path);
	return STORE_FAULT_NONE;
}

struct store *
store_open_daemon(const char *dir, int samples_per_incident, char **cause)
{
	struct store *s;
	sqlite3_stmt *st;
	char *path, *aside, *why = NULL;
	const char *res = NULL;
	int ok = 1;

	xasprintf(&path, "%s/syncwatch.db", dir);
	s = store_open(dir, samples_per_incident, &why);
	if (s != NULL && sqlite3_prepare_v2(s->db, "PRAGMA quick_check(1)", -1,
	    &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW &&
		    (res = (const char *)sqlite3_column_text(st, 0)) != NULL &&
		    strcmp(res, "ok") != 0) {
			ok = 0;
			xasprintf(&why, "%s: quick_check: %s", path, res);
		} else if (res == NULL)
			ok = store_fault_of(sqlite3_errcode(s->db)) !=
			    STORE_FAULT_CORRUPT;
		sqlite3_finalize(st);
	}
	if (s == NULL) {
		/* Only a damaged file is set aside; other errors stop here. */
		sqlite3 *db = NULL;
		int rc;

		rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(db, "PRAGMA quick_check(1)", NULL,
			    NULL, NULL);
		if (rc == SQLITE_OK || store_fault_of(sqlite3_extended_errcode(
		    db)) != STORE_FAULT_CORRUPT) {
			sqlite3_close(db);
			*cause = why;
			xfree(path);
			return NULL;
		}
		sqlite3_close(db);
		ok = 0;
	}
	if (!ok) {
		store_close(s);
		aside = aside_name(path, "damaged");
		if (set_aside(path, aside) == -1) {
			xasprintf(cause, "%s is damaged (%s) and cannot be "
			    "moved aside: %s", path, why, strerror(errno));
			xfree(why);
			xfree(aside);
			xfree(path);
			return NULL;
		}
		log_errorx("%s is damaged (%s): it is now %s (sqlite3 %s "
		    ".recover may save some of it), and a new database "
		    "begins; the incidents' history starts again", path, why,
		    aside, aside);
		xfree(why);
		why = NULL;
		xfree(aside);
		s = store_open(dir, samples_per_incident, cause);
	}
	xfree(why);
	xfree(path);
	if (s == NULL)
		return NULL;
	if ((s->fault = write_probe(s->db)) != STORE_FAULT_NONE)
		log_errorx("%s: %s: nothing can be recorded until it can be "
		    "written; retrying", s->path, store_fault_name(s->fault));
	return s;
}
