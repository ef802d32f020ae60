# ConfigMgr 2007 / SMS site-to-site replication failures.
#
# Sources: despool.log and sender.log on the site servers (SMS trailer
# format, all three timestamp generations), the same text in CMTrace form
# and as plain text pasted from a status-message or log viewer.
#
# Wording notes
# - "Cannot" is also written "can not"; the despooler lines end with or
#   without a period; the site code may be quoted.
# - Site codes are always three characters (letters and digits).
# - A record may be wrapped over physical lines, so words are joined with
#   \s+ and distances are bounded [\s\S]{0,N} rather than ".*".

[configmgr.despool.public-key-missing]
title      = Parent site rejects instructions from a child site: no public key
product    = configmgr
severity   = critical
formats    = configmgr cmtrace plain
match      = Can(?:\s*not|'t|’t)\s+find\s+(?:a\s+)?(?:valid\s+)?public\s+key\s+for\s+
             (?:the\s+)?instruction\s+["'‘’“”]?(?<path>[^\s"'‘’“”][^\n]*?)["'‘’“”]?,?\s+
             (?:(?:in)?coming\s+)?from\s+(?:the\s+)?site\s+["'‘’“”]?(?<site>[A-Z0-9]{3})\b
# Fallback when the instruction path itself was wrapped over two lines.
match      = Can(?:\s*not|'t|’t)\s+find\s+(?:a\s+)?(?:valid\s+)?public\s+key\s+for\s+
             (?:the\s+)?instruction\b[\s\S]{0,400}?\s(?:(?:in)?coming\s+)?from\s+
             (?:the\s+)?site\s+["'‘’“”]?(?<site>[A-Z0-9]{3})\b
group_by   = site
meaning    = The despooler on this (parent) site got a replication
  instruction from the named child site but holds no public key to check its
  signature, so the instruction is parked and not applied.  It is tried again
  about every 5 minutes, at most 100 times; until the keys are exchanged
  nothing from that site is processed, even though the child site itself
  installed cleanly.
fix        = Confirm the symptom on the parent: look for .ins instruction
  files piling up in <ConfigMgrInstallPath>\inboxes\despoolr.box\receive
  instead of being processed and removed, and for status messages 4404/4405
  from SMS_DESPOOLER.
fix        = On the child (secondary) site server open a command prompt
  (Start > Run > CMD) and change to <ConfigMgrInstallPath>\bin\i386\<language
  code>, where the hierarchy maintenance tool preinst.exe lives.
fix        = Run "preinst /keyforparent"; it writes the child's public key as
  <SiteCode>.ct4 to the root of the system drive.  Move that file into
  <ConfigMgrInstallPath>\inboxes\hman.box on the parent site server.
fix        = On the parent site server, from the same bin\i386\<language code>
  folder, run "preinst /keyforchild"; it writes <SiteCode>.ct5 to the root of
  the system drive.  Move that file into <ConfigMgrInstallPath>\inboxes\hman.box
  on the child site server.
fix        = Wait up to 5 minutes: once both keys are in place the sites start
  talking again.  Follow despool.log on the parent and check that the backlog
  in despoolr.box\receive drains.
ref        = Troubleshooting Secondary Site Installation (Installing Configuration Manager 2007 - Multisite Configuration)
ref        = http://guides.wmlcloud.com/application_server/Installing-Configuration-Manager-2007---Multisite-Configuration-(part-3)---Troubleshooting-Secondary-Site-Installation.aspx

[configmgr.despool.key-exchange-untrusted]
title      = Key exchange instruction from a child site refused: no valid public key
product    = configmgr
severity   = critical
formats    = configmgr cmtrace plain
match      = Can(?:\s*not|'t|’t)\s+find\s+(?:a\s+)?(?:valid\s+)?public\s+key\s+for\s+
             (?:the\s+|a\s+)?key[\s-]*exchange\s+instruction\b[\s\S]{0,400}?\s
             (?:(?:in)?coming\s+)?from\s+(?:the\s+)?site\s+["'‘’“”]?(?<site>[A-Z0-9]{3})\b
group_by   = site
meaning    = The child site sent the instruction that should carry its key, but
  this site requires secure key exchange and cannot find a trusted public key
  to accept it with.  The despooler keeps the instruction and retries every 5
  minutes (100 times at most); meanwhile the parent refuses all communication
  from that site, so replication in that direction is stopped.  With data
  signing on (SMS 2.0 SP5, SMS 2003) a newly created secondary site never
  finishes installing: it stays Pending in the console, and despool.log
  follows this line with "Retry the instruction ... because this site does not
  allow untrusted child sites" for every .ist and .sni file the child sends
  (KB 827887).
fix        = Check the backlog: .ins files from the child accumulate in
  <ConfigMgrInstallPath>\inboxes\despoolr.box\receive on the parent, and a
  new secondary site shows as Pending in the parent's console.
fix        = On the child site server, in a command prompt at
  <ConfigMgrInstallPath>\bin\i386\<language code>, run "preinst /keyforparent"
  and move the resulting <SiteCode>.ct4 (root of the system drive) into
  <ConfigMgrInstallPath>\inboxes\hman.box on the parent.
fix        = On the parent site server, in the same folder, run "preinst
  /keyforchild" and move the resulting <SiteCode>.ct5 (root of the system
  drive) into <ConfigMgrInstallPath>\inboxes\hman.box on the child.
fix        = Communication should resume within 5 minutes of the exchange;
  confirm in despool.log on the parent that the instructions from the site are
  now verified and processed.
ref        = Troubleshooting Secondary Site Installation (Installing Configuration Manager 2007 - Multisite Configuration)
ref        = http://guides.wmlcloud.com/application_server/Installing-Configuration-Manager-2007---Multisite-Configuration-(part-3)---Troubleshooting-Secondary-Site-Installation.aspx
ref        = Microsoft KB 827887: New secondary site installation may fail if data signing is turned on

[configmgr.status.4404]
title      = SMS_DESPOOLER status 4404: unsigned key exchange refused
product    = configmgr
severity   = critical
formats    = configmgr cmtrace plain
# The ID comes first in every STATMSG; the component and the reporting site
# are looked for further on, but never past the start of another STATMSG.
match      = STATMSG\s*:\s*ID\s*=\s*["']?4404\b
             (?=(?:(?!STATMSG)[\s\S])*?\bCOMP\s*=\s*["']?SMS[_ ]DESPOOLER\b)
             (?:(?:(?!STATMSG)[\s\S])*?\bSITE\s*=\s*["']?(?<site>[A-Z0-9]{3})\b)?
group_by   = site
meaning    = The despooler of the reporting site (SITE=) received an
  instruction and package from another site and will not process them,
  because this site does not accept key exchange that is not signed and it
  has no key to verify the sender with.  The instruction is retried, but
  site-to-site traffic from the sender is blocked until keys are exchanged.
fix        = Find the sending site in despool.log on the reporting site ("Cannot
  find a public key for instruction ... from site XXX") and look for the .ins
  backlog in <ConfigMgrInstallPath>\inboxes\despoolr.box\receive.
fix        = On the child site, from <ConfigMgrInstallPath>\bin\i386\<language
  code>, run "preinst /keyforparent" and move <SiteCode>.ct4 from the root of
  the system drive into the parent's <ConfigMgrInstallPath>\inboxes\hman.box.
fix        = On the parent site, run "preinst /keyforchild" and move
  <SiteCode>.ct5 from the root of the system drive into the child's
  <ConfigMgrInstallPath>\inboxes\hman.box.
fix        = Allow up to 5 minutes, then check despool.log for processed
  instructions and a draining receive folder.
ref        = Troubleshooting Secondary Site Installation (Installing Configuration Manager 2007 - Multisite Configuration)

[configmgr.status.4405]
title      = SMS_DESPOOLER status 4405: no valid public key for the sending site
product    = configmgr
severity   = critical
formats    = configmgr cmtrace plain
# The text of 4405 is not known: match by id and component only.
match      = STATMSG\s*:\s*ID\s*=\s*["']?4405\b
             (?=(?:(?!STATMSG)[\s\S])*?\bCOMP\s*=\s*["']?SMS[_ ]DESPOOLER\b)
             (?:(?:(?!STATMSG)[\s\S])*?\bSITE\s*=\s*["']?(?<site>[A-Z0-9]{3})\b)?
group_by   = site
meaning    = The reporting site (SITE=) received an instruction file with
  replication data from another site and could not find a valid public key
  for that sender, so the data is not processed and the instruction is
  retired.  Unlike the retry case, what was sent is given up on, so data from
  that site goes missing until the keys are fixed and it is sent again.
fix        = Identify the sender from despool.log ("Cannot find ... public key
  ... from site XXX") and the .ins files waiting in
  <ConfigMgrInstallPath>\inboxes\despoolr.box\receive.
fix        = Exchange keys by hand with the hierarchy maintenance tool in
  <ConfigMgrInstallPath>\bin\i386\<language code>: "preinst /keyforparent" on
  the child, then move <SiteCode>.ct4 from the system drive root to the
  parent's inboxes\hman.box.
fix        = On the parent run "preinst /keyforchild" and move <SiteCode>.ct5
  from the system drive root to the child's inboxes\hman.box.
fix        = Within 5 minutes the sites should communicate again; watch
  despool.log on the parent until instructions from that site are processed
  and the receive folder drains.
ref        = Troubleshooting Secondary Site Installation (Installing Configuration Manager 2007 - Multisite Configuration)

[configmgr.sender.cannot-connect]
title      = Sender cannot reach the remote site server
product    = configmgr
severity   = error
formats    = configmgr cmtrace plain
match      = Can(?:\s*not|'t|’t)\s+connect\s+to\s+(?:the\s+)?server\s+
             ["'‘’“”]?(?<server>[^\s"'‘’“”,]+?)["'‘’“”]?,?\s+at\s+(?:the\s+)?remote\s+site\s+
             ["'‘’“”]?(?<site>[A-Z0-9]{3})\b
match      = \bsender\s+can(?:\s*not|'t|’t)\s+connect\s+to\s+(?:the\s+)?remote\s+site\s+
             ["'‘’“”]?(?<site>[A-Z0-9]{3})\b
group_by   = site
supersedes = configmgr.sender.no-connection
meaning    = The sender on this site could not open a connection to the
  server of the remote site, and it stops trying to send anything to that
  site for an hour or until no send requests are left.  After a secondary
  site install this is typically the sender address for the other site that
  was never created, so the two sites cannot exchange data in that direction.
fix        = Check in the ConfigMgr console whether a sender address exists for
  the remote site named here (Site Settings > Addresses); a secondary site
  created from the primary's wizard sometimes ends up without one.
fix        = If it is missing, create the sender address by hand in the console.
  A secondary site has no database of its own, so do this from a console
  connected to the primary site's database.
fix        = Watch sender.log: the next send request should connect and send
  instead of logging the failure.
ref        = Troubleshooting Secondary Site Installation (Installing Configuration Manager 2007 - Multisite Configuration)
ref        = http://guides.wmlcloud.com/application_server/Installing-Configuration-Manager-2007---Multisite-Configuration-(part-3)---Troubleshooting-Secondary-Site-Installation.aspx

[configmgr.sender.no-connection]
title      = Sender has no connection to the remote site
product    = configmgr
severity   = warning
formats    = configmgr cmtrace plain
match      = There\s+is\s+no\s+existing\s+connection
match      = Could(?:\s*not|n't|n’t)\s+establish\s+(?:a\s+|the\s+)?connection
match      = Attempt\s+to\s+connect\s+failed
meaning    = The sender tried to open or reuse a connection to another site and
  failed.  On its own this can be a short network outage; repeated, and next
  to "Cannot connect to server ... at remote site ...", it means the site has
  no working sender address towards its partner and replication to it has
  stopped.
fix        = Look in sender.log around this line for the "Cannot connect to
  server ... at remote site ..." entry that names the unreachable site.
fix        = Verify in the ConfigMgr console that a sender address exists for
  that site; if it does not, create it manually.  Secondary sites have no
  database, so use a console connected to the primary site's database.
fix        = Confirm in sender.log that the following send requests connect.
ref        = Troubleshooting Secondary Site Installation (Installing Configuration Manager 2007 - Multisite Configuration)

[configmgr.despool.instruction-retry]
title      = Despooler keeps retrying an instruction it cannot process
product    = configmgr
severity   = warning
formats    = configmgr cmtrace plain
# "Will retry instruction <path> 100 more times, the next retry is in about 5
# minutes" - counted down on every attempt.
match      = Will\s+retry\s+(?:the\s+)?instruction\b[\s\S]{0,400}?\b\d+\s+more\s+times?\b
# The count can be missing when the line is cut or worded differently.
match      = \bnext\s+retry\s+is\s+in\s+(?:about\s+)?\d+\s+minutes?\b[\s\S]{0,80}?instruction
recover    = Despooler\s+successfully\s+(?:executed|processed)\s+(?:one|an?|the|\d+)\s+instructions?
recover    = STATMSG\s*:\s*ID\s*=\s*["']?4400\b
             (?=(?:(?!STATMSG)[\s\S])*?\bCOMP\s*=\s*["']?SMS[_ ]DESPOOLER\b)
# One retry is routine; three in a row (every 5 minutes) is a stuck
# instruction.  After 100 attempts (about 8 hours 20 minutes) the despooler
# gives up on it.
threshold  = 3 within 20m
escalate   = error after 2h
escalate   = critical after 100 hits
escalate   = critical after 8h
meaning    = The despooler could not process a replication instruction and has
  put it back to try again, about every 5 minutes and at most 100 times.  A
  single retry can be a passing lock or network blip; repeated retries mean
  the instruction is stuck, most often because the sending site's public key
  is missing here, and once the attempts run out the data it carries is
  dropped.
fix        = Look just above the retry lines in despool.log for the reason
  (commonly "Cannot find a public key for instruction ... from site XXX") and
  note the sending site.
fix        = Check <ConfigMgrInstallPath>\inboxes\despoolr.box\receive for .ins
  files that stay instead of disappearing once processed.
fix        = If the key is missing, exchange the site keys by hand with
  preinst.exe from <ConfigMgrInstallPath>\bin\i386\<language code>: "preinst
  /keyforparent" on the child, its <SiteCode>.ct4 into the parent's
  inboxes\hman.box; "preinst /keyforchild" on the parent, its <SiteCode>.ct5
  into the child's inboxes\hman.box.
fix        = The incident resolves itself when the despooler logs a successfully
  executed instruction; within 5 minutes of the key exchange that should
  happen.
ref        = Troubleshooting Secondary Site Installation (Installing Configuration Manager 2007 - Multisite Configuration)

[configmgr.despool.receive-backlog]
title      = Instructions pile up in the despooler's receive inbox
product    = configmgr
severity   = error
kind       = inbox
files      = *.ins
# Instructions are normally processed and deleted within seconds to
# minutes; a retried one waits 5 minutes between attempts.
max_files  = 50
max_age    = 30m
escalate   = critical after 4h
meaning    = Site instruction files (.ins) are accumulating in
  inboxes\despoolr.box\receive on this site server instead of being
  processed and deleted.  When the site to site key exchange failed, every
  instruction from the child site stays here, so nothing that site sends is
  applied.
fix        = Open despool.log on this server and find why the instructions are
  not processed; "Cannot find a public key for instruction ... from site XXX"
  names the site whose key is missing.
fix        = Check the SMS_DESPOOLER status messages for 4404 and 4405, which
  confirm a key problem.
fix        = Exchange the keys by hand with the hierarchy maintenance tool
  (preinst.exe in <ConfigMgrInstallPath>\bin\i386\<language code>): "preinst
  /keyforparent" on the child site and move <SiteCode>.ct4 from the root of
  its system drive into inboxes\hman.box on the parent; "preinst
  /keyforchild" on the parent and move <SiteCode>.ct5 into inboxes\hman.box on
  the child.
fix        = Within about 5 minutes the folder should start draining; the
  incident resolves by itself once it is back within its limits.
ref        = Troubleshooting Secondary Site Installation (Installing Configuration Manager 2007 - Multisite Configuration)

[configmgr.hman.inbox-waiting]
title      = Site control or key files wait unprocessed in hman.box
product    = configmgr
severity   = warning
kind       = inbox
# .ct2: a child's site control file; .ct4/.ct5: public keys exported with
# preinst /keyforparent and /keyforchild.
files      = *.ct2 *.ct4 *.ct5
max_files  = 20
max_age    = 15m
escalate   = error after 2h
meaning    = The hierarchy manager has not picked up site control (.ct2) or
  public key (.ct4, .ct5) files dropped into inboxes\hman.box.  Until it does,
  a secondary site stays pending, or a manual key exchange has no effect.
fix        = Check that the SMS_HIERARCHY_MANAGER component is running on this
  site server and look at hman.log for errors about the files named in this
  incident.
fix        = For a key file, make sure it is the right one: <SiteCode>.ct4 comes
  from "preinst /keyforparent" on the child and belongs on the parent;
  <SiteCode>.ct5 comes from "preinst /keyforchild" on the parent and belongs
  on the child.
fix        = For a secondary site stuck in pending, a copy of the secondary's
  inboxes\sitectrl.box\SiteCtrl.ct0 renamed to 00000000.ct2 and placed in
  the parent's inboxes\hman.box makes the parent process its site control
  data at once.
ref        = Troubleshooting Secondary Site Installation (Installing Configuration Manager 2007 - Multisite Configuration)

# --------------------------------------------------------------------------
# Sender (sender.log, lansend.log on SMS 1.x): addresses, connections,
# capacity.  Facts from the Microsoft KB articles named in each ref; the log
# wording is the one those articles quote.

[configmgr.sender.no-address]
title      = Sender has no address to the destination site and parks its send requests
product    = configmgr
severity   = error
formats    = configmgr cmtrace plain
# Q276259 quotes "There is no longer an address to destination site T30",
# "Returning send request to pending because address cannot not be found."
# and "Site T30 added to list of busy sites because there is no available
# address."  The site code is what identifies the problem.
match      = \bno\s+longer\s+an?\s+address\s+(?:to|for)\s+(?:the\s+)?destination\s+site\s+
             ["'‘’“”]?(?<site>[A-Z0-9]{3})\b
# The busy list is also used for other reasons: only "no (available)
# address" makes it this failure.
match      = \bSite\s+["'‘’“”]?(?<site>[A-Z0-9]{3})["'‘’“”]?\s+(?:was\s+)?added\s+to\s+(?:the\s+)?
             list\s+of\s+busy\s+sites\b[^\n]{0,60}?\bno\s+(?:available\s+)?address
group_by   = site
meaning    = The sender picked up a send request for the named site but has no
  address it may use to reach it, so the request goes back to pending and the
  site is put on the busy list.  In SMS 2.0 before SP4 this happens when the
  Scheduler and the Sender read the same send request at once: the Scheduler
  writes a new request without destination details, the Sender tries to reach
  a site two or more tiers down directly, retries forever, and the SMS
  Executive's CPU use climbs.  Nothing reaches that site through this
  request until it has a usable route.
fix        = Check Site Settings > Addresses on this site: every site this one
  must send to without a route through a child needs an address (for a
  grandchild, either its own address or the child it is routed through).
  Creating addresses for all lower-level sites is the documented workaround.
fix        = On SMS 2.0, install Service Pack 4 or later, which fixes the
  Scheduler/Sender collision.
fix        = To clear requests that are already stuck: stop the SMS Executive
  and SMS Site Component Manager services, delete the .srq and .srs files in
  <SMS root>\Inboxes\Schedule.box\Requests and in
  <SMS root>\Inboxes\Schedule.box\Outboxes\Lan, then start both services; the
  Scheduler writes the requests again (sched.log shows "Cannot create the
  routing instruction" while it cannot).
ref        = Microsoft KB Q276259: SMS: Send Requests Are Created with Blank Routing Instructions

[configmgr.sender.wnet-53]
title      = Sender cannot map the site share: network path not found (WNetAddConnection2 error 53)
product    = configmgr
severity   = error
formats    = configmgr cmtrace plain
# "Error during WNetAddConnection2 (53)" (Q221951), usually written
# "Error during WNetAddConnection2 to \\SERVER\SMS_SITE (53)."; the number
# may also come as "Win32 error = 53".
match      = \bWNetAddConnection[23]?\b(?:\s*\(\s*\))?(?:\s+to\s+["'‘’“”]?\\*)?
             (?<server>[^\\\s"'‘’“”(),:;]*)(?:\\[^\s"'‘’“”(),]*)?["'‘’“”]?[\s,.:;]*(?:failed[\s,.:;]*)?(?:\(\s*(?:Win32\s+error\s*=\s*)?53\s*\)
             |Win32\s+error\s*=\s*53\b)
# Later sender.log versions word it "Error during connection to
# \\SERVER\SMS_SITE (53)." (recalled from field logs, not from the KB).
match      = \bError\s+during\s+connection\s+to\s+["'‘’“”]?\\*(?<server>[^\\\s"'‘’“”(),:;]*)
             (?:\\[^\s"'‘’“”(),]*)?["'‘’“”]?[\s,.:;]*\(\s*(?:Win32\s+error\s*=\s*)?53\s*\)
group_by   = server
# server is empty when the line names no share ("WNetAddConnection2 (53)").
meaning    = The sender could not connect to the SMS_SITE share of the
  destination site server because Windows reported that the network path was
  not found (Win32 error 53): the server name did not resolve or the server
  could not be reached over SMB.  Q221951 documents it for the RAS Sender over
  an SNA link in SMS 2.0, where the RAS connection comes up but the share
  connection randomly fails because of a timing problem.  Until the share can
  be reached nothing is sent to that site.
fix        = Check that the destination server name in the sender address
  resolves from this site server and that \\<server>\SMS_SITE can be opened
  from it (name resolution, routing, firewall, Server service).
fix        = For the RAS Sender on SMS 2.0: install the latest SMS 2.0 service
  pack, which adds a retry to the connection component (Connras.dll); until
  then, bring the RAS connection up by hand with RASDIAL before the sender
  needs it.
fix        = Watch sender.log: the next sending thread should map the share and
  write the package files.
ref        = Microsoft KB Q221951: SMS: RAS Sender SNA Link: Error 53 During WNetAddConnection2 ()

[configmgr.sender.wnet-67]
title      = Sender cannot map the site share: network name not found (WNetAddConnection2 error 67)
product    = configmgr
severity   = error
formats    = configmgr cmtrace plain
# Q235753: "Error during WNetAddConnection2 to \\\\DSSMS\SMS_SITE (67)." -
# the doubled backslashes are the sign of the documented cause.
match      = \bWNetAddConnection[23]?\b(?:\s*\(\s*\))?(?:\s+to\s+["'‘’“”]?\\*)?
             (?<server>[^\\\s"'‘’“”(),:;]*)(?:\\[^\s"'‘’“”(),]*)?["'‘’“”]?[\s,.:;]*(?:failed[\s,.:;]*)?(?:\(\s*(?:Win32\s+error\s*=\s*)?67\s*\)
             |Win32\s+error\s*=\s*67\b)
# Later sender.log versions word it "Error during connection to
# \\SERVER\SMS_SITE (67)." (recalled from field logs, not from the KB).
match      = \bError\s+during\s+connection\s+to\s+["'‘’“”]?\\*(?<server>[^\\\s"'‘’“”(),:;]*)
             (?:\\[^\s"'‘’“”(),]*)?["'‘’“”]?[\s,.:;]*\(\s*(?:Win32\s+error\s*=\s*)?67\s*\)
group_by   = server
meaning    = The sender reached no share of that name on the destination
  server (Win32 error 67, the network name cannot be found).  The documented
  case (SMS 2.0 before SP1) is a sender address whose server name was typed
  with a leading "\\": the sender adds its own "\\", asks for
  \\\\SERVER\SMS_SITE and fails, then stops sending to the site for an hour
  ("Cannot connect to server ... at remote site ...").  Otherwise it means the
  SMS_SITE share does not exist on that server.
fix        = Open the sender address for the destination site (Site Settings >
  Addresses) and enter the site server name without the leading backslashes.
fix        = On SMS 2.0, install Service Pack 1 or later, where the LAN Sender
  accepts the name either way.
fix        = If the name is right, check on the destination site server that the
  SMS_SITE share exists and that the sender's account may connect to it.
ref        = Microsoft KB Q235753: SMS: Specifying \\servername Send Address May Cause Failure

[configmgr.sender.wnet-487]
title      = Sender reports WNetAddConnection2 error 487 (NetWare redirector)
product    = configmgr
severity   = warning
formats    = configmgr cmtrace plain
match      = \bWNetAddConnection[23]?\b(?:\s*\(\s*\))?(?:\s+to\s+["'‘’“”]?\\*)?
             (?<server>[^\\\s"'‘’“”(),:;]*)(?:\\[^\s"'‘’“”(),]*)?["'‘’“”]?[\s,.:;]*(?:failed[\s,.:;]*)?(?:\(\s*(?:Win32\s+error\s*=\s*)?487\s*\)
             |Win32\s+error\s*=\s*487\b)
# Later sender.log versions word it "Error during connection to
# \\SERVER\SMS_SITE (487)." (recalled from field logs, not from the KB).
match      = \bError\s+during\s+connection\s+to\s+["'‘’“”]?\\*(?<server>[^\\\s"'‘’“”(),:;]*)
             (?:\\[^\s"'‘’“”(),]*)?["'‘’“”]?[\s,.:;]*\(\s*(?:Win32\s+error\s*=\s*)?487\s*\)
group_by   = server
meaning    = The LAN Sender logged error 487 (attempt to access an invalid
  address) while connecting to a child site's SMS_SITE share.  Q261874 ties it
  to version 4.7 of the NetWare redirector on the site server with a drive
  mapped to a NetWare resource.  The connection to the child still works, so
  this is noise that can hide real sender errors rather than a stop.
fix        = Check whether the site server runs the NetWare redirector (4.7) and
  has a drive mapped to a NetWare server.
fix        = Upgrade the redirector to a version the release notes of your SMS
  service pack support.
fix        = Confirm in sender.log that the sends to the child still complete;
  if they do not, look for another error next to this one.
ref        = Microsoft KB Q261874: LAN_Sender Generates Error 487 on WNetAddConnection2 to Child

[configmgr.sender.heartbeat-expired]
title      = Sender gave up a connection after a network error: heartbeat expired
product    = configmgr
severity   = error
formats    = configmgr cmtrace plain
# Q278357 quotes "Heartbeat is expired." and "Can't re-establish the
# connection." from sender.log.
match      = \bHeartbeat\s+(?:is\s+|has\s+)?expired\b
match      = \bCan(?:\s*not|'t|’t)\s+re-?\s*establish\s+the\s+connection\b
meaning    = A network error interrupted a transfer, and the sender waited
  longer than its five-minute heartbeat time-out before retrying, so it treated
  the connection to the other site server as lost for good and did not resend
  the package.  This is what happens when "Delay before retrying" of the
  Standard Sender is set above five minutes (SMS 2.0 before SP4).  A later
  sending thread may then fail with "Cannot create/open the remote file
  \\<server>\SMS_SITE\<file>.PCK, Win32 error = 32".
fix        = In the Standard Sender properties, Advanced tab, set "Delay before
  retrying" to five minutes or less (the default is one minute).
fix        = On SMS 2.0, install Service Pack 4 or later, which fixes the retry.
fix        = Check that the package reaches the destination on the next
  attempt; resend it if sender.log shows the job was dropped.
ref        = Microsoft KB Q278357: Adjusting the Sender's Retry Delay Can Cause Errors on Retry

[configmgr.sender.no-capacity]
title      = Sender configured with no sending capacity: nothing is sent
product    = configmgr
severity   = critical
formats    = configmgr cmtrace plain
# Q163379: "Checking for sending capacity. Used 0 out of 0, no sending
# capacity so not checking for send requests."  A routine line reads
# "Checking for site-specific sending capacity.  Used 0 out of 5."
# Only a maximum of 0 is this failure: "no sending capacity" may also be
# written when every thread is busy (Used 5 out of 5), a backlog, not a
# configuration error.
match      = \bsending\s+capacity\b[\s.,:;]*Used\s+\d+\s+out\s+of\s+0+\b(?![.,]\d)
meaning    = The maximum number of concurrent sendings of this sender is 0, so
  it never looks for send requests: nothing leaves this site by this sender.
  Q163379 documents it breaking secondary site installation at phase 4,
  because the new site cannot talk to its parent.
fix        = On SMS 1.x, in the registry key
  HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\SMS\Components\SMS_LAN_Sender set
  "Maximum Concurrent Sendings" back to 5 and "Maximum Concurrent Site
  Sendings" back to 3 (back up the registry first).
fix        = On later versions set the same limits in the console: Site
  Settings > Senders > the sender's Properties > Advanced > Maximum concurrent
  sendings (all sites and per site).
fix        = Restart the SMS Executive service and check that the sender now
  reports a capacity above 0 and starts sending threads.
ref        = Microsoft KB Q163379: SMS: Sender Capacity May Cause Secondary Site Install Failure
ref        = Microsoft KB Q319166: SMS: Low Sender Thread Count Causes Slow Site Communications

[configmgr.sender.no-outbox]
title      = Sender has no outbox to scan (outbox moved or renamed)
product    = configmgr
severity   = error
formats    = configmgr cmtrace plain
# Q126229: "Registry indicates no outbox for the sender to scan."
match      = \bno\s+outbox(?:es)?\s+for\s+(?:the\s+)?sender\s+to\s+scan\b
meaning    = The sender finds no outbox in its registry configuration, so it
  never sees the send requests queued for it and nothing is sent.  Q126229
  documents it after the sender outbox was moved or renamed as an old
  Administrator's Guide described; moving outboxes is not supported (SMS 1.0
  to 1.2).
fix        = Put the outbox back in its default location: in Site Properties
  open Outboxes, then Proposed Properties, and confirm with OK until you are
  asked to update the site.
fix        = Repeat that update twice more: the change takes effect only after
  three watchdog cycles of the Site Configuration Manager.
fix        = Check in the sender log that it now connects to its outbox and
  finds send requests.
ref        = Microsoft KB Q126229: DOCERR: Moving Sender Outbox In SMS is Unsupported

[configmgr.sender.disk-full]
title      = Not enough space on the disk to write site data (Win32 error 112)
product    = configmgr
severity   = error
formats    = configmgr cmtrace plain
# Q137610: the LAN sender logs Win32 error 112 "There is not enough space on
# the disk."; the SNA Batch sender "Error, trying to write beyond the end of
# the file.".  The Win32 text is a Windows resource string (localized).
match      = \bWin32\s+error\s*=\s*112\b
match      = \bThere\s+is\s+not\s+enough\s+space\s+on\s+the\s+disk\b
match      = \btrying\s+to\s+write\s+beyond\s+the\s+end\s+of\s+the\s+file\b
meaning    = The sender does not check free space before it copies a package,
  and the destination site ran out of disk while the package was written.
  The job is retried and eventually fails; data for that site does not
  arrive until there is room.  The same Windows error in another
  component's log (despool.log, for one) means that component's own drive
  is full.
fix        = Free space on the destination site server's drive that holds the
  SMS_SITE share and the package storage.
fix        = Size the free space for the package twice over: the despooler needs
  room to decompress it after the sender is done.
fix        = A job still retrying completes once the space is there; a job that
  has already failed must be deleted and created again.
ref        = Microsoft KB Q137610: SMS: Senders Do Not Check for Sufficient Disk Space

# --------------------------------------------------------------------------
# Despooler (despool.log, despoolr.log on SMS 1.x): instructions that
# cannot be read or executed, packages that cannot be unpacked.

[configmgr.despool.instruction-unreadable]
title      = Despooler cannot open or decompress an instruction file
product    = configmgr
severity   = error
formats    = configmgr cmtrace plain
# Q161043 quotes "failed to open <path to INS file in Despoolr> WIN32 ERROR
# = 32" followed by "Cannot decompress instruction file".
match      = \bCan(?:\s*not|'t|’t)\s+decompress\s+(?:the\s+)?instruction(?:\s+file)?\b
match      = \bfailed\s+to\s+open\s+["'‘’“”]?(?<path>[^\n"'‘’“”]*?\.(?:ins|ist|sni))["'‘’“”]?[\s,.:;(]*
             Win32\s+error\s*[=:]?\s*32\b
meaning    = The despooler could not read an instruction it was handed
  because the file was still locked (Win32 error 32, sharing violation): in
  Q161043 the LAN sender had not yet released the .ins file when the
  despooler opened it, and SMS 1.2 then never tried it again.  The job stays
  unfinished and every job created after it stays Pending until the despooler
  or the SMS Executive is restarted.
fix        = Restart the SMS Executive service (net stop sms_executive, net
  start sms_executive); the despooler then reads the instruction again.
fix        = Install the SMS 1.2 service pack that corrects the retry; until then
  a scheduled nightly stop and start of SMS_EXECUTIVE (AT commands running as
  an administrator) keeps the queue moving.
fix        = If the lock does not come from the sender, find the process holding
  the file (antivirus or backup software scanning the despoolr.box inbox) and
  exclude the SMS inboxes from it.
ref        = Microsoft KB Q161043: SMS: Despooler Error: 'WIN32 ERROR = 32'

[configmgr.despool.config-data-missing]
title      = Despooler cannot find the data of a site configuration instruction
product    = configmgr
severity   = error
formats    = configmgr cmtrace plain
# Q186408: "Cannot find config mini inst specific data", after "Executing
# instruction of type MICROSOFT|SMS|MINIJOBINSTRUCTION|CONFIG".
match      = \bCan(?:\s*not|'t|’t)\s+find\s+(?:the\s+)?config(?:uration)?\s+mini[\s-]*inst(?:ruction)?\s+
             specific\s+data\b
meaning    = A site configuration instruction (MINIJOBINSTRUCTION|CONFIG) from
  the parent reached this secondary site while the site was shutting down for
  an upgrade, and the despooler could not find the data that belongs to it;
  the instruction fails (error code c0000001).  Q186408 documents it for
  secondary sites with many logon servers, whose shutdown takes long: the
  upgrade never completes and the site restarts itself after 48 hours.
fix        = From the parent site, force the upgrade of the secondary site with
  the hierarchy maintenance tool: PREINST /UPGRADE:<secondary site code>.
fix        = Check afterwards in the parent's console and in hman.log that the
  secondary site reports the new version.
ref        = Microsoft KB Q186408: SMS: Secondary Site Upgrade Fails When Too Many Logon Servers

[configmgr.despool.temp-storage]
title      = Despooler cannot create temporary storage to decompress a package
product    = configmgr
severity   = error
formats    = configmgr cmtrace plain
# Q191307: "Cannot create temp storage $:\ while decompressing package.
# Win32 error = 3".
match      = \bCan(?:\s*not|'t|’t)\s+create\s+(?:the\s+)?temp(?:orary)?\s+storage\s+["'‘’“”]?
             (?<path>[^\s"'‘’“”]*?)["'‘’“”]?,?\s+while\s+decompressing\s+(?:the\s+)?package\b
             (?:[\s\S]{0,40}?\bWin32\s+error\s*=\s*(?<win32>\d+))?
group_by   = path
meaning    = The despooler received a compressed package but could not create
  the temporary folder to unpack it in, so the package is not decompressed or
  copied to its distribution points.  Q191307 documents a drive letter
  configured as "Preferred Drive For Temp Directory" for the despooler: the
  despooler then builds an invalid temp path ("$:\") and fails with Win32
  error 3 (path not found).
fix        = In the registry of the site server open
  HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\SMS\Components\SMS_Despooler and clear
  the value "Preferred Drive For Temp Directory" (blank is the default); back
  up the registry first.
fix        = If a drive is really needed there, make sure the path in the message
  exists and the SMS service account can write to it.
fix        = Install the SMS 1.2 service pack with the fix (SP4), then check that
  the next package decompresses.
ref        = Microsoft KB Q191307: SMS: Despooler Can't Create Temp Storage While Decompressing Pkg

[configmgr.despool.waiting-for-thread]
title      = Despooler is waiting for a free despooling thread (SMS Executive may be hung)
product    = configmgr
severity   = warning
formats    = configmgr cmtrace plain
# Q260366 and Q304381: "Waiting for an available despooling thread".
# Routine while every thread is busy for a moment; a problem when the
# despooler does nothing else afterwards.
match      = \bWaiting\s+for\s+an?\s+available\s+despool(?:ing|er)\s+thread\b
recover    = Despooler\s+successfully\s+(?:executed|processed)\s+(?:one|an?|the|\d+)\s+instructions?
escalate   = error after 30m
meaning    = The despooler has instructions to process but no despooling thread
  to run them on.  When SMS_EXECUTIVE threads stop responding, as after an
  SMS site backup restarts the services (Q260366, SMS 2.0 SP2) or after a
  thread deadlock while SMS_EXECUTIVE starts (Q304381), this is the last
  thing the despooler logs, and files back up in inboxes such as
  despoolr.box\receive.  The incident resolves when the despooler logs an
  executed instruction again; it becomes an error after 30 minutes without
  one.
fix        = Check whether despool.log shows any instruction executed after this
  line and whether despoolr.box\receive is growing.
fix        = Stop and start the SMS_EXECUTIVE service; if it is hung and does not
  stop, end the process with a tool such as Kill.exe (Windows NT 4.0 Resource
  Kit) and start the service again.
fix        = Install the SMS 2.0 service pack that fixes it (SP3 for the backup
  case; the latest one for the startup deadlock).
fix        = If the site backup triggers it, back up
  Inboxes\Smsbkup.box\Smsbkup.ctl and add pauses (the Resource Kit's sleep 60)
  between the service start lines so that the services do not start all at
  once.
ref        = Microsoft KB Q260366: SMS Executive Service Can Hang If Started by Site Backup Service
ref        = Microsoft KB Q304381: SMS: SMS Executive Service Hangs During Startup

[configmgr.despool.execute-failed]
title      = Despooler failed to execute an instruction
product    = configmgr
severity   = warning
formats    = configmgr cmtrace plain
# "Despooler failed to execute the instruction, error code = cb" (Q190135),
# "= c0000001" (Q186408), "= 38a" (Q168130).  38a is informational
# (Q264945: a request id not found while a job is cancelled, deleted or
# expired) and is left out.
match      = \bDespooler\s+failed\s+to\s+execute\s+(?:the\s+|an?\s+)?instruction\b[\s,.:;]*
             (?:error\s+code|error)\s*[=:]\s*(?:0x)?(?<code>[0-9a-f]+)\b
unless     = \berror\s+code\s*[=:]\s*(?:0x)?0*38a\b
group_by   = code
meaning    = The despooler gave up on an instruction; the error code and the
  lines just above it say why.  Documented codes: c0000001 after "Cannot find
  config mini inst specific data" (a configuration instruction that arrived
  while a secondary site was shutting down for an upgrade, Q186408); cb after
  "Compilation failed" on a status MIF, which is then discarded and the
  workstation's status set to Complete even when the MIF reported a failure
  (SMS 1.2, Q190135).  What the instruction carried is not applied.
fix        = Read the despool.log lines just before this one for the failing
  instruction type and the reason.
fix        = For c0000001 on a secondary site being upgraded, run PREINST
  /UPGRADE:<site code> from the parent site.
fix        = For cb, check the syntax of the status MIF the package's installer
  writes, and install the SMS 1.2 fix (Base.dll) or service pack that handles
  bad MIFs.
fix        = Code 38a alone is not an error: it only says a request id was not
  found in an instruction while a job was cancelled, deleted or expired.
ref        = Microsoft KB Q190135: SMS: Despooler Errors: Compilation Failed, Error Code = cb
ref        = Microsoft KB Q186408: SMS: Secondary Site Upgrade Fails When Too Many Logon Servers
ref        = Microsoft KB Q264945: SMS: Explanation of Error 38a in the Despooler Log File

[configmgr.despool.package-file-in-use]
title      = Despooler cannot copy a package file to the distribution point: file in use
product    = configmgr
severity   = error
formats    = configmgr cmtrace plain
# Q193766: "Copying E:\_S M0000.TMP\filename.EXE to E:\SMS_PKGE\DOG0005D\
# filename.EXE, Failed, Win32 Error = 32" in despool.log, and event 109
# "Failed to install package. There isn't sufficient disk space on package
# server \\<Server>\<Share>\<PackageID>. Disk space available on that server
# is megabytes, space required is megabytes." with both amounts blank.
match      = \bCopying\s+(?<source>\S[^\n]*?)\s+to\s+["'‘’“”]?(?<target>[^\n"'‘’“”]*?)["'‘’“”]?\s*,\s*
             Failed\s*,\s*Win32\s+Error\s*=\s*32\b
match      = \bFailed\s+to\s+install\s+package\b[\s\S]{0,40}?\bsufficient\s+disk\s+space\s+on\s+
             (?:the\s+)?package\s+server\s+["'‘’“”]?(?<target>[^\s"'‘’“”]*?)["'‘’“”]?\.?\s+[\s\S]{0,20}?
             available\s+on\s+that\s+server\s+is\s+megabytes
meaning    = Refreshing a package on a distribution point failed because a file
  there was open in another process (Win32 error 32), so the package is not
  copied to that distribution point.  SMS 1.2 reports this in the event log
  as event 109, "not sufficient disk space", but with blank amounts: the disk
  is not full, the file is locked.
fix        = Find which file could not be replaced (the despool.log line names
  it) and what holds it open on the distribution point: clients running the
  package, backup or antivirus software.
fix        = Restarting the computer that holds the open file clears the lock;
  then send the package to the distribution point again.
fix        = If it comes back, exclude the package share from backup and
  antivirus scanning or schedule them away from package refreshes.
ref        = Microsoft KB Q193766: SMS: Despooler Reports Out of Disk Space in Event Log

# --------------------------------------------------------------------------
# Hierarchy manager (hman.log) and scheduler (sched.log): site database,
# encryption keys, addresses, send requests.

[configmgr.hman.decrypt-key]
title      = Hierarchy manager cannot decrypt the SMS encryption key
product    = configmgr
severity   = error
formats    = configmgr cmtrace plain
# Q249590: hman.log "HMAN: Cannot decrypt the SMS encryption key using the
# crypto exchange key."; sitectrl.log (status 2808 per Q297870) "... specifies
# an invalid public key for decrypting the SMS service account and password.
# This record and the remaining records in the file are unusable."
match      = \bCan(?:\s*not|'t|’t)\s+decrypt\s+the\s+SMS\s+encryption\s+key\b
match      = (?:\bdelta\s+site\s+control\s+file\s+["'‘’“”]?(?<file>[^"'‘’“”\n]+?\.CT1)["'‘’“”]?
             [\s\S]{0,80}?)?\binvalid\s+public\s+key\s+for\s+decrypting\s+the\s+SMS\s+service\s+account\b
meaning    = The Windows cryptography keys of the site server changed without
  SMS knowing, so the hierarchy manager can no longer decrypt the key that
  protects the SMS service account, and site control changes between sites
  stop: the parent cannot update the child's site properties, and the delta
  site control file carrying them is unusable.  Q249590 names two causes: the
  operating system was reinstalled or the site restored (the keys belong to
  one computer, installation and account), or NetMeeting 3.x Remote Desktop
  Sharing regenerates the keys again and again.
fix        = Install SMS 2.0 Service Pack 2 or later: its hierarchy manager
  notices invalid keys and regenerates them.
fix        = Afterwards run a site reset (SMS Setup or preinst) so that the
  client access points are updated, then change the site properties again
  from the parent and check hman.log.
fix        = If NetMeeting Remote Desktop Sharing is enabled on the site server,
  turn it off so that the keys stop changing.
ref        = Microsoft KB Q249590: SMS: Parent Is Unable to Update Site Property Comments
ref        = Microsoft KB Q297870: SMS: Status Message Flood from Child or Secondary Servers

[configmgr.hman.sql-connection]
title      = Hierarchy manager (or another SMS component) cannot connect to the site database
product    = configmgr
severity   = error
formats    = configmgr cmtrace plain
# Q270218: "{6581} ERROR: Cannot establish a SQL connection." after "SQL
# Server = ~", "SQL Login = ~", "SQL database = ~" with blank values.
# Status message 3303 (SMS 2.0 Resource Guide): "SMS Hierarchy Manager cannot
# connect to the SMS site database."
match      = \bCan(?:\s*not|'t|’t)\s+establish\s+an?\s+SQL\s+(?:Server\s+)?connection\b
match      = \bSMS\s+Hierarchy\s+Manager\s+can(?:\s*not|'t|’t)\s+connect\s+to\s+the\s+SMS\s+site\s+
             database\b
match      = STATMSG\s*:\s*ID\s*=\s*["']?3303\b
             (?=(?:(?!STATMSG)[\s\S])*?\bCOMP\s*=\s*["']?SMS[_ ]HIERARCHY[_ ]MANAGER\b)
meaning    = The hierarchy manager could not open its connection to the SMS
  site database, so it cannot process site control data or report sites up
  the hierarchy (newly installed clients and sites do not show up).  When
  hman.log also shows "SQL Server =", "SQL Login =" and "SQL database =" with
  nothing after them, the site's registry settings are gone: Q270218 (SMS
  1.2) documents two sites in one domain both set to "Use All Detected
  Servers", where one site installs a logon server over the other's and
  wipes HKLM\Software\Microsoft\Sms\Identification and
  HKLM\Software\Microsoft\Sms\SQL Server.
fix        = Look at the lines above in hman.log: blank SQL Server, login and
  database values point at the lost registry keys; values that are present
  point at SQL Server itself.
fix        = For SQL Server itself: check that the site server reaches the SQL
  Server computer, that the SQL services run, that SMS may access the site
  database, that the database, its transaction log and tempdb are not full,
  and that SQL Server allows at least 50 user connections plus 5 per SMS
  Administrator console.
fix        = For the lost keys (SMS 1.2): set the logon server option of every
  site in the domain from "Use All Detected Servers" to "Use Specified
  Servers" without choosing site servers, then restore
  HKLM\Software\Microsoft\Sms\Identification and \SQL Server from a recent
  registry backup or from the Software._ hive in %SystemRoot%\Repair (or the
  emergency repair disk); if that is not possible the site has to be removed
  and rebuilt.
ref        = Microsoft KB Q270218: "Use All Detected Servers" in Multisite Domain Causes Errors
ref        = Microsoft Systems Management Server 2.0 Resource Guide, Table 26.29 SMS Hierarchy Manager (Message IDs 3300 to 3312)

[configmgr.hman.site-source-unreachable]
title      = Hierarchy manager cannot reach the site database and sleeps 10 minutes
product    = configmgr
severity   = error
formats    = configmgr cmtrace plain
# Q291339: "~Cannot connect to the site source on the database, sleep 10
# minutes.." in hman.log (and other SMS Executive thread logs).
match      = \bCan(?:\s*not|'t|’t)\s+connect\s+to\s+the\s+site\s+source\s+on\s+the\s+database\b
meaning    = A thread of the SMS Executive (here the hierarchy manager) could
  not connect to the SMS database and waits 10 minutes before trying again;
  meanwhile it does no work.  Q291339 documents SMS 2.0 with SQL Server on
  the site server, where the LocalServer ODBC data source had been switched
  to a network library other than Named Pipes (creating any other SQL Server
  DSN with another library changes them all), while Query Analyzer still
  connects fine.
fix        = In the ODBC Data Source Administrator, System DSN tab, open
  LocalServer, go to Client Configuration and choose Named Pipes as the
  network library.
fix        = On the next page keep "With Windows NT authentication using the
  network login ID" selected and finish the wizard.
fix        = Wait for the next attempt (at most 10 minutes) and check that the
  message stops; smsprov.log showing "SQL Connection attempt timed out" should
  stop too.
ref        = Microsoft KB Q291339: SMS: Administrator Console/Services Can't Connect to SQL Server

[configmgr.status.3304]
title      = SMS_HIERARCHY_MANAGER status 3304: cannot save site information to the site database
product    = configmgr
severity   = error
formats    = configmgr cmtrace plain
# Q261930 quotes the text: SMS Hierarchy Manager cannot save site
# information to the SMS site database for site "PSS".
match      = STATMSG\s*:\s*ID\s*=\s*["']?3304\b
             (?=(?:(?!STATMSG)[\s\S])*?\bCOMP\s*=\s*["']?SMS[_ ]HIERARCHY[_ ]MANAGER\b)
             (?:(?:(?!STATMSG)[\s\S])*?\bSITE\s*=\s*["']?(?<reporting_site>[A-Z0-9]{3})\b)?
match      = \bHierarchy\s+Manager\s+can(?:\s*not|'t|’t)\s+save\s+site\s+information\s+to\s+the\s+
             SMS\s+site\s+database(?:\s+for\s+site\s+["'‘’“”]?(?<site>[A-Z0-9]{3})\b)?
meaning    = The hierarchy manager could not write site information to the site
  database, so the site's data in the hierarchy is not updated.  Q261930
  (SMS 2.0) documents it after the SMS service account was installed or
  changed to a local, non-domain account; Discovery Data Manager then reports
  status 679 ("failed to retrieve the list of SMS sites from the site
  database") for the same reason.
fix        = Check which account the SMS services run as (the SMS service
  account in the site properties).
fix        = If it is a local account, run SMS Setup and change the service
  account to a domain account with administrative rights.
fix        = Confirm that status messages 3304 and 679 stop after the change.
ref        = Microsoft KB Q261930: SMS: Error 679 or 3304 After You Install/Change Service Account

[configmgr.status.3400]
title      = SMS_SCHEDULER status 3400: no address defined for a site
product    = configmgr
severity   = error
formats    = configmgr cmtrace plain
# Text of 3400 (Q264171, Q212937): SMS Scheduler does not have an address
# defined at site %2 for site %1.  %1, the site without an address, is
# taken to be ISTR0 of the STATMSG (by the numbering; not confirmed).
# sched.log (Q215130): "There is no address defined for site <site code>".
match      = STATMSG\s*:\s*ID\s*=\s*["']?3400\b
             (?=(?:(?!STATMSG)[\s\S])*?\bCOMP\s*=\s*["']?SMS[_ ]SCHEDULER\b)
             (?:(?:(?!STATMSG)[\s\S])*?\bISTR0\s*=\s*["']?(?<site>[A-Z0-9]{3})\b)?
match      = \bScheduler\s+does\s+not\s+have\s+an\s+address\s+defined\s+at\s+site\s+["'‘’“”]?
             (?<local_site>[A-Z0-9]{3})["'‘’“”]?\s+for\s+site\s+["'‘’“”]?(?<site>[A-Z0-9]{3})\b
match      = \bThere\s+is\s+no\s+address\s+defined\s+for\s+(?:the\s+)?site\s+["'‘’“”]?(?<site>[A-Z0-9]{3})\b
group_by   = site
meaning    = The scheduler has data to send to the named site but this site has
  no address for it, so nothing can be sent there.  Either the address is
  really missing, or the site no longer exists: when a secondary site is
  removed, jobs and send requests created for it at the same time (by the
  replication, distribution or offer managers) stay behind and are tried for
  about a week (Q212937), and an incomplete removal leaves them for good
  (Q264171), delaying other requests.
fix        = If the site exists, create an address for it: Site Hierarchy >
  <this site> > Site Settings > Addresses.
fix        = If the site was deleted, run "preinst /delsite" and "preinst
  /deljob:<site code>" at the parent site (Preinst.exe is in the Support
  Reskit\Bin\<platform>\Dbmain folder of the SMS 2.0 CD); run /deljob more
  than once, later requests may still be queued.  Do not use /deljob when
  another active site reuses the same site code.
fix        = Or by hand: stop the SMS Executive and SMS Site Component Manager
  services, find in sched.log the send request ID (such as 1_001ZZZ) and job
  ID of the old site, delete that .srq in Inboxes\Schedule.box\Requests and
  that .job in Inboxes\Schedule.box (send requests can also wait in
  Schedule.box\Outboxes\LAN), then start the services and check sched.log.
fix        = Install SMS 2.0 Service Pack 2 or later, which fixes jobs being
  created for a site that is being deleted.
ref        = Microsoft KB Q212937: LAN Sender Continually Tries to Connect to Deleted Child Site
ref        = Microsoft KB Q264171: Incomplete Secondary Site Removal Creates Component Status 3400
ref        = Microsoft KB Q215130: Scheduler Routes "Send" Requests to Deleted Addresses

[configmgr.scheduler.routinginfo-size-mismatch]
title      = Scheduler loops on a corrupt send request (RoutingInfo size mismatch)
product    = configmgr
severity   = critical
formats    = configmgr cmtrace plain
# Q159201: "Size mismatch in RoutingInfo record.  Got 0, expected 544.~",
# written over and over by SMS_SCHEDULER.
match      = \bSize\s+mismatch\s+in\s+(?:the\s+)?RoutingInfo\s+record\b
             (?:[\s.,:;]*Got\s+(?<got>\d+)\s*,?\s+expected\s+(?<expected>\d+))?
meaning    = A send request (.srq) has a record whose length is zero, so the
  scheduler reads the same record again and again in an endless loop.  It
  schedules nothing else, and sched.log is no longer cut at its size limit:
  it grows until the disk is full or the scheduler is stopped.  DUMPSEND
  loops on the same file as well ("Unknown Record Type 18", "Length: 0").
fix        = Stop the SMS Executive service at once, before sched.log fills the
  drive.
fix        = Remove the corrupt .srq file from SMS\Site.srv\Schedule.box or from
  SMS\Site.srv\Sender.box\Requests\<outbox> (the one DUMPSEND cannot read
  without looping), then start the SMS Executive again.
fix        = Install the SMS 1.2 service pack that corrects the loop.
ref        = Microsoft KB Q159201: SMS: Infinite Loop in Scheduler with Corrupt SRQ File

[configmgr.scheduler.request-id-missing]
title      = Scheduler skips minijobs: it cannot get a send request ID
product    = configmgr
severity   = error
formats    = configmgr cmtrace plain
# Q266195 and Q320638: "Skipping minijob. Could not retrieve the request ID"
# and "Error. Could not give send request to scheduler. Possibly could not
# reach the schedule box on the site server. Skipping minijob."
match      = \bCould(?:\s*not|n't|n’t)\s+retrieve\s+the\s+request\s+ID\b
match      = \bCould(?:\s*not|n't|n’t)\s+give\s+(?:the\s+)?send\s+request\s+to\s+(?:the\s+)?scheduler\b
meaning    = The scheduler takes new job and request numbers from the token
  files in Inboxes\Schedule.box\UID; they are missing (or there are more than
  the two expected), so it skips the minijob.  New packages are not sent to
  child sites, job files back up in Schedule.box\ToSend and Replmgr.box\Ready,
  and replication between sites stalls (SMS 2.0).
fix        = Look in <SMS root>\Inboxes\Schedule.box for the highest number used
  in any file name there.
fix        = In Schedule.box\UID create two empty text files <n>.job and <n>.req
  named with a number above that highest one, and leave only those two files
  in the folder.
fix        = Never rename, edit or delete these token files afterwards; check in
  sched.log that minijobs get send requests again.
ref        = Microsoft KB Q266195: SMS 2.0 Packages Are Not Distributed to Child Sites
ref        = Microsoft KB Q320638: SMS: Job Files May Back Up in the Scheduler.box Folder
