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
	char		**stash;	/* the values of the key lines (lines.c) */
	size_t		 nstash;
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

/*
 * lines.c: line s (n bytes, its line end included) as libinih is to see
 * it, into out[size], every mistake reported; the value of a key line as
 * libinih hands it back; the values kept, freed.
 */
void	cfg_line(struct parser *, const char *s, size_t n, char *out,
	    size_t size);
const char *cfg_value(const struct parser *, const char *inih_value);
void	cfg_lines_free(struct parser *);

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
/* push.c: the [alertmanager] section, its defaults, its strings. */
void	set_alertmanager_key(struct parser *, const char *key,
	    const char *value);
void	check_alertmanager(struct parser *);
void	alertmanager_free(struct alertmanager_conf *);
/* The sections' strings. */
void	sections_free(struct config *);

#endif
