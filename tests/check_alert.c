/*
 * check_alert — an incident's labels and annotations for Prometheus and
 * Alertmanager (rules/alert.c): the stable alert name, the group_by
 * fields as labels (only those with a value, and never one that would
 * replace a label of syncwatch's own), the title, first fix step and
 * incident link.
 */
#include <string.h>

#include "match/sigdb.h"
#include "rules/alert.h"
#include "store/store.h"
#include "testutil.h"

static const char sigs[] =
    "[configmgr.sender.cannot-connect]\ntitle = Sender cannot connect\n"
    "product = configmgr\nseverity = error\n"
    "match = to (?<site>\\w+) from (?<server>\\w+) as (?<severity>\\w+) "
    "(?<x_1>\\w+)(?: (?<nothere>\\w+))?\n"
    "group_by = site server severity x_1 nothere\n"
    "meaning = m\nfix = First step.\nfix = Second step.\n"
    "[t.nofix]\ntitle = No fix\nproduct = p\nseverity = warning\n"
    "match = nothing\nmeaning = m\nfix = Look.\n";

static struct store_incident
incident(const char *sig, const char *fields)
{
	struct store_incident inc;

	memset(&inc, 0, sizeof(inc));
	inc.id = 42;
	inc.signature = sig;
	inc.source = "sender";
	inc.fields_json = fields;
	inc.severity = "error";
	inc.state = "open";
	inc.product = "configmgr";
	return inc;
}

START_TEST(test_labels_and_annotations)
{
	struct sigdb *db;
	struct store_incident inc = incident("configmgr.sender.cannot-connect",
	    "{\"site\":\"S02\",\"server\":\"SCCM2\",\"severity\":\"bogus\","
	    "\"x_1\":\"\"}");
	struct alert a;
	char *cause = NULL;

	db = sigdb_load_buffer("t.sig", sigs, strlen(sigs), &cause);
	ck_assert_msg(db != NULL, "%s", cause);
	alert_make(&a, &inc, db, "sccm-s01", "https://s01.example.com");
	ck_assert_str_eq(a.alertname, "SyncwatchConfigmgrSenderCannotConnect");
	ck_assert_str_eq(alert_label(&a, "signature"),
	    "configmgr.sender.cannot-connect");
	ck_assert_str_eq(alert_label(&a, "severity"), "error");
	ck_assert_str_eq(alert_label(&a, "product"), "configmgr");
	ck_assert_str_eq(alert_label(&a, "source"), "sender");
	ck_assert_str_eq(alert_label(&a, "id"), "42");
	ck_assert_str_eq(alert_label(&a, "state"), "open");
	ck_assert_str_eq(alert_label(&a, "syncwatch"), "sccm-s01");
	ck_assert_str_eq(alert_label(&a, "site"), "S02");
	ck_assert_str_eq(alert_label(&a, "server"), "SCCM2");
	/* A field does not replace syncwatch's own label; an empty one and
	   one the record lacks are left out. */
	ck_assert_uint_eq(a.nlabels, 9);
	ck_assert_ptr_null(alert_label(&a, "x_1"));
	ck_assert_ptr_null(alert_label(&a, "nothere"));
	ck_assert_str_eq(a.summary, "Sender cannot connect");
	ck_assert_str_eq(a.fix, "First step.");
	ck_assert_str_eq(a.url, "https://s01.example.com/incidents/42");
	alert_clear(&a);

	inc = incident("t.nofix", "{}");
	alert_make(&a, &inc, db, "n", "http://h:1");
	ck_assert_str_eq(a.alertname, "SyncwatchTNofix");
	ck_assert_str_eq(a.fix, "Look.");
	alert_clear(&a);
	/* A signature the database no longer has: no title, no fix. */
	inc = incident("gone.sig-1", "not json");
	alert_make(&a, &inc, db, "n", "http://h:1");
	ck_assert_str_eq(a.alertname, "SyncwatchGoneSig1");
	ck_assert_str_eq(a.summary, "gone.sig-1");
	ck_assert_str_eq(a.fix, "");
	ck_assert_uint_eq(a.nlabels, 7);
	alert_clear(&a);
	alert_make(&a, &inc, NULL, "n", "http://h:1");
	ck_assert_str_eq(a.summary, "gone.sig-1");
	alert_clear(&a);
	sigdb_free(db);
}
END_TEST

Suite *
alert_suite(void)
{
	Suite *s = suite_create("alert");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_labels_and_annotations);
	suite_add_tcase(s, tc);
	return s;
}
