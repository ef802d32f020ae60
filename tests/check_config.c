/*
 * check_config — the daemon's INI file: defaults, every key, FILE:LINE
 * errors and warnings.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/config.h"
#include "decode/event.h"
#include "testutil.h"
#include "lib/xmalloc.h"
#include "lib/duration.h"

static char confdir[512], path[600];

/* The configuration file path: text, in a new temporary directory. */
static void
write_conf(const char *text)
{
	test_mkdtemp(confdir, sizeof(confdir), "check_config");
	snprintf(path, sizeof(path), "%s/syncwatch.conf", confdir);
	test_write_file(path, text, strlen(text));
}

/* Remove what write_conf made. */
static void
drop_conf(void)
{
	ck_assert_int_eq(test_rmtree(confdir), 0);
}

START_TEST(test_full_config)
{
	struct config *cf;
	char *cause = NULL, *warnings = NULL;

	write_conf("# comment\n"
	    "[daemon]\n"
	    "state_dir = " TEST_ABS "/var/lib/sw     # inline comment\n"
	    "listen = 127.0.0.1:9000\n"
	    "patterns = " TEST_ABS "/opt/p\n"
	    "retention_days = 30\n"
	    "[source despool]\n"
	    "path = " TEST_ABS "/nonexistent/dir/despool.log\n"
	    "format = configmgr\n"
	    "product = configmgr\n"
	    "start_at = beginning\n"
	    "watch = poll\n"
	    "poll_interval = 250ms\n"
	    "timezone = -300\n"
	    "quiet = 1s\n"
	    "max_record = 2048\n"
	    "expect_every = 8h\n"
	    "missing_after = 5m\n"
	    "[source eps]\n"
	    "path = " TEST_ABS "/nonexistent/*.log\n");
	cf = config_load(path, &cause, &warnings);
	ck_assert_msg(cf != NULL, "%s", cause);
	ck_assert_str_eq(cf->state_dir, TEST_ABS "/var/lib/sw");
	ck_assert_str_eq(cf->listen, "127.0.0.1:9000");
	ck_assert_str_eq(cf->patterns, TEST_ABS "/opt/p");
	ck_assert_int_eq(cf->retention_days, 30);
	ck_assert_uint_eq(cf->nsources, 2);
	ck_assert_str_eq(cf->sources[0].name, "despool");
	ck_assert_int_eq(cf->sources[0].format, FMT_CONFIGMGR);
	ck_assert_str_eq(cf->sources[0].product, "configmgr");
	ck_assert_int_eq(cf->sources[0].start_at_end, 0);
	ck_assert_int_eq(cf->sources[0].watch, WATCH_POLL);
	ck_assert_int_eq(cf->sources[0].poll_ms, 250);
	ck_assert_int_eq(cf->sources[0].tz_minutes, -300);
	ck_assert_ptr_null(cf->sources[0].tz_name);
	ck_assert_int_eq(cf->sources[0].quiet_ms, 1000);
	ck_assert_uint_eq(cf->sources[0].max_record, 2048);
	ck_assert_int_eq(cf->sources[0].expect_every_ms, 8 * 3600 * 1000);
	ck_assert_int_eq(cf->sources[0].missing_ms, 300000);
	/* Defaults. */
	ck_assert_int_eq(cf->sources[1].format, FMT_AUTO);
	ck_assert_ptr_null(cf->sources[1].product);
	ck_assert_int_eq(cf->sources[1].start_at_end, 1);
	ck_assert_int_eq(cf->sources[1].watch, WATCH_INOTIFY);
	ck_assert_int_eq(cf->sources[1].expect_every_ms, 0);
	ck_assert_int_eq(cf->sources[1].missing_ms, 60000);
	ck_assert_str_eq(cf->sources[1].tz_name, "local");
	ck_assert_uint_eq(cf->ninboxes, 0);
	/* Missing files are waited for: warnings with their line. */
	ck_assert_ptr_nonnull(warnings);
	ck_assert_msg(strstr(warnings, ":8: [source despool]") != NULL, "%s",
	    warnings);
	ck_assert_msg(strstr(warnings, "nothing matches") != NULL, "%s",
	    warnings);
	xfree(warnings);
	config_free(cf);
	drop_conf();
}
END_TEST

static void
expect_error(const char *text, const char *want)
{
	struct config *cf;
	char *cause = NULL, needle[1024];

	write_conf(text);
	cf = config_load(path, &cause, NULL);
	ck_assert_msg(cf == NULL, "loaded; expected %s", want);
	snprintf(needle, sizeof(needle), "%s:%s", path, want);
	ck_assert_msg(strstr(cause, needle) != NULL, "expected '%s' in '%s'",
	    needle, cause);
	xfree(cause);
	drop_conf();
}

/* An IANA zone from tzdata, and the system's. */
START_TEST(test_timezone_names)
{
	struct config *cf;
	char *cause = NULL, *warnings = NULL;

	write_conf("[source a]\npath = " TEST_ABS "/x\n"
	    "timezone = Europe/Berlin\n[source b]\npath = " TEST_ABS "/y\n"
	    "timezone = local\n");

	cf = config_load(path, &cause, &warnings);
	ck_assert_msg(cf != NULL, "%s", cause);
	ck_assert_str_eq(cf->sources[0].tz_name, "Europe/Berlin");
	ck_assert_str_eq(cf->sources[1].tz_name, "local");
	xfree(warnings);
	config_free(cf);
	drop_conf();
}
END_TEST

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
	/* Nothing to watch yet (a fresh install): loads, with a warning. */
	{
		struct config *cf;
		char *cause = NULL, *warnings = NULL;

		write_conf("[daemon]\nlisten = off\n");
		cf = config_load(path, &cause, &warnings);
		ck_assert_msg(cf != NULL, "%s", cause);
		ck_assert_uint_eq(cf->nsources + cf->ninboxes, 0);
		ck_assert_msg(warnings != NULL && strstr(warnings,
		    ":2: no [source NAME] or [inbox NAME] section yet") !=
		    NULL, "%s", warnings != NULL ? warnings : "no warning");
		xfree(warnings);
		config_free(cf);
		drop_conf();
	}
	expect_error("[sauce a]\npath = /x\n", "2: unknown section [sauce a] "
	    "(want [daemon], [alertmanager], [source NAME] or [inbox NAME])");
	expect_error("[source a]\npath = /x\n[source a]\npath = /y\n",
	    "3: duplicate [source a] (first at line 1)");
	expect_error("[source ]\npath = /x\n", "1: [source] without a name");
	expect_error("[source a]\npath = /x\npath = /y\n",
	    "3: duplicate key 'path'");
	expect_error("[source a]\npath = /x\n[daemon]\nretention_days = 0\n",
	    "4: bad retention_days");
	expect_error("[source a]\npath = /x\nthis is not ini\n", "3: syntax");
	expect_error("[source a]\npath = /x\ntimezone = +900\n",
	    "3: bad timezone '+900'");
	expect_error("[source a]\npath = /x\ntimezone = Mars/Olympus_Mons\n",
	    "3: time zone Mars/Olympus_Mons: ");
	expect_error("[source a]\npath = /x\ntimezone = ../../etc/passwd\n",
	    "3: '../../etc/passwd' is not a time zone name");
}
END_TEST

/*
 * The lines: every mistake in one pass, indented lines, comments only
 * where they cannot be part of a value, values of any length.
 */
/* The fleet: the daemon's name and URL, and the push to Alertmanager. */
START_TEST(test_fleet_keys)
{
	struct config *cf;
	char *cause = NULL;

	write_conf("[daemon]\nlisten = 0.0.0.0:8470\n"
	    "[source a]\npath = " TEST_ABS "/x\n");
	cf = config_load(path, &cause, NULL);
	ck_assert_msg(cf != NULL, "%s", cause);
	/* Defaults: the host name, and a URL on it. */
	ck_assert_msg(strlen(cf->name) > 0, "no name");
	ck_assert_msg(strncmp(cf->external_url, "http://", 7) == 0 &&
	    strstr(cf->external_url, cf->name) != NULL &&
	    strstr(cf->external_url, ":8470") != NULL, "%s",
	    cf->external_url);
	ck_assert_uint_eq(cf->am.nurls, 0);
	config_free(cf);
	drop_conf();

	write_conf("[daemon]\nname = sccm-s01\n"
	    "external_url = https://s01.example.com/sw/\n"
	    "[alertmanager]\nurl = http://am1:9093/ http://am2:9093\n"
	    "url = https://am3:9093\nresend_interval = 2m\n"
	    "[source a]\npath = " TEST_ABS "/x\n");
	cf = config_load(path, &cause, NULL);
	ck_assert_msg(cf != NULL, "%s", cause);
	ck_assert_str_eq(cf->name, "sccm-s01");
	ck_assert_str_eq(cf->external_url, "https://s01.example.com/sw");
	ck_assert_uint_eq(cf->am.nurls, 3);
	ck_assert_str_eq(cf->am.urls[0], "http://am1:9093");
	ck_assert_str_eq(cf->am.urls[2], "https://am3:9093");
	ck_assert_int_eq(cf->am.resend_ms, 120000);
	config_free(cf);
	drop_conf();

	expect_error("[daemon]\nexternal_url = ftp://x\n[source a]\n"
	    "path = /x\n", "2: bad external_url 'ftp://x'");
	expect_error("[daemon]\nname = a\"b\n[source a]\npath = /x\n",
	    "2: bad name");
	expect_error("[alertmanager]\nresend_interval = 1m\n[source a]\n"
	    "path = /x\n", "1: [alertmanager] without a url");
	expect_error("[alertmanager]\nurl = am:9093\n[source a]\n"
	    "path = /x\n", "2: bad url 'am:9093'");
	expect_error("[alertmanager]\nurl = http://am:9093\nbasic_auth_user "
	    "= u\n[source a]\npath = /x\n", "1: [alertmanager]: "
	    "basic_auth_user and basic_auth_password_file go together");
	expect_error("[alertmanager]\nurl = http://am:9093\nresend_interval "
	    "= 0s\n[source a]\npath = /x\n", "3: bad resend_interval");
}
END_TEST

START_TEST(test_lines)
{
	struct config *cf;
	char *cause = NULL, conf[4096], longpath[700];
	size_t i;

	/* Two syntax errors and a bad key: all three, each on its line. */
	expect_error("[source a]\npath = " TEST_ABS "/x\nnot ini\ncolour = x\n"
	    "also not\n", "3: syntax error");
	expect_error("[source a]\npath = " TEST_ABS "/x\nnot ini\ncolour = x\n"
	    "also not\n", "4: unknown key 'colour'");
	expect_error("[source a]\npath = " TEST_ABS "/x\nnot ini\ncolour = x\n"
	    "also not\n", "5: syntax error");
	/* An indented key is not taken as more of the value before. */
	expect_error("[source a]\npath = " TEST_ABS "/x\n  format = plain\n",
	    "3: the line starts with white space");
	/* '#' is a comment only with blanks around it; ';' the same. */
	write_conf("[source a]\npath = " TEST_ABS "/logs/build #3/a.log   # "
	    "where the build writes\nproduct = esync ; eSync\n");
	cf = config_load(path, &cause, NULL);
	ck_assert_msg(cf != NULL, "%s", cause);
	ck_assert_str_eq(cf->sources[0].path, TEST_ABS "/logs/build #3/a.log");
	ck_assert_str_eq(cf->sources[0].product, "esync");
	config_free(cf);
	remove(path);
	/* A value longer than libinih's line buffer is kept whole. */
	for (i = 0; i < sizeof(longpath) - 1; i++)
		longpath[i] = (char)('a' + i % 26);
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = '\0';
	snprintf(conf, sizeof(conf), "[source a]\npath = " TEST_ABS "%s\n",
	    longpath);
	write_conf(conf);
	cf = config_load(path, &cause, NULL);
	ck_assert_msg(cf != NULL, "%s", cause);
	ck_assert_uint_eq(strlen(cf->sources[0].path),
	    strlen(TEST_ABS) + strlen(longpath));
	config_free(cf);
	remove(path);
	/* A Windows path's colon is no separator. */
	expect_error("[source a]\nC:\\logs\\a.log\n", "2: syntax error");
}
END_TEST

/* type = eventlog: a channel instead of a path, the eventlog format. */
START_TEST(test_eventlog_source)
{
	struct config *cf;
	char *cause = NULL;

	write_conf("[source l2]\ntype = eventlog\nchannel = EktronL2\n"
	    "product = esync\n[source f]\npath = " TEST_ABS "/x.log\nrotated = x.log.* "
	    "old-*.log\n");
	cf = config_load(path, &cause, NULL);
	ck_assert_msg(cf != NULL, "%s", cause);
	ck_assert_int_eq(cf->sources[0].type, SOURCE_EVENTLOG);
	ck_assert_str_eq(cf->sources[0].channel, "EktronL2");
	ck_assert_str_eq(cf->sources[0].path, "eventlog:EktronL2");
	ck_assert_int_eq(cf->sources[0].format, FMT_EVENTLOG);
	ck_assert_int_eq(cf->sources[0].watch, WATCH_POLL);
	ck_assert_int_eq(cf->sources[1].type, SOURCE_FILE);
	ck_assert_uint_eq(cf->sources[1].nrotated, 2);
	ck_assert_str_eq(cf->sources[1].rotated[1], "old-*.log");
	config_free(cf);
	remove(path);
	expect_error("[source l2]\ntype = eventlog\n",
	    "1: [source l2]: type = eventlog needs channel");
	expect_error("[source l2]\ntype = eventlog\nchannel = L2\npath = /x\n",
	    "4: [source l2]: an event log has no path");
	expect_error("[source l2]\nchannel = L2\n",
	    "1: [source l2]: channel and replay are for type = eventlog");
	expect_error("[source l2]\ntype = journal\n",
	    "2: type must be 'file' or 'eventlog'");
	expect_error("[source l2]\ntype = eventlog\nchannel = a\\b\n",
	    "3: bad channel");
	expect_error("[source l2]\ntype = eventlog\nchannel = L2\n"
	    "format = log4net\n", "1: [source l2]: an event log's records");
	expect_error("[source f]\npath = /x\nrotated = logs/x.1\n",
	    "3: bad rotated 'logs/x.1'");
}
END_TEST

/*
 * allowed_hosts: blanks or commas between entries, kept in lower case;
 * every bad entry is an error on the key's line; the last key counts.
 */
START_TEST(test_allowed_hosts)
{
	struct config *cf;
	char *cause = NULL;

	write_conf("[daemon]\nallowed_hosts = x\n"
	    "allowed_hosts = SyncWatch.Example.com  monitor:9000,[FD00::5]:8470"
	    "  10.0.0.7\n[source a]\npath = " TEST_ABS "/x\n");
	cf = config_load(path, &cause, NULL);
	ck_assert_msg(cf != NULL, "%s", cause);
	ck_assert_uint_eq(cf->nallowed_hosts, 4);
	ck_assert_str_eq(cf->allowed_hosts[0], "syncwatch.example.com");
	ck_assert_str_eq(cf->allowed_hosts[1], "monitor:9000");
	ck_assert_str_eq(cf->allowed_hosts[2], "[fd00::5]:8470");
	ck_assert_str_eq(cf->allowed_hosts[3], "10.0.0.7");
	config_free(cf);
	remove(path);
	write_conf("[source a]\npath = " TEST_ABS "/x\n");
	cf = config_load(path, &cause, NULL);
	ck_assert_ptr_nonnull(cf);
	ck_assert_uint_eq(cf->nallowed_hosts, 0);
	config_free(cf);
	remove(path);
	expect_error("[daemon]\nallowed_hosts = http://x.example\n"
	    "[source a]\npath = " TEST_ABS "/x\n",
	    "2: bad allowed_hosts entry 'http://x.example'");
	expect_error("[daemon]\nallowed_hosts = ok.example *.example\n"
	    "[source a]\npath = " TEST_ABS "/x\n", "2: bad allowed_hosts entry '*.example'");
	expect_error("[daemon]\nallowed_hosts = a.example:0\n[source a]\n"
	    "path = " TEST_ABS "/x\n", "2: bad allowed_hosts entry 'a.example:0'");
	expect_error("[daemon]\nallowed_hosts = -a.example\n[source a]\n"
	    "path = " TEST_ABS "/x\n", "2: bad allowed_hosts entry '-a.example'");
	expect_error("[daemon]\nallowed_hosts = a.example/x\n[source a]\n"
	    "path = " TEST_ABS "/x\n", "2: bad allowed_hosts entry 'a.example/x'");
	expect_error("[daemon]\nallowed_hosts = [::1\n[source a]\n"
	    "path = " TEST_ABS "/x\n", "2: bad allowed_hosts entry '[::1'");
	expect_error("[daemon]\nallowed_hosts = ::1\n[source a]\n"
	    "path = " TEST_ABS "/x\n", "2: bad allowed_hosts entry '::1'");
}
END_TEST

START_TEST(test_source_health_keys)
{
	expect_error("[source a]\npath = /x\nexpect_every = 0\n",
	    "3: bad expect_every '0' (a duration above zero");
	expect_error("[source a]\npath = /x\nexpect_every = -8h\n",
	    "3: bad expect_every '-8h'");
	expect_error("[source a]\npath = /x\n\nexpect_every = often\n",
	    "4: bad expect_every 'often'");
	expect_error("[source a]\npath = /x\nmissing_after = 0s\n",
	    "3: bad missing_after '0s' (a duration above zero");
	expect_error("[source a]\npath = /x\nmissing_after = -1\n",
	    "3: bad missing_after '-1'");
	expect_error("[source a]\npath = /x\nmissing_after = 1m\n"
	    "missing_after = 2m\n", "4: duplicate key 'missing_after'");
}
END_TEST

START_TEST(test_inbox)
{
	struct config *cf;
	struct inbox_conf *ic;
	char dir[512], text[2048];
	char *cause = NULL, *warnings = NULL;

	test_mkdtemp(dir, sizeof(dir), "check_config");
	snprintf(text, sizeof(text),
	    "[source despool]\n"
	    "path = %s/despool.log\n"
	    "[inbox despoolr]\n"
	    "path = %s\n"
	    "signature = configmgr.despool.receive-backlog\n"
	    "files = *.ins  *.IST\n"
	    "max_files = 50\n"
	    "max_age = 2d\n"
	    "watch = poll\n"
	    "poll_interval = 1m\n"
	    "[inbox hman]\n"
	    "path = " TEST_ABS "/nonexistent/inboxes/hman.box\n"
	    "signature = configmgr.hman.inbox-waiting\n", dir, dir);
	write_conf(text);
	cf = config_load(path, &cause, &warnings);
	ck_assert_msg(cf != NULL, "%s", cause);
	ck_assert_uint_eq(cf->nsources, 1);
	ck_assert_uint_eq(cf->ninboxes, 2);
	ic = &cf->inboxes[0];
	ck_assert_str_eq(ic->name, "despoolr");
	ck_assert_str_eq(ic->path, dir);
	ck_assert_str_eq(ic->signature, "configmgr.despool.receive-backlog");
	ck_assert_uint_eq(ic->nfiles, 2);
	ck_assert_str_eq(ic->files[0], "*.ins");
	ck_assert_str_eq(ic->files[1], "*.IST");
	ck_assert_int_eq(ic->max_files, 50);
	ck_assert_int_eq(ic->max_age_ms, (int64_t)2 * 24 * 3600 * 1000);
	ck_assert_int_eq(ic->watch, WATCH_POLL);
	ck_assert_int_eq(ic->poll_ms, 60000);
	ck_assert_int_eq(ic->line, 3);
	ck_assert_int_eq(ic->path_line, 4);
	/* Defaults: the signature's limits, inotify, a 30s rescan. */
	ic = &cf->inboxes[1];
	ck_assert_str_eq(ic->name, "hman");
	ck_assert_ptr_null(ic->files);
	ck_assert_uint_eq(ic->nfiles, 0);
	ck_assert_int_eq(ic->max_files, -1);
	ck_assert_int_eq(ic->max_age_ms, -1);
	ck_assert_int_eq(ic->watch, WATCH_INOTIFY);
	ck_assert_int_eq(ic->poll_ms, 30000);
	ck_assert_int_eq(ic->line, 11);
	/* A missing folder is waited for, as a missing log is. */
	ck_assert_ptr_nonnull(warnings);
	ck_assert_msg(strstr(warnings, ":12: [inbox hman]: " TEST_ABS
	    "/nonexistent/inboxes/hman.box: No such file or directory; it is "
	    "waited for") != NULL, "%s", warnings);
	ck_assert_msg(strstr(warnings, "[inbox despoolr]") == NULL, "%s",
	    warnings);
	xfree(warnings);
	config_free(cf);
	drop_conf();
	ck_assert_int_eq(test_rmtree(dir), 0);
}
END_TEST

START_TEST(test_inbox_only)
{
	struct config *cf;
	char *cause = NULL;

	write_conf("[inbox despoolr]\n"
	    "path = " TEST_ABS "/nonexistent/receive\n"
	    "signature = configmgr.despool.receive-backlog\n");
	cf = config_load(path, &cause, NULL);
	ck_assert_msg(cf != NULL, "%s", cause);
	ck_assert_uint_eq(cf->nsources, 0);
	ck_assert_uint_eq(cf->ninboxes, 1);
	config_free(cf);
	drop_conf();
}
END_TEST

START_TEST(test_inbox_errors)
{
	const char *sig = "signature = a.b\n";
	char text[2048], fdir[512], file[600], want[700];

	expect_error("[inbox r]\nsignature = a.b\n", "1: [inbox r] has no path");
	expect_error("[daemon]\n[inbox r]\npath = /x\n",
	    "2: [inbox r] has no signature");
	expect_error("[inbox r]\npath = x/receive\nsignature = a.b\n",
	    "2: [inbox r]: path must be absolute");
	/* A file that is not a directory. */
	test_mkdtemp(fdir, sizeof(fdir), "check_config");
	snprintf(file, sizeof(file), "%s/plain", fdir);
	test_write_file(file, "x", 1);
	snprintf(text, sizeof(text), "[inbox r]\npath = %s\nsignature = a.b\n",
	    file);
	snprintf(want, sizeof(want), "2: [inbox r]: %s is not a directory",
	    file);
	expect_error(text, want);
	ck_assert_int_eq(test_rmtree(fdir), 0);
	expect_error("[inbox r]\npath = /x\nsignature = Backlog\n",
	    "3: bad signature 'Backlog'");
	expect_error("[inbox r]\npath = /x\nsignature = a.b\ncolour = red\n",
	    "4: unknown key 'colour' in [inbox r]");
	snprintf(text, sizeof(text), "[inbox r]\npath = /x\n%s"
	    "max_files = 0\n", sig);
	expect_error(text, "4: bad max_files '0'");
	snprintf(text, sizeof(text), "[inbox r]\npath = /x\n%s"
	    "max_files = lots\n", sig);
	expect_error(text, "4: bad max_files 'lots'");
	snprintf(text, sizeof(text), "[inbox r]\npath = /x\n%s"
	    "max_age = 0\n", sig);
	expect_error(text, "4: bad max_age '0'");
	snprintf(text, sizeof(text), "[inbox r]\npath = /x\n%s"
	    "files = receive/*.ins\n", sig);
	expect_error(text, "4: bad files 'receive/*.ins'");
	snprintf(text, sizeof(text), "[inbox r]\npath = /x\n%s"
	    "watch = fanotify\n", sig);
	expect_error(text, "4: watch must be 'inotify' or 'poll'");
	snprintf(text, sizeof(text), "[inbox r]\npath = /x\n%s"
	    "poll_interval = 10ms\n", sig);
	expect_error(text, "4: bad poll_interval '10ms'");
	snprintf(text, sizeof(text), "[inbox r]\npath = /x\n%s"
	    "max_files = 5\nmax_files = 6\n", sig);
	expect_error(text, "5: duplicate key 'max_files'");
	/* One namespace for sources and inboxes, either way round. */
	expect_error("[source despool]\npath = /x\n"
	    "[inbox despool]\npath = /y\nsignature = a.b\n",
	    "3: duplicate name: [inbox despool] (first as [source despool] "
	    "at line 1");
	expect_error("[inbox despool]\npath = /y\nsignature = a.b\n"
	    "[source despool]\npath = /x\n",
	    "4: duplicate name: [source despool] (first as [inbox despool] "
	    "at line 1");
	expect_error("[inbox r]\npath = /y\nsignature = a.b\n"
	    "[inbox r]\npath = /z\nsignature = a.b\n",
	    "4: duplicate [inbox r] (first at line 1)");
}
END_TEST

START_TEST(test_duration)
{
	int ms;

	ck_assert_int_eq(duration_parse_int("250ms", &ms), 0);
	ck_assert_int_eq(ms, 250);
	ck_assert_int_eq(duration_parse_int("2", &ms), 0);
	ck_assert_int_eq(ms, 2000);
	ck_assert_int_eq(duration_parse_int("1.5s", &ms), 0);
	ck_assert_int_eq(ms, 1500);
	ck_assert_int_eq(duration_parse_int("5m", &ms), 0);
	ck_assert_int_eq(ms, 300000);
	ck_assert_int_eq(duration_parse_int("1h", &ms), 0);
	ck_assert_int_eq(ms, 3600000);
	ck_assert_int_eq(duration_parse_int("-1s", &ms), -1);
	ck_assert_int_eq(duration_parse_int("5 parsecs", &ms), -1);
	ck_assert_int_eq(duration_parse_int("", &ms), -1);
	ck_assert_int_eq(duration_parse_int("nan", &ms), -1);
	ck_assert_int_eq(duration_parse_int("1d", &ms), 0);
	ck_assert_int_eq(ms, 86400000);
	/* An int holds 24.8 days of ms: longer is refused, not wrapped. */
	ck_assert_int_eq(duration_parse_int("24d", &ms), 0);
	ck_assert_int_eq(duration_parse_int("25d", &ms), -1);
}
END_TEST

START_TEST(test_duration64)
{
	int64_t ms;

	ck_assert_int_eq(duration_parse("250ms", &ms), 0);
	ck_assert_int_eq(ms, 250);
	ck_assert_int_eq(duration_parse("8h", &ms), 0);
	ck_assert_int_eq(ms, 8 * 3600 * 1000);
	ck_assert_int_eq(duration_parse("2d", &ms), 0);
	ck_assert_int_eq(ms, 172800000);
	ck_assert_int_eq(duration_parse("365d", &ms), 0);
	ck_assert_int_eq(ms, (int64_t)365 * 86400000);
	/* Sums of pieces; a bare number only on its own; no unknown units. */
	ck_assert_int_eq(duration_parse("1h30m", &ms), 0);
	ck_assert_int_eq(ms, 5400000);
	ck_assert_int_eq(duration_parse("4h2m10s", &ms), 0);
	ck_assert_int_eq(ms, (4 * 3600 + 2 * 60 + 10) * 1000);
	ck_assert_int_eq(duration_parse("1h30", &ms), -1);
	ck_assert_int_eq(duration_parse("5min", &ms), -1);
	ck_assert_int_eq(duration_parse("1h-5m", &ms), -1);
	ck_assert_int_eq(duration_parse("0", &ms), 0);
	ck_assert_int_eq(ms, 0);
	ck_assert_int_eq(duration_parse("1e30d", &ms), -1);
	ck_assert_int_eq(duration_parse("inf", &ms), -1);
	ck_assert_int_eq(duration_parse("-2d", &ms), -1);
	ck_assert_int_eq(duration_parse("2 days", &ms), -1);
}
END_TEST

Suite *
config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_full_config);
	tcase_add_test(tc, test_errors_have_file_and_line);
	tcase_add_test(tc, test_timezone_names);
	tcase_add_test(tc, test_allowed_hosts);
	tcase_add_test(tc, test_source_health_keys);
	tcase_add_test(tc, test_eventlog_source);
	tcase_add_test(tc, test_lines);
	tcase_add_test(tc, test_fleet_keys);
	tcase_add_test(tc, test_inbox);
	tcase_add_test(tc, test_inbox_only);
	tcase_add_test(tc, test_inbox_errors);
	tcase_add_test(tc, test_duration);
	tcase_add_test(tc, test_duration64);
	suite_add_tcase(s, tc);
	return s;
}
