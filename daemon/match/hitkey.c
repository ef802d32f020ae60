/*
 * hitkey — canonical JSON of a hit's fields; see hitkey.h.
 */
#include <jansson.h>
#include <string.h>

#include "lib/json.h"
#include "lib/xmalloc.h"
#include "match/hitkey.h"
#include "match/match.h"

char *
hitkey_json(const struct match_hit *h, int group_only)
{
	json_t *o = json_object();
	const struct match_field *f;
	char *s;
	size_t i;

	if (group_only) {
		for (i = 0; i < h->sig->ngroup_by; i++) {
			f = match_field(h, h->sig->group_by[i]);
			json_object_set_new(o, h->sig->group_by[i], f != NULL ?
			    json_text(f->value, f->len) : json_null());
		}
	} else
		for (i = 0; i < h->nfields; i++)
			json_object_set_new(o, h->fields[i].name,
			    json_text(h->fields[i].value, h->fields[i].len));
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return s != NULL ? s : xstrdup("{}");
}
