/*
 * timefmt — UTC date arithmetic, printing and parsing; see timefmt.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/timefmt.h"

int64_t
timefmt_days(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
timefmt_days_in_month(int64_t y, int m)
{
	static const int dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

int
timefmt_civil_ms(int y, int mo, int d, int h, int mi, int s, int ms,
    int64_t *out)
{
	if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 ||
	    d > timefmt_days_in_month(y, mo) || h < 0 || h > 23 || mi < 0 ||
	    mi > 59 || s < 0 || s > 60 || ms < 0 || ms > 999)
		return -1;
	*out = ((timefmt_days(y, mo, d) * 24 + h) * 60 + mi) * 60000 +
	    (int64_t)s * 1000 + ms;
	return 0;
}

/* The inverse of timefmt_days (Hinnant's civil_from_days). */
static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

void
timefmt_iso(int64_t ms, char out[32])
{
	int64_t days, rem;
	int y, m, d;

	days = ms / 86400000;
	rem = ms % 86400000;
	if (rem < 0) {
		rem += 86400000;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	/* Years beyond 9999 cannot come from a parsed log time. */
	if (y < 0 || y > 9999) {
		strcpy(out, "1970-01-01T00:00:00.000Z");
		return;
	}
	snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, m, d,
	    (int)(rem / 3600000), (int)(rem / 60000 % 60),
	    (int)(rem / 1000 % 60), (int)(rem % 1000));
}

/* n decimal digits at *p, advancing it; -1 if they are not there. */
static int
digits(const char **p, int n)
{
	int v = 0;

	while (n-- > 0) {
		if (**p < '0' || **p > '9')
			return -1;
		v = v * 10 + (*(*p)++ - '0');
	}
	return v;
}

int
timefmt_parse_iso(const char *s, int flags, int64_t *ms)
{
	const char *p = s;
	int y, mo, d, h, mi, sec, frac = 0, n = 0;
	char *end;
	long long v;

	if ((flags & TIMEFMT_EPOCH_MS) && *s >= '0' && *s <= '9') {
		v = strtoll(s, &end, 10);
		if (*end == '\0' && v >= 0) {
			*ms = v;
			return 0;
		}
	}
	if ((y = digits(&p, 4)) < 0 || *p++ != '-' ||
	    (mo = digits(&p, 2)) < 0 || *p++ != '-' ||
	    (d = digits(&p, 2)) < 0 || *p++ != 'T' ||
	    (h = digits(&p, 2)) < 0 || *p++ != ':' ||
	    (mi = digits(&p, 2)) < 0 || *p++ != ':' ||
	    (sec = digits(&p, 2)) < 0)
		return -1;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -1;
		for (; *p >= '0' && *p <= '9'; p++)
			if (n < 3) {
				frac = frac * 10 + (*p - '0');
				n++;
			}
		for (; n < 3; n++)
			frac *= 10;
	}
	if (*p == 'Z')
		p++;
	else if (flags & TIMEFMT_NEED_Z)
		return -1;
	if (*p != '\0' || sec > 59)
		return -1;
	return timefmt_civil_ms(y, mo, d, h, mi, sec, frac, ms);
}
