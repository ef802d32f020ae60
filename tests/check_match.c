/*
 * check_match — the engine on hand-made records: prefilter and PCRE2
 * agree, fields come out, supersedes/unless/format/product/source rules
 * hold, and hostile records are survived.
 */
#include <stdlib.h>
#include <string.h>

#include "decode/event.h"
#include "match/match.h"
#include "match/sigdb.h"
#include "testutil.h"
#include "lib/xmalloc.h"

static const char db_text[] =
    "[t.generic]\n"
    "title = Null reference\nproduct = esync\nseverity = error\n"
    "match = Object\\s+reference\\s+not\\s+set\n"
    "meaning = m\nfix = f\n"
    "[t.specific]\n"
    "title = Asset library\nproduct = esync\nseverity = error\n"
    "match = SyncAssetLibraryFailed[\\s\\S]*?Object\\s+reference\n"
    "supersedes = t.generic\n"
    "meaning = m\nfix = f\n"
    "[t.site]\n"
    "title = Key\nproduct = configmgr\nseverity = critical\n"
    "formats = configmgr plain\n"
    "match = from\\s+site\\s+(?<site>[A-Z0-9]{3})(?:\\s+via\\s+(?<via>\\w+))?\n"
    "unless = successfully\n"
    "group_by = site\n"
    "meaning = m\nfix = f\n"
    "[t.nolit]\n"
    "title = Alternation\nproduct = other\nseverity = warning\n"
    "sources = sender.log*\n"
    "match = alpha|omega\n"
    "meaning = m\nfix = f\n";

static struct sigdb *db;

static void
setup(void)
{
	char *cause = NULL;

	db = sigdb_load_buffer("t.sig", db_text, strlen(db_text), &cause);
	ck_assert_msg(db != NULL, "%s", cause);
}

static void
teardown(void)
{
	sigdb_free(db);
}

static struct event
ev_of(const char *text, enum event_format f)
{
	struct event ev;

	memset(&ev, 0, sizeof(ev));
	ev.format = f;
	ev.text = text;
	ev.text_len = strlen(text);
	ev.first = text;
	ev.first_len = strlen(text);
	ev.line = 1;
	ev.component = ev.level = ev.thread = "";
	return ev;
}

START_TEST(test_fields_and_optional_capture)
{
	struct matcher *m = match_new(db, NULL);
	struct event ev = ev_of("Cannot find key from site S02, retry",
	    FMT_CONFIGMGR);
	const struct match_hit *h;

	ck_assert_uint_eq(match_event(m, &ev, &h), 1);
	ck_assert_str_eq(h[0].sig->id, "t.site");
	ck_assert_uint_eq(h[0].nfields, 1);	/* 'via' did not take part */
	ck_assert_str_eq(match_field(&h[0], "site")->value, "S02");
	ck_assert_ptr_null(match_field(&h[0], "via"));
	ev = ev_of("instruction from site P01 via LAN1", FMT_PLAIN);
	ck_assert_uint_eq(match_event(m, &ev, &h), 1);
	ck_assert_str_eq(match_field(&h[0], "via")->value, "LAN1");
	match_free(m);
}
END_TEST

START_TEST(test_supersedes_keeps_most_specific)
{
	struct matcher *m = match_new(db, NULL);
	struct event ev = ev_of("SyncAssetLibraryFailed failed with message: "
	    "Object reference not set to an instance of an object.",
	    FMT_PLAIN);
	const struct match_hit *h;

	ck_assert_uint_eq(match_event(m, &ev, &h), 1);
	ck_assert_str_eq(h[0].sig->id, "t.specific");
	ev = ev_of("Object reference not set to an instance of an object.",
	    FMT_PLAIN);
	ck_assert_uint_eq(match_event(m, &ev, &h), 1);
	ck_assert_str_eq(h[0].sig->id, "t.generic");
	match_free(m);
}
END_TEST

/*
 * supersedes drops the weaker hit only when both read the same event:
 * overlapping matches, or one piece of text; a different event in the
 * same record (after a blank line, on a dated line of its own) keeps its
 * hit.
 */
START_TEST(test_supersedes_only_the_same_event)
{
	static const struct {
		const char	*text;
		size_t		 hits;
	} cases[] = {
		{ "Object reference not set here.\n\n"
		  "SyncAssetLibraryFailed: Object reference not set", 2 },
		{ "Object reference not set here.\n"
		  "5/4/2011 10:00:01 AM SyncAssetLibraryFailed: Object reference",
		  2 },
		{ "Object reference not set here.\n"
		  "2011-05-04 10:00:01 SyncAssetLibraryFailed: Object reference",
		  2 },
		/* One exception over lines, and on one line: the same. */
		{ "Object reference not set here.\n"
		  "   ---> SyncAssetLibraryFailed: Object reference", 1 },
		{ "Object reference not set. SyncAssetLibraryFailed: Object "
		  "reference", 1 },
	};
	struct matcher *m = match_new(db, NULL);
	const struct match_hit *h;
	struct event ev;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ev = ev_of(cases[i].text, FMT_PLAIN);
		ck_assert_msg(match_event(m, &ev, &h) == cases[i].hits,
		    "case %zu", i);
	}
	match_free(m);
}
END_TEST

START_TEST(test_unless_format_product_and_source)
{
	struct matcher *m;
	struct event ev;
	const struct match_hit *h;

	m = match_new(db, NULL);
	ev = ev_of("Processed instruction from site S02 successfully",
	    FMT_CONFIGMGR);
	ck_assert_uint_eq(match_event(m, &ev, &h), 0);		/* unless */
	ev = ev_of("from site S02", FMT_LOG4NET);
	ck_assert_uint_eq(match_event(m, &ev, &h), 0);		/* format */
	ev = ev_of("the omega point", FMT_PLAIN);
	ck_assert_uint_eq(match_event(m, &ev, &h), 0);		/* source */
	match_set_source(m, "/srv/sms/Logs/SENDER.LOG");
	ck_assert_uint_eq(match_event(m, &ev, &h), 1);
	ck_assert_str_eq(h[0].sig->id, "t.nolit");
	match_set_source(m, "C:\\SMS\\Logs\\sender.lo_");
	ck_assert_uint_eq(match_event(m, &ev, &h), 0);
	match_free(m);

	m = match_new(db, "esync, other");
	ev = ev_of("from site S02", FMT_CONFIGMGR);
	ck_assert_uint_eq(match_event(m, &ev, &h), 0);		/* product */
	ev = ev_of("Object reference not set", FMT_ENTLIB);
	ck_assert_uint_eq(match_event(m, &ev, &h), 1);
	match_free(m);
}
END_TEST

/*
 * Found while writing fuzz-sig's oracle: caseless UTF matching takes
 * KELVIN SIGN (U+212A) for 'k' and LONG S (U+017F) for 's', which the
 * prefilter's ASCII folding does not know, so a record spelled with them
 * lost its hit to the prefilter.
 */
START_TEST(test_unicode_partners_of_k_and_s)
{
	static const char sig[] =
	    "[t.disk]\ntitle = t\nproduct = p\nseverity = error\n"
	    "match = not enough disk\\s+space\nmeaning = m\nfix = f\n";
	static const char *const texts[] = {
	    "Not enough disk space",
	    "Not enough di\xc5\xbf\xe2\x84\xaa space",
	    "Not enough disk \xc5\xbfpace",
	    "NOT ENOUGH DIS\xe2\x84\xaa SPACE",
	};
	struct sigdb *d;
	struct matcher *m;
	struct event ev;
	const struct match_hit *h;
	char *cause = NULL;
	size_t i;

	d = sigdb_load_buffer("k.sig", sig, strlen(sig), &cause);
	ck_assert_msg(d != NULL, "%s", cause);
	m = match_new(d, NULL);
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		ev = ev_of(texts[i], FMT_PLAIN);
		ck_assert_msg(match_event(m, &ev, &h) == 1, "no hit on \"%s\"",
		    texts[i]);
	}
	match_free(m);
	sigdb_free(d);
}
END_TEST

START_TEST(test_hostile_records)
{
	struct matcher *m = match_new(db, NULL);
	size_t big = 4 * 1024 * 1024, i;
	char *text = xmalloc(big + 64);
	struct event ev;
	const struct match_hit *h;

	for (i = 0; i < big; i++)
		text[i] = "Object \0\xff<script>"[i % 17];
	memcpy(text + big, " from site ABC", 15);
	ev = ev_of("", FMT_CONFIGMGR);
	ev.text = text;
	ev.text_len = big + 14;
	ck_assert_uint_eq(match_event(m, &ev, &h), 1);
	ck_assert_str_eq(match_field(&h[0], "site")->value, "ABC");
	ck_assert_uint_eq(match_stats(m)->events, 1);
	xfree(text);
	match_free(m);
}
END_TEST

Suite *
match_suite(void)
{
	Suite *s = suite_create("match");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_fields_and_optional_capture);
	tcase_add_test(tc, test_supersedes_keeps_most_specific);
	tcase_add_test(tc, test_supersedes_only_the_same_event);
	tcase_add_test(tc, test_unless_format_product_and_source);
	tcase_add_test(tc, test_unicode_partners_of_k_and_s);
	tcase_add_test(tc, test_hostile_records);
	suite_add_tcase(s, tc);
	return s;
}
