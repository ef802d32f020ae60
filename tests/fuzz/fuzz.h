/*
 * fuzz — what the fuzz harnesses of tests/fuzz/ share.
 *
 * Each harness is one file exporting LLVMFuzzerTestOneInput (and, when it
 * needs set-up done once, LLVMFuzzerInitialize).  It is linked two ways:
 * with clang's libFuzzer and ASan+UBSan for `make fuzz`, and with the
 * normal compiler and flags against replay.c, whose main() feeds it the
 * files of the seed corpus and of the regression inputs (`make
 * fuzz-regress`, run by `make check`).  So a harness is plain C that
 * builds without warnings under both, and it says what is wrong itself:
 * an invariant that fails prints what it saw and aborts, which libFuzzer
 * records as a crash and replay as a failed run.
 *
 * The first bytes of some inputs are options for the harness rather than
 * data (each harness says which); fuzz_rng turns a few of them into as
 * many split points as the harness wants.
 */
#ifndef SYNCWATCH_FUZZ_H
#define SYNCWATCH_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "lib/attr.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int	LLVMFuzzerInitialize(int *argc, char ***argv);

/* Print "fuzz: NAME: message" and abort: an invariant does not hold. */
void	fuzz_fail(const char *harness, const char *fmt, ...)
	    PRINTFLIKE(2, 3) __attribute__((noreturn));

#define FUZZ_CHECK(harness, cond, ...) do {				\
	if (!(cond))							\
		fuzz_fail((harness), __VA_ARGS__);			\
} while (0)

/* Whether s[0..n) is valid UTF-8 (no overlong form, surrogate, > U+10FFFF). */
int	fuzz_utf8_valid(const char *s, size_t n);

/* Print s[0..n) to stderr with control and non-ASCII bytes escaped. */
void	fuzz_dump(const char *label, const char *s, size_t n);

/* A small deterministic generator (xorshift32) seeded from the input. */
struct fuzz_rng {
	uint32_t	 s;
};

void	fuzz_rng_seed(struct fuzz_rng *, uint32_t seed);
uint32_t fuzz_rng_next(struct fuzz_rng *);

/*
 * The process's own directory under $TMPDIR (or /tmp), made on the first
 * call and removed with what it holds at exit; aborts on failure.
 */
const char *fuzz_tmpdir(const char *harness);
/* Write data to path, replacing it; aborts on failure. */
void	fuzz_write_file(const char *path, const void *data, size_t len);

#endif
