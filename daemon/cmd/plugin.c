/*
 * plugin — Monitoring Plugins threshold ranges; see plugin.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/plugin.h"
#include "lib/xmalloc.h"

static const char *const names[PLUGIN_NMETRICS] = {
	"critical", "error", "warning", "total",
};

const char *
plugin_metric_name(enum plugin_metric m)
{
	return names[m];
}

static int
number(const char *s, size_t n, double *out)
{
	char buf[32], *end;

	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	*out = strtod(buf, &end);
	return *end == '\0' ? 0 : -1;
}

int
plugin_range_parse(const char *s, struct plugin_range *r)
{
	const char *colon;
	size_t n = strlen(s);

	memset(r, 0, sizeof(*r));
	if (n == 0 || n >= sizeof(r->text))
		return -1;
	memcpy(r->text, s, n + 1);
	if (*s == '@') {
		r->inside = 1;
		s++;
	}
	if ((colon = strchr(s, ':')) == NULL) {
		r->low = 0;
		if (number(s, strlen(s), &r->high) == -1)
			return -1;
	} else {
		if (colon == s + 1 && *s == '~')
			r->low_inf = 1;
		else if (colon == s)
			r->low = 0;
		else if (number(s, (size_t)(colon - s), &r->low) == -1)
			return -1;
		if (colon[1] == '\0')
			r->high_inf = 1;
		else if (number(colon + 1, strlen(colon + 1), &r->high) == -1)
			return -1;
	}
	if (!r->low_inf && !r->high_inf && r->low > r->high)
		return -1;
	r->set = 1;
	return 0;
}

int
plugin_range_alerts(const struct plugin_range *r, double v)
{
	int in;

	if (!r->set)
		return 0;
	in = (r->low_inf || v >= r->low) && (r->high_inf || v <= r->high);
	return r->inside ? in : !in;
}

int
plugin_thresholds(const char *arg, struct plugin_range *r, char **cause)
{
	char *copy = xstrdup(arg), *item, *next, *eq;
	int m, rc = 0;

	if (strchr(arg, '=') == NULL) {
		if (plugin_range_parse(arg, &r[PLUGIN_TOTAL]) == -1) {
			xasprintf(cause, "bad range '%s' (e.g. 0, 5:, ~:10, "
			    "@1:3)", arg);
			rc = -1;
		}
		xfree(copy);
		return rc;
	}
	for (item = copy; item != NULL && rc == 0; item = next) {
		if ((next = strchr(item, ',')) != NULL)
			*next++ = '\0';
		if ((eq = strchr(item, '=')) == NULL) {
			xasprintf(cause, "bad threshold '%s' (want "
			    "SEVERITY=RANGE, e.g. critical=0)", item);
			rc = -1;
			break;
		}
		*eq = '\0';
		for (m = 0; m < PLUGIN_NMETRICS; m++)
			if (strcmp(item, names[m]) == 0)
				break;
		if (m == PLUGIN_NMETRICS) {
			xasprintf(cause, "bad threshold '%s': not critical, "
			    "error, warning or total", item);
			rc = -1;
		} else if (plugin_range_parse(eq + 1, &r[m]) == -1) {
			xasprintf(cause, "bad range '%s' for %s (e.g. 0, 5:, "
			    "~:10, @1:3)", eq + 1, item);
			rc = -1;
		}
	}
	xfree(copy);
	return rc;
}
