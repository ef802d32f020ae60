# EPiServer CMS 5/6 (and later) load-balanced event system failures.
#
# Sources: EPiServerErrorLog.txt (CMS 5/6 log4net layout) and
# EPiServerErrors.log (CMS 7+ layout), or the same text as plain lines.
#
# Wording notes
# - The event replication warning may carry the exception inline after
#   "remote object." or on the following lines, wrapped in a WCF
#   CommunicationException, with "Server stack trace:" and "Exception
#   rethrown at [0]: " sections; so the cause is looked for anywhere in the
#   record ([\s\S]*?).
# - .NET and Win32 messages are localized on non-English Windows: the
#   signatures accept the localized texts listed, with their sources, in
#   patterns/LOCALIZED.md (and the Winsock code 10054 after SocketException).

[episerver.event-connection-closed]
title      = Remote event lost: connection forcibly closed by the other server
product    = episerver
severity   = warning
formats    = log4net plain
# The Win32 WSAECONNRESET (10054) text in English and in the languages of
# patterns/LOCALIZED.md, or the Winsock code after SocketException.
match      = IEventReplication\s*::\s*RaiseEvent\b[\s\S]*?
             (?:An\s+existing\s+connection\s+was\s+forcibly\s+closed\s+by\s+the\s+remote\s+host
             |Eine\s+vorhandene\s+Verbindung\s+wurde\s+vom\s+Remotehost\s+geschlossen
             |Une\s+connexion\s+existante\s+a\s+dû\s+être\s+fermée\s+par\s+l['’]hôte\s+distant
             |Se\s+ha\s+forzado\s+la\s+interrupción\s+de\s+una\s+conexión\s+existente\s+por\s+el\s+
             host\s+remoto
             |Connessione\s+in\s+corso\s+interrotta\s+forzatamente\s+dall['’]host\s+remoto
             |Een\s+bestaande\s+verbinding\s+is\s+(?:geforceerd\s+gesloten|verbroken)\s+door\s+de\s+
             externe\s+host
             |Foi\s+forçado\s+o\s+cancelamento\s+de\s+uma\s+conexão\s+existente\s+pelo\s+host\s+remoto
             |Uma\s+ligação\s+existente\s+foi\s+forçada\s+a\s+fechar\s+pelo\s+anfitrião\s+remoto
             |En\s+befintlig\s+anslutning\s+tvingades\s+att\s+stänga\s+av\s+fjärrvärddatorn
             |既存の接続はリモート\s*ホストに強制的に切断されました
             |远程主机强迫关闭了一个现有的连接|遠端主機已強制關閉一個現存的連線
             |SocketException[^\n]{0,60}?\b10054\b)
supersedes = episerver.event-raise-failed
# Only the first event after the receiver recycled is lost; the next one
# reconnects.  No further failure for a while means it healed, but that
# server's cache may still be stale, so the incident says "self-healed".
resolve_after = 15m
meaning    = A server tried to send a cache-invalidation event to another
  server over the TCP event channel and found the connection reset, which
  happens to the first event after the receiving front-end server recycled
  (known EPiServer bug #64186 with netTcpBinding).  That one event is lost, so
  the receiving server may show stale cached content until the next event,
  which reconnects and clears its whole cache.
fix        = Check whether the receiving front-end server recycled or restarted
  just before this warning; only the first event after such a recycle is
  lost, later ones get through.
fix        = If stale pages are visible on that server, publish the change again
  (or trigger any other content change) so the next event clears its cache.
fix        = To stop it for good, switch the event replication endpoints from
  netTcpBinding to wsHttpBinding in the web.config of every server.
fix        = wsHttpBinding checks URL permissions before it opens its port, so on
  every front-end server reserve the event port for the application pool
  identity: netsh http add urlacl url=http://+:30001/ user=IIS_IUSRS
  (30001 is the cache invalidation port, + stands for every host name,
  IIS_IUSRS for the application pool user; adjust to your setup).
fix        = Recycle the application pools and check that content changes on the
  back end now reach every front end.  The problem is tracked by EPiServer as
  bug #64186 ("Cache update fail at first time publish in load balance
  environment using tcp").
ref        = https://world.optimizely.com/blogs/Mari-Jorgensen/Dates/2011/5/Event-System-Bug-in-CMS-6/

[episerver.event-raise-failed]
title      = Remote event could not be sent to another server
product    = episerver
severity   = error
formats    = log4net plain
match      = IEventReplication\s*::\s*RaiseEvent\b
             (?:[\s\S]*?\b(?<exception>(?:System|EPiServer)(?:\.\w+)*\.\w*Exception)\b)?
meaning    = Sending an event (cache invalidation and other site events) to a
  remote server of the load-balanced or enterprise setup failed.  The other
  server does not learn about the change, so its caches may serve stale
  content until a later event gets through.
fix        = Read the exception that follows the warning to find the cause; a
  connection forcibly closed right after a front-end recycle is the known
  netTcpBinding bug #64186 (see episerver.event-connection-closed).
fix        = Check that every server's event endpoint is reachable from the others
  and that all servers use the same binding and port in web.config.
fix        = If wsHttpBinding is used, make sure the port is reserved on every
  front-end server: netsh http add urlacl url=http://+:30001/ user=IIS_IUSRS.
fix        = Expect stale caches on the receiving server until the next event
  arrives; republish the affected content if it must show now.
ref        = https://world.optimizely.com/blogs/Mari-Jorgensen/Dates/2011/5/Event-System-Bug-in-CMS-6/

[episerver.event-urlacl-denied]
title      = Event system cannot listen: no URL reservation for its HTTP port
product    = episerver
severity   = error
formats    = log4net plain
match      = HTTP\s+could\s+not\s+register\s+URL\s+["'‘’“”]?
             (?<url>https?://[^\s/:"'‘’“”]*(?::(?<port>\d+))?[^\s"'‘’“”]*?)["'‘’“”]?\.?\s+
             Your\s+process\s+does\s+not\s+have\s+access\s+rights\s+to\s+this\s+namespace
# Localized: no real localized HttpRegistrationAccessDenied text could be
# confirmed (patterns/LOCALIZED.md), so this line needs no text: the
# exception type, which is never translated, and the URL after the word URL.
match      = AddressAccessDeniedException\b[^\n]{0,120}?\bURL\b[\s\x{00A0}\x{202F}]*["'‘’“”„«»「]?
             [\s\x{00A0}\x{202F}]*(?<url>https?://[^\s/:"'‘’“”„«»「」]*(?::(?<port>\d+))?
             [^\s"'‘’“”„«»「」。]*?)(?=["'‘’“”„«»」]?(?:\.?(?:[\s\x{00A0}\x{202F}]|$)|。))
group_by   = url
meaning    = The event system's WCF endpoint uses HTTP (wsHttpBinding), and
  HTTP.SYS refused to let the application pool listen on its URL because no
  URL reservation grants it the right.  This server then receives no remote
  events at all, so its caches go stale whenever another server changes
  content.
fix        = On this server, reserve the URL from the message for the
  application pool identity, e.g. netsh http add urlacl url=http://+:30001/
  user=IIS_IUSRS (30001 being the cache invalidation port and + every host
  name).
fix        = Do this on every front-end server that hosts the event endpoint.
fix        = Recycle the application pool and confirm that content changes made
  on the back end now invalidate this server's cache.
ref        = https://world.optimizely.com/blogs/Mari-Jorgensen/Dates/2011/5/Event-System-Bug-in-CMS-6/

[episerver.event-missed]
title      = Remote events are being missed: caches are cleared as a precaution
product    = episerver
severity   = warning
formats    = log4net plain
# EPiServer.Events.Remote.RemoteEventsManager.CheckEventSequences - An event
# of type ec08ca8d-b142-4144-8602-78d41cca737c has been missed
# (epiwiki.se).  The event system tracks the sequence numbers of each remote
# site's events and reports a gap after a while.
# The logger name is not part of the matched text, so the pattern anchors on
# the message; the event type (a GUID) may be quoted or in braces.
match      = \bAn?\s+event\s+of\s+type\s+["'‘’“”{]?(?<event_type>[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})
             ["'‘’“”}]?\s+(?:has\s+been|have\s+been|was|were)\s+missed\b
# One gap is a lost UDP datagram; several within half an hour are a network
# or configuration problem that keeps emptying the caches.
threshold  = 3 within 30m
meaning    = This server noticed gaps in the sequence numbers of the events
  another site sent it, so some remote events (cache invalidations above
  all) never arrived.  To stay correct the server clears its cache each
  time, and when it happens often the site slows down and output caching
  seems not to work.  Known causes: UDP multicast dropped between the
  servers (network devices, firewalls), several sites on one machine using
  the same event port, or a wrong WCF configuration that makes a site send
  every event several times.
fix        = Set the EPiServer log level to DEBUG for a while and look at the
  received events: the same siteId and sequenceNumber arriving several times
  points at a duplicated endpoint configuration in web.config.
fix        = Give every EPiServer site on the same machine its own port for
  remote events.
fix        = Test UDP between the servers with a listening/broadcasting tool
  (EPiServerRemoteEventsListener, iperf) more than once; open the Windows
  Firewall and ask for multicast to be relayed, or switch the event system
  to TCP endpoints if the network will not carry it.
fix        = Check that enableEvents and enableRemoteEvents are true on every
  site and that each server lists the others' endpoints.
ref        = http://epiwiki.se/troubleshooting/community/troubleshooting-a-multi-site-using-remote-events-over-udp-broadcast
ref        = https://world.optimizely.com/documentation/Items/Tech-Notes/EPiServer-CMS-6/EPiServer-CMS-60/Event-Management-System-Specification
ref        = https://world.optimizely.com/articles/Items/Cache-Update-and-Load-Balancing-for-EPiServer-CMS-5/

[episerver.event-port-in-use]
title      = Event system cannot listen: its port is already in use
product    = episerver
severity   = error
formats    = log4net plain
# .NET/Win32 text (English here): "System.Net.Sockets.SocketException: Only
# one usage of each socket address (protocol/network address/port) is
# normally permitted" (WSAEADDRINUSE, 10048), and WCF's
# AddressAlreadyInUseException ("There is already a listener on IP endpoint
# 0.0.0.0:<port>", "HTTP could not register URL http://+:<port>/ because TCP
# port <port> is being used by another application").  The socket text is
# only taken with a sign of a listener or of the event system in the record:
# the same error on an outgoing connection is port exhaustion, another
# problem.  The logger name is not part of the matched text: the sign must
# be in the message or the stack trace.
match      = \bAddressAlreadyInUseException\b
             (?:[^\n]*?(?:\bTCP\s+port\s+|\bIP\s+endpoint\s+["'‘’“”]?[^\s"'‘’“”]*?:)(?<port>\d+))?
match      = \A(?=[\s\S]*?(?:EPiServer\.Events|event\s*replication|remote\s*event|soap\.udp|Udp\w*
             |ServiceHost|ChannelListener|Socket\.(?:Do)?Bind\b|\blisten))
             [\s\S]*?\bOnly\s+one\s+usage\s+of\s+each\s+socket\s+address\b
match      = \A(?=[\s\S]*?(?:EPiServer\.Events|event\s*replication|remote\s*event|soap\.udp|Udp\w*
             |ServiceHost|ChannelListener|Socket\.(?:Do)?Bind\b|\blisten))
             [\s\S]*?(?:SocketException|TCP\s+error|error\s*code|WSAEADDRINUSE)[^\n]{0,120}?\b10048\b
meaning    = The event replication service could not open its endpoint because
  another socket already holds the address and port, so this server
  receives no remote events and its caches go stale whenever another server
  changes content.  Documented causes: two endpoints (or two sites on the
  same machine) configured with the same port, and IIS overlapped recycling,
  where the new worker process starts listening while the old one, still
  finishing a long request, has not released the port.
fix        = Find the process that holds the port (netstat -ano, then the PID in
  Task Manager) and check the event endpoints in web.config of every site on
  this machine: each endpoint and each site needs a port of its own.
fix        = With netTcpBinding, turn on port sharing where the EPiServer version
  allows it: a binding with portSharingEnabled="true" (it needs the Net.Tcp
  Port Sharing service).
fix        = Turn off overlapped recycling for the site's application pool
  (IIS 7: Advanced Settings > Recycling > Disable Overlapped Recycle = True;
  IIS 6: the DisallowOverlappingRotation metabase property).
fix        = Recycle the application pool and check the log for the event
  replication service starting without this error.
ref        = https://world.optimizely.com/blogs/Vladimir-Terziyski/Dates/2010/9/EventReplication-service-with-TCP/
ref        = http://epiwiki.se/troubleshooting/community/troubleshooting-a-multi-site-using-remote-events-over-udp-broadcast
