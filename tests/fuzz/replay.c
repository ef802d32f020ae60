/*
 * replay — a main() for a fuzz harness without libFuzzer: every file named
 * on the command line, and every file of every directory named, is read
 * and handed to LLVMFuzzerTestOneInput once, in name order.
 *
 * `make fuzz-regress` (part of `make check`) links each harness with this
 * file, using the normal compiler and flags, and replays the seed corpus
 * and the regression inputs (tests/fuzz/regress/HARNESS/: each the input
 * of a bug a fuzzer found).  A harness that finds an invariant broken
 * aborts, so a bug that comes back fails the build; under `make sanitize`
 * the same replay runs with ASan and UBSan.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"
#include "platform/platform.h"

/* A harness without set-up to do leaves LLVMFuzzerInitialize undefined. */
#pragma weak LLVMFuzzerInitialize

#define REPLAY_MAX_FILE	(16 * 1024 * 1024)

static int
any_file(void *arg, const char *name)
{
	return 1;
}

static void
replay_file(const char *path, size_t *count)
{
	struct buf b = { 0 };
	char *cause;
	uint8_t *copy;
	size_t len;

	if (platform_read_file(path, &b, REPLAY_MAX_FILE, &cause) == -1) {
		fprintf(stderr, "replay: %s\n", cause);
		exit(2);
	}
	/* An exact-size copy, so that ASan sees a read past the input. */
	len = b.len;
	copy = xmalloc(len > 0 ? len : 1);
	if (len > 0)
		memcpy(copy, b.data, len);
	buf_free(&b);
	if (getenv("REPLAY_VERBOSE") != NULL)
		fprintf(stderr, "replay: %s\n", path);
	LLVMFuzzerTestOneInput(copy, len);
	xfree(copy);
	(*count)++;
}

int
main(int argc, char **argv)
{
	struct platform_stat st;
	char **files;
	size_t count = 0, i, n;
	int a;

	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	for (a = 1; a < argc; a++) {
		if (platform_stat(argv[a], &st) == -1) {
			fprintf(stderr, "replay: %s: not found\n", argv[a]);
			return 2;
		}
		if (st.type != PLATFORM_DIR) {
			replay_file(argv[a], &count);
			continue;
		}
		if ((files = platform_dir_files(argv[a], any_file, NULL,
		    &n)) == NULL) {
			fprintf(stderr, "replay: %s: cannot list\n", argv[a]);
			return 2;
		}
		for (i = 0; i < n; i++)
			replay_file(files[i], &count);
		platform_files_free(files);
	}
	printf("%s: %zu inputs replayed\n", argv[0], count);
	return 0;
}
