/*
 * winevent — one Windows event, as every reader of event logs gives it.
 *
 * The exports an operator has (Event Viewer's text and CSV files,
 * wevtutil's text and XML, .evtx files) and the live event log read
 * through the platform (platform_evlog_*) all come down to the same
 * fields: the record number, the time, the source (provider), the event
 * id, the level, and either a rendered message or the insertion strings
 * (for .NET EventLog.WriteEntry sources such as Ektron's, the first and
 * only string is the whole message).  decode/evlog.h maps these fields to
 * a record, in one place, so that every reader agrees.
 *
 * Also here, because both the platform's replay backend and the decoders
 * need it: the parser of one event's XML (the <Event> element of
 * `wevtutil qe LOG /f:xml`, of /f:RenderedXml and of libevtx), bounded,
 * allocation-light and tolerant: a malformed or truncated element keeps
 * every field read before the fault, and says where the fault is.
 */
#ifndef SYNCWATCH_WINEVENT_H
#define SYNCWATCH_WINEVENT_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"

/* Levels as the event schema numbers them (0: LogAlways or unknown). */
#define WINEVENT_LEVEL_NONE		0
#define WINEVENT_LEVEL_CRITICAL		1
#define WINEVENT_LEVEL_ERROR		2
#define WINEVENT_LEVEL_WARNING		3
#define WINEVENT_LEVEL_INFORMATION	4
#define WINEVENT_LEVEL_VERBOSE		5

struct winevent {
	uint64_t	 record;	/* EventRecordID / RecordNumber; 0: none */
	int		 has_time;
	int64_t		 time_ms;	/* UTC, ms since the epoch */
	const char	*source;	/* provider or source name, "" if none */
	const char	*channel;	/* the log's name, "" if none */
	const char	*computer;	/* "" if none */
	int		 has_event_id;
	uint32_t	 event_id;	/* as Event Viewer shows it (low 16 bits
					   for classic sources) */
	int		 level;		/* WINEVENT_LEVEL_* */
	const char	*level_name;	/* the level as a word, when the reader
					   has one ("Audit Failure"), or "" */
	const char	*message;	/* the rendered message, or NULL */
	size_t		 message_len;
	const char *const *strings;	/* the insertion strings */
	const size_t	*string_lens;
	size_t		 nstrings;
};

/* Set every field to "none" (the strings to "", no message, no strings). */
void	winevent_clear(struct winevent *);

/*
 * The parser of one event's XML.  A zeroed struct is ready; it may be
 * reused for any number of events (the strings of the last one stay
 * valid until the next parse or winevent_xml_free).
 */
#define WINEVENT_XML_DEPTH	32	/* elements deeper than this: skipped */
#define WINEVENT_XML_STRINGS	1024	/* insertion strings kept at most */

struct winevent_xml {
	struct winevent	 ev;
	struct buf	 store;		/* the strings, NUL-separated */
	size_t		*offs;		/* each string's offset in store */
	size_t		*lens;
	const char	**ptrs;
	size_t		 nstr, capstr;
	size_t		 off_source, off_esn, off_channel, off_computer;
	size_t		 off_msg, off_level;
	int		 have_source, have_esn, have_channel, have_computer;
	int		 have_msg, have_level;
};

/*
 * Parse the element <Event>…</Event> in s[0..n) (leading blanks, an XML
 * declaration and comments are skipped; a namespace prefix is allowed).
 * Fills x->ev.  Returns 0, or -1 when the element is malformed or cut
 * short: *err says how (a constant string) and *err_off where (an offset
 * in s); the fields read before that point are kept.
 */
int	winevent_xml_parse(struct winevent_xml *, const char *s, size_t n,
	    const char **err, size_t *err_off);
void	winevent_xml_free(struct winevent_xml *);

/*
 * Look for an event element in s[from..n): *start is where its '<' is
 * and *root_len how long its name (with any prefix) is.  Returns 1 if
 * one starts there, 0 if s holds no start of one; what lies before it is
 * in *skipped (*skipped_text: whether any of that is not blanks, an XML
 * declaration, a comment or an <Events> wrapper).
 */
int	winevent_xml_find(const char *s, size_t n, size_t from, size_t *start,
	    size_t *root_len, int *skipped_text);
/*
 * The end of the event element whose start tag is at s[0] and whose name
 * is root_len long: the offset just past its closing tag (or past "/>"
 * for an empty one), or 0 when s does not hold all of it yet.
 */
size_t	winevent_xml_end(const char *s, size_t n, size_t root_len);

/*
 * "2011-05-04T09:57:58.1234567Z" (any number of fraction digits, Z or a
 * ±HH:MM offset) as UTC milliseconds.  0, or -1 if it is not one.
 */
int	winevent_systemtime(const char *s, size_t n, int64_t *ms);

/* Append code point cp as UTF-8 (NUL, surrogates, > U+10FFFF: U+FFFD). */
void	winevent_put_utf8(struct buf *, uint32_t cp);
/*
 * Append s[0..n) as valid UTF-8: NULs dropped, CRLF and lone CR as LF,
 * every byte that is not part of a valid sequence as U+FFFD.
 */
void	winevent_utf8_clean(struct buf *out, const char *s, size_t n);
/*
 * Append a whole file's bytes as UTF-8 (winevent_utf8_clean's rules):
 * UTF-16LE or BE by their BOM or by NUL bytes in alternate places,
 * otherwise UTF-8 (a BOM dropped); an unpaired surrogate is U+FFFD.
 */
void	winevent_text_utf8(struct buf *out, const void *bytes, size_t n);

#endif
