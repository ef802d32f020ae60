/*
 * check_timeline — the timeline harness runs the incident rules as the
 * daemon would (threshold, escalation by hits and by time, keyed and
 * unkeyed recovery, quiet periods, sequences, inbox backlogs, source
 * health), fails what it must fail with FILE:LINE, and reports signatures
 * whose rules no timeline exercises.  Each test writes a small script to a
 * temporary directory and runs it against the database below.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check/samples.h"
#include "match/sigdb.h"
#include "testutil.h"
#include "check/timeline.h"
#include "lib/xmalloc.h"

#define SIG(id, rest) "[" id "]\ntitle = t\nproduct = t\nmeaning = m\n" \
	"fix = f\n" rest "\n"

static const char sig_text[] =
    SIG("t.burst", "severity = warning\nformats = plain\n"
	"match = burst\\s+on\\s+(?<site>\\w+)\ngroup_by = site\n"
	"threshold = 3 within 10m\nescalate = error after 5 hits")
    SIG("t.aging", "severity = error\nformats = plain\n"
	"match = aging\\s+failure\nescalate = critical after 1h")
    SIG("t.link", "severity = error\nformats = plain\n"
	"match = link\\s+down\nrecover = link\\s+up")
    SIG("t.site", "severity = error\nformats = plain\n"
	"match = site\\s+(?<site>\\w+)\\s+unreachable\n"
	"recover = site\\s+(?<site>\\w+)\\s+reachable\ngroup_by = site")
    SIG("t.flaky", "severity = warning\nformats = plain\n"
	"match = flaky\\s+thing\nresolve_after = 30m")
    SIG("t.seq", "severity = error\nformats = plain\n"
	"match = job\\s+started\nthen = job\\s+failed\n"
	"without = job\\s+cancelled\nwithin = 5m")
    SIG("t.plain", "severity = error\nformats = log4net plain\n"
	"match = plain\\s+failure")
    SIG("t.inbox", "severity = error\nkind = inbox\nfiles = *.ins\n"
	"max_files = 10\nmax_age = 1h")
    SIG("syncwatch.source-silent", "severity = warning\nkind = health")
    SIG("syncwatch.source-missing", "severity = warning\nkind = health")
    SIG("syncwatch.source-unreadable", "severity = error\nkind = health");

static struct sigdb *
load_db(void)
{
	struct sigdb *db;
	char *cause = NULL;

	db = sigdb_load_buffer("t.sig", sig_text, strlen(sig_text), &cause);
	ck_assert_msg(db != NULL, "%s", cause);
	return db;
}

struct tl_result {
	int	 failures;
	char	*out;		/* everything the harness wrote */
	struct timeline_summary sum;
};

static void
write_file(const char *path, const char *text)
{
	test_write_file(path, text, strlen(text));
}

/*
 * Run script as DIR/t.timeline: one file alone, or (all) the whole
 * directory with the coverage check.
 */
static void
run_script(const char *script, int all, struct tl_result *res)
{
	char dir[512], path[600];
	struct sigdb *db = load_db();
	struct test_capture cap;
	FILE *out;

	memset(res, 0, sizeof(*res));
	test_mkdtemp(dir, sizeof(dir), "check_timeline");
	snprintf(path, sizeof(path), "%s/t.timeline", dir);
	write_file(path, script);
	out = test_capture_open(&cap);
	ck_assert_ptr_nonnull(out);
	if (all) {
		timeline_check(db, dir, 0, out, &res->sum);
		res->failures = res->sum.failures;
	} else
		res->failures = timeline_file(db, path, out, &res->sum);
	res->out = test_capture_close(&cap);
	sigdb_free(db);
	ck_assert_int_eq(test_rmtree(dir), 0);
}

/* The script must pass. */
static void
pass(const char *script)
{
	struct tl_result res;

	run_script(script, 0, &res);
	ck_assert_msg(res.failures == 0, "%s", res.out);
	free(res.out);
}

/* The script must fail, and its report say each of the needles. */
static void
fail_with(const char *script, const char *const *needles)
{
	struct tl_result res;

	run_script(script, 0, &res);
	ck_assert_msg(res.failures > 0, "passed:\n%s", script);
	for (; *needles != NULL; needles++)
		ck_assert_msg(strstr(res.out, *needles) != NULL,
		    "no '%s' in:\n%s", *needles, res.out);
	free(res.out);
}

#define START	"source app format=plain\nat 2016-08-22T11:00:00Z\n"

START_TEST(test_threshold)
{
	/* Below N nothing opens; the Nth opens with all of them. */
	pass(START
	    "log app: burst on S1\n"
	    "at +1m\nlog app: burst on S1\n"
	    "expect no t.burst\nexpect hits t.burst 2\n"
	    "at +1m\nlog app: burst on S1\n"
	    "expect t.burst open count=3 severity=warning "
	    "first_seen=2016-08-22T11:00:00Z last_seen=2016-08-22T11:02:00Z "
	    "site=S1\n"
	    "expect hits t.burst 3\n");
	/* Spread wider than the window: never three at once. */
	pass(START
	    "log app: burst on S2\nat +6m\nlog app: burst on S2\n"
	    "at +6m\nlog app: burst on S2\nat +6m\nlog app: burst on S2\n"
	    "expect hits t.burst 4\nexpect no t.burst\n");
	/* A failing expectation lists what is there. */
	fail_with(START "log app: burst on S1\nlog app: burst on S1\n"
	    "log app: burst on S1\nexpect t.burst open count=2\n",
	    (const char *const[]){ "t.timeline:6: expect t.burst open "
	    "count=2: got open count=3 severity=warning resolution=none "
	    "source=app", NULL });
}
END_TEST

START_TEST(test_escalation)
{
	/* By hits: the fifth makes it an error. */
	pass(START
	    "log app: burst on S1\nlog app: burst on S1\n"
	    "log app: burst on S1\nlog app: burst on S1\n"
	    "expect t.burst open count=4 severity=warning\n"
	    "log app: burst on S1\n"
	    "expect t.burst open count=5 severity=error\n");
	/* By time: critical once open for an hour, with no new hit. */
	pass(START
	    "log app: aging failure\n"
	    "expect t.aging open severity=error\n"
	    "at +59m\nexpect t.aging open severity=error\n"
	    "at +1m\nexpect t.aging open count=1 severity=critical\n");
}
END_TEST

START_TEST(test_recovery)
{
	/* Unkeyed: the recovery line resolves the source's incident. */
	pass(START
	    "log app: link down\nexpect t.link open count=1\n"
	    "log app: link up\n"
	    "expect t.link resolved count=1 resolution=recovered\n"
	    "expect hits t.link 1\n"
	    "at +1m\nlog app: link down\n"
	    "expect t.link open count=2 resolution=none\n");
	/* Keyed: only the incident of that site. */
	pass(START
	    "log app: site A unreachable\nlog app: site B unreachable\n"
	    "log app: site A reachable\n"
	    "expect t.site resolved resolution=recovered site=A\n"
	    "expect t.site open site=B\n");
	/* Another source's recovery does not touch this one. */
	pass(START "source other format=plain\n"
	    "log app: link down\nlog other: link up\n"
	    "expect t.link open source=app\n");
}
END_TEST

START_TEST(test_resolve_after)
{
	pass(START
	    "log app: flaky thing\n"
	    "at +20m\nlog app: flaky thing\n"
	    "at +29m\nexpect t.flaky open count=2\n"
	    "at +1m\n"
	    "expect t.flaky resolved count=2 resolution=self-healed\n");
}
END_TEST

START_TEST(test_sequence)
{
	/* A then B within the window opens. */
	pass(START
	    "log app: job started\nexpect no t.seq\n"
	    "at +4m\nlog app: job failed\n"
	    "expect t.seq open count=1 source=app\n");
	/* A, C, B: cancelled in between. */
	pass(START
	    "log app: job started\nlog app: job cancelled\n"
	    "log app: job failed\nexpect no t.seq\nexpect hits t.seq 0\n");
	/* B too late. */
	pass(START
	    "log app: job started\nat +6m\nlog app: job failed\n"
	    "expect no t.seq source=app\n");
	/* B alone. */
	pass(START "log app: job failed\nexpect no t.seq\n");
}
END_TEST

START_TEST(test_inbox)
{
	/* Over max_files opens; back under resolves "drained". */
	pass("inbox rx signature=t.inbox\nat 2016-08-22T11:00:00Z\n"
	    "inbox rx: 10 oldest=5m\nexpect no t.inbox\n"
	    "inbox rx: 11 oldest=6m\n"
	    "expect t.inbox open count=1 source=rx files=11 "
	    "oldest=oldest.ins oldest_age=6m\n"
	    "inbox rx: 2 oldest=1m\n"
	    "expect t.inbox resolved resolution=drained\n");
	/* Too old: at once, or as the clock moves past max_age. */
	pass("inbox rx signature=t.inbox\nat 2016-08-22T11:00:00Z\n"
	    "inbox rx: 1 oldest=2h\nexpect t.inbox open files=1\n"
	    "inbox rx: 0\nexpect t.inbox resolved resolution=drained\n"
	    "inbox rx: 1 oldest=59m\nexpect t.inbox resolved\n"
	    "at +2m\nexpect t.inbox open count=2\n");
	/* The declaration can tighten the signature's limits. */
	pass("inbox rx signature=t.inbox max_files=3 max_age=1d\n"
	    "at 2016-08-22T11:00:00Z\ninbox rx: 4 oldest=2h\n"
	    "expect t.inbox open files=4\n");
}
END_TEST

START_TEST(test_source_health)
{
	/* Silent after expect_every; a line brings it back. */
	pass("source app format=plain expect_every=1h\n"
	    "at 2016-08-22T11:00:00Z\nlog app: hello\n"
	    "at +59m\nexpect no syncwatch.source-silent\n"
	    "at +1m\nexpect syncwatch.source-silent open source=app "
	    "path=app expect_every=1h\n"
	    "log app: hello again\n"
	    "expect syncwatch.source-silent resolved resolution=back\n");
	/* Missing after missing_after; back resolves. */
	pass("source app format=plain missing_after=5m\n"
	    "at 2016-08-22T11:00:00Z\nlog app: hello\n"
	    "source app: missing\nat +4m\n"
	    "expect no syncwatch.source-missing\n"
	    "at +1m\nexpect syncwatch.source-missing open path=app\n"
	    "source app: back\n"
	    "expect syncwatch.source-missing resolved resolution=back\n");
	/* Unreadable at once, with the reason. */
	pass("source app format=plain\nat 2016-08-22T11:00:00Z\n"
	    "source app: unreadable Permission denied\n"
	    "expect syncwatch.source-unreadable open "
	    "error=\"Permission denied\"\n"
	    "source app: back\n"
	    "expect syncwatch.source-unreadable resolved resolution=back\n");
}
END_TEST

START_TEST(test_records_and_clock)
{
	/* A record without a timestamp takes the clock of its line, even
	 * when it is only flushed later. */
	pass(START "log app: plain failure\nat +1h\n"
	    "expect t.plain open first_seen=2016-08-22T11:00:00Z\n");
	/* A record with its own timestamp keeps it. */
	pass("source app format=log4net\nat 2016-08-22T11:00:00Z\n"
	    "log app: 2016-08-22 09:30:00,000 ERROR [1] X.Y - plain failure\n"
	    "expect t.plain open first_seen=2016-08-22T09:30:00Z\n");
	/* Absolute times with milliseconds, compound durations. */
	pass("source app format=plain\nat 2016-08-22T11:00:00.250Z\n"
	    "at +1h30m\nlog app: plain failure\n"
	    "expect t.plain open first_seen=2016-08-22T12:30:00.250Z\n");
}
END_TEST

START_TEST(test_harness_errors)
{
	fail_with("source app\n"
	    "# a comment\n"
	    "\n"
	    "log app: before the clock\n"
	    "at 2016-08-22T11:00:00Z\n"
	    "frobnicate now\n"
	    "at 2016-08-22T10:00:00Z\n"
	    "log nope: x\n"
	    "expect t.link open\n"
	    "at tomorrow\n"
	    "source app\n"
	    "expect t.nope open\n"
	    "expect t.link maybe\n"
	    "inbox rx signature=t.link\n"
	    "expect t.link open count=x\n",
	    (const char *const[]){
	    "t.timeline:4: no clock yet",
	    "t.timeline:6: unknown step 'frobnicate'",
	    "t.timeline:7: the clock goes back (from "
	    "2016-08-22T11:00:00.000Z to 2016-08-22T10:00:00.000Z)",
	    "t.timeline:8: unknown source 'nope'",
	    "t.timeline:9: expect t.link open: got none",
	    "t.timeline:10: bad time 'tomorrow'",
	    "t.timeline:11: source app declared twice",
	    "t.timeline:12: expect: unknown signature 't.nope'",
	    "t.timeline:13: expect: bad state 'maybe'",
	    "t.timeline:14: inbox rx: signature= must name a signature of "
	    "kind inbox",
	    "t.timeline:15: expect: bad count 'x'",
	    NULL });
	/* A timeline that expects nothing checks nothing. */
	fail_with(START "log app: plain failure\n",
	    (const char *const[]){ "no expectation", NULL });
}
END_TEST

START_TEST(test_rules_coverage)
{
	struct tl_result res;

	/* Every signature with rules but t.link is left out. */
	run_script(START "log app: link down\nexpect t.link open\n", 1, &res);
	ck_assert_int_gt(res.failures, 0);
	ck_assert_ptr_nonnull(strstr(res.out, "t.burst: rules not exercised "
	    "by any timeline"));
	ck_assert_ptr_nonnull(strstr(res.out, "t.inbox: rules not exercised"));
	ck_assert_ptr_nonnull(strstr(res.out, "syncwatch.source-missing: "
	    "rules not exercised"));
	ck_assert_ptr_null(strstr(res.out, "t.link: rules"));
	/* A plain signature needs no timeline. */
	ck_assert_ptr_null(strstr(res.out, "t.plain: rules"));
	ck_assert_int_eq(res.sum.files, 1);
	ck_assert_int_eq(res.sum.expectations, 1);
	free(res.out);
}
END_TEST

/* A catalog's samples and timelines, as check-patterns runs them. */
static void
check_catalog(const char *rel, int with_samples)
{
	char dir[512], samples[600], *cause = NULL;
	struct sigdb *db;
	struct samples_summary ss;
	struct timeline_summary ts;

	snprintf(dir, sizeof(dir), "%s/%s", test_srcdir(), rel);
	snprintf(samples, sizeof(samples), "%s/samples", dir);
	db = sigdb_load(dir, &cause);
	ck_assert_msg(db != NULL, "%s", cause);
	if (with_samples)	/* check_samples runs the shipped ones */
		ck_assert_int_eq(samples_check(db, samples, 0, stderr, &ss), 0);
	ck_assert_int_eq(timeline_check(db, samples, 0, stderr, &ts), 0);
	ck_assert_int_eq(ts.failures, 0);
	sigdb_free(db);
}

START_TEST(test_demo_catalog)
{
	check_catalog("tests/timeline", 1);
}
END_TEST

START_TEST(test_shipped_catalog_passes_its_timelines)
{
	check_catalog("patterns", 0);
}
END_TEST

Suite *
timeline_suite(void)
{
	Suite *s = suite_create("timeline");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_threshold);
	tcase_add_test(tc, test_escalation);
	tcase_add_test(tc, test_recovery);
	tcase_add_test(tc, test_resolve_after);
	tcase_add_test(tc, test_sequence);
	tcase_add_test(tc, test_inbox);
	tcase_add_test(tc, test_source_health);
	tcase_add_test(tc, test_records_and_clock);
	tcase_add_test(tc, test_harness_errors);
	tcase_add_test(tc, test_rules_coverage);
	tcase_add_test(tc, test_demo_catalog);
	tcase_add_test(tc, test_shipped_catalog_passes_its_timelines);
	suite_add_tcase(s, tc);
	return s;
}
