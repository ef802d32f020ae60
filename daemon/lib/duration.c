/*
 * duration — parse and print durations; see duration.h.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/duration.h"

/*
 * The duration in ms as a double, from 0 up to but not including max
 * (exclusive because (double)INT64_MAX rounds up to 2^63).  The test is
 * written so that a NaN ("nan" is a number to strtod) fails it too.
 */
static int
parse(const char *s, double max, double *out)
{
	static const struct {
		const char	*unit;
		double		 ms;
	} units[] = {	/* "ms" before "m" */
		{ "ms", 1 }, { "s", 1000 }, { "m", 60 * 1000 },
		{ "h", 3600 * 1000 }, { "d", 24 * 3600 * 1000 },
	};
	char *end;
	double v, sum = 0;
	size_t i, n;
	int pieces = 0;

	do {
		errno = 0;
		v = strtod(s, &end);
		if (end == s || errno != 0 || !(v >= 0))
			return -1;
		if (*end == '\0' && pieces == 0) {
			sum = v * 1000;		/* a bare number: seconds */
			break;
		}
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
			n = strlen(units[i].unit);
			if (strncmp(end, units[i].unit, n) == 0 &&
			    !isalpha((unsigned char)end[n]))
				break;
		}
		if (i == sizeof(units) / sizeof(units[0]))
			return -1;
		sum += v * units[i].ms;
		s = end + n;
		pieces++;
	} while (*s != '\0');
	if (!(sum >= 0 && sum < max))
		return -1;
	*out = sum;
	return 0;
}

int
duration_parse(const char *s, int64_t *ms)
{
	double v;

	if (parse(s, (double)INT64_MAX, &v) == -1)
		return -1;
	*ms = (int64_t)v;
	return 0;
}

int
duration_parse_int(const char *s, int *ms)
{
	double v;

	if (parse(s, (double)INT_MAX + 1, &v) == -1)
		return -1;
	*ms = (int)v;
	return 0;
}

const char *
duration_format(int64_t ms, char *buf, size_t len)
{
	if (ms % 86400000 == 0 && ms >= 86400000)
		snprintf(buf, len, "%lldd", (long long)(ms / 86400000));
	else if (ms % 3600000 == 0 && ms >= 3600000)
		snprintf(buf, len, "%lldh", (long long)(ms / 3600000));
	else if (ms % 60000 == 0 && ms >= 60000)
		snprintf(buf, len, "%lldm", (long long)(ms / 60000));
	else if (ms % 1000 == 0)
		snprintf(buf, len, "%llds", (long long)(ms / 1000));
	else
		snprintf(buf, len, "%lldms", (long long)ms);
	return buf;
}
