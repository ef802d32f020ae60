/*
 * startpos — the start of a file followed from its end; see startpos.h.
 */
#include <string.h>

#include "follow/startpos.h"
#include "platform/platform.h"

/* Count line ends before `upto`, in the file's encoding (for start_at=end). */
static uint64_t
count_lines(struct platform_file *f, char *buf, size_t bufsz,
    uint64_t upto, int utf16)
{
	char *p;
	uint64_t off = 0, n = 0;
	int64_t r;
	size_t i;

	while (off < upto) {
		size_t want = upto - off < bufsz ? (size_t)(upto - off) :
		    bufsz;

		if ((r = platform_pread(f, buf, want, off)) <= 0)
			break;
		if (!utf16) {
			for (p = buf; (p = memchr(p, '\n',
			    (size_t)(buf + r - p))) != NULL; p++)
				n++;
		} else {
			/* LE: 0A 00 at an even offset; BE: 00 0A. */
			for (i = (off & 1); i + 1 < (size_t)r; i += 2)
				if ((utf16 == 1 && buf[i] == '\n' &&
				    buf[i + 1] == 0) || (utf16 == 2 &&
				    buf[i] == 0 && buf[i + 1] == '\n'))
					n++;
		}
		off += (uint64_t)r;
	}
	return n;
}

/*
 * Where to start in a file seen for the first time that existed when the
 * daemon started: its end, backed up to the last line end so the first
 * line read is whole.
 */
uint64_t
tail_end_position(struct platform_file *f, char *scratch, size_t scratch_len,
    uint64_t size, enum text_encoding *enc, uint64_t *line)
{
	unsigned char bom[3] = { 0 }, buf[4096];
	uint64_t from, pos;
	int utf16 = 0;
	int64_t r;
	size_t i;

	if (platform_pread(f, bom, 3, 0) >= 2) {
		if (bom[0] == 0xff && bom[1] == 0xfe)
			utf16 = 1;
		else if (bom[0] == 0xfe && bom[1] == 0xff)
			utf16 = 2;
	}
	*enc = utf16 == 1 ? TEXT_ENC_UTF16LE : utf16 == 2 ? TEXT_ENC_UTF16BE :
	    (bom[0] == 0xef && bom[1] == 0xbb && bom[2] == 0xbf) ?
	    TEXT_ENC_UTF8_BOM : TEXT_ENC_UNKNOWN;
	from = size > sizeof(buf) ? size - sizeof(buf) : 0;
	if (utf16)
		from &= ~(uint64_t)1;
	r = platform_pread(f, buf, (size_t)(size - from), from);
	pos = utf16 ? (size > 2 ? 2 : size) : 0;
	if (r > 0) {
		for (i = (size_t)r; i > 0; i--) {
			size_t j = i - 1;
			if (!utf16 && buf[j] == '\n') {
				pos = from + j + 1;
				break;
			}
			if (utf16 && j + 1 < (size_t)r && ((from + j) & 1) == 0 &&
			    ((utf16 == 1 && buf[j] == '\n' && buf[j + 1] == 0) ||
			    (utf16 == 2 && buf[j] == 0 && buf[j + 1] == '\n'))) {
				pos = from + j + 2;
				break;
			}
		}
	}
	if (*enc == TEXT_ENC_UNKNOWN && pos > 0)
		*enc = TEXT_ENC_UTF8;	/* sniffing mid-file proves nothing */
	*line = count_lines(f, scratch, scratch_len, pos, utf16);
	return pos;
}

