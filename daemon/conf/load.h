/*
 * load — the configuration and the signatures it names, loaded and
 * checked together.
 *
 * The daemon (at start and on every reload) and check-config need the
 * same three steps: parse the configuration file, load the signature
 * directory it names (or the default one), and check what the one says
 * about the other (each [inbox] names an inbox signature).  Doing them
 * here keeps the configuration parser and the signature loader ignorant
 * of each other.
 */
#ifndef SYNCWATCH_LOAD_H
#define SYNCWATCH_LOAD_H

struct config;
struct sigdb;

struct loaded {
	struct config	*cf;
	struct sigdb	*db;
	char		*patterns;	/* the signature directory used */
};

/* Which step failed. */
enum load_step {
	LOAD_OK = 0,
	LOAD_CONFIG,		/* the configuration file has errors */
	LOAD_SIGNATURES,	/* the signatures do not load */
	LOAD_CROSS,		/* the two disagree */
};

/*
 * Load path and its signatures into *out.  Returns LOAD_OK, or the step
 * that failed with *cause (FILE:LINE messages, caller frees) and nothing
 * kept.  *warnings (may be NULL) receives the configuration's warnings or
 * NULL, whatever the outcome.
 */
enum load_step load_all(const char *path, struct loaded *out, char **cause,
	    char **warnings);
/* Free what load_all gave (the members may have been taken: NULL). */
void	load_free(struct loaded *);

#endif
