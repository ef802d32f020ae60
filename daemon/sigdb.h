/*
 * sigdb — the signature database: loading, validating, compiling.
 *
 * A database is loaded from every *.sig file of a directory (the language
 * is described in patterns/README.md).  Loading is all or nothing: every
 * problem is collected as "FILE:LINE: message" and, if there is any, no
 * database is returned.  Once loaded, a database is read-only; the daemon
 * loads a new one on reload and swaps it in.
 */
#ifndef SYNCWATCH_SIGDB_H
#define SYNCWATCH_SIGDB_H

#include <stddef.h>

struct regex;

enum sig_severity {
	SEV_WARNING = 1,
	SEV_ERROR = 2,
	SEV_CRITICAL = 3,
};

struct sig_pattern {
	char		*source;	/* the pattern as written */
	struct regex	*re;
	char		**literals;	/* words every match contains, lower case */
	size_t		 nliterals;	/* 0: none provable, always run */
	int		 line;		/* where it was written */
};

struct signature {
	size_t		 index;		/* position in the database */
	char		*id;
	char		*title;
	char		*product;
	enum sig_severity severity;
	unsigned	 formats;	/* FMT_MASK() bits */
	char		**sources;	/* file-name globs; none = any file */
	size_t		 nsources;
	struct sig_pattern *match;
	size_t		 nmatch;
	struct sig_pattern *unless;
	size_t		 nunless;
	char		**group_by;
	size_t		 ngroup_by;
	char		**supersedes_ids;
	size_t		*supersedes;	/* indexes of the signatures overridden */
	size_t		 nsupersedes;
	char		*meaning;
	char		**fix;
	size_t		 nfix;
	char		**refs;
	size_t		 nrefs;
	char		*file;		/* where it was defined */
	int		 line;
};

struct sigdb {
	int		 refs;		/* sigdb_ref / sigdb_free */
	struct signature *sigs;
	size_t		 nsigs;
	char		**files;	/* the files loaded, sorted */
	size_t		 nfiles;
};

/*
 * Load every *.sig file in dir.  Returns NULL and sets *cause (caller frees;
 * one "FILE:LINE: message" per line) on any error.
 */
struct sigdb *sigdb_load(const char *dir, char **cause);
/* Parse one file's contents (for the tests); same contract. */
struct sigdb *sigdb_load_buffer(const char *name, const char *text,
	    size_t len, char **cause);
/*
 * A database is reference counted so that the HTTP thread can keep using
 * one while a reload replaces it: sigdb_ref adds a reference, sigdb_free
 * drops one and frees the database with the last.
 */
struct sigdb *sigdb_ref(struct sigdb *);
void	sigdb_free(struct sigdb *);

const struct signature *sigdb_find(const struct sigdb *, const char *id);

const char *sigdb_severity_name(enum sig_severity);
/* Returns the severity for a name, or 0. */
enum sig_severity sigdb_severity_parse(const char *);

#endif
