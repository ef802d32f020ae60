# syncwatch — build, test and install.
#
# Every library comes from pkg-config.  Warnings live in their own variable so a
# packager's CFLAGS= cannot drop them.  Sources and test suites are discovered
# from the tree: a new daemon/LAYER/X.c or tests/check_X.c needs no Makefile
# edit.  Each layer is a folder of daemon/ (see README.md, "How the code is
# organised"); the platform layer compiles its portable files and the folder
# of the platform built for, daemon/platform/$(PLATFORM), only.

PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
DATADIR   ?= $(PREFIX)/share/syncwatch
MANDIR    ?= $(PREFIX)/share/man
DESTDIR   ?=

CC        ?= cc
PKG_CONFIG ?= pkg-config
LIBS_PC   := libpcre2-8 sqlite3 libmicrohttpd jansson inih libcurl
CHECK_PC  := check

CFLAGS    ?= -O2 -g
WARNFLAGS := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wmissing-prototypes \
             -Wstrict-prototypes -Wno-unused-parameter
CPPFLAGS  += -D_GNU_SOURCE -DSYNCWATCH_DATADIR='"$(DATADIR)"' -Idaemon

# Dependencies first: as root, missing Debian packages are installed; otherwise
# the missing ones are named and the build stops.  (The Windows build has its
# own: packaging/windows/deps.sh, see "make windows" below.)
DEPS_OK   ?= .deps-ok
# What the tests add (Check, jq, Chromium, ...): only for the test targets.
TEST_DEPS_OK ?= .deps-test-ok
# libevtx (binary .evtx event logs) where pkg-config finds it: Debian has
# it, the Windows build does not (decode/evtx.c then says so).  Looked up
# when a recipe runs, after the dependencies are installed.
EVTX_PC    = $(shell $(PKG_CONFIG) --exists libevtx 2>/dev/null && echo libevtx)
PC_CFLAGS  = $(shell $(PKG_CONFIG) --cflags $(LIBS_PC) $(EVTX_PC)) \
             $(if $(EVTX_PC),-DHAVE_LIBEVTX)
PC_LIBS    = $(shell $(PKG_CONFIG) --libs $(LIBS_PC) $(EVTX_PC)) -lm -pthread $(OS_LIBS)
CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(CHECK_PC))
CHECK_LIBS   = $(shell $(PKG_CONFIG) --libs $(CHECK_PC))

PLATFORM  ?= posix
LAYERS    := lib decode match store rules conf http follow check cmd
SRCS      := $(sort $(wildcard daemon/*.c $(LAYERS:%=daemon/%/*.c) \
             daemon/platform/*.c daemon/platform/$(PLATFORM)/*.c))
LIB_SRCS  := $(filter-out daemon/main.c,$(SRCS))
OBJDIR    ?= build
LIB_OBJS  := $(LIB_SRCS:daemon/%.c=$(OBJDIR)/%.o) $(OS_OBJS)
MAIN_OBJ  := $(OBJDIR)/main.o
TEST_SRCS := $(sort $(wildcard tests/check_*.c))
# The test helpers: portable ones, and those of the platform built for.
TEST_OBJS := $(TEST_SRCS:tests/%.c=$(OBJDIR)/tests/%.o) $(OBJDIR)/tests/runner.o \
             $(OBJDIR)/tests/testutil.o $(OBJDIR)/tests/testutil-$(PLATFORM).o
SUITES    := $(patsubst tests/check_%.c,%,$(TEST_SRCS))

PROG      ?= syncwatch
TESTPROG  := $(OBJDIR)/check_syncwatch

.PHONY: all check layers unit samples integration stress browser readme package sanitize valgrind bench install uninstall clean deps demo

all: $(PROG)

.deps-ok: packaging/install-deps.sh
	@sh packaging/install-deps.sh build
	@touch $@

.deps-test-ok: packaging/install-deps.sh
	@sh packaging/install-deps.sh test
	@touch $@

$(PROG): $(DEPS_OK) $(LIB_OBJS) $(MAIN_OBJ)
	$(CC) $(LDFLAGS) -o $@ $(LIB_OBJS) $(MAIN_OBJ) $(PC_LIBS)

$(OBJDIR)/%.o: daemon/%.c | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNFLAGS) $(PC_CFLAGS) -MMD -MP -c -o $@ $<

$(OBJDIR)/tests/%.o: tests/%.c $(OBJDIR)/tests/suites.h | $(DEPS_OK) $(TEST_DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -I$(OBJDIR)/tests -Itests $(CFLAGS) $(WARNFLAGS) $(PC_CFLAGS) $(CHECK_CFLAGS) -MMD -MP -c -o $@ $<

# The runner learns the suites from the file names: check_X.c exports X_suite().
$(OBJDIR)/tests/suites.h: $(TEST_SRCS) Makefile
	@mkdir -p $(@D)
	@printf '%s\n' $(foreach s,$(SUITES),'SUITE($(s))') > $@.tmp && mv $@.tmp $@

$(TESTPROG): $(LIB_OBJS) $(TEST_OBJS)
	$(CC) $(LDFLAGS) -o $@ $(LIB_OBJS) $(TEST_OBJS) $(PC_LIBS) $(CHECK_LIBS)

# make check: the shape of the tree (layers, OS headers, file sizes), the
# Check suites (the signature samples among them), the fuzz harnesses'
# seed corpora and regression inputs replayed without libFuzzer, the shell
# tests that drive the real program, and the dashboard in Chromium.
check: layers unit fuzz-regress integration browser

layers:
	@sh tests/layers.sh

unit: $(TESTPROG) $(PROG)
	SYNCWATCH_SRCDIR=$(CURDIR) $(TESTPROG)

samples: $(PROG)
	./$(PROG) check-patterns patterns

# Small programs the shell tests drive the daemon with (tests/tools/X.c).
TOOLS     := $(patsubst tests/tools/%.c,$(OBJDIR)/tests/tools/%,$(wildcard tests/tools/*.c))
$(OBJDIR)/tests/tools/%: tests/tools/%.c
	@mkdir -p $(@D)
	$(CC) -D_GNU_SOURCE $(CFLAGS) $(WARNFLAGS) $(LDFLAGS) -o $@ $<

integration: $(PROG) $(TOOLS) | $(TEST_DEPS_OK)
	@SYNCWATCH_TOOLS=$(CURDIR)/$(OBJDIR)/tests/tools sh tests/run-shell-tests.sh ./$(PROG)

# The crash-consistency test, long: kill -9 at random while logrotor
# rotates its log every way (the shell suite runs a short one).
STRESS_LINES ?= 200000
STRESS_RATE  ?= 1000
stress: $(PROG) $(TOOLS)
	@d=$$(mktemp -d) && SYNCWATCH_TOOLS=$(CURDIR)/$(OBJDIR)/tests/tools \
	    STRESS_LINES=$(STRESS_LINES) STRESS_RATE=$(STRESS_RATE) \
	    sh tests/stress/crash.sh $(CURDIR)/$(PROG) $$d; rc=$$?; \
	    if [ $$rc = 0 ]; then rm -rf $$d; else echo "kept: $$d"; fi; exit $$rc

# playwright-core drives Debian's chromium; npm ci installs the locked version.
browser: $(PROG) | $(TEST_DEPS_OK)
	@cd tests/browser && { { [ -d node_modules/playwright-core ] && [ -d node_modules/axe-core ]; } || \
	    npm ci --no-audit --no-fund --loglevel=error; } && \
	    SYNCWATCH=$(CURDIR)/$(PROG) node --test dashboard.test.mjs

# make fuzz, fuzz-regress, fuzz-merge: tests/fuzz/ (see fuzz.mk there).
include tests/fuzz/fuzz.mk

# Everything but the browser suite under ASan+UBSan (the shell tests drive
# the same HTTP paths with hostile input; the browser's own run is make
# check's), to keep a CI run within its half hour.
sanitize:
	$(MAKE) OBJDIR=build-san PROG=syncwatch-san \
	    CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
	    LDFLAGS='-fsanitize=address,undefined' \
	    CK_FORK=no layers unit fuzz-regress integration

valgrind: $(TESTPROG) $(PROG)
	CK_FORK=no SYNCWATCH_SRCDIR=$(CURDIR) valgrind --error-exitcode=1 --leak-check=full \
	    --errors-for-leak-kinds=definite $(TESTPROG)

# The Debian package, in the parent directory (tests/package-test.sh also
# installs it in a throwaway chroot and purges it).
package:
	@sh packaging/install-deps.sh build package
	dpkg-buildpackage -us -uc -b
	@v=$$(dpkg-parsechangelog -S Version) && \
	    a=$$(dpkg-architecture -qDEB_HOST_ARCH) && \
	    echo "package: $$(cd .. && pwd)/syncwatch_$${v}_$${a}.deb"

# README.md's catalog table, between its catalog:begin/end markers.
readme: $(PROG)
	@sh packaging/readme-catalog.sh ./$(PROG) README.md

demo: $(PROG)
	@sh packaging/demo.sh ./$(PROG)

bench: $(PROG)
	@sh packaging/install-deps.sh bench
	@sh tests/bench/run.sh ./$(PROG)
	@sh tests/bench/daemon.sh ./$(PROG)

install: $(PROG)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/patterns/samples \
	    $(DESTDIR)$(DATADIR)/web
	install -m 0755 $(PROG) $(DESTDIR)$(BINDIR)/syncwatch
	install -m 0644 patterns/*.sig $(DESTDIR)$(DATADIR)/patterns/
	install -m 0644 patterns/samples/* $(DESTDIR)$(DATADIR)/patterns/samples/
	install -m 0644 web/*.js web/*.css $(DESTDIR)$(DATADIR)/web/
	install -d $(DESTDIR)$(DATADIR)/prometheus
	install -m 0644 packaging/prometheus/syncwatch-rules.yml \
	    packaging/prometheus/syncwatch-rules.test.yml $(DESTDIR)$(DATADIR)/prometheus/
	install -d $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8
	install -m 0644 man/syncwatch.8 $(DESTDIR)$(MANDIR)/man8/
	install -m 0644 man/syncwatch.conf.5 man/syncwatch.sig.5 $(DESTDIR)$(MANDIR)/man5/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/syncwatch $(DESTDIR)$(MANDIR)/man8/syncwatch.8 \
	    $(DESTDIR)$(MANDIR)/man5/syncwatch.conf.5 \
	    $(DESTDIR)$(MANDIR)/man5/syncwatch.sig.5
	rm -rf $(DESTDIR)$(DATADIR)

# Everything but the Windows dependencies (slow to build; windows-clean).
clean:
	rm -rf build-san build-fuzz syncwatch syncwatch-san .deps-ok .deps-test-ok
	find build -mindepth 1 -maxdepth 1 ! -name win -exec rm -rf {} + \
	    2>/dev/null || true
	rm -rf build/win/obj build/win/gen build/win/*.exe

# --- Windows -------------------------------------------------------------
# make windows: build/win/syncwatch.exe, static, x86_64, cross-built with
# Debian's mingw-w64 against the libraries packaging/windows/deps.sh builds
# from pinned Debian sources (build/win/prefix).  The same sources, with
# daemon/platform/win32/ in place of posix/.
WIN_DIR     := build/win
WIN_TRIPLET := x86_64-w64-mingw32
WIN_PC      := PKG_CONFIG_LIBDIR=$(CURDIR)/$(WIN_DIR)/prefix/lib/pkgconfig \
               PKG_CONFIG_PATH= pkg-config --static
WIN_VARS     = PLATFORM=win32 OBJDIR=$(WIN_DIR)/obj \
    CC=$(WIN_TRIPLET)-gcc PKG_CONFIG="$(WIN_PC)" DEPS_OK=$(WIN_DIR)/.deps-ok \
    TEST_DEPS_OK=$(WIN_DIR)/.deps-ok \
    CPPFLAGS="-D_GNU_SOURCE -D_WIN32_WINNT=0x0600 -DWINVER=0x0600 \
    -DSYNCWATCH_DATADIR='\".\"' -Idaemon -I$(WIN_DIR)/gen" \
    LDFLAGS=-static OS_LIBS="-ladvapi32 -lws2_32 -lbcrypt -lpsapi" \
    OS_OBJS=$(WIN_DIR)/obj/messages.res.o

.PHONY: windows windows-deps windows-check windows-clean windows-test-exes \
    windows-unit windows-integration
windows: windows-deps
	$(MAKE) $(WIN_VARS) PROG=$(WIN_DIR)/syncwatch.exe $(WIN_DIR)/syncwatch.exe

# make windows-check: the Windows tests under wine64 (tests/win/README.md):
# the Check suites (build/win/check_syncwatch.exe, the same suites as
# "make unit") and the integration scripts tests/win/*.sh, which drive
# syncwatch.exe from Linux, with the helper exes of tests/win/.  A private
# wine prefix in build/win/wineprefix-test.  Ends "N passed, N failed".
WIN_WINE    ?= $(firstword $(wildcard /usr/lib/wine/wine64) wine64)
WIN_HELPERS := $(WIN_DIR)/logwriter.exe
WIN_RUN      = WIN_WINE=$(WIN_WINE) WIN_MSI=$(WIN_MSI) bash tests/win/run.sh

windows-test-exes: windows-deps
	$(MAKE) $(WIN_VARS) PROG=$(WIN_DIR)/syncwatch.exe \
	    TESTPROG=$(WIN_DIR)/check_syncwatch.exe \
	    $(WIN_DIR)/syncwatch.exe $(WIN_DIR)/check_syncwatch.exe
	$(MAKE) $(WIN_HELPERS)

# The helpers are plain Win32 programs: no library but the system's.
$(WIN_DIR)/%.exe: tests/win/%.c
	@mkdir -p $(@D)
	$(WIN_TRIPLET)-gcc -O2 $(WARNFLAGS) -municode -static -o $@ $<

# scan.sh holds the Windows scan against the Linux build's: both are built.
windows-check:
	@t=$$(date +%s%N); $(MAKE) --no-print-directory windows-test-exes $(PROG) msi && \
	    echo "windows-check: build $$(( ($$(date +%s%N) - t) / 1000000 )) ms"
	@$(WIN_RUN)

windows-unit: windows-test-exes
	@$(WIN_RUN) --unit-only

windows-integration: windows-test-exes $(PROG)
	@$(WIN_RUN) --integration-only

windows-deps: $(WIN_DIR)/.deps-ok
$(WIN_DIR)/.deps-ok: packaging/windows/deps.sh packaging/windows/versions
	sh packaging/windows/deps.sh
	@touch $@

# The event log's message resources.
$(WIN_DIR)/gen/platform/win32/messages.h $(WIN_DIR)/gen/messages.rc: \
    daemon/platform/win32/messages.mc
	@mkdir -p $(WIN_DIR)/gen/platform/win32
	$(WIN_TRIPLET)-windmc -h $(WIN_DIR)/gen/platform/win32 -r $(WIN_DIR)/gen $<
	mv $(WIN_DIR)/gen/platform/win32/messages.rc $(WIN_DIR)/gen/ 2>/dev/null || true
$(WIN_DIR)/obj/messages.res.o: $(WIN_DIR)/gen/messages.rc
	@mkdir -p $(@D)
	$(WIN_TRIPLET)-windres -I$(WIN_DIR)/gen -i $< -o $@
$(WIN_DIR)/obj/platform/win32/platform.o: \
    $(WIN_DIR)/gen/platform/win32/messages.h

windows-clean:
	rm -rf $(WIN_DIR)

# --- Windows installer ----------------------------------------------------
# make msi: build/win/syncwatch-VERSION-x64.msi from packaging/windows/
# syncwatch.wxs with wixl (Debian's wixl and msitools; packaging/windows/
# msi.sh installs them as root).  make windows-msi-check: install, upgrade
# and remove it under wine64 in build/win/wineprefix-msi (tests/win/msi.sh).
SW_VERSION := $(shell sed -n 's/^\#define SYNCWATCH_VERSION "\(.*\)"/\1/p' \
    daemon/version.h)
WIN_MSI    := $(WIN_DIR)/syncwatch-$(SW_VERSION)-x64.msi

.PHONY: msi windows-msi-check
msi: windows
	sh packaging/windows/msi.sh $(WIN_DIR)/syncwatch.exe $(WIN_MSI)

windows-msi-check: msi
	sh tests/win/msi.sh $(WIN_MSI)

-include $(wildcard $(OBJDIR)/*.d $(OBJDIR)/*/*.d $(OBJDIR)/*/*/*.d \
    $(OBJDIR)/tests/*.d)
