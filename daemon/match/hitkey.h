/*
 * hitkey — a hit's fields as canonical JSON.
 *
 * An incident is keyed by (signature, source, group_by values).  The
 * values are written as a compact JSON object with sorted keys, so that
 * the same problem always gives the same string, whatever order the
 * pattern captured its fields in; the hit's full fields are written the
 * same way for display.
 */
#ifndef SYNCWATCH_HITKEY_H
#define SYNCWATCH_HITKEY_H

struct match_hit;

/*
 * A new string (caller frees): with group_only, the signature's group_by
 * fields only (null for one that did not take part): the incident key;
 * else every field of the hit.
 */
char	*hitkey_json(const struct match_hit *, int group_only);

#endif
