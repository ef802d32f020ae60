/*
 * report — how `syncwatch scan` prints a hit: a human line, or one JSON
 * object per line (the scan contract in README.md).  Log text is untrusted:
 * human output escapes control characters so a log cannot drive the
 * terminal, and JSON output is valid whatever bytes the log held.
 */
#ifndef SYNCWATCH_REPORT_H
#define SYNCWATCH_REPORT_H

#include <stdint.h>
#include <stdio.h>

struct event;
struct match_hit;
struct store_incident;

enum report_style { REPORT_HUMAN, REPORT_JSON };

void	report_hit(FILE *, enum report_style, const char *file,
	    const struct event *, const struct match_hit *);

/*
 * One incident, as `scan` lists them at the end: a line of text, or (JSON)
 * an object with incident, signature, source, severity, state, resolution,
 * count, first_seen, last_seen and fields.
 */
void	report_incident(FILE *, enum report_style,
	    const struct store_incident *);

#endif
