# A small catalog with one signature of each kind of incident rule, its
# role-annotated sample log and its timeline.  tests/check_timeline.c and
# tests/shell/check-patterns.sh run it as `syncwatch check-patterns
# tests/timeline` would.

[demo.job-failed]
title      = A sync job failed soon after it started
product    = demo
severity   = error
formats    = log4net plain
match      = \bJob\s+(?<job>\w+)\s+started\b
then       = \bJob\s+(?<job>\w+)\s+failed\b
without    = \bJob\s+(?<job>\w+)\s+cancelled\b
within     = 10m
group_by   = job
meaning    = The job started and failed within ten minutes, without being
  cancelled in between.
fix        = Read the job's log.

[demo.site-unreachable]
title      = A remote site cannot be reached
product    = demo
severity   = warning
formats    = log4net plain
match      = \bSite\s+(?<site>\w+)\s+is\s+unreachable\b
recover    = \bSite\s+(?<site>\w+)\s+is\s+reachable\s+again\b
group_by   = site
threshold  = 3 within 10m
escalate   = error after 5 hits
escalate   = critical after 2h
resolve_after = 1d
meaning    = The remote site did not answer three times in ten minutes.
fix        = Check the network path to the site.

[demo.backlog]
title      = Instructions pile up in the receive inbox
product    = demo
severity   = error
kind       = inbox
files      = *.ins
max_files  = 50
max_age    = 1h
meaning    = Nothing takes the instructions out of the inbox.
fix        = Restart the component that reads the inbox.

[syncwatch.source-silent]
title      = A log that should be written regularly has gone quiet
product    = syncwatch
severity   = warning
kind       = health
meaning    = Nothing was written to the log for longer than expect_every.
fix        = Check that the component that writes it is running.
