/*
 * evlog-map — an event's fields to a record: the one mapping every
 * reader of event logs uses; see evlog.h.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "decode/evlog.h"
#include "decode/record.h"

/* Level words as the exports write them, and what each means. */
static const struct {
	const char	*word;
	const char	*level;
} level_words[] = {
	{ "Critical", "critical" }, { "Error", "error" },
	{ "Warning", "warning" }, { "Information", "information" },
	{ "Informational", "information" }, { "Info", "information" },
	{ "Verbose", "verbose" }, { "Audit Success", "audit-success" },
	{ "Audit Failure", "audit-failure" },
	{ "Success Audit", "audit-success" },
	{ "Failure Audit", "audit-failure" }, { "Success", "information" },
	/* German */
	{ "Kritisch", "critical" }, { "Fehler", "error" },
	{ "Warnung", "warning" }, { "Informationen", "information" },
	{ "Ausf\xc3\xbchrlich", "verbose" },
	{ "\xc3\x9c" "berwachung erfolgreich", "audit-success" },
	{ "\xc3\x9c" "berwachung gescheitert", "audit-failure" },
	/* French */
	{ "Critique", "critical" }, { "Erreur", "error" },
	{ "Avertissement", "warning" }, { "Commentaires", "verbose" },
	{ "Succ\xc3\xa8s de l'audit", "audit-success" },
	{ "\xc3\x89" "chec de l'audit", "audit-failure" },
	/* Spanish */
	{ "Cr\xc3\xadtico", "critical" }, { "Advertencia", "warning" },
	{ "Informaci\xc3\xb3n", "information" }, { "Detallado", "verbose" },
};

static const char *const level_numbers[] = {
	"information", "critical", "error", "warning", "information",
	"verbose",
};

void
evlog_level(struct buf *out, int level, const char *word, size_t len)
{
	size_t i, k;

	buf_reset(out);
	if (word != NULL) {
		while (len > 0 && is_space((unsigned char)*word)) {
			word++;
			len--;
		}
		len = rtrim_len(word, len);
	}
	if (word != NULL && len > 0) {
		for (i = 0; i < sizeof(level_words) / sizeof(level_words[0]);
		    i++)
			if (strlen(level_words[i].word) == len &&
			    strncasecmp(level_words[i].word, word, len) == 0) {
				buf_puts(out, level_words[i].level);
				return;
			}
		if (len == 1 && word[0] >= '0' && word[0] <= '5') {
			buf_puts(out, level_numbers[word[0] - '0']);
			return;
		}
		for (k = 0; k < len && k < 32; k++)
			buf_putc(out, tolower((unsigned char)word[k]));
		return;
	}
	if (level >= 0 && level <= 5)
		buf_puts(out, level_numbers[level]);
}

/* Whether s holds nothing but white space and line ends. */
static int
all_white(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_space((unsigned char)s[i]) && s[i] != '\n')
			return 0;
	return 1;
}

/* Append s, cut at max (on a character boundary); 1 if it was cut. */
static int
append_cut(struct buf *b, const char *s, size_t n, size_t max)
{
	size_t room = max > b->len ? max - b->len : 0;

	if (n <= room) {
		buf_append(b, s, n);
		return 0;
	}
	n = room;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	buf_append(b, s, n);
	return 1;
}

void
evlog_map(const struct winevent *ev, size_t max_record, struct evlog_rec *r,
    struct event *out)
{
	struct buf raw = { 0 };
	const char *nl;
	size_t i, n;
	int cut = 0;

	if (max_record == 0)
		max_record = EVENT_DEFAULT_MAX_RECORD;
	buf_reset(&r->text);
	buf_reset(&r->first);
	buf_reset(&r->comp);
	/* The message, or the insertion strings one a line. */
	if (ev->message != NULL && !all_white(ev->message, ev->message_len))
		winevent_utf8_clean(&raw, ev->message, ev->message_len);
	else
		for (i = 0; i < ev->nstrings; i++) {
			if (i > 0)
				buf_putc(&raw, '\n');
			winevent_utf8_clean(&raw, ev->strings[i],
			    ev->string_lens != NULL ? ev->string_lens[i] :
			    strlen(ev->strings[i]));
			/* Each string's trailing line ends are no part of it. */
			while (raw.len > 0 && (raw.data[raw.len - 1] == '\n' ||
			    is_space((unsigned char)raw.data[raw.len - 1])))
				raw.len--;
			if (raw.len > max_record + 16)
				break;
		}
	/* Trailing blanks and blank lines go; leading blank lines too. */
	n = raw.len;
	while (n > 0 && (is_space((unsigned char)raw.data[n - 1]) ||
	    raw.data[n - 1] == '\n'))
		n--;
	i = 0;
	while (i < n && (raw.data[i] == '\n' || raw.data[i] == '\r'))
		i++;
	if (n > i)
		cut = append_cut(&r->text, raw.data + i, n - i, max_record);
	buf_free(&raw);
	nl = r->text.len ? memchr(r->text.data, '\n', r->text.len) : NULL;
	buf_append(&r->first, r->text.data ? r->text.data : "",
	    nl ? (size_t)(nl - r->text.data) : r->text.len);
	if (ev->source != NULL)
		winevent_utf8_clean(&r->comp, ev->source, strlen(ev->source));
	evlog_level(&r->level, ev->level, ev->level_name,
	    ev->level_name ? strlen(ev->level_name) : 0);

	memset(out, 0, sizeof(*out));
	out->format = FMT_EVENTLOG;
	out->text = buf_cstr(&r->text);
	out->text_len = r->text.len;
	out->first = buf_cstr(&r->first);
	out->first_len = r->first.len;
	out->has_time = ev->has_time;
	out->time_ms = ev->has_time ? ev->time_ms : 0;
	out->component = buf_cstr(&r->comp);
	out->level = buf_cstr(&r->level);
	out->thread = "";
	out->flags = cut ? EVENT_CUT : 0;
	out->has_event_id = ev->has_event_id;
	out->event_id = ev->event_id;
	out->record_id = ev->record;
}

void
evlog_rec_free(struct evlog_rec *r)
{
	buf_free(&r->text);
	buf_free(&r->first);
	buf_free(&r->comp);
	buf_free(&r->level);
}
