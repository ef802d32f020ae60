/*
 * evtx — binary .evtx files (the Windows Vista+ event log format, as
 * `wevtutil epl` or Event Viewer's "Save All Events As… .evtx" write
 * them), read with Debian's libevtx into the same records as every other
 * event-log export.
 *
 * An .evtx is binary (it starts "ElfFile\0"), so it never goes through the
 * text decoder: the caller sees the magic where it opens a file and hands
 * the path here.  Each record's XML (libevtx renders it) is parsed like
 * wevtutil's (lib/winevent.h), and what the XML lacks is taken from the
 * record itself (its number, written time, event id, level, source and
 * strings).  This is the only file that includes libevtx.h; a build
 * without libevtx (the Windows one) says so instead.
 */
#ifndef SYNCWATCH_EVTX_H
#define SYNCWATCH_EVTX_H

#include <stddef.h>
#include <stdint.h>

#include "decode/reader.h"

#define EVTX_MAGIC	"ElfFile"	/* and a NUL: 8 bytes */
#define EVTX_MAGIC_LEN	8

/* Whether a file's first bytes are an .evtx file's. */
int	evtx_is_evtx(const void *head, size_t n);
/* Whether this build reads .evtx files. */
int	evtx_supported(void);

/*
 * Read every record of the .evtx file at path into r (a reader of format
 * eventlog; the caller finishes it).  Records that cannot be read are
 * reported through problem (with their index as the line) and skipped.
 * Returns how many records were read, or -1 and *cause ("PATH: why",
 * caller frees).
 */
int64_t	evtx_read(const char *path, struct reader *r,
	    reader_problem_cb problem, void *arg, char **cause);

#endif
