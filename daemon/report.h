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

enum report_style { REPORT_HUMAN, REPORT_JSON };

void	report_hit(FILE *, enum report_style, const char *file,
	    const struct event *, const struct match_hit *);

/* Format UTC milliseconds as YYYY-MM-DDTHH:MM:SS.mmmZ into out[32]. */
void	report_time(int64_t ms, char out[32]);

#endif
