/*
 * folder — a watched inbox folder; see folder.h.
 */
#include <string.h>

#include "conf/config.h"
#include "follow/folder.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "match/sigdb.h"
#include "platform/platform.h"

void
folder_init(struct folder *ib, const struct inbox_conf *ic,
    const struct sigdb *db, struct platform_loop *loop, int64_t now)
{
	memset(ib, 0, sizeof(*ib));
	ib->ic = ic;
	ib->sig = sigdb_find(db, ic->signature);
	ib->files = ic->nfiles > 0 ? ic->files : ib->sig->files;
	ib->nfiles = ic->nfiles > 0 ? ic->nfiles : ib->sig->nfiles;
	ib->max_files = ic->max_files >= 0 ? ic->max_files :
	    ib->sig->max_files;
	ib->max_age_ms = ic->max_age_ms >= 0 ? ic->max_age_ms :
	    ib->sig->max_age_ms;
	ib->wd = ic->watch == WATCH_POLL || loop == NULL ? -1 :
	    platform_watch_dir(loop, ic->path);
	ib->next_poll = now;
	ib->check = 1;
	ib->verdict = -1;
	ib->due = -1;
}

void
folder_clear(struct folder *ib, struct platform_loop *loop)
{
	if (ib->wd >= 0 && loop != NULL)
		platform_watch_remove(loop, ib->wd);
	xfree(ib->error);
	memset(ib, 0, sizeof(*ib));
	ib->wd = -1;
}

int
folder_observe(struct folder *ib, int64_t now_mono, int64_t now,
    struct inbox_health *h)
{
	if (!ib->check && now_mono < ib->next_poll &&
	    (ib->due < 0 || now < ib->due))
		return 0;
	ib->check = 0;
	ib->next_poll = now_mono + ib->ic->poll_ms;
	memset(h, 0, sizeof(*h));
	h->inbox = ib->ic->name;
	h->path = ib->ic->path;
	h->sig = ib->sig;
	h->max_files = ib->max_files;
	h->max_age_ms = ib->max_age_ms;
	xfree(ib->error);
	ib->error = NULL;
	if (inbox_scan(ib->ic->path, ib->files, ib->nfiles, &ib->status,
	    &ib->error) == -1) {
		if (!ib->error_logged)
			log_warnx("inbox %s: %s", ib->ic->name, ib->error);
		ib->error_logged = 1;
		h->error = ib->error;
		return 1;
	}
	if (ib->error_logged)
		log_notice("inbox %s: %s readable again", ib->ic->name,
		    ib->ic->path);
	ib->error_logged = 0;
	h->ok = 1;
	h->count = ib->status.count;
	h->oldest_ms = ib->status.oldest_ms;
	h->oldest = ib->status.oldest;
	return 1;
}

int64_t
folder_timeout(const struct folder *ib, int64_t now_mono, int64_t now)
{
	int64_t t = ib->next_poll > now_mono ? ib->next_poll - now_mono : 0;

	if (ib->due >= 0 && (ib->due > now ? ib->due - now : 0) < t)
		t = ib->due > now ? ib->due - now : 0;
	return t;
}
