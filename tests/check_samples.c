/*
 * check_samples — the shipped catalog passes its own samples, and the
 * harness fails what it must fail: a signature without a near miss, an
 * unannotated hit, a wrong field, an encoding that changes the result, a
 * hit in another role than the one announced, a role without a sample.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check/samples.h"
#include "match/sigdb.h"
#include "testutil.h"
#include "lib/xmalloc.h"

START_TEST(test_shipped_catalog_passes_its_samples)
{
	char dir[512], samples[600], *cause = NULL;
	struct sigdb *db;
	struct samples_summary sum;
	int rc;

	snprintf(dir, sizeof(dir), "%s/patterns", test_srcdir());
	snprintf(samples, sizeof(samples), "%s/samples", dir);
	db = sigdb_load(dir, &cause);
	ck_assert_msg(db != NULL, "%s", cause);
	rc = samples_check(db, samples, 0, stderr, &sum);
	ck_assert_int_eq(sum.failures, 0);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(sum.sigs_failed, 0);
	ck_assert_int_eq(sum.sigs_ok, (int)db->nsigs);
	ck_assert_int_gt(sum.variants, sum.files);
	ck_assert_int_ge(sum.renderings, (int)db->nsigs);
	sigdb_free(db);
}
END_TEST

static const char sig_text[] =
    "[t.key]\ntitle = t\nproduct = t\nseverity = error\n"
    "formats = configmgr log4net plain\n"
    "match = no\\s+key\\s+for\\s+site\\s+(?<site>\\w+)\n"
    "group_by = site\nmeaning = m\nfix = f\n";

/*
 * Write a sample dir with one file; run the harness over the signatures
 * sigs; return failures.
 */
static int
run_sample_with(const char *sigs, const char *content, size_t len)
{
	char dir[512], path[600], *cause = NULL;
	struct sigdb *db;
	struct samples_summary sum;

	test_mkdtemp(dir, sizeof(dir), "check_samples");
	snprintf(path, sizeof(path), "%s/a.log", dir);
	test_write_file(path, content, len);
	db = sigdb_load_buffer("t.sig", sigs, strlen(sigs), &cause);
	ck_assert_msg(db != NULL, "%s", cause);
	samples_check(db, dir, 0, NULL, &sum);
	sigdb_free(db);
	ck_assert_int_eq(test_rmtree(dir), 0);
	return sum.failures;
}

static int
run_sample(const char *content, size_t len)
{
	return run_sample_with(sig_text, content, len);
}

#define S(x) x, sizeof(x) - 1

START_TEST(test_harness_verdicts)
{
	/* Good: one match with its field, one near miss. */
	ck_assert_int_eq(run_sample(S(
	    "#> match t.key site=S02\n"
	    "2016-08-22 04:15:01,917 ERROR [5] X.Y - no key for site S02\n"
	    "#> miss t.key\n"
	    "2016-08-22 04:15:02,000 INFO [5] X.Y - key for site S02 found\n")),
	    0);
	/* Wrong field value. */
	ck_assert_int_gt(run_sample(S(
	    "#> match t.key site=S03\nno key for site S02\n"
	    "#> miss t.key\nfine\n")), 0);
	/* A hit nobody announced. */
	ck_assert_int_gt(run_sample(S(
	    "#> match t.key site=S02\nno key for site S02\n"
	    "#> miss t.key\nfine\nno key for site S09\n")), 0);
	/* A near miss that matches. */
	ck_assert_int_gt(run_sample(S(
	    "#> match t.key site=S02\nno key for site S02\n"
	    "#> miss t.key\nno key for site S04\n")), 0);
	/* No near miss at all. */
	ck_assert_int_gt(run_sample(S(
	    "#> match t.key site=S02\nno key for site S02\n")), 0);
	/* group_by field not named in the annotation. */
	ck_assert_int_gt(run_sample(S(
	    "#> match t.key\nno key for site S02\n#> miss t.key\nfine\n")), 0);
	/* Unknown signature, unknown directive. */
	ck_assert_int_gt(run_sample(S(
	    "#> match t.nope\nno key for site S02\n")), 0);
	ck_assert_int_gt(run_sample(S("#> maybe t.key\nfine\n")), 0);
}
END_TEST

START_TEST(test_annotations_apply_to_all_records_on_a_line)
{
	/* Two ConfigMgr records on one physical line, both announced. */
	ck_assert_int_eq(run_sample(S(
	    "#> format configmgr\n"
	    "#> match t.key site=A01\n"
	    "#> match t.key site=B02\n"
	    "no key for site A01~  $$<C><08-22-2016 04:15:01.917+420>"
	    "<thread=1 (0x1)>no key for site B02~  $$<C><08-22-2016 "
	    "04:15:01.918+420><thread=1 (0x1)>\n"
	    "#> miss t.key\n"
	    "all good~  $$<C><08-22-2016 04:15:01.919+420><thread=1 (0x1)>\n")),
	    0);
}
END_TEST

/* A sequence, an unkeyed and a keyed recovery, and an inbox. */
static const char role_sigs[] =
    "[t.seq]\ntitle = t\nproduct = t\nseverity = error\n"
    "formats = log4net plain\n"
    "match = job\\s+(?<job>\\w+)\\s+started\n"
    "then = job\\s+(?<job>\\w+)\\s+failed\n"
    "without = job\\s+(?<job>\\w+)\\s+cancelled\n"
    "within = 5m\ngroup_by = job\nmeaning = m\nfix = f\n"
    "[t.rec]\ntitle = t\nproduct = t\nseverity = error\n"
    "formats = configmgr plain\nmatch = link\\s+down\n"
    "recover = link\\s+up\nmeaning = m\nfix = f\n"
    "[t.krec]\ntitle = t\nproduct = t\nseverity = error\n"
    "match = site\\s+(?<site>\\w+)\\s+unreachable\n"
    "recover = site\\s+(?<site>\\w+)\\s+reachable\\s+again\n"
    "group_by = site\nmeaning = m\nfix = f\n"
    "[t.inbox]\ntitle = t\nproduct = t\nseverity = error\nkind = inbox\n"
    "files = *.ins\nmax_files = 5\nmeaning = m\nfix = f\n";

#define ROLES_OK \
    "#> match t.seq job=a\njob a started\n" \
    "#> then t.seq job=a\njob a failed\n" \
    "#> without t.seq job=b\njob b cancelled\n" \
    "#> miss t.seq\nnothing here\n" \
    "#> match t.rec\nlink down\n" \
    "#> miss t.rec\nlink flapping\n" \
    "#> match t.krec site=S1\nsite S1 unreachable\n" \
    "#> recover t.krec site=S1\nsite S1 reachable again\n" \
    "#> miss t.krec\nsite S1 fine\n"

START_TEST(test_role_annotations)
{
	/* Every role announced; the inbox signature needs no sample. */
	ck_assert_int_eq(run_sample_with(role_sigs, S(ROLES_OK
	    "#> recover t.rec\nlink up\n")), 0);
	/* The recovery line not announced. */
	ck_assert_int_gt(run_sample_with(role_sigs, S(ROLES_OK
	    "link up\n")), 0);
	/* No sample for t.rec's recover patterns at all. */
	ck_assert_int_gt(run_sample_with(role_sigs, S(ROLES_OK)), 0);
	/* A `then` line announced as a match. */
	ck_assert_int_gt(run_sample_with(role_sigs, S(ROLES_OK
	    "#> recover t.rec\nlink up\n#> match t.seq job=c\n"
	    "job c failed\n")), 0);
	/* A near miss that hits in another role. */
	ck_assert_int_gt(run_sample_with(role_sigs, S(ROLES_OK
	    "#> recover t.rec\nlink up\n#> miss t.rec\nlink up again\n")),
	    0);
	/* A keyed recovery must name the key; an unkeyed one need not. */
	ck_assert_int_gt(run_sample_with(role_sigs, S(ROLES_OK
	    "#> recover t.rec\nlink up\n#> recover t.krec\n"
	    "site S2 reachable again\n")), 0);
	/* A wrong field in a `then` annotation. */
	ck_assert_int_gt(run_sample_with(role_sigs, S(ROLES_OK
	    "#> recover t.rec\nlink up\n#> match t.seq job=d\n"
	    "job d started\n#> then t.seq job=e\njob d failed\n")), 0);
	/* A role the signature has no pattern for. */
	ck_assert_int_gt(run_sample_with(role_sigs, S(ROLES_OK
	    "#> recover t.rec\n#> then t.rec\nlink up\n")), 0);
	/* Inbox signatures are for timelines, not samples. */
	ck_assert_int_gt(run_sample_with(role_sigs, S(ROLES_OK
	    "#> recover t.rec\nlink up\n#> miss t.inbox\nfine\n")), 0);
}
END_TEST

START_TEST(test_one_record_several_roles)
{
	/* One line that cancels a sequence and recovers: both announced. */
	static const char sigs[] =
	    "[t.svc]\ntitle = t\nproduct = t\nseverity = error\n"
	    "formats = plain\nmatch = service\\s+stopping\n"
	    "then = service\\s+stopped\nwithout = service\\s+started\n"
	    "recover = service\\s+started\nwithin = 5m\n"
	    "meaning = m\nfix = f\n";

	ck_assert_int_eq(run_sample_with(sigs, S(
	    "#> match t.svc\nservice stopping\n"
	    "#> then t.svc\nservice stopped\n"
	    "#> without t.svc\n#> recover t.svc\nservice started\n"
	    "#> miss t.svc\nservice paused\n")), 0);
	ck_assert_int_gt(run_sample_with(sigs, S(
	    "#> match t.svc\nservice stopping\n"
	    "#> then t.svc\nservice stopped\n"
	    "#> without t.svc\nservice started\n"
	    "#> miss t.svc\nservice paused\n")), 0);
}
END_TEST

Suite *
samples_suite(void)
{
	Suite *s = suite_create("samples");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_shipped_catalog_passes_its_samples);
	tcase_add_test(tc, test_harness_verdicts);
	tcase_add_test(tc, test_annotations_apply_to_all_records_on_a_line);
	tcase_add_test(tc, test_role_annotations);
	tcase_add_test(tc, test_one_record_several_roles);
	suite_add_tcase(s, tc);
	return s;
}
