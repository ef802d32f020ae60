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
#include <stdint.h>

struct regex;

enum sig_severity {
	SEV_WARNING = 1,
	SEV_ERROR = 2,
	SEV_CRITICAL = 3,
};

/*
 * What a pattern says when it matches.  A plain signature only has
 * `match` patterns; the incident rules add the others (patterns/README.md).
 */
enum sig_role {
	ROLE_MATCH,		/* the failure (or, in a sequence, its start) */
	ROLE_THEN,		/* a sequence's second step */
	ROLE_WITHOUT,		/* cancels a started sequence */
	ROLE_RECOVER,		/* resolves the open incident */
	ROLE_COUNT
};

/*
 * Where a signature's incidents come from: records (optionally a
 * sequence of them), a folder's contents, or the daemon's own view of a
 * source.
 */
enum sig_kind {
	SIG_EVENT,
	SIG_SEQUENCE,		/* match, then `then`, without `without` */
	SIG_INBOX,
	SIG_HEALTH,
};

/* "escalate = SEVERITY after N hits" or "... after DURATION". */
struct sig_escalation {
	enum sig_severity to;
	int64_t		 hits;		/* 0: by time */
	int64_t		 after_ms;	/* 0: by hits */
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
	/* The other roles' patterns, indexed by enum sig_role (MATCH unused). */
	struct sig_pattern *role[ROLE_COUNT];
	size_t		 nrole[ROLE_COUNT];
	enum sig_kind	 kind;
	int		 recover_keyed;	/* recover patterns capture group_by */
	int64_t		 within_ms;	/* sequence: `then` must follow within */
	int64_t		 threshold;	/* open after this many hits ... */
	int64_t		 threshold_ms;	/* ... within this window; 0: none */
	struct sig_escalation *escalate;
	size_t		 nescalate;
	int64_t		 resolve_after_ms; /* quiet this long: self-healed */
	char		**files;	/* inbox: file-name globs */
	size_t		 nfiles;
	int64_t		 max_files;	/* inbox: backlog above this count */
	int64_t		 max_age_ms;	/* inbox: or oldest older than this */
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
	int		 local;		/* defined in the local directory */
	/* What the local .local files changed: "key = value (FILE:LINE)". */
	char		**overrides;
	size_t		 noverrides;
};

struct sigdb {
	int		 refs;		/* sigdb_ref / sigdb_free */
	struct signature *sigs;
	size_t		 nsigs;
	char		**files;	/* the files loaded, sorted */
	size_t		 nfiles;
	/* Shipped signatures a .local file disabled, and where. */
	char		**disabled;
	char		**disabled_where;
	size_t		 ndisabled;
};

/*
 * Load every *.sig file in dir.  Returns NULL and sets *cause (caller frees;
 * one "FILE:LINE: message" per line) on any error.
 */
struct sigdb *sigdb_load(const char *dir, char **cause);
/*
 * The same with the site's own directory (NULL: none): its *.sig files
 * add signatures (an id the shipped set has is an error: override it
 * instead), its *.local files override shipped ones by id, as fail2ban's
 * .local files do (patterns/README.md).  The shipped files stay as the
 * package installed them.
 */
struct sigdb *sigdb_load_local(const char *dir, const char *local,
	    char **cause);
/* Where a .local file disabled signature id ("FILE:LINE"), or NULL. */
const char *sigdb_disabled(const struct sigdb *, const char *id);
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

/*
 * Whether id is a valid signature id: lower-case dotted words of letters,
 * digits and inner hyphens, at least two of them.
 */
int	sigdb_valid_id(const char *id);
const struct signature *sigdb_find(const struct sigdb *, const char *id);
/* Whether a signature of the product name (n bytes) exists. */
int	sigdb_has_product(const struct sigdb *, const char *name, size_t n);
/* The products, sorted, as "a, b, c" (a new string). */
char	*sigdb_products(const struct sigdb *);

const char *sigdb_severity_name(enum sig_severity);
const char *sigdb_kind_name(enum sig_kind);
const char *sigdb_role_name(enum sig_role);
/* Whether a signature has any incident rule beyond "each hit counts". */
int	sigdb_has_rules(const struct signature *);
/* Returns the severity for a name, or 0. */
enum sig_severity sigdb_severity_parse(const char *);

#endif
