/*
 * evtime — timestamp parsing for the record decoders.
 *
 * The numeric helpers read fields at *i of s[0..n) and advance *i; each
 * parser returns 0 and the time in UTC milliseconds, or -1 when the text is
 * not such a time.  tz is the zone (a fixed offset or an IANA zone; NULL:
 * UTC) a time that carries no zone of its own is read in.  event_configmgr_time (event.h) is the
 * ConfigMgr trailer's parser.
 */
#ifndef SYNCWATCH_EVTIME_H
#define SYNCWATCH_EVTIME_H

#include <stddef.h>
#include <stdint.h>

#include "lib/tzif.h"

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
/* A ConfigMgr trailer's time (event_configmgr_time, with a zone). */
int	evtime_configmgr(const char *ts, size_t len, const struct tzone *tz,
	    int64_t *ms);
int	evtime_cmtrace(const char *tv, size_t tl, const char *dv, size_t dl,
	    const struct tzone *tz, int64_t *ms);
/* Enterprise Library: "5/4/2011 10:00:00 AM" and its cultures. */
int	evtime_entlib(const char *s, size_t n, int64_t *ms);

/*
 * A date and time in the machine's culture, as Event Viewer's exports
 * write them: a numeric date (5/4/2011, 04/05/2011, 04.05.2011,
 * 2011-05-04, 2011/5/4, 4-5-2011) and a 12-hour clock with AM/PM (or
 * a.m./p.m., or the Korean, Chinese and Japanese markers, before or after
 * it) or a 24-hour one.  Bidirectional marks (U+200E, U+200F, U+061C) are
 * ignored, no-break spaces are spaces.  The date's numbers are kept as
 * read: whether 04/05 is April or May is for the caller to decide, with
 * all the rows of the file (evtime_local_orders).
 */
#define EVTIME_MDY	0x1
#define EVTIME_DMY	0x2
#define EVTIME_YMD	0x4

struct evtime_local {
	int		 n[3];		/* the date's numbers, in order */
	char		 sep;		/* '/', '.' or '-' */
	int		 has_date, has_clock;
	int		 h, mi, sec, ms;	/* 24-hour */
	int		 ampm;		/* the clock had a 12-hour marker */
};

/* Date and time ("5/4/2011 10:00:00 AM"); 0 or -1. */
int	evtime_local_parse(const char *s, size_t n, struct evtime_local *);
/* A date alone, or a clock alone (the old exports' two columns). */
int	evtime_local_date(const char *s, size_t n, struct evtime_local *);
int	evtime_local_clock(const char *s, size_t n, struct evtime_local *);
/* The readings (EVTIME_* bits) the date's numbers allow. */
int	evtime_local_orders(const struct evtime_local *);
/* UTC ms of the local time read in order (one EVTIME_* bit), zone tz. */
int	evtime_local_ms(const struct evtime_local *, int order,
	    const struct tzone *tz, int64_t *ms);
/*
 * wevtutil's "2011-05-04T09:57:58.000": local time (zone tz) unless it
 * ends in Z or an offset, which it then honours.
 */
int	evtime_iso_local(const char *s, size_t n, const struct tzone *tz, int64_t *ms);

#endif


