/*
 * fuzz — the helpers every harness links with; see fuzz.h.
 *
 * Nothing here may make a harness slower per input than it has to be:
 * the temporary directory is made once per process, the generator is a
 * few shifts, and the UTF-8 check is the strict one of RFC 3629 written
 * out plainly (the decoder's own validator is what it checks, so it must
 * not be reused here).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "lib/xmalloc.h"
#include "platform/platform.h"

static void rm_tmp_root(void);

/* abort() runs no atexit handler: the directory goes first. */
void
fuzz_fail(const char *harness, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fuzz: %s: ", harness);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	rm_tmp_root();
	abort();
}

int
fuzz_utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, need, k;
	unsigned char lo, hi;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		lo = 0x80;
		hi = 0xBF;
		if (s[i] >= 0xC2 && s[i] <= 0xDF)
			need = 1;
		else if (s[i] >= 0xE0 && s[i] <= 0xEF) {
			need = 2;
			if (s[i] == 0xE0)
				lo = 0xA0;
			if (s[i] == 0xED)
				hi = 0x9F;
		} else if (s[i] >= 0xF0 && s[i] <= 0xF4) {
			need = 3;
			if (s[i] == 0xF0)
				lo = 0x90;
			if (s[i] == 0xF4)
				hi = 0x8F;
		} else
			return 0;
		if (i + need >= n)
			return 0;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return 0;
		for (k = 2; k <= need; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
		i += need + 1;
	}
	return 1;
}

void
fuzz_dump(const char *label, const char *s, size_t n)
{
	size_t i;

	fprintf(stderr, "%s (%zu bytes): \"", label, n);
	for (i = 0; i < n && i < 400; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\\' || c == '"')
			fprintf(stderr, "\\%c", c);
		else if (c >= 0x20 && c < 0x7F)
			fputc(c, stderr);
		else
			fprintf(stderr, "\\x%02x", c);
	}
	fprintf(stderr, "\"%s\n", i < n ? "..." : "");
}

void
fuzz_rng_seed(struct fuzz_rng *r, uint32_t seed)
{
	r->s = seed != 0 ? seed : 0x9E3779B9u;
}

uint32_t
fuzz_rng_next(struct fuzz_rng *r)
{
	uint32_t x = r->s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	r->s = x;
	return x;
}

static char *tmp_root;
/* Only the process that made the directory removes it (not a fork). */
static pid_t tmp_owner;

static int
rm_entry(void *arg, const char *name, const struct platform_stat *st)
{
	char *path = platform_path_join(arg, name);

	if (st != NULL && st->type == PLATFORM_DIR)
		(void)platform_dir_list(path, NULL, rm_entry, path);
	(void)remove(path);
	xfree(path);
	return 0;
}

static void
rm_tmp_root(void)
{
	if (tmp_root == NULL || getpid() != tmp_owner)
		return;
	(void)platform_dir_list(tmp_root, NULL, rm_entry, tmp_root);
	(void)remove(tmp_root);
}

const char *
fuzz_tmpdir(const char *harness)
{
	const char *base = getenv("TMPDIR");

	if (tmp_root != NULL)
		return tmp_root;
	if (base == NULL || *base == '\0')
		base = "/tmp";
	xasprintf(&tmp_root, "%s/syncwatch-fuzz-%s.XXXXXX", base, harness);
	if (mkdtemp(tmp_root) == NULL)
		fuzz_fail(harness, "mkdtemp %s failed", tmp_root);
	tmp_owner = getpid();
	atexit(rm_tmp_root);
	return tmp_root;
}

void
fuzz_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || (len > 0 && fwrite(data, 1, len, f) != len) ||
	    fclose(f) != 0)
		fuzz_fail("io", "cannot write %s", path);
}
