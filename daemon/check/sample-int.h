/*
 * sample-int — what the files of the sample harness share: a run of one
 * sample log and the checker's totals.  Not for use outside check/.
 */
#ifndef SYNCWATCH_SAMPLE_INT_H
#define SYNCWATCH_SAMPLE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "check/samples.h"
#include "decode/event.h"
#include "lib/buf.h"
#include "lib/diag.h"
#include "match/sigdb.h"

/* A hit annotation (`match`, `then`, `without`, `recover`) or a near miss. */
enum ann_kind { ANN_HIT, ANN_MISS };

struct ann_field {
	char	*name;
	char	*value;
};

struct annotation {
	enum ann_kind	 kind;
	enum sig_role	 role;		/* ANN_HIT: which role must hit */
	const struct signature *sig;
	struct ann_field *fields;
	size_t		 nfields;
	uint64_t	 line;		/* where the annotation is */
	uint64_t	 target;	/* next non-annotation line */
	uint64_t	 rec_line;	/* first line of the records it covers */
};

struct rec_hit {
	const struct signature *sig;
	enum sig_role	 role;
	char		*fields;	/* "a=1\0b=2\0" canonical, sorted */
	size_t		 fields_len;
	struct ann_field *fv;
	size_t		 nfv;
};

struct record {
	uint64_t	 line;
	enum event_format format;
	char		*text;
	size_t		 text_len;
	struct rec_hit	*hits;
	size_t		 nhits;
};

struct run {
	const char		*name;	/* for messages */
	const struct sigdb	*db;
	struct matcher		*m;
	struct reader		*rd;
	enum event_format	 fmt;
	int			 seen_line;	/* a log line, not an annotation */
	int			 parse_annotations;
	struct annotation	*anns;
	size_t			 nanns;
	size_t			 pending;	/* annotations awaiting a line */
	struct record		*recs;
	size_t			 nrecs;
	struct buf		 lines;		/* decoded text, annotations too */
	struct diag		*errors;	/* the checker's */
	unsigned char		*limit_said;	/* the checker's limited */
};

struct checker {
	const struct sigdb	*db;
	FILE			*out;
	struct diag		 errors;
	int			*pos;	/* [signature * ROLE_COUNT + role]: hits
					   confirmed */
	int			*neg;	/* per signature: near misses confirmed */
	unsigned char		*limited; /* per signature: a pattern stopped
					   at the match limit on a sample */
	struct samples_summary	 sum;
};

/* A problem at line of the run's file (0: about the whole file). */
#define run_error(r, line, ...) \
	diag_add((r)->errors, (r)->name, (uint64_t)(line), __VA_ARGS__)

enum variant { V_UTF8_BOM_CRLF, V_UTF16LE, V_UTF16BE, V_CP1252, V_COUNT };
extern const char *const sample_variant_names[V_COUNT];

/* A run over a sample named name (messages) read as source (sources=). */
void	sample_run_init(struct run *, struct checker *, const char *name,
	    const char *source, int annotations);
void	sample_run_bytes(struct run *, const char *bytes, size_t len);
void	sample_run_free(struct run *);
/* rec's hit on sig in role (ROLE_COUNT: in any role), or NULL. */
const struct rec_hit *sample_find_hit(const struct record *,
	    const struct signature *, enum sig_role);
/* The role an annotation is about: ROLE_COUNT (any) for a near miss. */
enum sig_role sample_ann_role(const struct annotation *);
/* Whether hit h carries every field annotation a names, with its value. */
int	sample_fields_match(const struct annotation *, const struct rec_hit *);
/* Report how hit h differs from annotation a. */
void	sample_fields_report(struct run *, const struct annotation *,
	    const struct rec_hit *, const char *how);
/* The record of a's group whose hit agrees with it (*exact), or any. */
const struct record *sample_find_annotated(const struct run *,
	    const struct annotation *, uint64_t line, int *exact);
/* The first line at or after from on which a record starts, or 0. */
uint64_t sample_next_line(const struct run *, uint64_t from);
/* Canonical "line sig role fields" list of a run, for comparing. */
void	sample_run_digest(const struct run *, struct buf *);
/* Re-encode UTF-8 lines (LF-terminated) as variant v.  -1: not possible. */
int	sample_encode(const struct buf *in, enum variant, struct buf *out);
/* Re-write each annotated record in each format of its signature. */
void	sample_check_renderings(struct checker *, struct run *,
	    const char *name);

#endif
