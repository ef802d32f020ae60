/*
 * load — configuration plus signatures; see load.h.
 */
#include <string.h>

#include "conf/config.h"
#include "conf/load.h"
#include "lib/diag.h"
#include "lib/xmalloc.h"
#include "match/sigdb.h"
#include "platform/platform.h"

/*
 * Each [source] product must be one the signatures have: a misspelt one
 * (sccm for configmgr) would follow its logs with no signature at all.
 */
static void
check_products(const struct config *cf, const struct sigdb *db,
    struct diag *d)
{
	const char *p, *start;
	char *known;
	size_t i;

	for (i = 0; i < cf->nsources; i++) {
		const struct source_conf *sc = &cf->sources[i];

		for (p = sc->product; p != NULL && *p != '\0';) {
			p += strspn(p, " ,\t");
			if (*p == '\0')
				break;
			start = p;
			p += strcspn(p, " ,\t");
			if (sigdb_has_product(db, start, (size_t)(p - start)))
				continue;
			known = sigdb_products(db);
			diag_add(d, cf->file, (uint64_t)sc->line,
			    "[source %s]: no signature is of product '%.*s' "
			    "(the products are %s)", sc->name,
			    (int)(p - start), start, known);
			xfree(known);
		}
	}
}

/* What the configuration names must exist: products, inbox signatures. */
static int
cross_check(const struct config *cf, const struct sigdb *db, char **cause)
{
	struct diag d = { 0 };
	size_t i;

	check_products(cf, db, &d);
	/* Each [inbox] must name a signature of kind inbox. */
	for (i = 0; i < cf->ninboxes; i++) {
		const struct inbox_conf *ic = &cf->inboxes[i];
		const struct signature *sig = sigdb_find(db, ic->signature);

		if (sig == NULL && sigdb_disabled(db, ic->signature) != NULL)
			diag_add(&d, cf->file, (uint64_t)ic->line,
			    "[inbox %s]: signature '%s' is disabled at %s",
			    ic->name, ic->signature,
			    sigdb_disabled(db, ic->signature));
		else if (sig == NULL)
			diag_add(&d, cf->file, (uint64_t)ic->line,
			    "[inbox %s]: no signature '%s'", ic->name,
			    ic->signature);
		else if (sig->kind != SIG_INBOX)
			diag_add(&d, cf->file, (uint64_t)ic->line,
			    "[inbox %s]: '%s' is of kind %s, not inbox",
			    ic->name, ic->signature,
			    sigdb_kind_name(sig->kind));
	}
	if (d.count == 0)
		return 0;
	*cause = diag_take(&d);
	return -1;
}

enum load_step
load_all(const char *path, struct loaded *out, char **cause, char **warnings)
{
	char *why;

	memset(out, 0, sizeof(*out));
	if ((out->cf = config_load(path, cause, warnings)) == NULL)
		return LOAD_CONFIG;
	out->patterns = out->cf->patterns != NULL ?
	    xstrdup(out->cf->patterns) : platform_default_patterns();
	if ((out->db = sigdb_load_local(out->patterns, out->cf->patterns_local,
	    &why)) == NULL) {
		xasprintf(cause, "%s\ncannot load signatures from %s%s%s", why,
		    out->patterns, out->cf->patterns_local != NULL ? " and " :
		    "", out->cf->patterns_local != NULL ?
		    out->cf->patterns_local : "");
		xfree(why);
		load_free(out);
		return LOAD_SIGNATURES;
	}
	if (cross_check(out->cf, out->db, cause) == -1) {
		load_free(out);
		return LOAD_CROSS;
	}
	return LOAD_OK;
}

void
load_free(struct loaded *l)
{
	config_free(l->cf);
	sigdb_free(l->db);
	xfree(l->patterns);
	memset(l, 0, sizeof(*l));
}
