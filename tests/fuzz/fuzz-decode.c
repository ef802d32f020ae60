/*
 * fuzz-decode — bytes of a log in, records out, through decode/reader.c,
 * the one loop the follower, scan and the sample harness share.
 *
 * Input: byte 0 chooses the options, bytes 1..3 seed the split points, the
 * rest is the log.  Byte 0: bits 0-2 the format (auto, configmgr, cmtrace,
 * log4net, entlib, plain; 6 and 7 are auto again), bits 3-4 max_record
 * (the default 64 KiB, 1024, 1500, 4096: the smallest a configuration or
 * scan accepts is 1024, so a "huge" line fits in a small input), bits 5-6
 * the zone for times without one, bit 7 an extra run with quiet flushes.
 * The top bit of byte 1 reads the log as the sample harness does: "#>"
 * lines are filtered out, and "#> format NAME" sets the format while no
 * line has reached the parser (reader_set_filter, reader_set_format).
 *
 * What must hold, besides no crash, leak or undefined behaviour:
 *
 *   1. Every record is well formed: its strings NUL-terminated, free of
 *      NULs and valid UTF-8 (event.h promises it), its text within
 *      max_record, its lines 1 <= line <= last_line, its end within the
 *      bytes fed; records come in file order (line and end offset never
 *      go back) and in the format asked for.
 *   2. Chunking does not matter: the log fed at once, fed one byte at a
 *      time (up to 4 KiB) and fed in chunks of seeded sizes gives the
 *      same records, every field of them.
 *   3. The safe point keeps its promise (reader.h): after any chunk, it
 *      never goes back, every record that ends at or before it has been
 *      emitted, and a new reader resumed there (with the encoding and
 *      format the first had found, as the follower does after a restart)
 *      gives exactly the records that end after it.  That is "nothing
 *      lost, nothing twice" across a kill -9, at the decoder's level.  It
 *      is checked after every chunk of a log up to 512 bytes, and after
 *      two chunks chosen by the seed in a longer one.
 *   4. After reader_finish nothing is held back.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/reader.h"
#include "fuzz.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"

#define NAME		"decode"
#define HEADER		4
#define RESUME_CHECKS	2
#define RESUME_ALWAYS	512
#define BYTEWISE_MAX	4096

static const enum event_format formats[8] = {
	FMT_AUTO, FMT_CONFIGMGR, FMT_CMTRACE, FMT_LOG4NET, FMT_ENTLIB,
	FMT_PLAIN, FMT_AUTO, FMT_AUTO
};
static const size_t max_records[4] = { 0, 1024, 1500, 4096 };
static const int zones[4] = { 0, 60, -300, 330 };

struct opts {
	enum event_format fmt;
	size_t		 max_record;	/* as given to reader_new */
	size_t		 limit;		/* what it means */
	int		 tz;
	int		 flushes;
	int		 annotations;	/* the sample harness's "#>" lines */
	uint32_t	 seed;
};

/*
 * The records of one run, each serialized (every field of struct event,
 * strings with their lengths) so that two runs compare with memcmp and a
 * suffix of one with another run.
 */
struct run {
	const struct opts *o;
	const char	*what;		/* which run, for messages */
	enum event_format fmt;		/* asked for (a "#> format" line) */
	struct reader	*rd;
	int		 resumed;
	struct buf	 ser;
	size_t		*at;		/* where record i starts in ser */
	uint64_t	*end;		/* its end offset */
	size_t		 n;
	size_t		 cap;
	uint64_t	 fed;		/* bytes fed so far, counting a resume */
	uint64_t	 prev_line;
	uint64_t	 prev_end;
};

static void
put_u64(struct buf *b, uint64_t v)
{
	buf_append(b, &v, sizeof(v));
}

static void
put_str(struct run *r, const char *field, const char *s, size_t n)
{
	FUZZ_CHECK(NAME, s != NULL, "%s: record %zu: %s is NULL", r->what,
	    r->n, field);
	FUZZ_CHECK(NAME, s[n] == '\0' && strlen(s) == n,
	    "%s: record %zu: %s holds a NUL or is not terminated", r->what,
	    r->n, field);
	if (!fuzz_utf8_valid(s, n)) {
		fuzz_dump(field, s, n);
		fuzz_fail(NAME, "%s: record %zu: %s is not valid UTF-8",
		    r->what, r->n, field);
	}
	put_u64(&r->ser, n);
	buf_append(&r->ser, s, n);
}

static void
on_record(void *arg, const struct event *ev)
{
	struct run *r = arg;

	FUZZ_CHECK(NAME, ev->format > FMT_AUTO && ev->format < FMT_COUNT,
	    "%s: record %zu: format %d", r->what, r->n, (int)ev->format);
	FUZZ_CHECK(NAME, r->fmt == FMT_AUTO || ev->format == r->fmt,
	    "%s: record %zu: format %s, asked for %s", r->what, r->n,
	    event_format_name(ev->format), event_format_name(r->fmt));
	FUZZ_CHECK(NAME, ev->line >= 1 && ev->line <= ev->last_line,
	    "%s: record %zu: lines %" PRIu64 "..%" PRIu64, r->what, r->n,
	    ev->line, ev->last_line);
	FUZZ_CHECK(NAME, ev->line >= r->prev_line && ev->end_offset >=
	    r->prev_end, "%s: record %zu (line %" PRIu64 ", end %" PRIu64
	    ") goes back before the one before it (line %" PRIu64 ", end %"
	    PRIu64 ")", r->what, r->n, ev->line, ev->end_offset, r->prev_line,
	    r->prev_end);
	FUZZ_CHECK(NAME, ev->end_offset <= r->fed,
	    "%s: record %zu ends at %" PRIu64 ", past the %" PRIu64
	    " bytes fed", r->what, r->n, ev->end_offset, r->fed);
	FUZZ_CHECK(NAME, ev->text_len <= r->o->limit,
	    "%s: record %zu: text of %zu bytes, over max_record %zu",
	    r->what, r->n, ev->text_len, r->o->limit);
	FUZZ_CHECK(NAME, ev->first_len <= r->o->limit,
	    "%s: record %zu: first line of %zu bytes, over the line limit "
	    "%zu", r->what, r->n, ev->first_len, r->o->limit);
	r->prev_line = ev->line;
	r->prev_end = ev->end_offset;

	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->at = xreallocarray(r->at, r->cap, sizeof(*r->at));
		r->end = xreallocarray(r->end, r->cap, sizeof(*r->end));
	}
	r->at[r->n] = r->ser.len;
	r->end[r->n] = ev->end_offset;
	put_u64(&r->ser, (uint64_t)ev->format);
	put_u64(&r->ser, ev->line);
	put_u64(&r->ser, ev->last_line);
	put_u64(&r->ser, ev->end_offset);
	put_u64(&r->ser, (uint64_t)ev->has_time);
	put_u64(&r->ser, (uint64_t)ev->time_ms);
	put_u64(&r->ser, (uint64_t)ev->flags);
	put_str(r, "text", ev->text, ev->text_len);
	put_str(r, "first", ev->first, ev->first_len);
	put_str(r, "component", ev->component, strlen(ev->component));
	put_str(r, "level", ev->level, strlen(ev->level));
	put_str(r, "thread", ev->thread, strlen(ev->thread));
	r->n++;
}

static void
run_init(struct run *r, const struct opts *o, const char *what)
{
	memset(r, 0, sizeof(*r));
	r->o = o;
	r->what = what;
}

static void
run_free(struct run *r)
{
	buf_free(&r->ser);
	xfree(r->at);
	xfree(r->end);
}

/*
 * The sample harness's filter: "#>" lines are not log lines, and "#>
 * format NAME" sets the format if no line has been parsed yet.  A resumed
 * reader has parsed nothing, so it only drops them: a sample log is never
 * resumed, and the format it had found is given to it anyway.
 */
static int
on_line(void *arg, const char *line, size_t len, uint64_t line_no,
    int flags)
{
	struct run *r = arg;
	int f;

	if (len < 2 || line[0] != '#' || line[1] != '>')
		return 0;
	if (!r->resumed && len > 10 && strncmp(line, "#> format ", 10) == 0 &&
	    (f = event_format_parse(line + 10)) >= 0 &&
	    reader_set_format(r->rd, (enum event_format)f) == 0)
		r->fmt = (enum event_format)f;
	return 1;
}

static struct reader *
run_reader(struct run *r, enum event_format fmt)
{
	r->fmt = fmt;
	r->rd = reader_new(fmt, r->o->max_record, r->o->tz, on_record, r);
	if (r->o->annotations)
		reader_set_filter(r->rd, on_line, r);
	return r->rd;
}

static void
feed(struct run *r, struct reader *rd, const uint8_t *p, size_t n)
{
	r->fed += n;
	reader_feed(rd, p, n);
}

static void
finish(struct run *r, struct reader *rd)
{
	reader_finish(rd);
	FUZZ_CHECK(NAME, !reader_holding(rd),
	    "%s: something is still held after reader_finish", r->what);
	FUZZ_CHECK(NAME, reader_stats(rd)->records == r->n,
	    "%s: the reader counts %" PRIu64 " records, %zu were emitted",
	    r->what, reader_stats(rd)->records, r->n);
}

/* Print one serialized record of a run (for a failure). */
static void
dump_record(const struct run *r, size_t i)
{
	static const char *const names[] = {
		"text", "first", "component", "level", "thread"
	};
	const char *p, *e;
	uint64_t v[7], len;
	size_t k;

	if (i >= r->n) {
		fprintf(stderr, "%s: no record %zu (%zu in all)\n", r->what, i,
		    r->n);
		return;
	}
	p = r->ser.data + r->at[i];
	e = i + 1 < r->n ? r->ser.data + r->at[i + 1] : r->ser.data +
	    r->ser.len;
	memcpy(v, p, sizeof(v));
	p += sizeof(v);
	fprintf(stderr, "%s: record %zu: %s lines %" PRIu64 "..%" PRIu64
	    " end %" PRIu64 " time %s%" PRId64 " flags %" PRIu64 "\n", r->what,
	    i, event_format_name((enum event_format)v[0]), v[1], v[2], v[3],
	    v[4] ? "" : "(none) ", (int64_t)v[5], v[6]);
	for (k = 0; k < 5 && p < e; k++) {
		memcpy(&len, p, sizeof(len));
		p += sizeof(len);
		fuzz_dump(names[k], p, (size_t)len);
		p += len;
	}
}

/* The records of b are those of a from record `from` on. */
static void
same_records(const struct run *a, size_t from, const struct run *b)
{
	size_t i, la, lb;
	const char *pa, *pb;

	for (i = 0; from + i < a->n && i < b->n; i++) {
		pa = a->ser.data + a->at[from + i];
		pb = b->ser.data + b->at[i];
		la = (from + i + 1 < a->n ? a->at[from + i + 1] : a->ser.len) -
		    a->at[from + i];
		lb = (i + 1 < b->n ? b->at[i + 1] : b->ser.len) - b->at[i];
		if (la != lb || memcmp(pa, pb, la) != 0)
			break;
	}
	if (from + i == a->n && i == b->n)
		return;
	dump_record(a, from + i);
	dump_record(b, i);
	fuzz_fail(NAME, "%s and %s differ at record %zu of %s (%zu records "
	    "against %zu)", a->what, b->what, i, b->what, a->n - from, b->n);
}

/*
 * The follower's restart: a reader resumed at the safe point of rd, fed
 * the rest at once, must give the records of `full` that end after it.
 */
static void
check_resume(const struct opts *o, const struct run *r,
    const struct reader *rd, const struct run *full, const uint8_t *log,
    size_t len)
{
	struct run again;
	struct reader *nr;
	enum event_format fmt = reader_format(rd);
	uint64_t off, lines;
	size_t from;

	reader_safe_point(rd, &off, &lines);
	for (from = 0; from < full->n && full->end[from] <= off; from++)
		;
	FUZZ_CHECK(NAME, from <= r->n, "%s: the safe point %" PRIu64
	    " is past record %zu (ends at %" PRIu64 "), which has not been "
	    "emitted yet: a restart there loses it", r->what, off, r->n,
	    r->n < full->n ? full->end[r->n] : 0);
	run_init(&again, o, "resumed");
	again.resumed = 1;
	again.fed = off;
	again.prev_line = lines;
	nr = run_reader(&again, fmt != FMT_AUTO ? fmt : r->fmt);
	reader_resume(nr, reader_encoding(rd), off, lines);
	feed(&again, nr, log + off, len - (size_t)off);
	finish(&again, nr);
	reader_free(nr);
	same_records(full, from, &again);
	run_free(&again);
}

/* Chunks of seeded sizes: mostly tiny, sometimes up to a few KiB. */
static size_t
chunk_size(struct fuzz_rng *g)
{
	uint32_t v = fuzz_rng_next(g);

	switch (v & 3) {
	case 0:
	case 1:
		return 1 + (v >> 2) % 8;
	case 2:
		return 1 + (v >> 2) % 128;
	default:
		return 1 + (v >> 2) % 4096;
	}
}

static void
run_chunked(const struct opts *o, const struct run *full, const uint8_t *log,
    size_t len)
{
	struct run r;
	struct reader *rd;
	struct fuzz_rng g;
	uint64_t off, lines, prev_off = 0, prev_lines = 0;
	size_t pos = 0, k;
	int resumes = 0;

	run_init(&r, o, "chunked");
	fuzz_rng_seed(&g, o->seed);
	rd = run_reader(&r, o->fmt);
	while (pos < len) {
		k = chunk_size(&g);
		if (k > len - pos)
			k = len - pos;
		feed(&r, rd, log + pos, k);
		pos += k;
		reader_safe_point(rd, &off, &lines);
		FUZZ_CHECK(NAME, off >= prev_off && lines >= prev_lines &&
		    off <= pos, "chunked: the safe point went from %" PRIu64
		    " (%" PRIu64 " lines) to %" PRIu64 " (%" PRIu64 " lines) "
		    "at %zu bytes fed", prev_off, prev_lines, off, lines, pos);
		prev_off = off;
		prev_lines = lines;
		/* A short log after every chunk, a longer one now and then. */
		if (len <= RESUME_ALWAYS || (resumes < RESUME_CHECKS &&
		    (fuzz_rng_next(&g) & 7) == 0)) {
			check_resume(o, &r, rd, full, log, len);
			resumes++;
		}
	}
	finish(&r, rd);
	reader_free(rd);
	same_records(full, 0, &r);
	run_free(&r);
}

static void
run_bytewise(const struct opts *o, const struct run *full, const uint8_t *log,
    size_t len)
{
	struct run r;
	struct reader *rd;
	size_t i;

	run_init(&r, o, "byte at a time");
	rd = run_reader(&r, o->fmt);
	for (i = 0; i < len; i++)
		feed(&r, rd, log + i, 1);
	finish(&r, rd);
	reader_free(rd);
	same_records(full, 0, &r);
	run_free(&r);
}

/*
 * The follower flushes a record when its file goes quiet: that changes
 * which records there are, so only invariant 1 is checked.
 */
static void
run_flushing(const struct opts *o, const uint8_t *log, size_t len)
{
	struct run r;
	struct reader *rd;
	struct fuzz_rng g;
	size_t pos = 0, k;

	run_init(&r, o, "flushed");
	fuzz_rng_seed(&g, o->seed ^ 0x5A5A5A5Au);
	rd = run_reader(&r, o->fmt);
	while (pos < len) {
		k = chunk_size(&g);
		if (k > len - pos)
			k = len - pos;
		feed(&r, rd, log + pos, k);
		pos += k;
		if ((fuzz_rng_next(&g) & 3) == 0)
			reader_flush(rd);
	}
	finish(&r, rd);
	reader_free(rd);
	run_free(&r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct opts o;
	struct run full;
	struct reader *rd;
	const uint8_t *log;
	size_t len;

	if (size < HEADER)
		return 0;
	memset(&o, 0, sizeof(o));
	o.fmt = formats[data[0] & 7];
	o.max_record = max_records[(data[0] >> 3) & 3];
	o.limit = o.max_record != 0 ? o.max_record : EVENT_DEFAULT_MAX_RECORD;
	o.tz = zones[(data[0] >> 5) & 3];
	o.flushes = data[0] >> 7;
	o.annotations = data[1] >> 7;
	o.seed = (uint32_t)data[1] << 16 | (uint32_t)data[2] << 8 | data[3];
	log = data + HEADER;
	len = size - HEADER;

	run_init(&full, &o, "at once");
	rd = run_reader(&full, o.fmt);
	feed(&full, rd, log, len);
	finish(&full, rd);
	reader_free(rd);

	run_chunked(&o, &full, log, len);
	/* The seeded chunks are mostly tiny: enough for long inputs. */
	if (len <= BYTEWISE_MAX)
		run_bytewise(&o, &full, log, len);
	if (o.flushes)
		run_flushing(&o, log, len);
	run_free(&full);
	return 0;
}
