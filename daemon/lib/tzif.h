/*
 * tzif — IANA time zones from their compiled form, and the zone a log's
 * times without one are read in.
 *
 * A TZif file (RFC 8536, what /usr/share/zoneinfo holds) is parsed from
 * its bytes: the version 2+ block of 64-bit transitions when there is one
 * (the 32-bit block of a version 1 file otherwise), its local time types,
 * and the POSIX TZ rule of its footer ("CET-1CEST,M3.5.0,M10.5.0/3"), which
 * gives the offsets past the last transition of the table.  Reading the
 * file is the caller's business (conf/, through the platform layer): this
 * module does no I/O.
 *
 * Local time to UTC, the direction a log needs, has two hard spots at a
 * daylight-saving change, and both are decided here once:
 *   - the hour that happens twice (autumn) is read as its first pass,
 *     still in daylight saving time: a log written then is more often
 *     written before the change than after;
 *   - the hour that does not exist (spring) is read with the offset from
 *     before the change, so 02:30 in Berlin on the last Sunday of March is
 *     01:30 UTC (03:30 CEST), as the clock that wrote it would have meant.
 */
#ifndef SYNCWATCH_TZIF_H
#define SYNCWATCH_TZIF_H

#include <stddef.h>
#include <stdint.h>

struct tzif;

/* A zone from a TZif file's bytes; NULL and *cause (free it) if bad. */
struct tzif *tzif_parse(const void *buf, size_t len, char **cause);
/* A zone from a POSIX TZ rule alone ("EST5EDT,M3.2.0,M11.1.0"). */
struct tzif *tzif_posix(const char *rule, char **cause);
void	tzif_free(struct tzif *);

/* The offset from UTC (seconds east) at UTC time t (seconds). */
int32_t	tzif_offset(const struct tzif *, int64_t t);
/* The UTC time (seconds) of local civil time lt (seconds, as if UTC). */
int64_t	tzif_local_to_utc(const struct tzif *, int64_t lt);

/*
 * The zone times without one are read in: a fixed offset (minutes east)
 * or, when zone is set, an IANA zone (owned by whoever made it).
 */
struct tzone {
	int			 minutes;
	const struct tzif	*zone;
};

/* UTC milliseconds of local milliseconds ms in tz (NULL: UTC). */
int64_t	tzone_to_utc(const struct tzone *tz, int64_t ms);

#endif
