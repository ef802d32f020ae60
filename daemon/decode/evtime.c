/*
 * evtime — every timestamp the decoders read, to UTC milliseconds; see
 * evtime.h.
 *
 * ConfigMgr writes three generations of trailer time (FORMATS.md); SMS
 * 2.0/2003 name the Windows time zone, in English or localized, and the
 * known names are mapped here.  CMTrace carries a bias or, in newer
 * components, local time; Enterprise Library writes the machine's culture.
 * Each parser works on (pointer, length), bounded, and refuses rather than
 * guesses: a record whose time does not parse simply has none.
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "decode/evtime.h"
#include "decode/record.h"
#include "lib/timefmt.h"
#include "lib/winevent.h"

/* Read 1..maxd digits at *i; 0 on success. */
int
evtime_num(const char *s, size_t n, size_t *i, int mind, int maxd, int *v)
{
	int d = 0, x = 0;

	while (*i < n && d < maxd && is_digit((unsigned char)s[*i])) {
		x = x * 10 + (s[*i] - '0');
		(*i)++;
		d++;
	}
	if (d < mind)
		return -1;
	*v = x;
	return 0;
}

/* Fraction digits at *i (any number) as milliseconds. */
int
evtime_frac_ms(const char *s, size_t n, size_t *i, int *ndig)
{
	int ms = 0, d = 0;

	while (*i < n && is_digit((unsigned char)s[*i])) {
		if (d < 3)
			ms = ms * 10 + (s[*i] - '0');
		d++;
		(*i)++;
	}
	*ndig = d;
	for (; d < 3; d++)
		ms *= 10;
	return ms;
}

/*
 * A clock time "H:MM:SS" at *i, then, after one of the characters in
 * fracsep, an optional fraction as milliseconds (*ndig digits, 0 if none).
 * lo is the fewest digits minutes and seconds may have; hours may have one.
 */
int
evtime_clock(const char *s, size_t n, size_t *i, int lo, const char *fracsep,
    int *h, int *mi, int *sec, int *frac, int *ndig)
{
	*frac = 0;
	*ndig = 0;
	if (evtime_num(s, n, i, 1, 2, h) < 0 || *i >= n || s[(*i)++] != ':' ||
	    evtime_num(s, n, i, lo, 2, mi) < 0 || *i >= n || s[(*i)++] != ':' ||
	    evtime_num(s, n, i, lo, 2, sec) < 0)
		return -1;
	if (*i < n && s[*i] != '\0' && strchr(fracsep, s[*i]) != NULL) {
		(*i)++;
		*frac = evtime_frac_ms(s, n, i, ndig);
	}
	return 0;
}

int
evtime_month(const char *s, size_t n)
{
	static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	char m[3];
	int i;

	if (n < 3)
		return -1;
	for (i = 0; i < 3; i++)
		m[i] = (char)tolower((unsigned char)s[i]);
	for (i = 0; i < 12; i++)
		if (memcmp(names + i * 3, m, 3) == 0)
			return i + 1;
	return -1;
}

/* Time zones. */

/*
 * Windows time-zone names as SMS 2.0/2003 wrote them in generation-B
 * timestamps: the base of "<base> Standard Time" and "<base> Daylight
 * Time", with the UTC offsets (minutes east) of each.
 */
static const struct {
	const char	*base;
	int		 std;
	int		 dst;
} tz_windows[] = {
	{ "Eastern", -300, -240 },	{ "US Eastern", -300, -240 },
	{ "Central", -360, -300 },	{ "Canada Central", -360, -360 },
	{ "Central America", -360, -360 }, { "Mexico", -360, -300 },
	{ "Mountain", -420, -360 },	{ "US Mountain", -420, -420 },
	{ "Pacific", -480, -420 },	{ "Alaskan", -540, -480 },
	{ "Hawaiian", -600, -540 },	{ "Atlantic", -240, -180 },
	{ "Newfoundland", -210, -150 },	{ "SA Pacific", -300, -300 },
	{ "SA Western", -240, -240 },	{ "SA Eastern", -180, -180 },
	{ "E. South America", -180, -120 }, { "Pacific SA", -240, -180 },
	{ "Argentina", -180, -180 },	{ "Mid-Atlantic", -120, -60 },
	{ "Azores", -60, 0 },		{ "GMT", 0, 60 },
	{ "Greenwich", 0, 0 },		{ "UTC", 0, 0 },
	{ "Coordinated Universal", 0, 0 },
	{ "W. Europe", 60, 120 },	{ "Romance", 60, 120 },
	{ "Central Europe", 60, 120 },	{ "Central European", 60, 120 },
	{ "W. Central Africa", 60, 60 },
	{ "E. Europe", 120, 180 },	{ "FLE", 120, 180 },
	{ "GTB", 120, 180 },		{ "Egypt", 120, 180 },
	{ "South Africa", 120, 120 },	{ "Israel", 120, 180 },
	{ "Jerusalem", 120, 180 },	{ "Turkey", 180, 180 },
	{ "Russian", 180, 240 },	{ "Arab", 180, 180 },
	{ "Arabic", 180, 180 },		{ "E. Africa", 180, 180 },
	{ "Iran", 210, 270 },		{ "Arabian", 240, 240 },
	{ "Afghanistan", 270, 270 },	{ "West Asia", 300, 300 },
	{ "Pakistan", 300, 300 },	{ "India", 330, 330 },
	{ "Sri Lanka", 330, 330 },	{ "Nepal", 345, 345 },
	{ "Central Asia", 360, 360 },	{ "SE Asia", 420, 420 },
	{ "China", 480, 480 },		{ "Singapore", 480, 480 },
	{ "Malay Peninsula", 480, 480 }, { "Taipei", 480, 480 },
	{ "W. Australia", 480, 540 },	{ "Tokyo", 540, 540 },
	{ "Korea", 540, 540 },		{ "Cen. Australia", 570, 630 },
	{ "AUS Central", 570, 570 },	{ "E. Australia", 600, 600 },
	{ "AUS Eastern", 600, 660 },	{ "Tasmania", 600, 660 },
	{ "West Pacific", 600, 600 },	{ "New Zealand", 720, 780 },
	{ "Fiji", 720, 780 },		{ "Tonga", 780, 780 },
};

/* Whole names: abbreviations and a few localized Windows display names. */
static const struct {
	const char	*name;
	int		 off;
} tz_names[] = {
	{ "UTC", 0 }, { "GMT", 0 }, { "Z", 0 },
	{ "Coordinated Universal Time", 0 }, { "Greenwich Mean Time", 0 },
	{ "British Summer Time", 60 },
	{ "Mitteleurop\xc3\xa4ische Zeit", 60 },
	{ "Mitteleurop\xc3\xa4ische Sommerzeit", 120 },
	{ "Westeurop\xc3\xa4ische Zeit", 0 },
	{ "Westeurop\xc3\xa4ische Sommerzeit", 60 },
	{ "Osteurop\xc3\xa4ische Zeit", 120 },
	{ "Osteurop\xc3\xa4ische Sommerzeit", 180 },
	{ "Heure normale d\xe2\x80\x99" "Europe centrale", 60 },
	{ "Heure normale d'Europe centrale", 60 },
	{ "Heure d\xe2\x80\x99\xc3\xa9t\xc3\xa9 d\xe2\x80\x99" "Europe centrale",
	    120 },
	{ "Heure d'\xc3\xa9t\xc3\xa9 d'Europe centrale", 120 },
	{ "Paris, Madrid", 60 },
	{ "Paris, Madrid (heure d'\xc3\xa9t\xc3\xa9)", 120 },
};

/* Offset (minutes east of UTC) of a Windows zone name; -1 if unknown. */
static int
tz_lookup(const char *s, size_t n, int *off)
{
	static const char std[] = " Standard Time", dst[] = " Daylight Time",
	    sum[] = " Summer Time";
	size_t i, blen = 0;
	int daylight = -1;

	for (i = 0; i < sizeof(tz_names) / sizeof(tz_names[0]); i++)
		if (strlen(tz_names[i].name) == n &&
		    strncasecmp(tz_names[i].name, s, n) == 0) {
			*off = tz_names[i].off;
			return 0;
		}
	if (n > sizeof(std) - 1 &&
	    strncasecmp(s + n - (sizeof(std) - 1), std, sizeof(std) - 1) == 0) {
		daylight = 0;
		blen = n - (sizeof(std) - 1);
	} else if (n > sizeof(dst) - 1 && strncasecmp(s + n - (sizeof(dst) - 1),
	    dst, sizeof(dst) - 1) == 0) {
		daylight = 1;
		blen = n - (sizeof(dst) - 1);
	} else if (n > sizeof(sum) - 1 && strncasecmp(s + n - (sizeof(sum) - 1),
	    sum, sizeof(sum) - 1) == 0) {
		daylight = 1;
		blen = n - (sizeof(sum) - 1);
	}
	if (daylight < 0)
		return -1;
	for (i = 0; i < sizeof(tz_windows) / sizeof(tz_windows[0]); i++)
		if (strlen(tz_windows[i].base) == blen &&
		    strncasecmp(tz_windows[i].base, s, blen) == 0) {
			*off = daylight ? tz_windows[i].dst : tz_windows[i].std;
			return 0;
		}
	return -1;
}

/* ConfigMgr timestamps. */

/* Generation C: M-D-YYYY H:MM:SS.fff+BIAS, UTC = local + bias. */
static int
cm_time_c(const char *s, size_t n, const struct tzone *tz, int64_t *ms)
{
	size_t i = 0;
	int mo, d, y, h, mi, sec, frac = 0, nd, bias, sign;
	int64_t t;

	if (evtime_num(s, n, &i, 1, 2, &mo) < 0 || i >= n ||
	    (s[i] != '-' && s[i] != '/'))
		return -1;
	i++;
	if (evtime_num(s, n, &i, 1, 2, &d) < 0 || i >= n ||
	    (s[i] != '-' && s[i] != '/'))
		return -1;
	i++;
	if (evtime_num(s, n, &i, 4, 4, &y) < 0 || i >= n || s[i] != ' ')
		return -1;
	i = skip_spaces(s, n, i);
	if (evtime_clock(s, n, &i, 2, ".", &h, &mi, &sec, &frac, &nd) < 0)
		return -1;
	if (timefmt_civil_ms(y, mo, d, h, mi, sec, frac, &t) < 0)
		return -1;
	if (i < n && (s[i] == '+' || s[i] == '-')) {
		sign = s[i] == '-' ? -1 : 1;
		i++;
		if (evtime_num(s, n, &i, 1, 4, &bias) < 0)
			return -1;
		t += (int64_t)sign * bias * 60000;
	} else
		t = tzone_to_utc(tz, t);
	if (skip_spaces(s, n, i) != n)
		return -1;
	*ms = t;
	return 0;
}

/*
 * Generations A and B: [Weekday] Mon D H:MM:SS[.fff] YYYY [zone name].
 * The zone is mapped when known; a missing or unknown (localized) one means
 * the configured default.
 */
static int
cm_time_ab(const char *s, size_t n, const struct tzone *tz, int64_t *ms)
{
	size_t i = 0, j, w;
	int mo, d, y, h, mi, sec, frac = 0, nd, off;
	int64_t t;

	w = i;
	while (i < n && !is_space((unsigned char)s[i]))
		i++;
	j = skip_spaces(s, n, i);
	if ((mo = evtime_month(s + w, i - w)) < 0 || i - w > 9 ||
	    j >= n || !is_digit((unsigned char)s[j])) {
		/* The first word was the weekday. */
		i = skip_spaces(s, n, i);
		w = i;
		while (i < n && is_alpha((unsigned char)s[i]))
			i++;
		if ((mo = evtime_month(s + w, i - w)) < 0)
			return -1;
		while (i < n && !is_space((unsigned char)s[i]))
			i++;
	}
	i = skip_spaces(s, n, i);
	if (evtime_num(s, n, &i, 1, 2, &d) < 0)
		return -1;
	i = skip_spaces(s, n, i);
	if (evtime_clock(s, n, &i, 2, ".", &h, &mi, &sec, &frac, &nd) < 0)
		return -1;
	i = skip_spaces(s, n, i);
	if (evtime_num(s, n, &i, 4, 4, &y) < 0)
		return -1;
	if (timefmt_civil_ms(y, mo, d, h, mi, sec, frac, &t) < 0)
		return -1;
	i = skip_spaces(s, n, i);
	if (i >= n || tz_lookup(s + i, rtrim_len(s + i, n - i), &off) < 0)
		*ms = tzone_to_utc(tz, t);
	else
		*ms = t - (int64_t)off * 60000;
	return 0;
}

int
evtime_configmgr(const char *ts, size_t len, const struct tzone *default_tz,
    int64_t *ms)
{
	const char *s = ts, *e = ts + len;

	while (s < e && (is_space((unsigned char)*s) || *s == '<'))
		s++;
	while (e > s && (is_space((unsigned char)e[-1]) || e[-1] == '>' ||
	    e[-1] == '~'))
		e--;
	if (s == e)
		return -1;
	if (is_digit((unsigned char)*s))
		return cm_time_c(s, (size_t)(e - s), default_tz, ms);
	return cm_time_ab(s, (size_t)(e - s), default_tz, ms);
}

/* Parse "H:MM:SS[.f…][±bias]" and "M-D-YYYY" into UTC milliseconds. */
int
evtime_cmtrace(const char *tv, size_t tl, const char *dv, size_t dl,
    const struct tzone *tz,
    int64_t *ms)
{
	size_t i = 0;
	int h, mi, sec, frac = 0, nd, y, mo, d, bias, sign, a, b;
	int64_t t;

	if (evtime_clock(tv, tl, &i, 1, ".", &h, &mi, &sec, &frac, &nd) < 0)
		return -1;
	sign = 0;
	bias = 0;
	if (i < tl && (tv[i] == '+' || tv[i] == '-')) {
		sign = tv[i] == '-' ? -1 : 1;
		i++;
		if (evtime_num(tv, tl, &i, 1, 4, &bias) < 0)
			return -1;
	}
	i = 0;
	if (evtime_num(dv, dl, &i, 1, 4, &a) < 0 || i >= dl ||
	    (dv[i] != '-' && dv[i] != '/'))
		return -1;
	i++;
	if (evtime_num(dv, dl, &i, 1, 2, &b) < 0 || i >= dl ||
	    (dv[i] != '-' && dv[i] != '/'))
		return -1;
	i++;
	if (a > 31) {		/* YYYY-MM-DD */
		y = a;
		mo = b;
		if (evtime_num(dv, dl, &i, 1, 2, &d) < 0)
			return -1;
	} else {
		mo = a;
		d = b;
		if (evtime_num(dv, dl, &i, 4, 4, &y) < 0)
			return -1;
	}
	if (timefmt_civil_ms(y, mo, d, h, mi, sec, frac, &t) < 0)
		return -1;
	if (sign != 0)
		t += (int64_t)sign * bias * 60000;
	else
		t = tzone_to_utc(tz, t);
	*ms = t;
	return 0;
}

/*
 * "5/4/2011 10:00:00 AM", in UTC and in the machine's culture: month first
 * unless the first number cannot be a month; D.M.YYYY with dots; ISO
 * YYYY-MM-DD; a 12-hour clock with AM/PM or a 24-hour one.
 */
int
evtime_entlib(const char *s, size_t n, int64_t *ms)
{
	size_t i = 0;
	int a, b, c, y, mo, d, h, mi, sec = 0, frac = 0, nd;
	char sep;

	if (evtime_num(s, n, &i, 1, 4, &a) < 0 || i >= n)
		return -1;
	sep = s[i++];
	if (sep != '/' && sep != '-' && sep != '.')
		return -1;
	if (evtime_num(s, n, &i, 1, 2, &b) < 0 || i >= n || s[i++] != sep)
		return -1;
	if (evtime_num(s, n, &i, 1, 4, &c) < 0)
		return -1;
	if (a > 31) {
		y = a;
		mo = b;
		d = c;
	} else if (sep == '.' || a > 12) {
		d = a;
		mo = b;
		y = c;
	} else {
		mo = a;
		d = b;
		y = c;
	}
	if (i < n && (s[i] == 'T' || s[i] == ' '))
		i++;
	i = skip_spaces(s, n, i);
	if (evtime_num(s, n, &i, 1, 2, &h) < 0 || i >= n || s[i++] != ':' ||
	    evtime_num(s, n, &i, 2, 2, &mi) < 0)
		return -1;
	if (i < n && s[i] == ':') {
		i++;
		if (evtime_num(s, n, &i, 2, 2, &sec) < 0)
			return -1;
	}
	if (i < n && (s[i] == '.' || s[i] == ',')) {
		i++;
		frac = evtime_frac_ms(s, n, &i, &nd);
	}
	i = skip_spaces(s, n, i);
	if (i + 1 < n && (s[i + 1] == 'M' || s[i + 1] == 'm')) {
		if (h < 1 || h > 12)
			return -1;
		if (s[i] == 'P' || s[i] == 'p')
			h = h % 12 + 12;
		else if (s[i] == 'A' || s[i] == 'a')
			h = h % 12;
		else
			return -1;
	}
	return timefmt_civil_ms(y, mo, d, h, mi, sec, frac, ms);
}

/* Local times in the machine's culture (Event Viewer's exports). */

/*
 * Copy s into out (size cap), without bidirectional marks, with no-break
 * spaces as spaces.  Returns the length.
 */
static size_t
local_norm(const char *s, size_t n, char *out, size_t cap)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k = 0;

	while (i < n && k + 1 < cap) {
		if (i + 2 < n && u[i] == 0xe2 && u[i + 1] == 0x80 &&
		    (u[i + 2] == 0x8e || u[i + 2] == 0x8f)) {
			i += 3;		/* LRM, RLM */
		} else if (i + 1 < n && u[i] == 0xd8 && u[i + 1] == 0x9c) {
			i += 2;		/* ALM */
		} else if (i + 1 < n && u[i] == 0xc2 && u[i + 1] == 0xa0) {
			out[k++] = ' ';
			i += 2;
		} else if (i + 2 < n && u[i] == 0xe2 && u[i + 1] == 0x80 &&
		    u[i + 2] == 0xaf) {
			out[k++] = ' ';
			i += 3;
		} else
			out[k++] = s[i++];
	}
	out[k] = '\0';
	return k;
}

/* 12-hour markers: 1 AM, 2 PM, and how long the marker is (0: none). */
static int
local_marker(const char *s, size_t n, size_t *len)
{
	static const struct { const char *m; int pm; } marks[] = {
		{ "a.m.", 1 }, { "p.m.", 2 }, { "AM", 1 }, { "PM", 2 },
		{ "am", 1 }, { "pm", 2 }, { "A.M.", 1 }, { "P.M.", 2 },
		{ "\xec\x98\xa4\xec\xa0\x84", 1 },	/* 오전 */
		{ "\xec\x98\xa4\xed\x9b\x84", 2 },	/* 오후 */
		{ "\xe4\xb8\x8a\xe5\x8d\x88", 1 },	/* 上午 */
		{ "\xe4\xb8\x8b\xe5\x8d\x88", 2 },	/* 下午 */
		{ "\xe5\x8d\x88\xe5\x89\x8d", 1 },	/* 午前 */
		{ "\xe5\x8d\x88\xe5\xbe\x8c", 2 },	/* 午後 */
	};
	size_t i, k;

	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		k = strlen(marks[i].m);
		if (n >= k && memcmp(s, marks[i].m, k) == 0) {
			*len = k;
			return marks[i].pm;
		}
	}
	*len = 0;
	return 0;
}

static int
local_date_at(const char *s, size_t n, size_t *i, struct evtime_local *t)
{
	char sep;

	if (evtime_num(s, n, i, 1, 4, &t->n[0]) < 0 || *i >= n)
		return -1;
	sep = s[(*i)++];
	if (sep != '/' && sep != '.' && sep != '-')
		return -1;
	if (evtime_num(s, n, i, 1, 2, &t->n[1]) < 0 || *i >= n ||
	    s[(*i)++] != sep || evtime_num(s, n, i, 1, 4, &t->n[2]) < 0)
		return -1;
	if (*i < n && s[*i] == '.' && sep == '.')
		(*i)++;		/* "04.05.2011." */
	t->sep = sep;
	t->has_date = 1;
	return evtime_local_orders(t) != 0 ? 0 : -1;
}

static int
local_clock_at(const char *s, size_t n, size_t *i, struct evtime_local *t)
{
	size_t ml;
	int pm, nd;

	*i = skip_spaces(s, n, *i);
	pm = local_marker(s + *i, n - *i, &ml);
	*i = skip_spaces(s, n, *i + ml);
	if (evtime_num(s, n, i, 1, 2, &t->h) < 0 || *i >= n || s[*i] != ':')
		return -1;
	(*i)++;
	if (evtime_num(s, n, i, 2, 2, &t->mi) < 0)
		return -1;
	t->sec = t->ms = 0;
	if (*i < n && s[*i] == ':') {
		(*i)++;
		if (evtime_num(s, n, i, 2, 2, &t->sec) < 0)
			return -1;
		if (*i < n && (s[*i] == '.' || s[*i] == ',')) {
			(*i)++;
			t->ms = evtime_frac_ms(s, n, i, &nd);
		}
	}
	if (pm == 0) {
		*i = skip_spaces(s, n, *i);
		pm = local_marker(s + *i, n - *i, &ml);
		*i += ml;
	}
	if (pm != 0) {
		if (t->h < 1 || t->h > 12)
			return -1;
		t->h = t->h % 12 + (pm == 2 ? 12 : 0);
		t->ampm = 1;
	}
	if (t->h > 23 || t->mi > 59 || t->sec > 60)
		return -1;
	t->has_clock = 1;
	return skip_spaces(s, n, *i) == n ? 0 : -1;
}

int
evtime_local_parse(const char *s, size_t n, struct evtime_local *t)
{
	char b[96];
	size_t i = 0, k;

	memset(t, 0, sizeof(*t));
	k = local_norm(s, n, b, sizeof(b));
	i = skip_spaces(b, k, 0);
	if (local_date_at(b, k, &i, t) < 0)
		return -1;
	if (i < k && b[i] == 'T')
		i++;
	else if (i >= k || !is_space((unsigned char)b[i]))
		return -1;
	return local_clock_at(b, k, &i, t);
}

int
evtime_local_date(const char *s, size_t n, struct evtime_local *t)
{
	char b[96];
	size_t i, k;

	memset(t, 0, sizeof(*t));
	k = local_norm(s, n, b, sizeof(b));
	i = skip_spaces(b, k, 0);
	if (local_date_at(b, k, &i, t) < 0)
		return -1;
	return skip_spaces(b, k, i) == k ? 0 : -1;
}

int
evtime_local_clock(const char *s, size_t n, struct evtime_local *t)
{
	char b[96];
	size_t i = 0, k;
	struct evtime_local c;

	memset(&c, 0, sizeof(c));
	k = local_norm(s, n, b, sizeof(b));
	if (local_clock_at(b, k, &i, &c) < 0)
		return -1;
	t->h = c.h;
	t->mi = c.mi;
	t->sec = c.sec;
	t->ms = c.ms;
	t->ampm = c.ampm;
	t->has_clock = 1;
	return 0;
}

int
evtime_local_orders(const struct evtime_local *t)
{
	int a = t->n[0], b = t->n[1], c = t->n[2], o = 0;

	if (a > 31)
		return a >= 1970 && b >= 1 && b <= 12 && c >= 1 && c <= 31 ?
		    EVTIME_YMD : 0;
	if (c < 1970 && c > 99)
		return 0;
	if (a >= 1 && a <= 12 && b >= 1 && b <= 31 && t->sep != '.')
		o |= EVTIME_MDY;
	if (b >= 1 && b <= 12 && a >= 1 && a <= 31)
		o |= EVTIME_DMY;
	return o;
}

int
evtime_local_ms(const struct evtime_local *t, int order,
    const struct tzone *tz, int64_t *ms)
{
	int y, mo, d;
	int64_t v;

	if (!t->has_date || !t->has_clock)
		return -1;
	if (order == EVTIME_YMD) {
		y = t->n[0];
		mo = t->n[1];
		d = t->n[2];
	} else if (order == EVTIME_DMY) {
		d = t->n[0];
		mo = t->n[1];
		y = t->n[2];
	} else {
		mo = t->n[0];
		d = t->n[1];
		y = t->n[2];
	}
	if (y < 100)
		y += 2000;
	if (timefmt_civil_ms(y, mo, d, t->h, t->mi, t->sec, t->ms, &v) < 0)
		return -1;
	*ms = tzone_to_utc(tz, v);
	return 0;
}

int
evtime_iso_local(const char *s, size_t n, const struct tzone *tz,
    int64_t *ms)
{
	int64_t v;
	size_t k;

	n = rtrim_len(s, n);
	k = skip_spaces(s, n, 0);
	s += k;
	n -= k;
	if (winevent_systemtime(s, n, &v) < 0)
		return -1;
	/* A zone: Z, or an offset after the clock ("…:58+02:00"). */
	if (n > 0 && (s[n - 1] == 'Z' || s[n - 1] == 'z'))
		*ms = v;
	else if (n > 6 && (s[n - 6] == '+' || s[n - 6] == '-' ||
	    s[n - 5] == '+' || s[n - 5] == '-'))
		*ms = v;
	else
		*ms = tzone_to_utc(tz, v);
	return 0;
}

int
event_configmgr_time(const char *ts, size_t len, int default_tz, int64_t *ms)
{
	struct tzone tz = { default_tz, NULL };

	return evtime_configmgr(ts, len, &tz, ms);
}
