/*
 * alert — the labels and annotations of an incident for Prometheus and
 * Alertmanager; see alert.h.
 *
 * The alert name is a stable function of the signature id alone
 * ("configmgr.sender.cannot-connect" is SyncwatchConfigmgrSenderCannot-
 * Connect without the dash): a route or a silence written against it
 * keeps working whatever the incident's severity or state becomes.
 */
#include <ctype.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/xmalloc.h"
#include "match/sigdb.h"
#include "rules/alert.h"
#include "store/store.h"

static const char *const reserved[] = {
	"alertname", "signature", "severity", "product", "source", "id",
	"state", "syncwatch", "instance", "job", "summary", "fix", "url",
	"__name__",
};

static void
add(struct alert *a, const char *name, const char *value)
{
	if (a->nlabels == ALERT_MAX_LABELS || value == NULL)
		return;
	a->labels[a->nlabels].name = xstrdup(name);
	a->labels[a->nlabels].value = xstrdup(value);
	a->nlabels++;
}

/* A group_by field as a label: [a-zA-Z_][a-zA-Z0-9_]*, not reserved. */
static int
field_label_ok(const char *f)
{
	size_t i;

	if (!isalpha((unsigned char)f[0]) && f[0] != '_')
		return 0;
	for (i = 1; f[i] != '\0'; i++)
		if (!isalnum((unsigned char)f[i]) && f[i] != '_')
			return 0;
	if (f[0] == '_' && f[1] == '_')
		return 0;
	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (strcmp(f, reserved[i]) == 0)
			return 0;
	return 1;
}

static char *
make_alertname(const char *sig)
{
	struct buf b = { 0 };
	int up = 1;
	char *s;

	buf_puts(&b, "Syncwatch");
	for (; *sig != '\0'; sig++) {
		if (!isalnum((unsigned char)*sig)) {
			up = 1;
			continue;
		}
		buf_putc(&b, up ? toupper((unsigned char)*sig) : *sig);
		up = 0;
	}
	s = xstrdup(buf_cstr(&b));
	buf_free(&b);
	return s;
}

void
alert_make(struct alert *a, const struct store_incident *inc,
    const struct sigdb *db, const char *name, const char *external_url)
{
	const struct signature *sig = db != NULL ?
	    sigdb_find(db, inc->signature) : NULL;
	char id[32];
	struct buf u = { 0 };
	json_t *fields;
	size_t i;

	memset(a, 0, sizeof(*a));
	snprintf(id, sizeof(id), "%" PRId64, inc->id);
	add(a, "signature", inc->signature);
	add(a, "severity", inc->severity);
	add(a, "product", inc->product != NULL ? inc->product : "");
	add(a, "source", inc->source);
	add(a, "id", id);
	add(a, "state", inc->state);
	add(a, "syncwatch", name);
	fields = inc->fields_json != NULL ? json_loads(inc->fields_json, 0,
	    NULL) : NULL;
	for (i = 0; sig != NULL && fields != NULL && i < sig->ngroup_by; i++) {
		json_t *v = json_object_get(fields, sig->group_by[i]);

		if (json_is_string(v) && json_string_length(v) > 0 &&
		    field_label_ok(sig->group_by[i]))
			add(a, sig->group_by[i], json_string_value(v));
	}
	json_decref(fields);
	a->alertname = make_alertname(inc->signature);
	a->summary = xstrdup(sig != NULL ? sig->title : inc->signature);
	a->fix = xstrdup(sig != NULL && sig->nfix > 0 ? sig->fix[0] : "");
	buf_printf(&u, "%s/incidents/%s", external_url, id);
	a->url = xstrdup(buf_cstr(&u));
	buf_free(&u);
}

void
alert_clear(struct alert *a)
{
	size_t i;

	for (i = 0; i < a->nlabels; i++) {
		xfree(a->labels[i].name);
		xfree(a->labels[i].value);
	}
	xfree(a->alertname);
	xfree(a->summary);
	xfree(a->fix);
	xfree(a->url);
	memset(a, 0, sizeof(*a));
}

const char *
alert_label(const struct alert *a, const char *name)
{
	size_t i;

	for (i = 0; i < a->nlabels; i++)
		if (strcmp(a->labels[i].name, name) == 0)
			return a->labels[i].value;
	return NULL;
}
