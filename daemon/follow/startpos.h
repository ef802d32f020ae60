/*
 * startpos — where following a file starts when start_at = end: at its
 * end, backed up to the last line end so that the first line read is
 * whole, with the lines before it counted (records carry line numbers)
 * and the encoding taken from the byte-order mark, since sniffing the
 * middle of a file proves nothing.
 */
#ifndef SYNCWATCH_STARTPOS_H
#define SYNCWATCH_STARTPOS_H

#include <stddef.h>
#include <stdint.h>

#include "decode/text.h"

struct platform_file;

/*
 * The raw offset to start at in f, size bytes long, and in *enc and *line
 * its encoding and the number of lines before it.  scratch is a buffer
 * of scratch_len bytes to count lines with.
 */
uint64_t tail_end_position(struct platform_file *f, char *scratch,
	    size_t scratch_len, uint64_t size, enum text_encoding *enc,
	    uint64_t *line);

#endif
