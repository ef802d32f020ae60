/*
 * evtime — timestamp parsing for the record decoders.
 *
 * The numeric helpers read fields at *i of s[0..n) and advance *i; each
 * parser returns 0 and the time in UTC milliseconds, or -1 when the text is
 * not such a time.  tz is the UTC offset (minutes east) used when a time
 * carries no zone of its own.  event_configmgr_time (event.h) is the
 * ConfigMgr trailer's parser.
 */
#ifndef SYNCWATCH_EVTIME_H
#define SYNCWATCH_EVTIME_H

#include <stddef.h>
#include <stdint.h>

/* 1..maxd digits at *i, at least mind of them. */
int	evtime_num(const char *s, size_t n, size_t *i, int mind, int maxd,
	    int *v);
/* Fraction digits at *i (any number) as milliseconds; *ndig of them. */
int	evtime_frac_ms(const char *s, size_t n, size_t *i, int *ndig);
/*
 * "H:MM:SS", then after one of the characters in fracsep an optional
 * fraction; lo is the fewest digits minutes and seconds may have.
 */
int	evtime_clock(const char *s, size_t n, size_t *i, int lo,
	    const char *fracsep, int *h, int *mi, int *sec, int *frac,
	    int *ndig);
/* The month (1-12) of an English month name's first three letters. */
int	evtime_month(const char *s, size_t n);
/* CMTrace: time="H:MM:SS[.f][+bias]" and date="M-D-YYYY". */
int	evtime_cmtrace(const char *tv, size_t tl, const char *dv, size_t dl,
	    int tz, int64_t *ms);
/* Enterprise Library: "5/4/2011 10:00:00 AM" and its cultures. */
int	evtime_entlib(const char *s, size_t n, int64_t *ms);

#endif


