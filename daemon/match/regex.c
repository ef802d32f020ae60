/*
 * regex — PCRE2 compiled once with JIT, run under limits; see regex.h.
 *
 * Every pattern is compiled with PCRE2_CASELESS (signatures tolerate the
 * wording and capitalisation drift between product versions), PCRE2_UTF and
 * PCRE2_MATCH_INVALID_UTF: the decoder hands us valid UTF-8, but the
 * matcher must not trust that, so subjects are never a reason to fail.
 *
 * Limits: PCRE2's defaults let a pathological pattern/subject pair run for
 * ten million backtracking steps; a megabyte record would still be
 * processed, slowly.  We cap the match limit and depth so that a bad case
 * costs a bounded amount of work and is reported as "limit reached".
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "lib/log.h"
#include "match/regex.h"
#include "lib/xmalloc.h"

#define REGEX_MATCH_LIMIT	2000000
#define REGEX_DEPTH_LIMIT	20000
#define REGEX_JIT_STACK_MIN	(32 * 1024)
#define REGEX_JIT_STACK_MAX	(1024 * 1024)

struct regex {
	pcre2_code	*code;
	int		 jit;
	int		 nnames;
	int		 name_size;
	PCRE2_SPTR	 name_table;
};

struct regex_ctx {
	pcre2_match_data	*md;
	pcre2_match_context	*mctx;
	pcre2_jit_stack		*jit_stack;
	unsigned long		 limit_hits;
};

struct regex *
regex_compile(const char *src, char **cause)
{
	struct regex *re;
	pcre2_code *code;
	int errcode;
	PCRE2_SIZE erroff;
	uint32_t n, captures;
	PCRE2_UCHAR msg[256];

	code = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED,
	    PCRE2_CASELESS | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &errcode,
	    &erroff, NULL);
	if (code == NULL) {
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		xasprintf(cause, "bad pattern at offset %zu: %s", (size_t)erroff,
		    (char *)msg);
		return NULL;
	}
	pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &captures);
	if (captures >= REGEX_MAX_GROUPS) {
		pcre2_code_free(code);
		xasprintf(cause, "pattern has %u groups, at most %d allowed",
		    captures, REGEX_MAX_GROUPS - 1);
		return NULL;
	}
	re = xcalloc(1, sizeof(*re));
	re->code = code;
	/* Without JIT (unsupported CPU, SELinux execmem) the interpreter runs. */
	re->jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
	pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &n);
	re->nnames = (int)n;
	pcre2_pattern_info(code, PCRE2_INFO_NAMEENTRYSIZE, &n);
	re->name_size = (int)n;
	pcre2_pattern_info(code, PCRE2_INFO_NAMETABLE, &re->name_table);
	return re;
}

void
regex_free(struct regex *re)
{
	if (re == NULL)
		return;
	pcre2_code_free(re->code);
	xfree(re);
}

int
regex_name_count(const struct regex *re)
{
	return re->nnames;
}

const char *
regex_name(const struct regex *re, int i, int *group)
{
	PCRE2_SPTR entry;

	if (i < 0 || i >= re->nnames)
		return NULL;
	/* Each entry: a 16-bit big-endian group number, then the name. */
	entry = re->name_table + (size_t)i * (size_t)re->name_size;
	if (group != NULL)
		*group = (entry[0] << 8) | entry[1];
	return (const char *)entry + 2;
}

int
regex_has_name(const struct regex *re, const char *name)
{
	int i;

	for (i = 0; i < re->nnames; i++)
		if (strcmp(regex_name(re, i, NULL), name) == 0)
			return 1;
	return 0;
}

struct regex_ctx *
regex_ctx_new(void)
{
	struct regex_ctx *ctx = xcalloc(1, sizeof(*ctx));

	ctx->md = pcre2_match_data_create(REGEX_MAX_GROUPS, NULL);
	ctx->mctx = pcre2_match_context_create(NULL);
	if (ctx->md == NULL || ctx->mctx == NULL)
		fatalx("regex_ctx_new: out of memory");
	pcre2_set_match_limit(ctx->mctx, REGEX_MATCH_LIMIT);
	pcre2_set_depth_limit(ctx->mctx, REGEX_DEPTH_LIMIT);
	ctx->jit_stack = pcre2_jit_stack_create(REGEX_JIT_STACK_MIN,
	    REGEX_JIT_STACK_MAX, NULL);
	if (ctx->jit_stack != NULL)
		pcre2_jit_stack_assign(ctx->mctx, NULL, ctx->jit_stack);
	return ctx;
}

void
regex_ctx_free(struct regex_ctx *ctx)
{
	if (ctx == NULL)
		return;
	pcre2_match_data_free(ctx->md);
	pcre2_match_context_free(ctx->mctx);
	if (ctx->jit_stack != NULL)
		pcre2_jit_stack_free(ctx->jit_stack);
	xfree(ctx);
}

int
regex_exec(const struct regex *re, struct regex_ctx *ctx, const char *subject,
    size_t len)
{
	int rc;

	/*
	 * PCRE2_NO_UTF_CHECK is safe: the pattern was compiled with
	 * PCRE2_MATCH_INVALID_UTF, which makes invalid sequences simply
	 * unmatchable instead of undefined behaviour.
	 */
	rc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, 0,
	    PCRE2_NO_UTF_CHECK, ctx->md, ctx->mctx);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	ctx->limit_hits++;
	return -1;
}

int
regex_group(const struct regex_ctx *ctx, int n, size_t *start, size_t *end)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(ctx->md);

	if (n < 0 || (uint32_t)n >= pcre2_get_ovector_count(ctx->md))
		return -1;
	if (ov[2 * n] == PCRE2_UNSET)
		return -1;
	*start = ov[2 * n];
	*end = ov[2 * n + 1];
	return 0;
}

unsigned long
regex_ctx_limit_hits(const struct regex_ctx *ctx)
{
	return ctx->limit_hits;
}

/*
 * Literal extraction.  We walk the top level of the pattern only and collect
 * runs of characters that must appear consecutively in every match.  Anything
 * we cannot prove ends the current run: groups (they may be optional or hold
 * alternatives), classes, escapes such as \s, anchors, and a character made
 * optional by ?, * or {0,…}.  A top-level | or extended mode means no
 * literal at all.  Being conservative only costs speed, never a missed hit.
 */
struct lit_state {
	char	cur[256];
	size_t	curlen;
	size_t	min_len;
	char	**runs;		/* every run of at least min_len */
	size_t	nruns;
};

static void
lit_end(struct lit_state *st)
{
	size_t i;

	if (st->curlen >= st->min_len && st->curlen > 0) {
		for (i = 0; i < st->nruns; i++)
			if (strlen(st->runs[i]) == st->curlen &&
			    memcmp(st->runs[i], st->cur, st->curlen) == 0)
				break;
		if (i == st->nruns) {
			st->runs = xreallocarray(st->runs, st->nruns + 1,
			    sizeof(char *));
			st->runs[st->nruns++] = xstrndup(st->cur, st->curlen);
		}
	}
	st->curlen = 0;
}

static void
lit_free(struct lit_state *st)
{
	size_t i;

	for (i = 0; i < st->nruns; i++)
		xfree(st->runs[i]);
	xfree(st->runs);
	st->runs = NULL;
	st->nruns = 0;
}

static void
lit_add(struct lit_state *st, unsigned char c)
{
	if (c >= 0x80) {		/* caseless non-ASCII: not provable */
		lit_end(st);
		return;
	}
	if (st->curlen == sizeof(st->cur))
		lit_end(st);
	st->cur[st->curlen++] = (char)tolower(c);
}

/* Length of a quantifier at p, or 0.  Sets *optional if it allows zero. */
static size_t
lit_quantifier(const char *p, int *optional)
{
	const char *q;

	*optional = 0;
	if (*p == '?' || *p == '*') {
		*optional = 1;
		q = p + 1;
	} else if (*p == '+') {
		q = p + 1;
	} else if (*p == '{') {
		q = p + 1;
		if (!isdigit((unsigned char)*q))
			return 0;
		*optional = strtol(q, NULL, 10) == 0;
		while (isdigit((unsigned char)*q))
			q++;
		if (*q == ',') {
			q++;
			while (isdigit((unsigned char)*q))
				q++;
		}
		if (*q != '}')
			return 0;
		q++;
	} else
		return 0;
	if (*q == '?' || *q == '+')	/* lazy or possessive */
		q++;
	return (size_t)(q - p);
}

/* Skip a character class starting at '['; returns the position after ']'. */
static const char *
lit_skip_class(const char *p)
{
	p++;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	while (*p != '\0' && *p != ']') {
		if (*p == '\\' && p[1] != '\0')
			p += 2;
		else if (p[0] == '[' && p[1] == ':') {
			const char *e = strstr(p + 2, ":]");
			p = e != NULL ? e + 2 : p + 1;
		} else
			p++;
	}
	return *p == ']' ? p + 1 : p;
}

/* Skip a group starting at '('; returns the position after its ')'. */
static const char *
lit_skip_group(const char *p)
{
	int depth = 0;

	while (*p != '\0') {
		if (*p == '\\' && p[1] != '\0')
			p += 2;
		else if (*p == '[')
			p = lit_skip_class(p);
		else if (*p == '(') {
			depth++;
			p++;
		} else if (*p == ')') {
			p++;
			if (--depth == 0)
				return p;
		} else
			p++;
	}
	return p;
}

/*
 * How many characters after the letter of an escape (at p, just past
 * "\\e") are still part of it: the control character's letter, the hex
 * or octal digits, a back reference's number, a property's one letter, or
 * a braced, angled or quoted argument.  Taking too many only loses some
 * literal text; taking too few would make a literal of what is not one.
 */
static size_t
lit_escape_tail(const char *p, char e)
{
	const char *q = p;
	char close;

	if (*q == '{' || *q == '<' || *q == '\'') {
		close = *q == '{' ? '}' : *q == '<' ? '>' : '\'';
		q = strchr(q, close);
		return q != NULL ? (size_t)(q + 1 - p) : strlen(p);
	}
	if (e == 'c')
		return *q != '\0';
	if (e == 'x') {
		while (q < p + 2 && isxdigit((unsigned char)*q))
			q++;
		return (size_t)(q - p);
	}
	if (e == 'p' || e == 'P')
		return *q != '\0';
	if (e == 'g' && (*q == '+' || *q == '-'))
		q++;
	if (e == 'g' || isdigit((unsigned char)e))
		while (isdigit((unsigned char)*q))
			q++;
	return (size_t)(q - p);
}

size_t
regex_literals(const char *src, size_t min_len, char ***out)
{
	struct lit_state st = { .curlen = 0, .min_len = min_len };
	const char *p = src, *q, *end;
	size_t n;
	int optional;

	while (*p != '\0') {
		unsigned char c = (unsigned char)*p;

		if (c == '|') {
			lit_free(&st);
			return 0;
		}
		if (c == '(') {
			lit_end(&st);
			if (p[1] == '?' && p[2] == '#') {
				q = strchr(p, ')');
				p = q != NULL ? q + 1 : p + strlen(p);
				continue;
			}
			if (p[1] == '?' && strchr("imnsxJU-^", p[2]) != NULL &&
			    p[2] != '\0') {
				/* An option setting such as (?i) or (?s-i:…). */
				for (q = p + 2; *q != '\0' && *q != ')' &&
				    *q != ':'; q++)
					if (*q == 'x') {
						lit_free(&st);
						return 0;
					}
			}
			p = lit_skip_group(p);
			p += lit_quantifier(p, &optional);
			continue;
		}
		if (c == '[') {
			lit_end(&st);
			p = lit_skip_class(p);
			p += lit_quantifier(p, &optional);
			continue;
		}
		if (c == '.' || c == '^' || c == '$') {
			lit_end(&st);
			p++;
			p += lit_quantifier(p, &optional);
			continue;
		}
		if (c == '\\') {
			unsigned char e = (unsigned char)p[1];

			if (e == '\0')
				break;
			if (e == 'Q') {
				/*
				 * \Q…\E quotes literally.  A quantifier after
				 * the \E applies to the last quoted character,
				 * so that one goes the common way below.
				 */
				q = strstr(p + 2, "\\E");
				end = q != NULL ? q : p + strlen(p);
				for (p += 2; p + 1 < end; p++)
					lit_add(&st, (unsigned char)*p);
				if (p == end) {
					p = q != NULL ? q + 2 : end;
					continue;
				}
				c = (unsigned char)*p;
				p = q != NULL ? q + 2 : end;
			} else if (isalnum(e)) {
				/* \s, \d, \b, \x41, \cA, \p{…}, \1: unprovable. */
				lit_end(&st);
				p += 2;
				p += lit_escape_tail(p, (char)e);
				p += lit_quantifier(p, &optional);
				continue;
			} else {
				c = e;
				p += 2;
			}
		} else
			p++;
		/* c is a literal character; look at what follows it. */
		n = lit_quantifier(p, &optional);
		if (n > 0) {
			if (!optional)
				lit_add(&st, c);
			lit_end(&st);
			p += n;
			continue;
		}
		lit_add(&st, c);
	}
	lit_end(&st);
	*out = st.runs;
	return st.nruns;
}

char *
regex_literal(const char *src, size_t min_len)
{
	char **runs = NULL, *best = NULL;
	size_t n, i;

	n = regex_literals(src, min_len, &runs);
	for (i = 0; i < n; i++) {
		if (best == NULL || strlen(runs[i]) > strlen(best)) {
			xfree(best);
			best = runs[i];
		} else
			xfree(runs[i]);
	}
	xfree(runs);
	return best;
}
