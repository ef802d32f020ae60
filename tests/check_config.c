/*
 * check_config — the daemon's INI file: defaults, every key, FILE:LINE
 * errors and warnings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "event.h"
#include "testutil.h"
#include "xmalloc.h"

static char path[64];

static void
write_conf(const char *text)
{
	FILE *f;
	int fd;

	strcpy(path, "/tmp/check_config.XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ne(fd, -1);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
}

START_TEST(test_full_config)
{
	struct config *cf;
	char *cause = NULL, *warnings = NULL;

	write_conf("# comment\n"
	    "[daemon]\n"
	    "state_dir = /var/lib/sw     # inline comment\n"
	    "listen = 127.0.0.1:9000\n"
	    "patterns = /opt/p\n"
	    "retention_days = 30\n"
	    "[source despool]\n"
	    "path = /nonexistent/dir/despool.log\n"
	    "format = configmgr\n"
	    "product = configmgr\n"
	    "start_at = beginning\n"
	    "watch = poll\n"
	    "poll_interval = 250ms\n"
	    "timezone = -300\n"
	    "quiet = 1s\n"
	    "max_record = 2048\n"
	    "[source eps]\n"
	    "path = /nonexistent/*.log\n");
	cf = config_load(path, &cause, &warnings);
	ck_assert_msg(cf != NULL, "%s", cause);
	ck_assert_str_eq(cf->state_dir, "/var/lib/sw");
	ck_assert_str_eq(cf->listen, "127.0.0.1:9000");
	ck_assert_str_eq(cf->patterns, "/opt/p");
	ck_assert_int_eq(cf->retention_days, 30);
	ck_assert_uint_eq(cf->nsources, 2);
	ck_assert_str_eq(cf->sources[0].name, "despool");
	ck_assert_int_eq(cf->sources[0].format, FMT_CONFIGMGR);
	ck_assert_str_eq(cf->sources[0].product, "configmgr");
	ck_assert_int_eq(cf->sources[0].start_at_end, 0);
	ck_assert_int_eq(cf->sources[0].watch, WATCH_POLL);
	ck_assert_int_eq(cf->sources[0].poll_ms, 250);
	ck_assert_int_eq(cf->sources[0].tz_minutes, -300);
	ck_assert_int_eq(cf->sources[0].quiet_ms, 1000);
	ck_assert_uint_eq(cf->sources[0].max_record, 2048);
	/* Defaults. */
	ck_assert_int_eq(cf->sources[1].format, FMT_AUTO);
	ck_assert_ptr_null(cf->sources[1].product);
	ck_assert_int_eq(cf->sources[1].start_at_end, 1);
	ck_assert_int_eq(cf->sources[1].watch, WATCH_INOTIFY);
	/* Missing files are waited for: warnings with their line. */
	ck_assert_ptr_nonnull(warnings);
	ck_assert_msg(strstr(warnings, ":8: [source despool]") != NULL, "%s",
	    warnings);
	ck_assert_msg(strstr(warnings, "nothing matches") != NULL, "%s",
	    warnings);
	xfree(warnings);
	config_free(cf);
	unlink(path);
}
END_TEST

static void
expect_error(const char *text, const char *want)
{
	struct config *cf;
	char *cause = NULL, needle[256];

	write_conf(text);
	cf = config_load(path, &cause, NULL);
	ck_assert_msg(cf == NULL, "loaded; expected %s", want);
	snprintf(needle, sizeof(needle), "%s:%s", path, want);
	ck_assert_msg(strstr(cause, needle) != NULL, "expected '%s' in '%s'",
	    needle, cause);
	xfree(cause);
	unlink(path);
}

START_TEST(test_errors_have_file_and_line)
{
	expect_error("[daemon]\ncolour = blue\n[source a]\npath = /x\n",
	    "2: unknown key 'colour' in [daemon]");
	expect_error("[source a]\npath = /x\nformat = xml\n",
	    "3: unknown format 'xml'");
	expect_error("[source a]\npath = /x\nstart_at = middle\n",
	    "3: start_at must be");
	expect_error("[source a]\npath = /x\npoll_interval = soon\n",
	    "3: bad poll_interval");
	expect_error("[source a]\npath = relative.log\n",
	    "2: [source a]: path must be absolute");
	expect_error("[source a]\nformat = plain\n", "1: [source a] has no path");
	expect_error("[daemon]\nstate_dir = /x\n", "2: no [source NAME]");
	expect_error("[sauce a]\npath = /x\n", "2: unknown section [sauce a]");
	expect_error("[source a]\npath = /x\npath = /y\n",
	    "3: duplicate key 'path'");
	expect_error("[source a]\npath = /x\n[daemon]\nretention_days = 0\n",
	    "4: bad retention_days");
	expect_error("[source a]\npath = /x\nthis is not ini\n", "3: syntax");
}
END_TEST

START_TEST(test_duration)
{
	int ms;

	ck_assert_int_eq(config_parse_duration("250ms", &ms), 0);
	ck_assert_int_eq(ms, 250);
	ck_assert_int_eq(config_parse_duration("2", &ms), 0);
	ck_assert_int_eq(ms, 2000);
	ck_assert_int_eq(config_parse_duration("1.5s", &ms), 0);
	ck_assert_int_eq(ms, 1500);
	ck_assert_int_eq(config_parse_duration("5m", &ms), 0);
	ck_assert_int_eq(ms, 300000);
	ck_assert_int_eq(config_parse_duration("1h", &ms), 0);
	ck_assert_int_eq(ms, 3600000);
	ck_assert_int_eq(config_parse_duration("-1s", &ms), -1);
	ck_assert_int_eq(config_parse_duration("5 parsecs", &ms), -1);
	ck_assert_int_eq(config_parse_duration("", &ms), -1);
}
END_TEST

Suite *
config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_full_config);
	tcase_add_test(tc, test_errors_have_file_and_line);
	tcase_add_test(tc, test_duration);
	suite_add_tcase(s, tc);
	return s;
}
