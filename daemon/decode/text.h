/*
 * text — bytes of a log file in, UTF-8 physical lines out.
 *
 * A decoder is fed the file's bytes in chunks of any size and calls back once
 * per complete physical line, already converted to valid UTF-8 and stripped
 * of its terminator (LF or CRLF).  It owns the encoding question:
 *
 *   - a BOM decides: EF BB BF is UTF-8, FF FE is UTF-16LE, FE FF UTF-16BE;
 *   - without a BOM, NUL bytes in alternate positions at the start of the
 *     stream mean UTF-16 (LE or BE by their parity); otherwise UTF-8;
 *   - in UTF-8 mode, every byte that is not part of a valid UTF-8 sequence is
 *     taken as Windows-1252 and converted, so a CP1252 file decodes right and a
 *     corrupt one still reads on;
 *   - in UTF-16 mode, an unpaired surrogate becomes U+FFFD;
 *   - NUL characters are dropped (crashed writers leave NUL-filled blocks);
 *     a run of two or more inside a line, with text before it, ends the
 *     line there (a single stray NUL is only dropped), and the
 *     text after the run is a line of its own, flagged TEXT_LINE_AFTER_NUL:
 *     a pre-allocated file, or one cut by a crash, where logging resumed
 *     on the same physical line.  The line before the run is flagged
 *     TEXT_LINE_AT_NUL, and both have the number of their physical line
 *     (as ConfigMgr's several records on one line do).
 *
 * A line longer than max_line bytes (after decoding) is cut there: the
 * callback gets the first max_line bytes with TEXT_LINE_CUT set, and the rest
 * of that physical line is discarded.  Invalid input never stops a file.
 *
 * Byte offsets: every line callback carries end_offset, the offset in the raw
 * input just past the line's terminator, so a follower can commit "everything
 * before here is consumed".  A final line without terminator is only passed on
 * by text_finish (the scan command's end of file); the daemon never calls
 * text_finish, so a partial last line waits for its newline.
 */
#ifndef SYNCWATCH_TEXT_H
#define SYNCWATCH_TEXT_H

#include <stddef.h>
#include <stdint.h>

enum text_encoding {
	TEXT_ENC_UNKNOWN = 0,	/* not decided yet: too few bytes seen */
	TEXT_ENC_UTF8,		/* no BOM; invalid bytes read as CP1252 */
	TEXT_ENC_UTF8_BOM,
	TEXT_ENC_UTF16LE,
	TEXT_ENC_UTF16BE,
};

#define TEXT_LINE_CUT	0x01	/* the line was longer than max_line */
#define TEXT_LINE_AFTER_NUL 0x02 /* the line follows a NUL run in mid-line:
				   it starts a record of its own */
#define TEXT_LINE_AT_NUL 0x04	/* the line ends at such a run: the next
				   line has the same number */

#define TEXT_DEFAULT_MAX_LINE	(64 * 1024)

/*
 * Called for each complete line.  line is valid UTF-8 without NUL bytes, and
 * line[len] is '\0'.  It is only valid during the call.  line_no is 1-based.
 */
typedef void (*text_line_cb)(void *arg, const char *line, size_t len,
    uint64_t line_no, uint64_t end_offset, int flags);

struct text_stats {
	uint64_t	bytes;		/* raw bytes consumed */
	uint64_t	lines;		/* lines passed on */
	uint64_t	cut;		/* lines cut at max_line */
	uint64_t	replaced;	/* invalid bytes converted or replaced */
	uint64_t	nuls;		/* NUL characters dropped */
};

struct text_decoder;

/* Returns a new decoder (free with text_free).  max_line 0 means the default. */
struct text_decoder *text_new(size_t max_line);
void	text_free(struct text_decoder *);

/*
 * Position the decoder as if `offset` raw bytes with `line_no` - 1 lines had
 * been consumed, in encoding `enc` (TEXT_ENC_UNKNOWN: sniff from the next
 * bytes).  Used to resume a file in the middle; the caller reads from offset.
 */
void	text_resume(struct text_decoder *, enum text_encoding enc,
	    uint64_t offset, uint64_t line_no);

void	text_feed(struct text_decoder *, const void *buf, size_t len,
	    text_line_cb cb, void *arg);
/* End of input: pass on a last line that has no terminator, if any. */
void	text_finish(struct text_decoder *, text_line_cb cb, void *arg);

enum text_encoding text_encoding(const struct text_decoder *);
const char *text_encoding_name(enum text_encoding);
const struct text_stats *text_stats(const struct text_decoder *);

/*
 * Append the UTF-8 encoding of code point cp to out (at least 4 bytes of
 * room); returns the number of bytes written.  Exposed for the tests.
 */
size_t	text_put_utf8(char *out, uint32_t cp);

#endif
