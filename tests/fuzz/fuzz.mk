# tests/fuzz/fuzz.mk — the fuzz harnesses; included by the Makefile.
#
#   make fuzz                 each harness under libFuzzer for FUZZ_SECONDS
#                             (60 by default; FUZZ_SECONDS=600 for long runs)
#   make fuzz FUZZ_ONLY=sig   one harness
#   make fuzz-regress         replay the seed corpora and the regression
#                             inputs without libFuzzer (part of make check)
#   make fuzz-merge           minimize what the runs found into the seed
#                             corpora kept in the tree
#   make fuzz-cov             line coverage of decode/, match/, conf/ and
#                             http/ by the corpora and regression inputs
#
# The libFuzzer builds use clang with ASan and UBSan and live in build-fuzz/
# (every daemon source instrumented for coverage); the replay builds use the
# normal compiler and flags and live in $(OBJDIR)/fuzz, so `make sanitize`
# replays under gcc's sanitizers too.

FUZZ_CC        ?= $(shell command -v clang-14 || command -v clang || echo clang)
FUZZ_SECONDS   ?= 60
FUZZ_HARNESSES := decode sig config http
FUZZ_ONLY      ?= $(FUZZ_HARNESSES)
FUZZ_OBJDIR    := build-fuzz
FUZZ_SAN       := -fsanitize=address,undefined -fno-sanitize-recover=all \
                  -fno-omit-frame-pointer
FUZZ_CFLAGS    := -O1 -g $(FUZZ_SAN)
# clang, unlike gcc, warns about vsnprintf with a format handed in by a
# callback that cannot be declared printf-like (libmicrohttpd's logger).
FUZZ_WARNFLAGS := $(WARNFLAGS) -Wno-format-nonliteral
FUZZ_LIB_OBJS  := $(LIB_SRCS:daemon/%.c=$(FUZZ_OBJDIR)/%.o)
FUZZ_COMMON    := tests/fuzz/fuzz.c
FUZZ_BINS      := $(FUZZ_HARNESSES:%=$(FUZZ_OBJDIR)/fuzz-%)
REPLAY_BINS    := $(FUZZ_HARNESSES:%=$(OBJDIR)/fuzz/replay-%)

# Objects a harness links with: all of daemon/ but main.o.
fuzz_objs = $(2)

.PHONY: fuzz fuzz-build fuzz-regress fuzz-merge fuzz-cov

fuzz: fuzz-build
	@sh tests/fuzz/run.sh run $(FUZZ_OBJDIR) $(FUZZ_SECONDS) $(FUZZ_ONLY)

fuzz-build: $(FUZZ_BINS)

fuzz-merge: fuzz-build
	@sh tests/fuzz/run.sh merge $(FUZZ_OBJDIR) 0 $(FUZZ_ONLY)

$(FUZZ_OBJDIR)/%.o: daemon/%.c | $(DEPS_OK)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link \
	    $(FUZZ_WARNFLAGS) $(PC_CFLAGS) -MMD -MP -c -o $@ $<

$(FUZZ_OBJDIR)/fuzz-%: tests/fuzz/fuzz-%.c $(FUZZ_COMMON) tests/fuzz/fuzz.h \
    $(FUZZ_LIB_OBJS)
	$(FUZZ_CC) $(CPPFLAGS) -Itests/fuzz $(FUZZ_CFLAGS) -fsanitize=fuzzer \
	    $(FUZZ_WARNFLAGS) $(PC_CFLAGS) -o $@ $< $(FUZZ_COMMON) \
	    $(call fuzz_objs,$*,$(FUZZ_LIB_OBJS)) $(PC_LIBS)

# The replays: the normal compiler, flags and objects.
fuzz-regress: $(REPLAY_BINS)
	@set -e; for h in $(FUZZ_HARNESSES); do \
	    set --; for d in tests/fuzz/corpus/$$h tests/fuzz/regress/$$h; do \
	        [ ! -d $$d ] || set -- "$$@" $$d; done; \
	    $(OBJDIR)/fuzz/replay-$$h "$$@"; done

$(OBJDIR)/fuzz/replay-%: tests/fuzz/fuzz-%.c tests/fuzz/replay.c \
    $(FUZZ_COMMON) tests/fuzz/fuzz.h $(LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/fuzz $(CFLAGS) $(WARNFLAGS) $(PC_CFLAGS) \
	    $(LDFLAGS) -o $@ $< tests/fuzz/replay.c $(FUZZ_COMMON) \
	    $(call fuzz_objs,$*,$(LIB_OBJS)) $(PC_LIBS)

# Source-based coverage: the replays built by clang with profiling.
FUZZ_COV_DIR   := $(FUZZ_OBJDIR)/cov
FUZZ_COV_FLAGS := -O1 -g -fprofile-instr-generate -fcoverage-mapping
FUZZ_COV_OBJS  := $(LIB_SRCS:daemon/%.c=$(FUZZ_COV_DIR)/%.o)

fuzz-cov: $(FUZZ_HARNESSES:%=$(FUZZ_COV_DIR)/replay-%)
	@sh tests/fuzz/run.sh cov $(FUZZ_OBJDIR) 0 $(FUZZ_HARNESSES)

$(FUZZ_COV_DIR)/%.o: daemon/%.c | $(DEPS_OK)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_COV_FLAGS) $(FUZZ_WARNFLAGS) $(PC_CFLAGS) \
	    -c -o $@ $<

$(FUZZ_COV_DIR)/replay-%: tests/fuzz/fuzz-%.c tests/fuzz/replay.c \
    $(FUZZ_COMMON) tests/fuzz/fuzz.h $(FUZZ_COV_OBJS)
	$(FUZZ_CC) $(CPPFLAGS) -Itests/fuzz $(FUZZ_COV_FLAGS) $(FUZZ_WARNFLAGS) \
	    $(PC_CFLAGS) -o $@ $< tests/fuzz/replay.c $(FUZZ_COMMON) \
	    $(call fuzz_objs,$*,$(FUZZ_COV_OBJS)) $(PC_LIBS)

# Objects only pattern rules name would be removed as intermediate.
.SECONDARY: $(FUZZ_LIB_OBJS) $(FUZZ_COV_OBJS)

-include $(wildcard $(FUZZ_OBJDIR)/*.d $(FUZZ_OBJDIR)/*/*.d \
    $(FUZZ_OBJDIR)/*/*/*.d)
