/*
 * samples — run the annotated sample logs against a signature database.
 *
 * This is the fail2ban-regex of syncwatch: every file in DIR/samples (but
 * the *.timeline scripts, see timeline.h) is read as a log, its `#>`
 * annotations say which records must hit which signature, in which role
 * (`match`, `then`, `without`, `recover`) and with which fields, and which
 * must not hit it at all; any difference is a failure reported as
 * FILE:LINE.  Each sample is then re-encoded (UTF-8 BOM + CRLF, UTF-16LE,
 * UTF-16BE, Windows-1252) and must give the same results, and each record
 * with a hit annotation is re-written in every format its signature lists
 * and must still hit in the same role.  Finally every event or sequence
 * signature must have at least one sample that matches, one near miss, and
 * one sample for each other role it has patterns for; inbox and health
 * signatures have no patterns and are left to the timelines.  See
 * patterns/README.md.
 */
#ifndef SYNCWATCH_SAMPLES_H
#define SYNCWATCH_SAMPLES_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct diag;
struct matcher;
struct sigdb;

struct samples_summary {
	int	files;
	int	records;
	int	variants;	/* re-encoded runs */
	int	renderings;	/* cross-format runs */
	int	failures;
	int	sigs_ok;
	int	sigs_failed;
};

/*
 * Check every sample under dir (a directory of sample logs) against db,
 * writing failures and a per-signature report to out (may be NULL).
 * Returns 0 when everything passed, -1 otherwise.  local_only: only the
 * signatures of the site's directory (sig->local) must have samples
 * here (the shipped ones have theirs in the shipped directory).
 */
int	samples_check(const struct sigdb *, const char *dir, int local_only,
	    FILE *out,
	    struct samples_summary *);

/*
 * Report, once per signature (said: a flag per signature), each signature
 * a pattern of which stopped at the match limit on m's last record, at
 * line of name: a pattern that does that on a sample fails the check.
 */
void	sample_limits(const struct matcher *, struct diag *, const char *name,
	    uint64_t line, unsigned char *said);
#endif
