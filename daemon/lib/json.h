/*
 * json — a jansson string from text that came from a log.
 *
 * jansson refuses strings that are not valid UTF-8.  The decoder already
 * guarantees valid UTF-8, but output is the last line of defence: a string
 * jansson refuses is repaired (each bad byte becomes U+FFFD) and tried
 * again, so every JSON syncwatch writes is valid whatever bytes a log held.
 */
#ifndef SYNCWATCH_JSON_H
#define SYNCWATCH_JSON_H

#include <jansson.h>
#include <stddef.h>

/* A new reference; never NULL. */
json_t	*json_text(const char *s, size_t len);

#endif
