/*
 * plugin — the Monitoring Plugins conventions `syncwatch status` follows
 * (the guidelines of monitoring-plugins.org, which Nagios, Icinga and
 * Naemon read): threshold ranges for -w and -c, and performance data.
 *
 * A range is [@]START:END, where START defaults to 0 and "~" means minus
 * infinity, END may be left out (infinity), and "N" alone is 0:N; a value
 * outside it alerts, or inside it with the leading '@'.  A threshold
 * option names ranges per metric, "critical=0,error=5", or one range for
 * the total.
 */
#ifndef SYNCWATCH_PLUGIN_H
#define SYNCWATCH_PLUGIN_H

struct plugin_range {
	int	 set;
	int	 inside;	/* '@': alert inside */
	int	 low_inf;	/* '~' */
	int	 high_inf;
	double	 low;
	double	 high;
	char	 text[32];	/* as given, for the performance data */
};

/* The metrics a threshold may name (open incidents by severity). */
enum plugin_metric {
	PLUGIN_CRITICAL,
	PLUGIN_ERROR,
	PLUGIN_WARNING,
	PLUGIN_TOTAL,
	PLUGIN_NMETRICS,
};

/* Parse one range.  0, or -1. */
int	plugin_range_parse(const char *s, struct plugin_range *);
/* Whether v alerts against r (an unset range never does). */
int	plugin_range_alerts(const struct plugin_range *, double v);
/*
 * Parse a -w or -c argument into r[PLUGIN_NMETRICS]: "RANGE" (the total)
 * or "NAME=RANGE,..." with NAME critical, error, warning or total.  0, or
 * -1 and *cause.
 */
int	plugin_thresholds(const char *arg, struct plugin_range *r,
	    char **cause);
const char *plugin_metric_name(enum plugin_metric);

#endif
