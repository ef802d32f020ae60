# syncwatch's own view of the sources it follows.
#
# These are health signatures: no patterns, the daemon raises them from what
# it sees of a source's files (see expect_every and missing_after in
# syncwatch.conf(5)).  Each resolves itself when the source is back.

[syncwatch.source-silent]
title      = A log that should be written regularly has gone quiet
product    = syncwatch
severity   = warning
kind       = health
escalate   = error after 6h
meaning    = Nothing has been written to this log for longer than the source's
  expect_every allows.  The component that writes it may have stopped or
  hung, logging may have been turned down, or the log now goes to another
  path, and in each case syncwatch can no longer see the failures it watches
  for there.
fix        = Check on the server that the component is running (the SMS
  services for despool.log and sender.log, the Ektron Windows Service, the
  web site's application pool for the EPiServer log).
fix        = Check whether the log moved or its logging level changed, and
  update the source's path in syncwatch.conf if it did.
fix        = If the log is legitimately quiet at times, raise expect_every for
  this source.

[syncwatch.source-missing]
title      = A followed log file has disappeared
product    = syncwatch
severity   = warning
kind       = health
meaning    = The file this source follows is gone and has not come back within
  missing_after: not a rotation, where a new file appears at once.  A share
  that is no longer mounted, a renamed log folder or an uninstalled
  component are the usual causes.
fix        = Check that the log folder is reachable from this host (for a
  mounted share, that it is still mounted).
fix        = Check on the server that the component still writes its log at
  the configured path; correct the source's path in syncwatch.conf if it
  moved, then reload syncwatch.

[syncwatch.source-unreadable]
title      = A followed log cannot be read
product    = syncwatch
severity   = error
kind       = health
meaning    = The file exists but syncwatch cannot open or read it, so nothing
  logged there is seen.  Usually the permissions changed (a new file created
  with a restrictive ACL or mode) or the share returns I/O errors.
fix        = Read the error in this incident's fields; for a permission problem
  give the syncwatch user read access to the file and its folder (on a
  mounted share, check the mount's uid/gid or file_mode).
fix        = The incident resolves itself as soon as a read succeeds.
