/*
 * testutil — shared by the Check suites: Check itself, a prototype for
 * every suite (from the generated suites.h), and small helpers.
 */
#ifndef SYNCWATCH_TESTUTIL_H
#define SYNCWATCH_TESTUTIL_H

#include <check.h>

#define SUITE(name) Suite *name##_suite(void);
#include "suites.h"
#undef SUITE

/*
 * The source tree's top directory: $SYNCWATCH_SRCDIR when set (make sets
 * it), else ".".  Returns a static string.
 */
const char *test_srcdir(void);

#endif
