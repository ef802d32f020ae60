/*
 * cmd-scan — `syncwatch scan`: match files once, print the hits.
 *
 * The one-shot path through the same modules the daemon uses: bytes are
 * decoded by text, grouped into records by event and matched by match.
 * Files are read in large chunks and never held whole in memory, so a
 * multi-gigabyte log scans in constant space.
 *
 * Every hit also goes through the incident engine, over a private
 * in-memory store, exactly as the daemon would apply it: each file is a
 * source and its records' times are the clock.  So thresholds, sequences,
 * recoveries and quiet periods shape what is printed (a sequence is one
 * hit, on the record that completes it; a recovery line is not a hit), and
 * the incidents the file would have produced are listed at the end.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "decode/event.h"
#include "decode/evtx.h"
#include "decode/reader.h"
#include "rules/incident.h"
#include "lib/log.h"
#include "lib/winevent.h"
#include "match/match.h"
#include "platform/platform.h"
#include "cmd/report.h"
#include "match/sigdb.h"
#include "store/store.h"
#include "lib/tzif.h"
#include "lib/xmalloc.h"

#define SCAN_CHUNK	(1024 * 1024)

struct scan {
	struct matcher		*m;
	struct store		*st;
	struct incidents	*inc;
	int64_t			 clock;		/* time of the last timed record */
	int			 failed;	/* the incident store failed */
	enum report_style	 style;
	const char		*label;		/* file name as printed */
	unsigned long long	 hits;
	unsigned long long	 records;
	unsigned long long	 cut;
	const char		*zone;		/* --tz NAME: an IANA zone */
};

/* The incident store failed: say so once; every hit still prints. */
static void
scan_failed(struct scan *s, char *cause)
{
	if (!s->failed)
		log_errorx("incident rules: %s", cause);
	s->failed = 1;
	xfree(cause);
}

static void
scan_event(void *arg, const struct event *ev)
{
	struct scan *s = arg;
	const struct match_hit *hits;
	char *cause = NULL;
	size_t n, i;

	if (ev->has_time)
		s->clock = ev->time_ms;
	n = match_event(s->m, ev, &hits);
	for (i = 0; i < n; i++) {
		struct incident_hit ih;
		int rc;

		incident_hit_fill(&ih, &hits[i], ev, s->label, s->label,
		    s->clock);
		rc = incident_hit(s->inc, &ih, s->clock, &cause);
		incident_hit_clear(&ih);
		if (rc == -1)
			scan_failed(s, cause);
		/* Without the engine, every failure pattern still counts. */
		if (rc == 1 || (rc == -1 && hits[i].role == ROLE_MATCH)) {
			report_hit(stdout, s->style, s->label, ev, &hits[i]);
			s->hits++;
		}
	}
	cause = NULL;
	if (incident_advance(s->inc, s->label, s->clock, s->clock,
	    &cause) == -1)
		scan_failed(s, cause);
}

static int
print_incident(void *arg, const struct store_incident *inc)
{
	struct scan *s = arg;

	report_incident(stdout, s->style, inc);
	return 0;
}

/* Bad input the reader read past: FILE:LINE: what. */
static void
scan_problem(void *arg, uint64_t line, const char *msg)
{
	struct scan *s = arg;

	log_warnx("%s:%llu: %s", s->label, (unsigned long long)line, msg);
}

/* Count what a reader read into the totals, and free it. */
static void
scan_done(struct scan *s, struct reader *r, const char *path)
{
	reader_finish(r);
	if (reader_stats(r)->cut > 0)
		log_info("%s: %llu records cut at their maximum size", path,
		    (unsigned long long)reader_stats(r)->cut);
	s->records += reader_stats(r)->records;
	s->cut += reader_stats(r)->cut;
	reader_free(r);
}

/* An .evtx file: binary, read by libevtx, not by the text decoder. */
static int
scan_evtx(struct scan *s, const char *path, size_t max_record, int tz)
{
	struct reader *r;
	char *cause = NULL;
	int rc = 0;

	r = reader_new(FMT_EVENTLOG, max_record, tz, scan_event, s);
	if (evtx_read(path, r, scan_problem, s, &cause) == -1) {
		log_warnx("%s", cause);
		xfree(cause);
		rc = -1;
	}
	scan_done(s, r, path);
	return rc;
}

static int
scan_winevent(void *arg, const struct winevent *ev)
{
	reader_winevent(arg, ev, ev->record);
	return 0;
}

/*
 * An event log read through the platform: the live one by its name
 * (replay NULL), or a wevtutil /f:xml capture through the replay
 * backend, the same code path.  Returns 0, or -1 after a message.
 */
static int
scan_evlog(struct scan *s, const char *channel, const char *replay,
    size_t max_record, int tz)
{
	struct platform_evlog *l;
	struct reader *r;
	const char *why;
	char *cause = NULL, *label;
	int rc = 0;

	l = replay != NULL ? platform_evlog_open_replay(replay, &cause) :
	    platform_evlog_open(channel, &cause);
	if (l == NULL) {
		log_warnx("%s", cause);
		xfree(cause);
		return -1;
	}
	if (platform_evlog_state(l, &why) == PLATFORM_EVLOG_UNREADABLE) {
		log_warnx("%s: %s", replay ? replay : channel, why);
		platform_evlog_close(l);
		return -1;
	}
	if (replay != NULL)
		label = xstrdup(replay);
	else
		xasprintf(&label, "eventlog:%s", channel);
	s->label = label;
	match_set_source(s->m, label);
	r = reader_new(FMT_EVENTLOG, max_record, tz, scan_event, s);
	reader_set_problem_cb(r, scan_problem, s);
	if (platform_evlog_read(l, 0, scan_winevent, r, &cause) == -1) {
		log_warnx("%s", cause);
		xfree(cause);
		rc = -1;
	}
	scan_done(s, r, label);
	platform_evlog_close(l);
	xfree(label);
	return rc;
}

/* Scan one file (or stdin for "-").  Returns 0, or -1 after a message. */
static int
scan_file(struct scan *s, const char *path, enum event_format fmt,
    size_t max_record, int tz)
{
	struct platform_file *f;
	struct reader *r;
	uint64_t off = 0;
	char *chunk, magic[EVTX_MAGIC_LEN];
	int64_t n;
	int rc = 0, is_stdin = strcmp(path, "-") == 0;

	if (is_stdin)
		f = platform_stdin();
	else if ((f = platform_open_log(path)) == NULL) {
		log_warn("%s", path);
		return -1;
	}
	s->label = path;
	match_set_source(s->m, is_stdin ? NULL : path);
	if (!is_stdin && platform_pread(f, magic, sizeof(magic), 0) ==
	    (int64_t)sizeof(magic) && evtx_is_evtx(magic, sizeof(magic))) {
		platform_close(f);
		return scan_evtx(s, path, max_record, tz);
	}
	r = reader_new(fmt, max_record, tz, scan_event, s);
	if (s->zone != NULL) {
		char *cause = NULL;
		struct tzif *z = platform_zone(s->zone, &cause);

		if (z != NULL)
			reader_set_zone(r, z);
		xfree(cause);
	}
	reader_set_problem_cb(r, scan_problem, s);
	chunk = xmalloc(SCAN_CHUNK);
	for (;;) {
		n = is_stdin ? platform_read(f, chunk, SCAN_CHUNK) :
		    platform_pread(f, chunk, SCAN_CHUNK, off);
		if (n == -1) {
			/* Keep what was read: its hits are already out. */
			log_warn("%s", path);
			rc = -1;
			break;
		}
		if (n == 0)
			break;
		if (off == 0 && is_stdin && evtx_is_evtx(chunk, (size_t)n)) {
			log_warnx("standard input: an .evtx file must be given "
			    "by its name");
			rc = -1;
			break;
		}
		off += (uint64_t)n;
		reader_feed(r, chunk, (size_t)n);
	}
	scan_done(s, r, path);
	xfree(chunk);
	platform_close(f);
	return rc;
}

static int
scan_exec(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "patterns", required_argument, NULL, 'p' },
		{ "format", required_argument, NULL, 'f' },
		{ "product", required_argument, NULL, 'P' },
		{ "json", no_argument, NULL, 'j' },
		{ "max-record", required_argument, NULL, 'm' },
		{ "tz", required_argument, NULL, 'z' },
		{ "stats", no_argument, NULL, 's' },
		{ "eventlog", required_argument, NULL, 'E' },
		{ "replay", required_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct scan s;
	struct sigdb *db;
	char *patterns = NULL, *cause = NULL, *end;
	const char *product = NULL;
	const char *evlogs[16], *replays[16];
	int c, fmt = FMT_AUTO, errors = 0, i, stats = 0, nevlogs = 0;
	int nreplays = 0;
	long tz = 0, max_record = 0;

	memset(&s, 0, sizeof(s));
	s.style = REPORT_HUMAN;
	while ((c = getopt_long(argc, argv, "p:f:P:jm:z:shE:R:", opts,
	    NULL)) != -1) {
		switch (c) {
		case 'p':
			xfree(patterns);
			patterns = xstrdup(optarg);
			break;
		case 'f':
			if ((fmt = event_format_parse(optarg)) < 0) {
				log_warnx("unknown format '%s' (auto, configmgr, "
				    "cmtrace, log4net, entlib, plain, eventlog)",
				    optarg);
				goto usage;
			}
			break;
		case 'P':
			product = optarg;
			break;
		case 'j':
			s.style = REPORT_JSON;
			break;
		case 'm':
			max_record = strtol(optarg, &end, 10);
			if (*end != '\0' || max_record < 1024 ||
			    max_record > 64L * 1024 * 1024) {
				log_warnx("bad --max-record '%s' (1024 to "
				    "67108864 bytes)", optarg);
				goto usage;
			}
			break;
		case 'z':
			tz = strtol(optarg, &end, 10);
			if (end != optarg && *end == '\0') {
				if (tz < -14 * 60 || tz > 14 * 60) {
					log_warnx("bad --tz '%s' (minutes east "
					    "of UTC)", optarg);
					goto usage;
				}
				break;
			}
			/* An IANA zone or "local": checked now. */
			tz = 0;
			{
				char *why = NULL;
				struct tzif *z = platform_zone(optarg, &why);

				if (z == NULL && why != NULL) {
					log_warnx("bad --tz: %s", why);
					xfree(why);
					goto usage;
				}
				tzif_free(z);
				s.zone = optarg;
			}
			break;
		case 's':
			stats = 1;
			break;
		case 'E':
		case 'R':
			if ((c == 'E' ? nevlogs : nreplays) == 16) {
				log_warnx("at most 16 --eventlog and 16 --replay");
				goto usage;
			}
			if (c == 'E')
				evlogs[nevlogs++] = optarg;
			else
				replays[nreplays++] = optarg;
			break;
		case 'h':
			cmd_usage(&cmd_scan_entry, 0);
			xfree(patterns);
			return EXIT_NOTHING;
		default:
			goto usage;
		}
	}
	if (optind >= argc && nevlogs == 0 && nreplays == 0) {
		log_warnx("scan: no file given (use - for standard input)");
		goto usage;
	}
	if (patterns == NULL)
		patterns = platform_default_patterns();
	if ((db = sigdb_load(patterns, &cause)) == NULL) {
		log_errorx("%s", cause);
		log_warnx("cannot load signatures from %s", patterns);
		xfree(cause);
		xfree(patterns);
		return EXIT_TROUBLE;
	}
	/* A product no signature has would scan with none: say so. */
	for (const char *p = product; p != NULL && *p != '\0';) {
		size_t n;

		p += strspn(p, " ,\t");
		if ((n = strcspn(p, " ,\t")) > 0 &&
		    !sigdb_has_product(db, p, n)) {
			char *known = sigdb_products(db);

			log_errorx("scan: no signature is of product '%.*s' "
			    "(the products are %s)", (int)n, p, known);
			xfree(known);
			sigdb_free(db);
			xfree(patterns);
			return EXIT_TROUBLE;
		}
		p += n;
	}
	s.m = match_new(db, product);
	if ((s.st = store_open(NULL, 5, &cause)) == NULL) {
		log_warnx("%s", cause);
		xfree(cause);
		match_free(s.m);
		sigdb_free(db);
		xfree(patterns);
		return EXIT_TROUBLE;
	}
	s.inc = incident_new(s.st, db);
	if (store_begin(s.st, &cause) == -1)
		scan_failed(&s, cause);
	for (i = optind; i < argc; i++)
		if (scan_file(&s, argv[i], (enum event_format)fmt,
		    (size_t)max_record, (int)tz) == -1)
			errors++;
	for (i = 0; i < nevlogs; i++)
		if (scan_evlog(&s, evlogs[i], NULL, (size_t)max_record,
		    (int)tz) == -1)
			errors++;
	for (i = 0; i < nreplays; i++)
		if (scan_evlog(&s, NULL, replays[i], (size_t)max_record,
		    (int)tz) == -1)
			errors++;
	/* Oldest first: the order they opened in. */
	if (store_incidents_oldest(s.st, print_incident, &s, &cause) == -1)
		scan_failed(&s, cause);
	store_rollback(s.st);
	incident_free(s.inc);
	store_close(s.st);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		log_warn("standard output");
		errors++;
	}
	if (stats) {
		const struct match_stats *ms = match_stats(s.m);

		fprintf(stderr, "scan: %llu records, %llu hits, %llu cut, "
		    "%llu candidates, %llu regex runs, %llu limit hits\n",
		    s.records, s.hits, s.cut,
		    (unsigned long long)ms->candidates,
		    (unsigned long long)ms->regex_runs,
		    (unsigned long long)ms->limit_hits);
	}
	match_free(s.m);
	sigdb_free(db);
	xfree(patterns);
	if (errors > 0)
		return EXIT_TROUBLE;
	return s.hits > 0 ? EXIT_FOUND : EXIT_NOTHING;
usage:
	xfree(patterns);
	cmd_usage(&cmd_scan_entry, 1);
	return EXIT_TROUBLE;
}

const struct cmd_entry cmd_scan_entry = {
	"scan",
	"[--patterns DIR]\n"
	"       [--format auto|configmgr|cmtrace|log4net|entlib|plain|eventlog]\n"
	"       [--product NAME] [--json] [--max-record BYTES] [--tz MINUTES|ZONE]\n"
	"       [--stats] [--eventlog LOG] [--replay CAPTURE.xml] [FILE...]",
	"Match log files (- for standard input) once and print every hit,\n"
	"then the incidents the signatures' rules make of them (each file is\n"
	"one source, its records' times the clock).  Event-log exports (Event\n"
	"Viewer's .txt and .csv, wevtutil's text and XML) are read as eventlog\n"
	"records in time order, .evtx files with libevtx; --eventlog reads a\n"
	"live event log (Windows), --replay a wevtutil /f:xml capture through\n"
	"the same reader.\n"
	"Exit status: 0 no hit, 1 at least one hit, 2 error.",
	scan_exec,
};
