/*
 * alert — an incident as the fleet sees it: the labels and annotations
 * that /metrics puts on its syncwatch_incident_open series, that the
 * shipped Prometheus rules carry into their alerts, and that the push to
 * Alertmanager sends.  One place makes them, so an alert looks the same
 * whichever way it reached Alertmanager.
 *
 * Labels: signature, severity, product, source, id (the incident), state,
 * syncwatch (the daemon's [daemon] name), and the signature's group_by
 * fields that hold a value (site, server, ...) under their own names
 * unless they would clash with one of the above.  Annotations: summary
 * (the signature's title), fix (its first fix step), url (the incident
 * page under external_url).  Values are UTF-8 text as the log had it; the
 * caller escapes them for where they go.
 */
#ifndef SYNCWATCH_ALERT_H
#define SYNCWATCH_ALERT_H

#include <stddef.h>

struct sigdb;
struct store_incident;

#define ALERT_MAX_LABELS	16

struct alert_pair {
	char		*name;
	char		*value;
};

struct alert {
	struct alert_pair labels[ALERT_MAX_LABELS];
	size_t		 nlabels;
	char		*alertname;	/* stable per signature */
	char		*summary;
	char		*fix;		/* "" when the signature has none */
	char		*url;
};

/*
 * Fill a from inc; db (may be NULL) gives the title, the fix and the
 * group_by fields; name and external_url are the daemon's.  Free with
 * alert_clear.
 */
void	alert_make(struct alert *a, const struct store_incident *inc,
	    const struct sigdb *db, const char *name,
	    const char *external_url);
void	alert_clear(struct alert *a);
/* A label's value, or NULL. */
const char *alert_label(const struct alert *a, const char *name);

#endif
