/*
 * evtx — .evtx files through libevtx; see evtx.h.
 *
 * Built with libevtx where pkg-config finds it (HAVE_LIBEVTX); otherwise
 * evtx_read refuses with ".evtx: not supported in this build".
 */
#include <stdio.h>
#include <string.h>

#include "decode/evtx.h"
#include "lib/buf.h"
#include "lib/winevent.h"
#include "lib/xmalloc.h"

int
evtx_is_evtx(const void *head, size_t n)
{
	return n >= EVTX_MAGIC_LEN && memcmp(head, EVTX_MAGIC,
	    EVTX_MAGIC_LEN) == 0;
}

#ifndef HAVE_LIBEVTX

int
evtx_supported(void)
{
	return 0;
}

int64_t
evtx_read(const char *path, struct reader *r, reader_problem_cb problem,
    void *arg, char **cause)
{
	xasprintf(cause, "%s: .evtx: not supported in this build (export "
	    "the log as XML: wevtutil qe LOG /f:xml)", path);
	return -1;
}

#else

#include <libevtx.h>

/* FILETIME (100 ns since 1601) as ms since 1970. */
#define FILETIME_1970	116444736000000000ULL

int
evtx_supported(void)
{
	return 1;
}

/* libevtx's error as a message; frees it. */
static void
lib_error(libevtx_error_t **err, char *out, size_t len)
{
	out[0] = '\0';
	if (*err != NULL) {
		if (libevtx_error_sprint(*err, out, len) < 0)
			snprintf(out, len, "libevtx error");
		libevtx_error_free(err);
	}
	if (out[0] == '\0')
		snprintf(out, len, "unreadable");
	/* libevtx ends its messages with a newline or a period. */
	len = strlen(out);
	while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == '.'))
		out[--len] = '\0';
}

/* A UTF-8 string of the record through a size and a get function. */
#define REC_STRING(rec, what, b, err) do {				\
	size_t sz_ = 0;							\
	buf_reset(b);							\
	if (libevtx_record_get_utf8_##what##_size((rec), &sz_, (err)) == 1 && \
	    sz_ > 0 && sz_ < 64u * 1024 * 1024) {			\
		buf_reserve((b), sz_ + 1);				\
		if (libevtx_record_get_utf8_##what((rec),		\
		    (uint8_t *)(b)->data, sz_, (err)) == 1)		\
			(b)->len = strnlen((b)->data, sz_);		\
	}								\
	libevtx_error_free(err);					\
} while (0)

/* The strings of a record the XML did not give (its EventData). */
static void
rec_strings(libevtx_record_t *rec, struct buf *store, size_t **offs,
    size_t **lens, const char ***ptrs, size_t *nstr)
{
	libevtx_error_t *err = NULL;
	size_t sz, i;
	int n = 0, k;

	*nstr = 0;
	if (libevtx_record_get_number_of_strings(rec, &n, &err) != 1 || n <= 0) {
		libevtx_error_free(&err);
		return;
	}
	if (n > WINEVENT_XML_STRINGS)
		n = WINEVENT_XML_STRINGS;
	buf_reset(store);
	*offs = xreallocarray(*offs, (size_t)n, sizeof(**offs));
	*lens = xreallocarray(*lens, (size_t)n, sizeof(**lens));
	*ptrs = xreallocarray(*ptrs, (size_t)n, sizeof(**ptrs));
	for (k = 0; k < n; k++) {
		(*offs)[k] = store->len;
		sz = 0;
		if (libevtx_record_get_utf8_string_size(rec, k, &sz, &err) == 1 &&
		    sz > 0 && sz < 64u * 1024 * 1024) {
			buf_reserve(store, sz + 1);
			if (libevtx_record_get_utf8_string(rec, k,
			    (uint8_t *)store->data + store->len, sz, &err) == 1)
				store->len += strnlen(store->data + store->len,
				    sz);
		}
		libevtx_error_free(&err);
		(*lens)[k] = store->len - (*offs)[k];
		buf_putc(store, '\0');
	}
	for (i = 0; i < (size_t)n; i++)
		(*ptrs)[i] = store->data + (*offs)[i];
	*nstr = (size_t)n;
}

int64_t
evtx_read(const char *path, struct reader *r, reader_problem_cb problem,
    void *arg, char **cause)
{
	libevtx_file_t *f = NULL;
	libevtx_error_t *err = NULL;
	libevtx_record_t *rec;
	struct winevent_xml x;
	struct winevent ev;
	struct buf xml = { 0 }, src = { 0 }, store = { 0 };
	size_t *offs = NULL, *lens = NULL, nstr, off;
	const char **ptrs = NULL, *xerr;
	char msg[512];
	uint64_t id, ft;
	uint32_t eid;
	uint8_t lvl;
	int n = 0, i;
	int64_t got = 0;

	memset(&x, 0, sizeof(x));
	if (libevtx_file_initialize(&f, &err) != 1 ||
	    libevtx_file_open(f, path, libevtx_get_access_flags_read(),
	    &err) != 1) {
		lib_error(&err, msg, sizeof(msg));
		xasprintf(cause, "%s: .evtx: %s", path, msg);
		if (f != NULL)
			libevtx_file_free(&f, NULL);
		return -1;
	}
	if (libevtx_file_get_number_of_records(f, &n, &err) != 1) {
		lib_error(&err, msg, sizeof(msg));
		xasprintf(cause, "%s: .evtx: %s", path, msg);
		libevtx_file_close(f, NULL);
		libevtx_file_free(&f, NULL);
		return -1;
	}
	if (libevtx_file_is_corrupted(f, NULL) == 1 && problem != NULL)
		problem(arg, 0, ".evtx: the file is flagged corrupted (some "
		    "records may be missing)");
	for (i = 0; i < n; i++) {
		rec = NULL;
		if (libevtx_file_get_record_by_index(f, i, &rec, &err) != 1) {
			lib_error(&err, msg, sizeof(msg));
			if (problem != NULL)
				problem(arg, (uint64_t)i + 1, msg);
			continue;
		}
		REC_STRING(rec, xml_string, &xml, &err);
		if (xml.len > 0 && winevent_xml_parse(&x, xml.data, xml.len,
		    &xerr, &off) == -1 && problem != NULL) {
			snprintf(msg, sizeof(msg), ".evtx record XML: %s", xerr);
			problem(arg, (uint64_t)i + 1, msg);
		}
		if (xml.len == 0)
			winevent_clear(&x.ev);
		ev = x.ev;
		/* What the XML did not say, the record does. */
		if (ev.record == 0 &&
		    libevtx_record_get_identifier(rec, &id, &err) == 1)
			ev.record = id;
		libevtx_error_free(&err);
		if (!ev.has_time &&
		    libevtx_record_get_written_time(rec, &ft, &err) == 1 &&
		    ft >= FILETIME_1970) {
			ev.has_time = 1;
			ev.time_ms = (int64_t)((ft - FILETIME_1970) / 10000);
		}
		libevtx_error_free(&err);
		if (!ev.has_event_id &&
		    libevtx_record_get_event_identifier(rec, &eid, &err) == 1) {
			ev.has_event_id = 1;
			ev.event_id = eid & 0xffff;
		}
		libevtx_error_free(&err);
		if (ev.level == 0 &&
		    libevtx_record_get_event_level(rec, &lvl, &err) == 1)
			ev.level = lvl;
		libevtx_error_free(&err);
		if (ev.source[0] == '\0') {
			REC_STRING(rec, source_name, &src, &err);
			ev.source = buf_cstr(&src);
		}
		if (ev.nstrings == 0 && ev.message == NULL) {
			rec_strings(rec, &store, &offs, &lens, &ptrs, &nstr);
			ev.strings = ptrs;
			ev.string_lens = lens;
			ev.nstrings = nstr;
		}
		reader_winevent(r, &ev, ev.record != 0 ? ev.record :
		    (uint64_t)i + 1);
		got++;
		libevtx_record_free(&rec, NULL);
	}
	libevtx_file_close(f, NULL);
	libevtx_file_free(&f, NULL);
	winevent_xml_free(&x);
	buf_free(&xml);
	buf_free(&src);
	buf_free(&store);
	xfree(offs);
	xfree(lens);
	xfree(ptrs);
	return got;
}

#endif
