/*
 * config-int — what the files of the configuration parser share: the
 * parser's state, the FILE:LINE collectors, and the section handlers.
 * config.c reads the file and the [daemon] section; sections.c the
 * [source] and [inbox] sections.  Not for use outside conf/.
 */
#ifndef SYNCWATCH_CONFIG_INT_H
#define SYNCWATCH_CONFIG_INT_H

#include "conf/config.h"
#include "lib/buf.h"
#include "lib/diag.h"

struct parser {
	struct config	*cf;
	struct buf	 text;		/* the file */
	size_t		 pos;		/* where cfg_reader is in it */
	int		 line;		/* line last handed to inih */
	int		 section_line;	/* of the last [section] header */
	int		 overlong;
	struct diag	 errors;
	struct diag	 warnings;
	struct source_conf *cur;	/* [source] being filled, or NULL */
	struct inbox_conf *cur_inbox;	/* [inbox] being filled, or NULL */
	int		 cur_line;	/* header line of the one being filled */
	int		 cur_seen;	/* bit per key of that section */
};

/* Problems go to the load's collectors, naming the config file. */
#define cfg_error(p, line, ...) \
	diag_add(&(p)->errors, (p)->cf->file, (uint64_t)(line), __VA_ARGS__)
#define cfg_warning(p, line, ...) \
	diag_add(&(p)->warnings, (p)->cf->file, (uint64_t)(line), __VA_ARGS__)

/* A decimal integer in [min, max].  0, or -1. */
int	parse_int(const char *s, long min, long max, long *out);

/* A new [source NAME] or [inbox NAME], and one of its keys. */
struct source_conf *new_source(struct parser *, const char *name);
void	set_source_key(struct parser *, struct source_conf *, const char *key,
	    const char *value);
struct inbox_conf *new_inbox(struct parser *, const char *name);
void	set_inbox_key(struct parser *, struct inbox_conf *, const char *key,
	    const char *value);
/* After the file: what each source and inbox section still lacks. */
void	check_sources(struct parser *);
void	check_inboxes(struct parser *);
/* The sections' strings. */
void	sections_free(struct config *);

#endif
