/*
 * timeline — scripted tests of the incident rules.
 *
 * A sample log (samples.h) shows what one record matches; it cannot show
 * what happens over time: that the third hit within ten minutes opens the
 * incident, that it escalates after an hour, that a recovery line or an
 * hour of quiet resolves it, that a log gone silent or an inbox filling up
 * opens one.  A timeline (DIR/samples/NAME.timeline) is a script of those
 * events against a clock: declare sources and inboxes, set the clock, write
 * log lines, report files missing or folders full, and state which
 * incidents must exist at that point.  It runs the same modules the daemon
 * does (event, match, incident, condition) over a private in-memory store,
 * and any difference is a failure reported as FILE:LINE.  Every signature
 * with an incident rule must be named by an expectation of some timeline.
 * The script language is described in patterns/README.md.
 */
#ifndef SYNCWATCH_TIMELINE_H
#define SYNCWATCH_TIMELINE_H

#include <stdio.h>

struct sigdb;

struct timeline_summary {
	int	files;
	int	steps;		/* lines run, comments and blanks aside */
	int	expectations;
	int	failures;	/* failed expectations and script errors */
};

/*
 * Run every *.timeline under dir (a samples directory) against db, then
 * check that every signature with rules was named by an expectation.
 * Writes a line per timeline and every failure to out (may be NULL).
 * Fills *sum (may be NULL).  Returns 0 when everything passed, -1
 * otherwise.  A directory without timelines is not an error in itself.
 * local_only: only the site's own signatures (sig->local) must be
 * exercised here.
 */
int	timeline_check(const struct sigdb *, const char *dir, int local_only,
	    FILE *out,
	    struct timeline_summary *);

/*
 * Run one timeline file, without the coverage check; adds to *sum (which
 * the caller zeroes).  Returns the number of failures.
 */
int	timeline_file(const struct sigdb *, const char *path, FILE *out,
	    struct timeline_summary *);

#endif
