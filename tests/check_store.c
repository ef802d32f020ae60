/*
 * check_store — the SQLite store: positions, incident grouping, state
 * changes with reopen, samples cap, rollback, pruning, reopening a file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/platform.h"
#include "store/store-int.h"
#include "store/store.h"
#include "testutil.h"
#include "lib/xmalloc.h"
#include "lib/hash.h"

static char dir[512];
static struct store *st;

static void
setup(void)
{
	char *cause = NULL;

	test_mkdtemp(dir, sizeof(dir), "check_store");
	st = store_open(dir, 2, &cause);
	ck_assert_msg(st != NULL, "%s", cause);
}

static void
teardown(void)
{
	store_close(st);
	ck_assert_int_eq(test_rmtree(dir), 0);
}

struct got {
	int		 n;
	int64_t		 id;
	int64_t		 count;
	char		 state[32];
	int64_t		 first, last;
};

static int
collect(void *arg, const struct store_incident *inc)
{
	struct got *g = arg;

	g->n++;
	g->id = inc->id;
	g->count = inc->count;
	snprintf(g->state, sizeof(g->state), "%s", inc->state);
	g->first = inc->first_seen;
	g->last = inc->last_seen;
	return 0;
}

static struct store_hit
hit(const char *key, int64_t t)
{
	struct store_hit h = {
		.signature = "configmgr.despool.public-key-missing",
		.severity = "critical", .source = "despool", .key = key,
		.fields_json = "{\"site\":\"S02\"}", .time_ms = t,
		.file = "/x/despool.log", .line = 7, .text = "Cannot find…",
	};
	return h;
}

START_TEST(test_grouping_and_times)
{
	struct store_hit h;
	struct got g = { 0 };
	struct store_hit_result r1, r2;
	int64_t id1;

	ck_assert_int_eq(store_begin(st, NULL), 0);
	h = hit("{\"site\":\"S02\"}", 2000);
	ck_assert_int_eq(store_hit(st, &h, 100, &r1, NULL), 0);
	ck_assert_int_eq(r1.opened, 1);
	ck_assert_int_eq(r1.count, 1);
	id1 = r1.id;
	h = hit("{\"site\":\"S02\"}", 1000);	/* older record, later read */
	ck_assert_int_eq(store_hit(st, &h, 100, &r2, NULL), 0);
	ck_assert_int_eq(id1, r2.id);
	ck_assert_int_eq(r2.opened, 0);
	ck_assert_int_eq(r2.count, 2);
	ck_assert_int_eq(r2.first_seen, 1000);
	h = hit("{\"site\":\"S03\"}", 3000);
	ck_assert_int_eq(store_hit(st, &h, 100, &r2, NULL), 0);
	ck_assert_int_ne(id1, r2.id);
	ck_assert_int_eq(store_commit(st, NULL), 0);
	ck_assert_int_eq(store_incident(st, id1, collect, &g, NULL), 0);
	ck_assert_int_eq(g.count, 2);
	ck_assert_int_eq(g.first, 1000);
	ck_assert_int_eq(g.last, 2000);
	ck_assert_str_eq(g.state, "open");
	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(store_incidents(st, "open", collect, &g, NULL), 0);
	ck_assert_int_eq(g.n, 2);
}
END_TEST

START_TEST(test_state_changes_and_reopen)
{
	struct store_hit h = hit("{}", 5000);
	struct got g = { 0 };
	struct store_hit_result r;
	int64_t id;

	store_begin(st, NULL);
	store_hit(st, &h, 10, &r, NULL);
	id = r.id;
	store_commit(st, NULL);
	ck_assert_int_eq(store_set_state(st, id, "acknowledged", "cli:op",
	    20, NULL), 0);
	store_incident(st, id, collect, &g, NULL);
	ck_assert_str_eq(g.state, "acknowledged");
	/* A hit on an acknowledged incident leaves it acknowledged. */
	store_begin(st, NULL);
	store_hit(st, &h, 30, NULL, NULL);
	store_commit(st, NULL);
	store_incident(st, id, collect, &g, NULL);
	ck_assert_str_eq(g.state, "acknowledged");
	ck_assert_int_eq(store_set_state(st, id, "resolved", "cli:op", 40, NULL), 0);
	store_incident(st, id, collect, &g, NULL);
	ck_assert_str_eq(g.state, "resolved");
	/* A hit on a resolved incident reopens it, same id, count goes on. */
	store_begin(st, NULL);
	store_hit(st, &h, 50, NULL, NULL);
	store_commit(st, NULL);
	store_incident(st, id, collect, &g, NULL);
	ck_assert_str_eq(g.state, "open");
	ck_assert_int_eq(g.count, 3);
	ck_assert_int_eq(store_set_state(st, 999, "resolved", "x", 60, NULL), 1);
}
END_TEST

START_TEST(test_positions_and_rollback)
{
	struct store_file f = { 0 }, got;
	struct store_hit h = hit("{}", 1);
	struct got g = { 0 };

	f.source = "despool";
	f.path = "/x/despool.log";
	f.dev = 1;
	f.ino = 2;
	f.fingerprint = hash_fnv1a("abc", 3);
	f.fp_len = 3;
	f.offset = 12345678901ULL;
	f.line = 99;
	f.encoding = 3;
	f.format = 1;
	ck_assert_int_eq(store_file_get(st, "despool", "/x/despool.log", &got, NULL),
	    1);
	store_begin(st, NULL);
	ck_assert_int_eq(store_file_put(st, &f, NULL), 0);
	store_commit(st, NULL);
	ck_assert_int_eq(store_file_get(st, "despool", "/x/despool.log", &got, NULL),
	    0);
	ck_assert_uint_eq(got.offset, 12345678901ULL);
	ck_assert_uint_eq(got.line, 99);
	ck_assert_uint_eq(got.fingerprint, f.fingerprint);
	ck_assert_int_eq(got.encoding, 3);
	store_file_clear(&got);
	/* A rolled-back batch leaves neither hits nor position. */
	store_begin(st, NULL);
	f.offset = 5;
	store_file_put(st, &f, NULL);
	store_hit(st, &h, 1, NULL, NULL);
	store_rollback(st);
	ck_assert_int_eq(store_file_get(st, "despool", "/x/despool.log", &got, NULL),
	    0);
	ck_assert_uint_eq(got.offset, 12345678901ULL);
	store_file_clear(&got);
	ck_assert_int_eq(store_incidents(st, NULL, collect, &g, NULL), 0);
	ck_assert_int_eq(g.n, 0);
}
END_TEST

/* A rotated file's position is kept apart from the live file's. */
START_TEST(test_retired_positions)
{
	struct store_file f = { 0 }, got;

	f.source = "despool";
	f.path = "/x/despool.log";
	f.dev = 1;
	f.ino = 7;
	f.offset = 4096;
	f.line = 40;
	ck_assert_int_eq(store_retired_get(st, "despool", "/x/despool.log",
	    &got, NULL), 1);
	store_begin(st, NULL);
	ck_assert_int_eq(store_retired_put(st, &f, NULL), 0);
	f.ino = 8;
	f.offset = 10;
	ck_assert_int_eq(store_file_put(st, &f, NULL), 0);
	store_commit(st, NULL);
	ck_assert_int_eq(store_retired_get(st, "despool", "/x/despool.log",
	    &got, NULL), 0);
	ck_assert_uint_eq(got.ino, 7);
	ck_assert_uint_eq(got.offset, 4096);
	ck_assert_uint_eq(got.line, 40);
	store_file_clear(&got);
	ck_assert_int_eq(store_file_get(st, "despool", "/x/despool.log",
	    &got, NULL), 0);
	ck_assert_uint_eq(got.ino, 8);
	store_file_clear(&got);
	store_begin(st, NULL);
	ck_assert_int_eq(store_retired_del(st, "despool", "/x/despool.log",
	    NULL), 0);
	store_commit(st, NULL);
	ck_assert_int_eq(store_retired_get(st, "despool", "/x/despool.log",
	    &got, NULL), 1);
	ck_assert_int_eq(store_file_get(st, "despool", "/x/despool.log",
	    &got, NULL), 0);
	store_file_clear(&got);
}
END_TEST

START_TEST(test_prune_and_reopen_database)
{
	struct store_hit h = hit("{}", 1000);
	struct got g = { 0 };
	char *cause = NULL;
	struct store_hit_result r;
	int64_t id;

	store_begin(st, NULL);
	store_hit(st, &h, 1000, &r, NULL);
	id = r.id;
	store_commit(st, NULL);
	store_set_state(st, id, "resolved", "t", 2000, NULL);
	ck_assert_int_eq(store_prune(st, 1500, NULL), 0);	/* not old enough */
	ck_assert_int_eq(store_incident(st, id, collect, &g, NULL), 0);
	ck_assert_int_eq(store_prune(st, 3000, NULL), 0);
	ck_assert_int_eq(store_incident(st, id, collect, &g, NULL), 1);
	/* Closing and opening again keeps the schema (no re-migration). */
	store_close(st);
	st = store_open(dir, 2, &cause);
	ck_assert_msg(st != NULL, "%s", cause);
}
END_TEST

static int
hits_of(void *arg, const struct store_row *row)
{
	*(int64_t *)arg += row->num[1];
	return 0;
}

/* The hit counters the metrics show never fall, not even by a prune. */
START_TEST(test_hit_totals_survive_prune)
{
	struct store_hit h = hit("{}", 1000);
	struct store_hit_result r;
	int64_t total = 0;

	store_begin(st, NULL);
	store_hit(st, &h, 1000, &r, NULL);
	store_hit(st, &h, 1001, &r, NULL);
	store_commit(st, NULL);
	ck_assert_int_eq(store_hits_by_signature(st, hits_of, &total, NULL), 0);
	ck_assert_int_eq(total, 2);
	store_set_state(st, r.id, "resolved", "t", 2000, NULL);
	ck_assert_int_eq(store_prune(st, 3000, NULL), 0);
	total = 0;
	ck_assert_int_eq(store_hits_by_signature(st, hits_of, &total, NULL), 0);
	ck_assert_int_eq(total, 2);
	store_begin(st, NULL);
	store_hit(st, &h, 4000, &r, NULL);
	store_commit(st, NULL);
	total = 0;
	ck_assert_int_eq(store_hits_by_signature(st, hits_of, &total, NULL), 0);
	ck_assert_int_eq(total, 3);
}
END_TEST

static int
totals_of(void *arg, const struct store_row *row)
{
	int64_t *t = arg;

	ck_assert_int_eq(row->ncols, 6);
	t[0]++;
	t[1] += row->num[2];	/* lines */
	t[2] += row->num[3];	/* bytes */
	t[3] += row->num[4];	/* cut */
	t[4] += row->num[5];	/* rotations */
	return 0;
}

/*
 * The file counters add up, by source and path, in the caller's
 * transaction: a rolled-back batch adds nothing, and a prune removes
 * nothing.
 */
START_TEST(test_source_totals)
{
	int64_t t[5] = { 0 };

	store_begin(st, NULL);
	ck_assert_int_eq(store_totals_add(st, "a", "/l/a.log", 3, 300, 0, 1,
	    NULL), 0);
	ck_assert_int_eq(store_totals_add(st, "a", "/l/a.log", 2, 200, 1, 0,
	    NULL), 0);
	ck_assert_int_eq(store_totals_add(st, "b", "/l/b.log", 1, 10, 0, 0,
	    NULL), 0);
	store_commit(st, NULL);
	store_begin(st, NULL);
	ck_assert_int_eq(store_totals_add(st, "b", "/l/b.log", 100, 100, 100,
	    100, NULL), 0);
	store_rollback(st);
	ck_assert_int_eq(store_prune(st, INT64_MAX / 2, NULL), 0);
	ck_assert_int_eq(store_totals(st, totals_of, t, NULL), 0);
	ck_assert_int_eq(t[0], 2);
	ck_assert_int_eq(t[1], 6);
	ck_assert_int_eq(t[2], 510);
	ck_assert_int_eq(t[3], 1);
	ck_assert_int_eq(t[4], 1);
}
END_TEST

/* How many names in dir start with prefix. */
struct names {
	const char	*prefix;
	int		 n;
};

static int
count_name(void *arg, const char *name, const struct platform_stat *ps)
{
	struct names *w = arg;

	(void)ps;
	w->n += strncmp(name, w->prefix, strlen(w->prefix)) == 0;
	return 0;
}

static int
names_like(const char *prefix)
{
	struct names w = { prefix, 0 };

	ck_assert_int_eq(platform_dir_list(dir, NULL, count_name, &w), 0);
	return w.n;
}

#ifndef _WIN32
static int64_t
one_count(struct store *s)
{
	struct got g = { 0 };

	ck_assert_int_eq(store_incidents(s, NULL, collect, &g, NULL), 0);
	ck_assert_int_eq(g.n, 1);
	return g.count;
}
#endif

/* A full disk is a fault the commit reports; nothing is lost. */
START_TEST(test_full_disk_is_a_fault)
{
	struct store_hit h = hit("{}", 1);
	struct store_hit_result r;
	char *cause = NULL, *msg = NULL, text[4096], key[32];
	int i, failed = 0;

	memset(text, 'x', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	h.text = text;
	ck_assert_int_eq(sqlite3_exec(st->db, "PRAGMA max_page_count = 40",
	    NULL, NULL, NULL), SQLITE_OK);
	for (i = 0; i < 200 && !failed; i++) {
		snprintf(key, sizeof(key), "{\"a\":%d}", i);
		h.key = key;
		if (store_begin(st, &cause) == -1 ||
		    store_hit(st, &h, i, &r, &cause) == -1 ||
		    store_commit(st, &cause) == -1)
			failed = 1;
		store_rollback(st);
	}
	ck_assert_msg(failed, "the database never filled up");
	ck_assert_ptr_nonnull(cause);
	ck_assert_int_eq(store_fault(st), STORE_FAULT_FULL);
	ck_assert_str_eq(store_fault_name(store_fault(st)), "disk full");
	/* Not the guard's: the next commit may well work. */
	ck_assert_int_eq(store_guard(st, &msg), STORE_FAULT_NONE);
	free(cause);
	free(msg);
}
END_TEST

#ifndef _WIN32
/* Deleted under us: written back from the open connection. */
START_TEST(test_deleted_database_written_back)
{
	struct store_hit h = hit("{}", 1);
	struct store_hit_result r;
	struct store *other;
	char path[600], *msg = NULL, *cause = NULL;

	store_begin(st, NULL);
	store_hit(st, &h, 1, &r, NULL);
	store_hit(st, &h, 2, &r, NULL);
	store_commit(st, NULL);
	snprintf(path, sizeof(path), "%s/syncwatch.db", dir);
	ck_assert_int_eq(test_unlink(path), 0);
	ck_assert_int_eq(store_guard(st, &msg), STORE_FAULT_NONE);
	ck_assert_ptr_nonnull(strstr(msg, "deleted"));
	free(msg);
	/* A second reader sees what the first one held, and it goes on. */
	other = store_open_existing(dir, &cause);
	ck_assert_msg(other != NULL, "%s", cause);
	ck_assert_int_eq(one_count(other), 2);
	store_close(other);
	store_begin(st, NULL);
	ck_assert_int_eq(store_hit(st, &h, 3, &r, NULL), 0);
	ck_assert_int_eq(store_commit(st, NULL), 0);
	ck_assert_int_eq(one_count(st), 3);
	ck_assert_int_eq(store_guard(st, &msg), STORE_FAULT_NONE);
	ck_assert_ptr_null(msg);
}
END_TEST

/* Replaced under us: the replacement is kept aside, ours written back. */
START_TEST(test_replaced_database_moved_aside)
{
	struct store_hit h = hit("{}", 1);
	struct store_hit_result r;
	char path[600], tmp[600], *msg = NULL;

	store_begin(st, NULL);
	store_hit(st, &h, 1, &r, NULL);
	store_commit(st, NULL);
	snprintf(path, sizeof(path), "%s/syncwatch.db", dir);
	snprintf(tmp, sizeof(tmp), "%s/other", dir);
	test_write_file(tmp, "not ours", 8);
	ck_assert_int_eq(test_rename(tmp, path), 0);
	ck_assert_int_eq(store_guard(st, &msg), STORE_FAULT_NONE);
	ck_assert_ptr_nonnull(strstr(msg, "replaced"));
	free(msg);
	ck_assert_int_eq(names_like("syncwatch.db.replaced-"), 1);
	ck_assert_int_eq(one_count(st), 1);
}
END_TEST
#endif

/* Damaged at the daemon's start: set aside, a new one begins. */
START_TEST(test_damaged_database_set_aside)
{
	char path[600], junk[8192], *cause = NULL;
	struct store *s;

	store_close(st);
	st = NULL;
	snprintf(path, sizeof(path), "%s/syncwatch.db", dir);
	memset(junk, 0x5a, sizeof(junk));
	memcpy(junk, "SQLite format 3", 16);	/* looks like one, is not */
	test_write_file(path, junk, sizeof(junk));
	s = store_open_daemon(dir, 2, &cause);
	ck_assert_msg(s != NULL, "%s", cause);
	ck_assert_int_ge(names_like("syncwatch.db.damaged-"), 1);
	ck_assert_int_eq(store_fault(s), STORE_FAULT_NONE);
	st = s;
}
END_TEST

Suite *
store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_grouping_and_times);
	tcase_add_test(tc, test_state_changes_and_reopen);
	tcase_add_test(tc, test_positions_and_rollback);
	tcase_add_test(tc, test_retired_positions);
	tcase_add_test(tc, test_prune_and_reopen_database);
	tcase_add_test(tc, test_hit_totals_survive_prune);
	tcase_add_test(tc, test_source_totals);
	tcase_add_test(tc, test_full_disk_is_a_fault);
#ifndef _WIN32
	tcase_add_test(tc, test_deleted_database_written_back);
	tcase_add_test(tc, test_replaced_database_moved_aside);
#endif
	tcase_add_test(tc, test_damaged_database_set_aside);
	suite_add_tcase(s, tc);
	return s;
}
