/*
 * check_incident — the incident engine over an in-memory store: thresholds,
 * escalation, recovery, quiet periods, sequences and conditions, and the
 * rule keys' load errors.
 */
#include <stdio.h>
#include <string.h>

#include "rules/incident.h"
#include "match/sigdb.h"
#include "store/store.h"
#include "testutil.h"
#include "lib/xmalloc.h"

#define MIN	60000LL

static const char rules[] =
    "[t.retry]\n"
    "title = r\nproduct = t\nseverity = warning\n"
    "match = retry (?<site>\\w+)\n"
    "group_by = site\n"
    "recover = ok (?<site>\\w+)\n"
    "threshold = 3 within 20m\n"
    "escalate = error after 5 hits\n"
    "escalate = critical after 2h\n"
    "meaning = m\nfix = f\n"
    "[t.flap]\n"
    "title = f\nproduct = t\nseverity = warning\n"
    "match = flap (?<site>\\w+)\n"
    "group_by = site\n"
    "recover = all good\n"
    "resolve_after = 15m\n"
    "meaning = m\nfix = f\n"
    "[t.seq]\n"
    "title = s\nproduct = t\nseverity = error\n"
    "match = initialized\n"
    "then = stopped\n"
    "without = started\n"
    "within = 1h\n"
    "meaning = m\nfix = f\n"
    "[t.box]\n"
    "title = b\nproduct = t\nseverity = error\nkind = inbox\n"
    "files = *.ins\nmax_files = 5\n"
    "meaning = m\nfix = f\n";

static struct sigdb *db;
static struct store *st;
static struct incidents *eng;

static void
setup(void)
{
	char *cause = NULL;

	db = sigdb_load_buffer("rules.sig", rules, strlen(rules), &cause);
	ck_assert_msg(db != NULL, "%s", cause);
	st = store_open(NULL, 5, &cause);
	ck_assert_msg(st != NULL, "%s", cause);
	eng = incident_new(st, db);
	ck_assert_int_eq(store_begin(st, NULL), 0);
}

static void
teardown(void)
{
	store_rollback(st);
	incident_free(eng);
	store_close(st);
	sigdb_free(db);
}

/* Feed one hit of sig/role with key {"site":site} at time t. */
static int
feed(const char *id, enum sig_role role, const char *site, int64_t t)
{
	struct incident_hit h;
	char key[64];

	snprintf(key, sizeof(key), site != NULL ? "{\"site\":\"%s\"}" : "{}",
	    site);
	memset(&h, 0, sizeof(h));
	h.sig = sigdb_find(db, id);
	ck_assert_ptr_nonnull(h.sig);
	h.role = role;
	h.source = "src";
	h.key = key;
	h.fields_json = key;
	h.time_ms = t;
	h.file = "f.log";
	h.line = 1;
	h.text = "text";
	return incident_hit(eng, &h, t, NULL);
}

struct seen {
	char	 state[16];
	char	 severity[16];
	char	 resolution[16];
	int64_t	 count;
	int64_t	 first;
	int	 n;
};

static int
on_incident(void *arg, const struct store_incident *inc)
{
	struct seen *s = arg;

	s->n++;
	snprintf(s->state, sizeof(s->state), "%s", inc->state);
	snprintf(s->severity, sizeof(s->severity), "%s", inc->severity);
	snprintf(s->resolution, sizeof(s->resolution), "%s",
	    inc->resolution != NULL ? inc->resolution : "-");
	s->count = inc->count;
	s->first = inc->first_seen;
	return 0;
}

/* The only incident of signature id (n = 0 if none). */
static struct seen
get(const char *id)
{
	struct store_filter f;
	struct seen s;

	memset(&s, 0, sizeof(s));
	memset(&f, 0, sizeof(f));
	f.signature = id;
	ck_assert_int_eq(store_query(st, &f, on_incident, &s, NULL), 0);
	ck_assert_int_le(s.n, 1);
	return s;
}

START_TEST(test_threshold_and_escalation)
{
	struct seen s;

	ck_assert_int_eq(feed("t.retry", ROLE_MATCH, "S02", 0), 1);
	ck_assert_int_eq(feed("t.retry", ROLE_MATCH, "S02", 5 * MIN), 1);
	ck_assert_int_eq(get("t.retry").n, 0);
	/* Another site's hits are another window. */
	feed("t.retry", ROLE_MATCH, "S03", 6 * MIN);
	ck_assert_int_eq(get("t.retry").n, 0);
	/* The third within 20 minutes opens it, with all three. */
	feed("t.retry", ROLE_MATCH, "S02", 10 * MIN);
	s = get("t.retry");
	ck_assert_int_eq(s.n, 1);
	ck_assert_str_eq(s.state, "open");
	ck_assert_int_eq(s.count, 3);
	ck_assert_int_eq(s.first, 0);
	ck_assert_str_eq(s.severity, "warning");
	feed("t.retry", ROLE_MATCH, "S02", 15 * MIN);
	feed("t.retry", ROLE_MATCH, "S02", 20 * MIN);
	s = get("t.retry");
	ck_assert_int_eq(s.count, 5);
	ck_assert_str_eq(s.severity, "error");
	/* Two hours open: critical, by the clock alone. */
	ck_assert_int_eq(incident_next_due(eng), 120 * MIN);
	ck_assert_int_eq(incident_advance(eng, NULL, 119 * MIN, 119 * MIN, NULL), 0);
	ck_assert_str_eq(get("t.retry").severity, "error");
	ck_assert_int_eq(incident_advance(eng, "src", 120 * MIN, 120 * MIN, NULL),
	    0);
	ck_assert_str_eq(get("t.retry").severity, "critical");
	/* A hit does not lower an escalated severity. */
	feed("t.retry", ROLE_MATCH, "S02", 121 * MIN);
	ck_assert_str_eq(get("t.retry").severity, "critical");
}
END_TEST

START_TEST(test_threshold_window_slides)
{
	feed("t.retry", ROLE_MATCH, "S02", 0);
	feed("t.retry", ROLE_MATCH, "S02", 15 * MIN);
	/* The first is more than 20 minutes before the third. */
	feed("t.retry", ROLE_MATCH, "S02", 25 * MIN);
	ck_assert_int_eq(get("t.retry").n, 0);
	feed("t.retry", ROLE_MATCH, "S02", 30 * MIN);
	ck_assert_int_eq(get("t.retry").count, 3);
}
END_TEST

START_TEST(test_keyed_recovery)
{
	struct seen s;

	feed("t.retry", ROLE_MATCH, "S02", 0);
	feed("t.retry", ROLE_MATCH, "S02", MIN);
	feed("t.retry", ROLE_MATCH, "S02", 2 * MIN);
	/* Another site's recovery leaves it open. */
	ck_assert_int_eq(feed("t.retry", ROLE_RECOVER, "S09", 3 * MIN), 0);
	ck_assert_str_eq(get("t.retry").state, "open");
	ck_assert_int_eq(feed("t.retry", ROLE_RECOVER, "S02", 4 * MIN), 0);
	s = get("t.retry");
	ck_assert_str_eq(s.state, "resolved");
	ck_assert_str_eq(s.resolution, "recovered");
	ck_assert_int_eq(s.count, 3);
	/* After a recovery the threshold applies again. */
	feed("t.retry", ROLE_MATCH, "S02", 5 * MIN);
	ck_assert_str_eq(get("t.retry").state, "resolved");
}
END_TEST

START_TEST(test_quiet_period_and_unkeyed_recovery)
{
	struct seen s;

	feed("t.flap", ROLE_MATCH, "A", 0);
	ck_assert_int_eq(incident_next_due(eng), 15 * MIN);
	/* Another source's clock does not heal this one. */
	ck_assert_int_eq(incident_advance(eng, "other", 16 * MIN, 16 * MIN, NULL),
	    0);
	ck_assert_str_eq(get("t.flap").state, "open");
	ck_assert_int_eq(incident_advance(eng, "src", 15 * MIN, 15 * MIN, NULL), 0);
	s = get("t.flap");
	ck_assert_str_eq(s.state, "resolved");
	ck_assert_str_eq(s.resolution, "self-healed");
	ck_assert_int_eq(incident_next_due(eng), -1);
	/* Reopened by a hit; a recovery without fields resolves it. */
	feed("t.flap", ROLE_MATCH, "A", 20 * MIN);
	s = get("t.flap");
	ck_assert_str_eq(s.state, "open");
	ck_assert_str_eq(s.resolution, "-");
	ck_assert_int_eq(s.count, 2);
	feed("t.flap", ROLE_RECOVER, NULL, 21 * MIN);
	ck_assert_str_eq(get("t.flap").resolution, "recovered");
}
END_TEST

START_TEST(test_sequence)
{
	/* A then B: an incident, on B. */
	ck_assert_int_eq(feed("t.seq", ROLE_MATCH, NULL, 0), 0);
	ck_assert_int_eq(get("t.seq").n, 0);
	ck_assert_int_eq(feed("t.seq", ROLE_THEN, NULL, MIN), 1);
	ck_assert_int_eq(get("t.seq").count, 1);
	/* B alone: nothing. */
	ck_assert_int_eq(feed("t.seq", ROLE_THEN, NULL, 2 * MIN), 0);
	/* A, C, B: cancelled. */
	feed("t.seq", ROLE_MATCH, NULL, 3 * MIN);
	feed("t.seq", ROLE_WITHOUT, NULL, 4 * MIN);
	ck_assert_int_eq(feed("t.seq", ROLE_THEN, NULL, 5 * MIN), 0);
	/* A, then B after the window: nothing. */
	feed("t.seq", ROLE_MATCH, NULL, 10 * MIN);
	ck_assert_int_eq(feed("t.seq", ROLE_THEN, NULL, 71 * MIN), 0);
	ck_assert_int_eq(get("t.seq").count, 1);
}
END_TEST

START_TEST(test_condition)
{
	struct incident_condition c;
	struct seen s;

	memset(&c, 0, sizeof(c));
	c.sig = sigdb_find(db, "t.box");
	c.source = "receive";
	c.fields_json = "{\"files\":9}";
	c.text = "9 files";
	c.resolution = "drained";
	c.active = 1;
	ck_assert_int_eq(incident_condition(eng, &c, 1000, 1000, NULL), 0);
	ck_assert_int_eq(incident_condition(eng, &c, 2000, 2000, NULL), 0);
	s = get("t.box");
	ck_assert_str_eq(s.state, "open");
	ck_assert_int_eq(s.count, 1);	/* one occurrence, however long */
	c.active = 0;
	ck_assert_int_eq(incident_condition(eng, &c, 3000, 3000, NULL), 0);
	s = get("t.box");
	ck_assert_str_eq(s.state, "resolved");
	ck_assert_str_eq(s.resolution, "drained");
	c.active = 1;
	incident_condition(eng, &c, 4000, 4000, NULL);
	ck_assert_int_eq(get("t.box").count, 2);
}
END_TEST

/* Each bad rule is reported at its line. */
START_TEST(test_rule_errors)
{
	static const struct {
		const char	*body;
		const char	*error;
	} cases[] = {
		{ "match = a\nthreshold = 3 in 5m\n", "t.sig:7: t.x: bad threshold" },
		{ "match = a\nthreshold = 1 within 5m\n", "t.sig:7: t.x: bad threshold" },
		{ "match = a\nescalate = loud after 5 hits\n", "t.sig:7: t.x: bad escalate" },
		{ "match = a\nescalate = warning after 5 hits\n", "not above the severity" },
		{ "match = a\nresolve_after = soon\n", "t.sig:7: t.x: bad resolve_after" },
		{ "match = a\nthen = b\n", "a sequence ('then') needs 'within'" },
		{ "match = a\nwithout = b\n", "'without' needs 'then'" },
		{ "match = (?<s>a)\ngroup_by = s\nrecover = (?<s>b)\nrecover = c\n",
		    "either every recover pattern captures" },
		{ "match = (?<s>a)\ngroup_by = s\nthen = b\nwithin = 1m\n",
		    "group_by field 's' is not captured" },
		{ "kind = inbox\nmax_files = 3\n", "an inbox signature needs 'files'" },
		{ "kind = inbox\nfiles = *.ins\nmatch = a\n", "'match' does not apply" },
		{ "files = *.ins\n", "'files' needs kind = inbox" },
		{ "kind = mystery\nmatch = a\n", "unknown kind 'mystery'" },
		{ "threshold = 2 within 1m\n", "missing 'match'" },
	};
	char text[512], *cause;
	struct sigdb *bad;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "[t.x]\ntitle = t\nproduct = t\n"
		    "severity = error\nmeaning = m\n%sfix = f\n",
		    cases[i].body);
		cause = NULL;
		bad = sigdb_load_buffer("t.sig", text, strlen(text), &cause);
		ck_assert_msg(bad == NULL, "case %zu loaded", i);
		ck_assert_msg(strstr(cause, cases[i].error) != NULL,
		    "case %zu: '%s' lacks '%s'", i, cause, cases[i].error);
		xfree(cause);
	}
}
END_TEST

START_TEST(test_rules_parsed)
{
	const struct signature *r = sigdb_find(db, "t.retry");
	const struct signature *q = sigdb_find(db, "t.seq");

	ck_assert_int_eq(r->threshold, 3);
	ck_assert_int_eq(r->threshold_ms, 20 * MIN);
	ck_assert_uint_eq(r->nescalate, 2);
	ck_assert_int_eq(r->escalate[0].hits, 5);
	ck_assert_int_eq(r->escalate[1].after_ms, 120 * MIN);
	ck_assert_int_eq(r->recover_keyed, 1);
	ck_assert_int_eq(sigdb_find(db, "t.flap")->recover_keyed, 0);
	ck_assert_int_eq(q->kind, SIG_SEQUENCE);
	ck_assert_int_eq(q->within_ms, 60 * MIN);
	ck_assert_int_eq(sigdb_find(db, "t.box")->kind, SIG_INBOX);
	ck_assert_int_eq(sigdb_has_rules(q), 1);
}
END_TEST

Suite *
incident_suite(void)
{
	Suite *s = suite_create("incident");
	TCase *tc = tcase_create("rules");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_threshold_and_escalation);
	tcase_add_test(tc, test_threshold_window_slides);
	tcase_add_test(tc, test_keyed_recovery);
	tcase_add_test(tc, test_quiet_period_and_unkeyed_recovery);
	tcase_add_test(tc, test_sequence);
	tcase_add_test(tc, test_condition);
	tcase_add_test(tc, test_rule_errors);
	tcase_add_test(tc, test_rules_parsed);
	suite_add_tcase(s, tc);
	return s;
}
