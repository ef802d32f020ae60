/*
 * clock — syncwatch's own wall clock, steady across steps of the system's.
 *
 * The daemon's deadlines (quiet periods, escalations, silence, retention)
 * and the times it gives records that carry none must not leap when
 * someone sets the clock a day ahead and back: a still-failing incident
 * would be marked self-healed, a log reported silent, a last_seen left a
 * day in the future.  So the daemon reads the wall clock through this one:
 * it follows the system clock while that moves with the monotonic clock
 * (NTP's slewing, and steps of under PLATFORM_STEP_MS, are followed), and
 * when the two part by more, it goes on from the monotonic clock and says
 * so.  A step that stays (the clock was wrong, and was put right) is taken
 * on after PLATFORM_STEP_ADOPT_MS, with a word in the log.  One thread
 * (the main loop) reads it.
 */
#include <stdint.h>

#include "lib/log.h"
#include "platform/platform.h"

#define PLATFORM_STEP_MS	2000
/* Whole seconds, rounded: a day's step is +86400 s, not +86399. */
#define SECONDS(ms)	((long long)(((ms) + ((ms) < 0 ? -500 : 500)) / 1000))
#define PLATFORM_STEP_ADOPT_MS	(10 * 60 * 1000)

static struct {
	int	 started;
	int64_t	 wall;		/* the steady time at mono, the anchor */
	int64_t	 mono;
	int64_t	 step;		/* wall clock minus ours while stepped */
	int64_t	 step_since;	/* monotonic; 0: not stepped */
} clk;

int64_t
platform_steady_ms(void)
{
	int64_t wall = platform_now_ms(), mono = platform_mono_ms(), ours, d;

	if (!clk.started) {
		clk.started = 1;
		clk.wall = wall;
		clk.mono = mono;
		return wall;
	}
	ours = clk.wall + (mono - clk.mono);
	d = wall - ours;
	if (d > -PLATFORM_STEP_MS && d < PLATFORM_STEP_MS) {
		if (clk.step_since != 0)
			log_notice("the wall clock is back in step; syncwatch "
			    "follows it again");
		clk.step_since = 0;
		clk.wall = wall;
		clk.mono = mono;
		return wall;
	}
	/* Stepped: the same step for long enough is the new time. */
	if (clk.step_since == 0 || d - clk.step > PLATFORM_STEP_MS ||
	    clk.step - d > PLATFORM_STEP_MS) {
		log_warnx("the wall clock stepped by %+lld s; syncwatch keeps "
		    "its own time from the monotonic clock (a step that stays "
		    "for %d minutes is taken on)", SECONDS(d),
		    PLATFORM_STEP_ADOPT_MS / 60000);
		clk.step = d;
		clk.step_since = mono;
	} else if (mono - clk.step_since >= PLATFORM_STEP_ADOPT_MS) {
		log_notice("the wall clock has stayed %+lld s from syncwatch's "
		    "time for %d minutes: taking it on", SECONDS(d),
		    PLATFORM_STEP_ADOPT_MS / 60000);
		clk.step_since = 0;
		clk.wall = wall;
		clk.mono = mono;
		return wall;
	}
	return ours;
}
