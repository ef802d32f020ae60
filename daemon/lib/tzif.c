/*
 * tzif — TZif files and POSIX TZ rules; see tzif.h.
 *
 * Untrusted input, in principle (a zone file is the administrator's, but a
 * damaged one must not crash the daemon): every count is checked against
 * the bytes there are before anything is read, and the rule parser reads
 * forward only.
 */
#include <string.h>

#include "lib/timefmt.h"
#include "lib/tzif.h"
#include "lib/xmalloc.h"

/* A POSIX TZ rule: std and dst offsets (seconds east), the change dates. */
struct rule_date {
	char		 kind;		/* 'M', 'J' (1-365, no Feb 29), 'n' */
	int		 m, w, d;	/* Mm.w.d */
	int		 n;		/* Jn or n */
	int32_t		 time;		/* seconds after local midnight */
};

struct posix_rule {
	int		 valid;
	int32_t		 std_off;
	int32_t		 dst_off;
	int		 has_dst;
	struct rule_date start, end;
};

struct tzif {
	size_t		 ntrans;
	int64_t		*trans;		/* UTC seconds, ascending */
	unsigned char	*idx;		/* type of each transition */
	size_t		 ntypes;
	int32_t		*off;		/* offset of each type */
	struct posix_rule rule;		/* the footer, for after the table */
};

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static int64_t
be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* The year of UTC seconds t. */
static int64_t
year_of(int64_t t)
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t z = days + 719468, era, doe, yoe, y, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	return y + (mp >= 10);
}

/* Local seconds (as if UTC) when rule date r happens in year y. */
static int64_t
rule_local(const struct rule_date *r, int64_t y)
{
	int64_t day;
	int wd, mdays;

	switch (r->kind) {
	case 'J':
		day = timefmt_days(y, 1, 1) + r->n - 1;
		if (timefmt_days_in_month(y, 2) == 29 && r->n >= 60)
			day++;
		break;
	case 'n':
		day = timefmt_days(y, 1, 1) + r->n;
		break;
	default:
		day = timefmt_days(y, r->m, 1);
		/* 1970-01-01 was a Thursday (4). */
		wd = (int)(((day % 7) + 7 + 4) % 7);
		day += (r->d - wd + 7) % 7 + (int64_t)(r->w - 1) * 7;
		mdays = timefmt_days_in_month(y, r->m);
		while (day >= timefmt_days(y, r->m, 1) + mdays)
			day -= 7;
		break;
	}
	return day * 86400 + r->time;
}

static int32_t
rule_offset(const struct posix_rule *r, int64_t t)
{
	int64_t y = year_of(t), s, e;

	if (!r->has_dst)
		return r->std_off;
	s = rule_local(&r->start, y) - r->std_off;
	e = rule_local(&r->end, y) - r->dst_off;
	if (s < e)
		return t >= s && t < e ? r->dst_off : r->std_off;
	return t >= e && t < s ? r->std_off : r->dst_off;
}

/* POSIX rule parsing: *p moves forward; -1 on a bad rule. */
static int
rp_name(const char **p)
{
	const char *s = *p;

	if (*s == '<') {
		while (*s != '\0' && *s != '>')
			s++;
		if (*s != '>')
			return -1;
		*p = s + 1;
		return 0;
	}
	while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'))
		s++;
	if (s - *p < 3)
		return -1;
	*p = s;
	return 0;
}

static int
rp_num(const char **p, int max, int *v)
{
	int n = 0, k = 0;

	while (**p >= '0' && **p <= '9' && k < 4) {
		n = n * 10 + (*(*p)++ - '0');
		k++;
	}
	if (k == 0 || n > max)
		return -1;
	*v = n;
	return 0;
}

/* [+-]hh[:mm[:ss]] in seconds. */
static int
rp_time(const char **p, int maxh, int32_t *secs)
{
	int sign = 1, h, m = 0, s = 0;

	if (**p == '+' || **p == '-')
		sign = *(*p)++ == '-' ? -1 : 1;
	if (rp_num(p, maxh, &h) < 0)
		return -1;
	if (**p == ':') {
		(*p)++;
		if (rp_num(p, 59, &m) < 0)
			return -1;
		if (**p == ':') {
			(*p)++;
			if (rp_num(p, 59, &s) < 0)
				return -1;
		}
	}
	*secs = sign * (h * 3600 + m * 60 + s);
	return 0;
}

static int
rp_date(const char **p, struct rule_date *r)
{
	r->time = 7200;
	if (**p == 'M') {
		(*p)++;
		r->kind = 'M';
		if (rp_num(p, 12, &r->m) < 0 || r->m < 1 || *(*p)++ != '.' ||
		    rp_num(p, 5, &r->w) < 0 || r->w < 1 || *(*p)++ != '.' ||
		    rp_num(p, 6, &r->d) < 0)
			return -1;
	} else if (**p == 'J') {
		(*p)++;
		r->kind = 'J';
		if (rp_num(p, 365, &r->n) < 0 || r->n < 1)
			return -1;
	} else {
		r->kind = 'n';
		if (rp_num(p, 365, &r->n) < 0)
			return -1;
	}
	if (**p == '/') {
		(*p)++;
		if (rp_time(p, 167, &r->time) < 0)
			return -1;
	}
	return 0;
}

static int
rule_parse(const char *s, struct posix_rule *r)
{
	int32_t off;

	memset(r, 0, sizeof(*r));
	if (rp_name(&s) < 0 || rp_time(&s, 24, &off) < 0)
		return -1;
	r->std_off = -off;		/* POSIX counts west */
	r->dst_off = r->std_off + 3600;
	if (*s != '\0') {
		if (rp_name(&s) < 0)
			return -1;
		r->has_dst = 1;
		if (*s != ',' && *s != '\0') {
			if (rp_time(&s, 24, &off) < 0)
				return -1;
			r->dst_off = -off;
		}
		/* No rule: the US one, as POSIX leaves it to the system. */
		if (*s == '\0') {
			r->start = (struct rule_date){ 'M', 3, 2, 0, 0, 7200 };
			r->end = (struct rule_date){ 'M', 11, 1, 0, 0, 7200 };
		} else if (*s++ != ',' || rp_date(&s, &r->start) < 0 ||
		    *s++ != ',' || rp_date(&s, &r->end) < 0)
			return -1;
	}
	if (*s != '\0')
		return -1;
	r->valid = 1;
	return 0;
}

static struct tzif *
fail(struct tzif *z, char **cause, const char *msg)
{
	tzif_free(z);
	if (cause != NULL)
		*cause = xstrdup(msg);
	return NULL;
}

struct tzif *
tzif_posix(const char *rule, char **cause)
{
	struct tzif *z = xcalloc(1, sizeof(*z));

	if (rule_parse(rule, &z->rule) < 0)
		return fail(z, cause, "not a POSIX TZ rule");
	return z;
}

struct tzif *
tzif_parse(const void *buf, size_t len, char **cause)
{
	const unsigned char *b = buf, *d;
	struct tzif *z = xcalloc(1, sizeof(*z));
	uint32_t isut, isstd, leap, timecnt, typecnt, charcnt;
	size_t tsz = 4, need, i, k;
	char *footer;

	if (len < 44 || memcmp(b, "TZif", 4) != 0)
		return fail(z, cause, "not a TZif file");
	for (k = 0; k < 2; k++) {
		isut = be32(b + 20);
		isstd = be32(b + 24);
		leap = be32(b + 28);
		timecnt = be32(b + 32);
		typecnt = be32(b + 36);
		charcnt = be32(b + 40);
		if (timecnt > 100000 || typecnt == 0 || typecnt > 256 ||
		    charcnt > 100000 || leap > 100000 || isut > 256 ||
		    isstd > 256)
			return fail(z, cause, "TZif counts out of range");
		need = 44 + timecnt * tsz + timecnt + typecnt * 6 + charcnt +
		    leap * (tsz + 4) + isstd + isut;
		if (need > len)
			return fail(z, cause, "TZif file cut short");
		/* Version 2+: the 64-bit block follows the 32-bit one. */
		if (k == 0 && b[4] >= '2' && len >= need + 44 &&
		    memcmp(b + need, "TZif", 4) == 0) {
			b += need;
			len -= need;
			tsz = 8;
			continue;
		}
		break;
	}
	d = b + 44;
	z->ntrans = timecnt;
	z->trans = xcalloc(timecnt + 1, sizeof(*z->trans));
	z->idx = xcalloc(timecnt + 1, 1);
	for (i = 0; i < timecnt; i++, d += tsz)
		z->trans[i] = tsz == 8 ? be64(d) : (int32_t)be32(d);
	for (i = 0; i < timecnt; i++, d++) {
		if (*d >= typecnt)
			return fail(z, cause, "TZif transition of no type");
		z->idx[i] = *d;
	}
	z->ntypes = typecnt;
	z->off = xcalloc(typecnt, sizeof(*z->off));
	for (i = 0; i < typecnt; i++, d += 6)
		z->off[i] = (int32_t)be32(d);
	for (i = 1; i < timecnt; i++)
		if (z->trans[i] <= z->trans[i - 1])
			return fail(z, cause, "TZif transitions out of order");
	/* The footer: "\nRULE\n" after the 64-bit block. */
	d = b + need;
	if (tsz == 8 && d < b + len && *d == '\n') {
		const unsigned char *e = memchr(d + 1, '\n',
		    (size_t)(b + len - d - 1));

		if (e != NULL && e > d + 1) {
			footer = xmalloc((size_t)(e - d));
			memcpy(footer, d + 1, (size_t)(e - d - 1));
			footer[e - d - 1] = '\0';
			if (rule_parse(footer, &z->rule) < 0)
				memset(&z->rule, 0, sizeof(z->rule));
			xfree(footer);
		}
	}
	return z;
}

void
tzif_free(struct tzif *z)
{
	if (z == NULL)
		return;
	xfree(z->trans);
	xfree(z->idx);
	xfree(z->off);
	xfree(z);
}

int32_t
tzif_offset(const struct tzif *z, int64_t t)
{
	size_t lo = 0, hi = z->ntrans, mid;

	if (z->ntrans == 0 || t < z->trans[0]) {
		if (z->ntrans == 0 && z->rule.valid)
			return rule_offset(&z->rule, t);
		return z->ntypes > 0 ? z->off[0] : 0;
	}
	if (t >= z->trans[z->ntrans - 1] && z->rule.valid)
		return rule_offset(&z->rule, t);
	/* The last transition at or before t. */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (z->trans[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return z->off[z->idx[lo]];
}

/*
 * The offsets a day before and a day after are those on either side of
 * any change near lt; each that maps back onto itself is a reading.  Two
 * readings (the repeated hour): the earlier.  None (the missing hour): the
 * offset from before the change.
 */
int64_t
tzif_local_to_utc(const struct tzif *z, int64_t lt)
{
	int32_t before = tzif_offset(z, lt - 86400);
	int32_t after = tzif_offset(z, lt + 86400);
	int64_t ub = lt - before, ua = lt - after;
	int okb = tzif_offset(z, ub) == before;
	int oka = tzif_offset(z, ua) == after;

	if (okb && oka)
		return ub < ua ? ub : ua;
	if (oka)
		return ua;
	return ub;
}

int64_t
tzone_to_utc(const struct tzone *tz, int64_t ms)
{
	int64_t s, r;

	if (tz == NULL)
		return ms;
	if (tz->zone == NULL)
		return ms - (int64_t)tz->minutes * 60000;
	s = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
	r = ms - s * 1000;
	return tzif_local_to_utc(tz->zone, s) * 1000 + r;
}
