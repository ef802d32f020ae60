/*
 * check_tail — the follower's commit rule (follow/tail, follow/source,
 * follow/hitq), without the daemon's loop around it.
 *
 * Two ConfigMgr records can share a physical line.  When the first is
 * complete and the second is still waiting for its trailer, the first one's
 * hit must not be committed: the committed position has to stay at the
 * start of that line (the second record is not complete), and a restart
 * from there reads the first record again.  Committing its hit early would
 * count it twice; moving the position past the line would lose the second.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf/config.h"
#include "decode/event.h"
#include "match/match.h"
#include "rules/incident.h"
#include "match/sigdb.h"
#include "store/store.h"
#include "follow/source.h"
#include "follow/tail.h"
#include "testutil.h"
#include "lib/xmalloc.h"

#define KEYX(site) "Cannot find valid public key for key exchange " \
	"instruction coming from site " site
#define TRAILER "~  $$<SMS_DESPOOLER><08-22-2016 04:15:01.917+420>" \
	"<thread=2316 (0x90C)>"

static char dir[512], logpath[600];
static struct store *st;
static struct sigdb *db;
static struct incidents *engine;
static struct matcher *m;
static struct source_conf sc;

static void
append(const char *text)
{
	test_append_file(logpath, text);
}

static void
setup(void)
{
	char *cause = NULL, pat[512];

	test_mkdtemp(dir, sizeof(dir), "check_tail");
	snprintf(logpath, sizeof(logpath), "%s/despool.log", dir);
	st = store_open(dir, 5, &cause);
	ck_assert_msg(st != NULL, "%s", cause);
	snprintf(pat, sizeof(pat), "%s/patterns", test_srcdir());
	db = sigdb_load(pat, &cause);
	ck_assert_msg(db != NULL, "%s", cause);
	engine = incident_new(st, db);
	m = match_new(db, NULL);
	memset(&sc, 0, sizeof(sc));
	sc.name = "despool";
	sc.path = logpath;
	sc.format = FMT_CONFIGMGR;
	sc.quiet_ms = 2000;
	sc.max_record = EVENT_DEFAULT_MAX_RECORD;
}

static void
teardown(void)
{
	incident_free(engine);
	match_free(m);
	sigdb_free(db);
	store_close(st);
	ck_assert_int_eq(test_rmtree(dir), 0);
}

/* The source of the test's one log; existed: it was there at start. */
static struct source *
follow(int existed)
{
	struct source *src = source_new(&sc, m, NULL, existed, 0, 0);

	src->check = 1;
	return src;
}

/* Read what is new and commit; returns the hits committed. */
static int
pass(struct source *t)
{
	char *cause = NULL;
	int n;

	while (source_read(t, st, 1000, 1 << 20))
		;
	ck_assert_int_eq(store_begin(st, NULL), 0);
	n = source_commit(t, st, engine, 1000, &cause);
	ck_assert_msg(n >= 0, "%s", cause);
	ck_assert_int_eq(store_commit(st, NULL), 0);
	source_committed(t);
	return n;
}

static enum tail_state
state_of(struct source *t)
{
	ck_assert_uint_eq(t->nfiles, 1);
	return feed_state(&t->files[0]->feed);
}

static uint64_t
saved_offset(void)
{
	struct store_file f;
	uint64_t off;

	ck_assert_int_eq(store_file_get(st, "despool", logpath, &f, NULL), 0);
	off = f.offset;
	store_file_clear(&f);
	return off;
}

struct sum {
	int	incidents;
	int64_t	hits;
};

static int
add_up(void *arg, const struct store_incident *inc)
{
	struct sum *s = arg;

	s->incidents++;
	s->hits += inc->count;
	return 0;
}

START_TEST(test_shared_line_waits_for_its_last_record)
{
	struct source *t;
	struct sum s = { 0, 0 };
	struct stat sb;

	append(KEYX("S01") TRAILER "\r\n");
	/* S02 complete, S03 started on the same line, its trailer to come. */
	append(KEYX("S02") TRAILER KEYX("S03") "\r\n");
	t = follow(0);
	ck_assert_int_eq(pass(t), 1);		/* S01 only */
	ck_assert_uint_eq(saved_offset(), strlen(KEYX("S01") TRAILER "\r\n"));
	ck_assert_int_eq(state_of(t), TAIL_OK);

	append(TRAILER "\r\n");			/* S03's trailer, wrapped */
	ck_assert_int_eq(pass(t), 2);		/* S02 and S03 together */
	ck_assert_int_eq(stat(logpath, &sb), 0);
	ck_assert_uint_eq(saved_offset(), (uint64_t)sb.st_size);
	source_free(t, NULL);

	ck_assert_int_eq(store_incidents(st, NULL, add_up, &s, NULL), 0);
	ck_assert_int_eq(s.incidents, 3);
	ck_assert_int_eq(s.hits, 3);
}
END_TEST

START_TEST(test_restart_rereads_the_held_line_once)
{
	struct source *t;
	struct sum s = { 0, 0 };

	append(KEYX("S02") TRAILER KEYX("S03") "\r\n");
	t = follow(0);
	ck_assert_int_eq(pass(t), 0);		/* nothing is safe yet */
	ck_assert_uint_eq(saved_offset(), 0);
	source_free(t, NULL);				/* the daemon dies here */

	append(TRAILER "\r\n");
	t = follow(0);	/* and starts again */
	ck_assert_int_eq(pass(t), 2);
	ck_assert_int_eq(pass(t), 0);
	source_free(t, NULL);
	ck_assert_int_eq(store_incidents(st, NULL, add_up, &s, NULL), 0);
	ck_assert_int_eq(s.incidents, 2);
	ck_assert_int_eq(s.hits, 2);
}
END_TEST

START_TEST(test_partial_line_is_not_committed)
{
	struct source *t;
	struct sum s = { 0, 0 };
	const char *line = KEYX("S04") TRAILER "\r\n";
	char half[256];

	snprintf(half, sizeof(half), "%.*s", (int)(strlen(line) / 2), line);
	append(half);
	t = follow(0);
	ck_assert_int_eq(pass(t), 0);
	ck_assert_uint_eq(saved_offset(), 0);
	append(line + strlen(half));
	ck_assert_int_eq(pass(t), 1);
	ck_assert_uint_eq(saved_offset(), strlen(line));
	source_free(t, NULL);
	ck_assert_int_eq(store_incidents(st, NULL, add_up, &s, NULL), 0);
	ck_assert_int_eq(s.hits, 1);
}
END_TEST

START_TEST(test_missing_file_waits)
{
	struct source *t = follow(1);

	ck_assert_int_eq(pass(t), 0);
	ck_assert_int_eq(state_of(t), TAIL_WAITING);
	ck_assert_ptr_nonnull(feed_error(&t->files[0]->feed));
	/* It existed "at start" but appears only now: read from its start. */
	append(KEYX("S05") TRAILER "\r\n");
	ck_assert_int_eq(pass(t), 1);
	ck_assert_int_eq(state_of(t), TAIL_OK);
	source_free(t, NULL);
}
END_TEST

Suite *
tail_suite(void)
{
	Suite *s = suite_create("tail");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_shared_line_waits_for_its_last_record);
	tcase_add_test(tc, test_restart_rereads_the_held_line_once);
	tcase_add_test(tc, test_partial_line_is_not_committed);
	tcase_add_test(tc, test_missing_file_waits);
	suite_add_tcase(s, tc);
	return s;
}
