/*
 * fuzz-config — a configuration file in, through conf/config.c (libinih
 * underneath) and conf/load.c, as the daemon, reload and check-config
 * read it.
 *
 * The whole input is the file; it is written to a temporary directory
 * that also holds a small signature directory, which is what the file
 * gets when it names no `patterns` (SYNCWATCH_PATTERNS).  What must hold,
 * besides no crash, leak or undefined behaviour:
 *
 *   1. A file that does not load says why, and every message, error or
 *      warning, names the file and either a line it has or none at all.
 *   2. A file that loads gives what config.h promises: at least one
 *      source or inbox, unique names, absolute paths and state directory,
 *      every value within its documented bounds, and line numbers that
 *      exist.
 *   3. config_where reads any file that config_load can, and agrees with
 *      it on where the daemon listens when the file loads.
 *   4. load_all agrees with config_load on the configuration's verdict
 *      and, when both load, checks each [inbox] against the signatures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/config.h"
#include "conf/load.h"
#include "decode/event.h"
#include "fuzz.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "match/sigdb.h"
#include "platform/platform.h"

#define NAME	"config"

static char *path;

/* Two signatures: an inbox one the seed configurations name, and one more. */
static const char sigs[] =
    "[configmgr.despool.receive-backlog]\n"
    "title = Backlog\nproduct = configmgr\nseverity = error\n"
    "kind = inbox\nfiles = *.ins\nmax_files = 50\n"
    "meaning = m\nfix = f\n"
    "[configmgr.sender.no-address]\n"
    "title = No address\nproduct = configmgr\nseverity = error\n"
    "match = no address\nmeaning = m\nfix = f\n";

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = fuzz_tmpdir(NAME);
	char *pat = platform_path_join(dir, "patterns");
	char *file;

	if (platform_mkdir(pat) == -1)
		fuzz_fail(NAME, "cannot make %s", pat);
	file = platform_path_join(pat, "t.sig");
	fuzz_write_file(file, sigs, sizeof(sigs) - 1);
	setenv("SYNCWATCH_PATTERNS", pat, 1);
	path = platform_path_join(dir, "fuzz.conf");
	log_init("fuzz-config", 0);
	xfree(file);
	xfree(pat);
	return 0;
}

/* Every line of msgs names the file, with a line in 1..lines or none. */
static void
check_messages(const char *what, const char *msgs, size_t lines)
{
	const char *p = msgs, *nl;
	size_t plen = strlen(path), n;
	char *end;
	unsigned long long line;

	for (; p != NULL && *p != '\0'; p = nl != NULL ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		/* load_all's own last line for the signatures. */
		if (strncmp(p, "cannot load signatures from ", 28) == 0)
			continue;
		if (n <= plen || strncmp(p, path, plen) != 0 ||
		    p[plen] != ':') {
			fuzz_dump(what, msgs, strlen(msgs));
			fuzz_fail(NAME, "%s: a message does not name the file",
			    what);
		}
		if (p[plen + 1] == ' ')
			continue;
		line = strtoull(p + plen + 1, &end, 10);
		if (end == p + plen + 1 || *end != ':' || line < 1 ||
		    line > lines) {
			fuzz_dump(what, msgs, strlen(msgs));
			fuzz_fail(NAME, "%s: a message names no line of the file "
			    "(it has %zu)", what, lines);
		}
	}
}

static void
check_line(int line, size_t lines, const char *what, const char *name)
{
	FUZZ_CHECK(NAME, line >= 1 && (size_t)line <= lines,
	    "%s %s: line %d, the file has %zu", what, name, line, lines);
}

static void
check_config(const struct config *cf, size_t lines)
{
	size_t i, j;

	FUZZ_CHECK(NAME, platform_path_absolute(cf->state_dir),
	    "state_dir %s is not absolute", cf->state_dir);
	FUZZ_CHECK(NAME, cf->listen != NULL && strcmp(cf->file, path) == 0,
	    "no listen address, or the file is not named");
	FUZZ_CHECK(NAME, cf->retention_days >= 1 && cf->retention_days <=
	    36500 && cf->samples_per_incident >= 1 &&
	    cf->samples_per_incident <= 100, "[daemon] values out of bounds");
	for (i = 0; i < cf->nsources; i++) {
		const struct source_conf *sc = &cf->sources[i];

		FUZZ_CHECK(NAME, *sc->name != '\0' && sc->path != NULL &&
		    platform_path_absolute(sc->path), "[source %s]: no name "
		    "or no absolute path", sc->name);
		FUZZ_CHECK(NAME, sc->format >= FMT_AUTO && sc->format <
		    FMT_COUNT && sc->poll_ms >= 100 && sc->quiet_ms >= 10 &&
		    sc->quiet_ms <= 600000 && sc->max_record >= 1024 &&
		    sc->max_record <= 64 * 1024 * 1024 && sc->tz_minutes >=
		    -14 * 60 && sc->tz_minutes <= 14 * 60 &&
		    sc->expect_every_ms >= 0 && sc->missing_ms > 0,
		    "[source %s]: a value out of bounds", sc->name);
		check_line(sc->line, lines, "source", sc->name);
		check_line(sc->path_line, lines, "source path", sc->name);
		for (j = 0; j < i; j++)
			FUZZ_CHECK(NAME, strcmp(cf->sources[j].name,
			    sc->name) != 0, "[source %s] twice", sc->name);
	}
	for (i = 0; i < cf->ninboxes; i++) {
		const struct inbox_conf *ic = &cf->inboxes[i];

		FUZZ_CHECK(NAME, *ic->name != '\0' && ic->path != NULL &&
		    platform_path_absolute(ic->path) && ic->signature != NULL &&
		    sigdb_valid_id(ic->signature), "[inbox %s]: no name, path "
		    "or signature", ic->name);
		FUZZ_CHECK(NAME, (ic->max_files == -1 || ic->max_files >= 1) &&
		    (ic->max_age_ms == -1 || ic->max_age_ms > 0) &&
		    ic->poll_ms >= 100 && (ic->files == NULL) ==
		    (ic->nfiles == 0), "[inbox %s]: a value out of bounds",
		    ic->name);
		for (j = 0; j < ic->nfiles; j++)
			FUZZ_CHECK(NAME, *ic->files[j] != '\0' &&
			    strchr(ic->files[j], '/') == NULL,
			    "[inbox %s]: bad files entry", ic->name);
		check_line(ic->line, lines, "inbox", ic->name);
		check_line(ic->path_line, lines, "inbox path", ic->name);
		for (j = 0; j < cf->nsources; j++)
			FUZZ_CHECK(NAME, strcmp(cf->sources[j].name,
			    ic->name) != 0, "[inbox %s] is also a source",
			    ic->name);
		for (j = 0; j < i; j++)
			FUZZ_CHECK(NAME, strcmp(cf->inboxes[j].name,
			    ic->name) != 0, "[inbox %s] twice", ic->name);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config *cf;
	struct loaded ld;
	enum load_step step;
	char *cause = NULL, *warnings = NULL, *listen = NULL, *state = NULL;
	size_t lines = 0, i;

	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (size > 0 && data[size - 1] != '\n')
		lines++;
	fuzz_write_file(path, data, size);

	cf = config_load(path, &cause, &warnings);
	if (warnings != NULL)
		check_messages("warnings", warnings, lines);
	if (cf == NULL) {
		FUZZ_CHECK(NAME, cause != NULL && *cause != '\0',
		    "the file does not load and no reason is given");
		check_messages("errors", cause, lines);
	} else {
		FUZZ_CHECK(NAME, cause == NULL, "loaded, yet a reason is given");
		check_config(cf, lines);
	}
	xfree(warnings);
	warnings = NULL;

	FUZZ_CHECK(NAME, config_where(path, &listen, &state, &cause) == 0,
	    "config_where cannot read what config_load read");
	FUZZ_CHECK(NAME, listen != NULL && state != NULL,
	    "config_where gives no listen address or state directory");
	FUZZ_CHECK(NAME, cf == NULL || strcmp(listen, cf->listen) == 0,
	    "config_where says %s, config_load %s", listen, cf->listen);
	xfree(listen);
	xfree(state);

	xfree(cause);
	cause = NULL;
	step = load_all(path, &ld, &cause, &warnings);
	FUZZ_CHECK(NAME, (step == LOAD_CONFIG) == (cf == NULL),
	    "load_all and config_load disagree on the file (step %d)",
	    (int)step);
	if (step == LOAD_OK)
		FUZZ_CHECK(NAME, ld.cf != NULL && ld.db != NULL && cause == NULL,
		    "load_all succeeded without a configuration or signatures");
	else {
		FUZZ_CHECK(NAME, cause != NULL, "load_all failed (step %d) "
		    "without a reason", (int)step);
		if (step != LOAD_SIGNATURES)
			check_messages("load_all", cause, lines);
	}
	load_free(&ld);
	xfree(cause);
	xfree(warnings);
	config_free(cf);
	return 0;
}
