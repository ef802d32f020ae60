/*
 * check_store — the SQLite store: positions, incident grouping, state
 * changes with reopen, samples cap, rollback, pruning, reopening a file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	suite_add_tcase(s, tc);
	return s;
}
