# Ektron eSync (CMS400.NET) synchronisation failures.
#
# Sources: the Ektron Windows Service error logs (EktronWindowsService30/40
# \logs, Enterprise Library text-formatter blocks), the website's log4net
# log, the text shown on the Synchronisation Progress screen and the
# EktronL2 event log exported as text.
#
# Wording notes
# - The same failure reaches us from WCF, from ASMX web-service proxies and
#   from System.Net.WebException, each with its own phrasing; every pattern
#   covers the family (trailing period or not, quotes or not, "can not").
# - Error strings are matched anywhere in a record: in an EntLib block the
#   text sits after "Message:" and the inner exceptions follow on later lines.
# - On a non-English Windows Server the .NET, WCF and Win32 messages are
#   localized (type names, codes and URLs are not).  The English line comes
#   first; the localized lines after it take the texts, with their sources,
#   listed in patterns/LOCALIZED.md, one line per language family.

# --------------------------------------------------------------------------
# Transport layer: proxy, DNS, HTTP status

[esync.proxy-auth-required]
title      = eSync traffic is stopped by a proxy asking for authentication (407)
product    = esync
severity   = error
formats    = entlib log4net plain eventlog
# "(407) Proxy Authentication Required" (WCF "unexpected response", WebException
# "returned an error") and "HTTP status 407: Proxy Authentication Required" (ASMX).
match      = \b407\b[\s):]{0,4}Proxy\s*Authentication\s*Required
# Localized (patterns/LOCALIZED.md): the status code stays, the text around it
# is translated.  1. The localized WebException "returned an error" and WCF
# "unexpected response" prefixes, whatever the status text; 2. the localized
# WebException status text for 407.
match      = (?:Der\s+Remoteserver\s+hat\s+(?:einen\s+Fehler|eine\s+unerwartete\s+Antwort)\s+
             (?:zurückgegeben|ausgegeben)
             |Le\s+serveur\s+distant\s+a\s+retourné\s+une\s+(?:erreur|réponse\s+inattendue)
             |El\s+servidor\s+remoto\s+devolvió\s+(?:un\s+error|una\s+respuesta\s+inesperada)
             |Errore\s+del\s+server\s+remoto|Il\s+server\s+ha\s+restituito\s+una\s+risposta\s+imprevista
             |De\s+externe\s+server\s+heeft\s+een\s+fout\s+geretourneerd
             |O\s+servidor\s+remoto\s+retornou\s+(?:um\s+erro|uma\s+resposta\s+inesperada)
             |Fjärrservern\s+returnerade\s+ett\s+fel
             |リモート\s*サーバー(?:がエラーを返しました|から予期しない応答が返されました)
             |远程服务器返回(?:错误|了意外响应)
             |遠端伺服器傳回(?:一個)?(?:錯誤|非預期的回應))
             [\s\x{00A0}\x{202F}:：]{0,4}[(（]\s*407\s*[)）]
match      = \b407\b[\s\x{00A0})）:：-]{0,4}
             (?:Proxyauthentifizierung\s+erforderlich|Authentification\s+proxy\s+requise
             |Richiesta\s+autenticazione\s+proxy|Autenticação\s+de\s+proxy\s+necessária
             |Proxy-?autentisering\s+krävs|要求\s*Proxy\s*驗證)
meaning    = A call between the eSync nodes went to an HTTP proxy instead of
  straight to the other server, and the proxy wants credentials the service
  does not send.  This is a transport-layer failure: no data reaches the
  partner, and it usually means name resolution or proxy settings on the node
  are wrong.
fix        = Check the Ektron Windows Service error log (the logs folder under
  the service, e.g. C:\Program Files\Ektron\EktronWindowsService30\logs) for
  this and the other transport errors (403 Forbidden, 'Anonymous' forbidden):
  they point at a DNS or proxy problem.
fix        = From each node, check that the partner's host name resolves to the
  partner itself and that the connection does not go out through a proxy.
fix        = Open http://<DOMAINNAME>/workarea/ServerControlWS.asmx of every node
  from the other nodes; behind a load balancer test each node by its own
  address.  The URL must be the same as WSPath in the site's AppSettings and
  as the entry in sitedb.config in the Ektron Windows Service folder.
fix        = Test port 8732 from each node to the next one in the chain with
  "telnet <servername> 8732" (install the telnet client on Server 2008 /
  Windows 7); a blank screen means success: press Ctrl+C, then restart the
  service you connected to.
fix        = After any configuration change, restart the Ektron Windows Service
  on every node of the relationship.
ref        = https://codifice.dev/posts/2010-03-23-ektron-esync-error-servicechannel/

[esync.http-forbidden]
title      = eSync web-service call refused with HTTP 403 Forbidden
product    = esync
severity   = error
formats    = entlib log4net plain eventlog
match      = HTTP\s+status\s+403\s*:?\s*Forbidden
match      = \(\s*403\s*\)\s*Forbidden
# Localized: the same prefixes as esync.proxy-auth-required with (403), the
# localized status text of 403, and the German ASMX "HTTP-Status 403".
match      = (?:Der\s+Remoteserver\s+hat\s+(?:einen\s+Fehler|eine\s+unerwartete\s+Antwort)\s+
             (?:zurückgegeben|ausgegeben)
             |Le\s+serveur\s+distant\s+a\s+retourné\s+une\s+(?:erreur|réponse\s+inattendue)
             |El\s+servidor\s+remoto\s+devolvió\s+(?:un\s+error|una\s+respuesta\s+inesperada)
             |Errore\s+del\s+server\s+remoto|Il\s+server\s+ha\s+restituito\s+una\s+risposta\s+imprevista
             |De\s+externe\s+server\s+heeft\s+een\s+fout\s+geretourneerd
             |O\s+servidor\s+remoto\s+retornou\s+(?:um\s+erro|uma\s+resposta\s+inesperada)
             |Fjärrservern\s+returnerade\s+ett\s+fel
             |リモート\s*サーバー(?:がエラーを返しました|から予期しない応答が返されました)
             |远程服务器返回(?:错误|了意外响应)
             |遠端伺服器傳回(?:一個)?(?:錯誤|非預期的回應))
             [\s\x{00A0}\x{202F}:：]{0,4}[(（]\s*403\s*[)）]
match      = [(（]\s*403\s*[)）][\s\x{00A0}]*
             (?:Unzulässig|Prohibido|Non\s+consentito|Accesso\s+negato|Verboden|Proibido|nekad
             |禁止されています|已禁止|禁止)
match      = Fehler\s+bei\s+der\s+Anforderung\s+mit\s+HTTP-Status\s+403\b
meaning    = A node called the Ektron web service of its partner and the
  server answered 403 Forbidden.  The request reached a web server but was
  refused, which points at the wrong host being hit (name resolution, a proxy
  or a load balancer in between) or at the workarea service not being open to
  the caller; synchronisation with that node cannot proceed.
fix        = Treat it as a transport-layer error: check in the Ektron Windows
  Service logs folder whether 407 or 'Anonymous' errors come with it, and
  check DNS and proxy settings between the nodes.
fix        = Browse to http://<DOMAINNAME>/workarea/ServerControlWS.asmx on each
  node from its partners (each load-balanced node explicitly) and make sure it
  answers without a 403.
fix        = Make sure the URL is identical to WSPath in the AppSettings of the
  website and to the entry in sitedb.config in the Ektron Windows Service
  folder.
fix        = Restart the Ektron Windows Service on every node of the
  relationship and run the sync again.
ref        = https://codifice.dev/posts/2010-03-23-ektron-esync-error-servicechannel/

[esync.anonymous-forbidden]
title      = eSync WCF call forbidden for client authentication scheme 'Anonymous'
product    = esync
severity   = error
formats    = entlib log4net plain eventlog
match      = HTTP\s+request\s+(?:was|is)\s+forbidden\s+with\s+(?:the\s+)?client\s+
             authentication\s+scheme\s+["'‘’“”]?Anonymous\b
# Localized WCF HttpAuthorizationForbidden; the scheme name is not translated.
# In Japanese and Chinese the 401 text ("unauthorized with client
# authentication scheme") starts the same way, so the ending is required.
match      = (?:Die\s+HTTP-Anforderung\s+wurde\s+mit\s+dem\s+Clientauthentifizierungsschema
             |Se\s+prohibió\s+la\s+solicitud\s+HTTP\s+con\s+el\s+esquema\s+de\s+autenticación\s+
             de\s+cliente
             |La\s+requête\s+HTTP\s+a\s+été\s+interdite\s+avec\s+le\s+schéma\s+d['’]authentification\s+
             client
             |La\s+richiesta\s+HTTP\s+non\s+è\s+consentita\s+con\s+lo\s+schema\s+di\s+autenticazione\s+
             client
             |A\s+solicitação\s+HTTP\s+está\s+proibida\s+com\s+o\s+esquema\s+de\s+autenticação\s+de\s+
             cliente)
             [\s\x{00A0}\x{202F}]*["'‘’“”„«»]?[\s\x{00A0}\x{202F}]*Anonymous\b
match      = (?:この\s*HTTP\s*要求は、\s*クライアントの認証方式|客户端身份验证方案|用戶端驗證配置)
             \s*["'‘’“”「]?Anonymous["'‘’“”」]?\s*(?:で許可されませんでした|已禁止|禁止)
supersedes = esync.http-forbidden
meaning    = The WCF client of the sync service called its partner without
  credentials and the partner's web server refused the call (HTTP 403).  This
  is a transport-layer failure typically caused by name resolution or a proxy
  sending the request to the wrong place, or by the certificates the nodes
  use to trust each other not being in place.
fix        = Check DNS and proxy settings between the nodes; look in the Ektron
  Windows Service logs folder for 407 and 403 errors that go with it.
fix        = Make sure http://<DOMAINNAME>/workarea/ServerControlWS.asmx answers
  on each node (test every load-balanced node on its own) and equals WSPath in
  the AppSettings and the entry in sitedb.config.
fix        = Check the certificates with the Security Configurator: the service
  folder needs the _SyncClient.* files of every node and the _SyncServer.*
  files of the local machine; the website root needs the local _SyncClient.*
  files with the same timestamps; the ektron.serviceModel section of
  web.config must reference the local certificates.
fix        = In Ektron.ASM.EktronServices30.exe.config, publicCertKeys must list a
  client certificate for every server of the relationship, on every machine
  (the order may differ).
fix        = Restart the Ektron Windows Service on every node.
ref        = https://codifice.dev/posts/2010-03-23-ektron-esync-error-servicechannel/

[esync.port-unreachable]
title      = eSync partner not reachable on its service port (8732)
product    = esync
severity   = error
formats    = entlib log4net plain eventlog
match      = Could(?:\s*not|n't|n’t)\s+connect\s+to\s+["'‘’“”]?(?<endpoint>net\.tcp://
             (?<host>[^/:\s"'‘’“”]+)(?::(?<port>\d+))?[^\s"'‘’“”]*?)(?=["'‘’“”]?\.?(?:\s|$))
match      = No\s+connection\s+could\s+be\s+made\s+because\s+the\s+target\s+machine\s+
             actively\s+refused\s+it\.?\s+(?<host>[\w.\-]+|\[[0-9a-f:.%]+\]):(?<port>8732)\b
# Localized WCF TcpConnectError ("Could not connect to URI"): the text
# before the URI, or after it (German .NET Framework, Japanese); and the
# localized Win32 10061 text followed by the :8732 endpoint.
# The captures sit in a lookahead so that the literal after it (net.tcp://,
# :8732) can feed the prefilter.
match      = (?:Es\s+konnte\s+keine\s+Verbindung\s+mit|No\s+se\s+pudo\s+conectar\s+a
             |Connexion\s+impossible\s+à|Non\s+è\s+stato\s+possibile\s+connettersi\s+a
             |Não\s+foi\s+possível\s+a\s+conexão\s+com|无法连接到|無法連線到)
             [\s\x{00A0}]*["'‘’“”„«»「]?
             (?=(?<endpoint>net\.tcp://(?<host>[^/:\s"'‘’“”„«»「」]++)(?::(?<port>\d++))?+
             [^\s"'‘’“”„«»「」。]*?)(?:["'‘’“”„«»」]?(?:\.?(?:\s|$)|。)))net\.tcp://
match      = (?=(?<endpoint>net\.tcp://(?<host>[^/:\s"'‘’“”„«»「」]++)(?::(?<port>\d++))?+
             [^\s"'‘’“”„«»「」。]*?)["'‘’“”„«»」]?
             (?:\s+konnte\s+nicht\s+hergestellt\s+werden|\s*に接続できませんでした))net\.tcp://
match      = (?:Es\s+konnte\s+keine\s+Verbindung\s+hergestellt\s+werden,?\s+da\s+der\s+Zielcomputer\s+
             die\s+Verbindung\s+verweigerte
             |Aucune\s+connexion\s+n['’]a\s+pu\s+être\s+établie,?\s+car\s+l['’]ordinateur\s+cible\s+
             l['’]a\s+expressément\s+refusée
             |No\s+se\s+puede\s+establecer\s+una\s+conexión\s+ya\s+que\s+el\s+equipo\s+de\s+destino\s+
             denegó\s+expresamente\s+dicha\s+conexión
             |Impossibile\s+stabilire\s+la\s+connessione\.?\s+Rifiuto\s+persistente\s+del\s+computer\s+
             di\s+destinazione
             |Kan\s+geen\s+verbinding\s+maken\s+omdat\s+de\s+doelcomputer\s+de\s+verbinding\s+actief\s+
             heeft\s+geweigerd
             |Nenhuma\s+conexão\s+pôde\s+ser\s+feita\s+porque\s+a\s+máquina\s+de\s+destino\s+as\s+
             recusou\s+ativamente
             |Det\s+gick\s+inte\s+att\s+ansluta\s+eftersom\s+måldatorn\s+aktivt\s+nekade\s+det
             |対象のコンピューター?によって拒否されたため、\s*接続できませんでした
             |由于目标计算机积极拒绝，\s*无法连接|無法連線，\s*因為目標電腦拒絕連線)
             [.。]?[\s\x{00A0}]+(?<host>[\w.\-]+|\[[0-9a-f:.%]+\])(?=:(?<port>8732)\b):8732\b
group_by   = host
meaning    = The Ektron Windows Service could not open a TCP connection to the
  sync service of a partner node: eSync always talks over port 8732, and
  nothing accepted the connection there.  Either the partner's service is not
  running or not listening, or a firewall or wrong name is in the way; no
  synchronisation with that node is possible.
fix        = From this node run "telnet <servername> 8732" against the partner
  (on Server 2008 / Windows 7 install the telnet client first).  A blank
  screen means the port is open: press Ctrl+C and restart the service you just
  connected to.  Repeat for every next node in the chain.
fix        = If nothing listens, look at the EktronL2 event log on the partner:
  "Service initialized successfully" followed by "Service stopped
  successfully" without "Service started successfully" means the service
  could not start.
fix        = In that case make sure the workarea opens without an error
  (cmslogin.aspx and /workarea/servercontrolws.asmx), then restart the Ektron
  Windows Service and check that "Service started successfully" is logged.
fix        = Make sure the license is valid for every database of the
  relationship, then restart the service on every node.
ref        = https://codifice.dev/posts/2010-03-23-ektron-esync-error-servicechannel/

# --------------------------------------------------------------------------
# Service and configuration

[esync.channel-faulted]
title      = eSync channel is in the Faulted state
product    = esync
severity   = error
formats    = entlib log4net plain eventlog
match      = communication\s+object,?\s+(?<object>\S[^\n]*?),?\s+can(?:\s*not|'t|’t)\s+be\s+
             used\s+for\s+communication\s+because\s+it\s+is\s+in\s+the\s+Faulted\s+state
# Localized CommunicationObjectFaulted1.  Most translations keep the state
# name "Faulted"; Portuguese and Chinese translate it.  The Chinese lines
# expect a System.* object (every WCF communication object is one), which
# gives them a literal for the prefilter.
match      = (?:Das\s+Kommunikationsobjekt|El\s+objeto\s+de\s+comunicación,?
             |L['’]objet\s+de\s+communication|l['’]oggetto\s+comunicazione|通信オブジェクト)
             [\s\x{00A0}]*["'‘’“”„«»]?(?<object>[^\s"'‘’“”„«»，、]+?)["'‘’“”„«»]?,?[\s\x{00A0}]
             [^\n]{0,160}?\bFaulted\b
match      = O\s+objeto\s+de\s+comunicação,?\s+(?<object>[^\s"'‘’“”]+?),?\s+não\s+pode\s+ser\s+usado\s+
             para\s+comunicação\s+porque\s+está\s+no\s+estado\b
match      = 通信对象\s*(?=(?<object>System\.[^\s"'“”，]+?)\s*无法用于通信)System\.
match      = 因為通訊物件\s*(?=(?<object>System\.[^\s"'「」，]+?)\s*為\s*[「"]?出錯)System\.
# Restarting the services builds new channels; a sync that completes shows
# the channel works again.
recover    = \bService\s+started\s+successfully\b
recover    = \bSync(?:hroni[sz]ation)?\s+(?:completed|finished|succeeded)(?:\s+successfully)?\b
meaning    = An earlier error broke the WCF channel between the sync service
  and its partner, and every later call on that channel fails.  The real
  cause is usually further back: services not restarted after a change,
  missing licenses or certificates, a wrong WSPath or an EncodedValue that
  differs between the website and the service.
fix        = Restart the Ektron Windows Service on every node of the
  relationship.
fix        = Check that the Ektron license is installed and valid for every
  database in the relationship.
fix        = Check that the certificates are installed on every node (Security
  Configurator; _SyncClient.* of every node and _SyncServer.* of the local
  machine in the service folder, publicCertKeys in
  Ektron.ASM.EktronServices30.exe.config listing every server).
fix        = Check that WSPath is right and that
  http://<DOMAINNAME>/workarea/ServerControlWS.asmx can be opened on each node.
fix        = Compare the EncodedValue AppSetting in the website's web.config with
  the value in the Ektron Windows Service config of the same machine; if they
  differ, copy the service config's value into the AppSetting, never the other
  way round.
ref        = https://codifice.dev/posts/2010-03-23-ektron-esync-error-servicechannel/

[esync.object-reference]
title      = eSync failed with a null object reference
product    = esync
severity   = error
formats    = entlib log4net plain eventlog
match      = Object\s+reference\s+not\s+set\s+to\s+an\s+instance\s+of\s+an\s+object
# Localized NullReferenceException text, one line per language so that each
# has a word for the prefilter (the Japanese and Chinese line has none and
# is always run).
match      = Der\s+Objektverweis\s+wurde\s+nicht\s+auf\s+eine\s+Objektinstanz\s+festgelegt
match      = La\s+référence\s+d['’]objet\s+n['’]est\s+pas\s+définie\s+à\s+une\s+instance\s+
             d['’]un\s+objet
match      = Referencia\s+a\s+objeto\s+no\s+establecida\s+como\s+instancia\s+de\s+un\s+objeto
match      = Riferimento\s+a\s+un\s+oggetto\s+non\s+impostato\s+su\s+un['’]istanza\s+di\s+oggetto
match      = De\s+objectverwijzing\s+is\s+niet\s+op\s+een\s+exemplaar\s+van\s+een\s+object\s+ingesteld
match      = Referência\s+de\s+objeto\s+não\s+definida\s+para\s+uma\s+instância\s+de\s+um\s+objeto
match      = A\s+referência\s+de\s+objecto\s+não\s+foi\s+definida\s+como\s+uma\s+instância\s+de\s+um\s+
             objecto
match      = Objektreferensen\s+har\s+inte\s+angetts
match      = オブジェクト参照がオブジェクト\s*インスタンスに設定されていません
             |未将对象引用设置到对象的实例|並未將物件參考設定為物件的執行個體
meaning    = The sync failed on a null reference.  In eSync this nearly always
  means a piece of configuration the service expects is missing: the client
  certificate in the website, its reference in web.config, a reachable
  WSPath, or the application pool identity.
fix        = Check that the local machine's client certificate (_SyncClient.*
  files) is present in the root of the website.
fix        = Check that the local machine's certificates are referenced in the
  ektron.serviceModel section of web.config.
fix        = Check that WSPath is correct and reachable
  (http://<DOMAINNAME>/workarea/ServerControlWS.asmx, each node on its own).
fix        = Make sure the website's application pool runs as Network Service.
ref        = https://codifice.dev/posts/2010-03-23-ektron-esync-error-servicechannel/

[esync.no-sites-found]
title      = New eSync relationship finds no CMS400.NET sites on the remote server
product    = esync
severity   = error
formats    = entlib log4net plain eventlog
match      = No\s+CMS\s*400(?:\s*\.\s*NET)?\s+sites?\s+(?:were|was|are)\s+found\s+at\s+
             this\s+location
meaning    = While a new relationship was being set up, the remote server did
  not report any CMS400.NET site.  The usual reason is that the two servers do
  not trust each other yet because the certificates are not installed
  correctly on every node.
fix        = Install the certificates on every node with the Security
  Configurator: the service folder holds the _SyncClient.* files of each node
  and the _SyncServer.* files of the local machine, the website root holds the
  local _SyncClient.* files (same timestamps).
fix        = Check that ektron.serviceModel in web.config references the local
  certificates and that publicCertKeys in Ektron.ASM.EktronServices30.exe.config
  lists a client certificate for every server.
fix        = Check that the SearchConfigUI tool can walk all IIS websites (it
  groups them by connection string); on IIS 7 it needs the IIS 6 Management
  Tools and IIS 6 Metabase Compatibility installed.
fix        = Restart the Ektron Windows Service on every node and try again.
ref        = https://codifice.dev/posts/2010-03-23-ektron-esync-error-servicechannel/

[esync.contract-mismatch]
title      = eSync nodes disagree on the service contract (ContractFilter mismatch)
product    = esync
severity   = critical
formats    = entlib log4net plain eventlog
match      = (?:message\s+with\s+Action\s+["'‘’“”]?(?<action>[^\s"'‘’“”]*)["'‘’“”]?\s+)?
             can(?:\s*not|'t|’t)\s+be\s+processed\s+at\s+the\s+receiver,?\s+due\s+to\s+
             an?\s+ContractFilter\s+mismatch
# Localized SFxNoEndpointMatchingContract: "ContractFilter" and
# "EndpointDispatcher" stay English in every translation.  Chinese
# (Simplified) names the action after the two words, Japanese and Chinese
# (Traditional) put EndpointDispatcher first; the other languages put the
# quoted action first (Aktion, acción, Action, Ação).
match      = \bContractFilter\b\s*在\s*EndpointDispatcher\s*不匹配[^\n]{0,20}?Action\s*为\s*
             ["'“”](?<action>[^\s"'“”]*)["'“”]
match      = \bEndpointDispatcher\b\s*(?:で|的)\s*ContractFilter\b[^\n]{0,60}?(?:Action|動作)\s*
             (?:が\s*)?["'‘’“”「](?<action>[^\s"'‘’“”「」]*)["'‘’“”」]
match      = (?:\b(?:Aktion|acción|Action|Ação)[\s\x{00A0}]*["'‘’“”„«»][\s\x{00A0}]*
             (?<action>[^\s"'‘’“”„«»]*)[\s\x{00A0}]*["'‘’“”„«»][^\n]{0,120}?)?
             \bContractFilter\b[^\n]{0,80}?\bEndpointDispatcher\b
group_by   = action
meaning    = The partner's sync service does not recognise the operation this
  node called (for example http://tempuri.org/ISyncService/InitSession), so
  the two ends run different versions of the eSync service.  No sync can run
  between them until the versions agree.
fix        = Install the same Ektron / eSync service version on every node of
  the relationship.
fix        = Compare size and version of these files in the Windows Service
  folder of every node: Ektron.ASM.EktronServices30.exe,
  Ektron.ASM.AssetConfig.dll, Ektron.FileSync.Common.dll,
  Ektron.FileSync.Framework.dll, Ektron.Sync.Communication.dll,
  Ektron.Sync.SyncServices.dll.
fix        = Check that each website is built against the same Ektron version as
  the service on its node: the shared libraries in the website bin folder and
  the service folder must match, and the bin folders must be the same size on
  all nodes.
fix        = Restart the Ektron Windows Service on every node.
ref        = https://codifice.dev/posts/2010-03-23-ektron-esync-error-servicechannel/

[esync.certificate-file-missing]
title      = eSync certificate file not found
product    = esync
severity   = error
formats    = entlib log4net plain eventlog
match      = The\s+system\s+can(?:\s*not|'t|’t)\s+find\s+the\s+file\s+specified
# Localized Win32 ERROR_FILE_NOT_FOUND (2), one line per language family
# (the Japanese and Chinese line has no word for the prefilter).
match      = Das\s+System\s+kann\s+die\s+angegebene\s+Datei\s+nicht\s+finden
match      = Le\s+fichier\s+spécifié\s+est\s+introuvable
match      = (?:El|O)\s+sistema\s+(?:no\s+puede\s+encontrar\s+el\s+archivo|não\s+pode\s+encontrar\s+o\s+
             arquivo|não\s+conseguiu\s+localizar\s+o\s+ficheiro)\s+especificado
match      = Impossibile\s+trovare\s+il\s+file\s+specificato
match      = Het\s+systeem\s+kan\s+het\s+opgegeven\s+bestand\s+niet\s+vinden
match      = Det\s+går\s+inte\s+att\s+hitta\s+filen\b
match      = 指定されたファイルが見つかりません|系统找不到指定的文件|系統找不到指定的檔案
meaning    = Loading a file the sync needs failed with "file not found"; in
  eSync that is almost always one of the local machine's certificate files
  (_SyncClient.*) missing from the website root, or web.config pointing at
  certificates that are not there.
fix        = Check that the three _SyncClient.* files of the local machine are
  in the root folder of the website.
fix        = Check that ektron.serviceModel in web.config references the local
  machine's certificates.
fix        = If the files were deleted by mistake, copy them from the Ektron
  Windows Service folder into the website root, then restart the service.
ref        = https://codifice.dev/posts/2010-03-23-ektron-esync-error-servicechannel/

# --------------------------------------------------------------------------
# Sync state

[esync.max-index-mismatch]
title      = Sync database indexes differ between the two servers
product    = esync
severity   = critical
formats    = entlib log4net plain eventlog
match      = Max(?:imum)?\s*index(?:es)?\s+(?:do|does)\s*(?:not|n't|n’t)\s+match
             [\s\S]{0,80}?Local\s+index\s*[:=]\s*(?<local_index>-?\d+)
             [\s\S]{0,80}?Remote\s+index\s*[:=]\s*(?<remote_index>-?\d+)
group_by   = local_index remote_index
meaning    = The two ends of the relationship keep a different highest server
  index, so database sync refuses to run.  It often follows a damaged
  relationship being removed and recreated, which increments the index on one
  side only.
fix        = Decide which server has the correct index; a server whose other
  eSync profiles work is the usual reference.
fix        = On the server with the wrong index open ServerInfo.xml in the sync
  folder (x:\sync) and change every MaxId="X" value to the correct index.
fix        = In the Ektron database of that website, set the share_index field of
  the settings table to the same value.  "select server_index, share_index
  from settings" shows both values in each database; share_index must be the
  same in every database of the sync forest and larger than the largest
  server_index (back up every database of the relationship before editing).
fix        = Restart the Ektron Windows Service on every node of the
  relationship.
ref        = https://codifice.dev/posts/2010-03-23-ektron-esync-error-servicechannel/
ref        = https://support.optimizely.com/hc/en-us/articles/115004102743-How-to-resolve-max-index-server-index-and-share-index-errors

[esync.remote-not-staged]
title      = Sync refused: remote position is not staged
product    = esync
severity   = critical
formats    = entlib log4net plain eventlog
match      = Invalid\s+method\s+invocation[\s.:;,!-]{0,6}(?:The\s+)?Remote\s+position\s+is\s+
             not\s+staged
supersedes = esync.initial-sync-not-staged
meaning    = The partner answered that the sync position it keeps for this
  relationship is not staged, so the call is out of step with what the remote
  side expects.  The staging data under the sync folder is inconsistent and
  the relationship does not sync until it is rebuilt.
fix        = Stop the Ektron Windows Service on every node of the relationship.
fix        = Make a copy of the x:\sync folder (x is the drive of the workarea
  website) as a backup.
fix        = Delete everything inside x:\sync.
fix        = Start the Ektron Windows Service on every node again.
fix        = Run the synchronisation again to rebuild the relationship.
ref        = https://codifice.dev/posts/2010-03-23-ektron-esync-error-servicechannel/

[esync.initial-sync-not-staged]
title      = Initial sync refused: the remote position is not staged
product    = esync
severity   = error
formats    = entlib log4net plain eventlog
match      = Remote\s+position\s+is\s+not\s+staged
unless     = Invalid\s+method\s+invocation[\s.:;,!-]{0,6}(?:The\s+)?Remote\s+position\s+is\s+
             not\s+staged
meaning    = An initial sync stopped because the target reports no staged
  position; usually leftovers of an earlier relationship between the same
  two servers (scheduler rows, sync folders, a half-filled database) confuse
  the new one.
fix        = If the two servers had a relationship before, delete its rows from
  the [dbo].[scheduler] table.
fix        = Remove every folder belonging to the old relationship from x:\sync,
  including the child folders.
fix        = Try starting the sync from the target website instead.
fix        = If it still fails, the earlier attempt has filled the target
  database too far to repair: recreate the target min database and run the
  initial sync again.
ref        = https://codifice.dev/posts/2010-03-23-ektron-esync-error-servicechannel/

[esync.asset-library-failed]
title      = Asset library sync failed with a null object reference
product    = esync
severity   = error
formats    = entlib log4net plain eventlog
match      = SyncAssetLibrary\s*Failed\b[\s\S]{0,300}?Object\s+reference\s+not\s+set\s+to\s+
             an\s+instance\s+of\s+an\s+object
match      = SyncAssetLibrary\s*Failed\b[\s\S]{0,300}?(?:Der\s+Objektverweis\s+wurde\s+nicht\s+auf\s+eine\s+Objektinstanz\s+festgelegt
             |La\s+référence\s+d['’]objet\s+n['’]est\s+pas\s+définie\s+à\s+une\s+instance\s+
             d['’]un\s+objet
             |Referencia\s+a\s+objeto\s+no\s+establecida\s+como\s+instancia\s+de\s+un\s+objeto
             |Riferimento\s+a\s+un\s+oggetto\s+non\s+impostato\s+su\s+un['’]istanza\s+di\s+oggetto
             |De\s+objectverwijzing\s+is\s+niet\s+op\s+een\s+exemplaar\s+van\s+een\s+object\s+ingesteld
             |Referência\s+de\s+objeto\s+não\s+definida\s+para\s+uma\s+instância\s+de\s+um\s+objeto
             |A\s+referência\s+de\s+objecto\s+não\s+foi\s+definida\s+como\s+uma\s+instância\s+de\s+um\s+
             objecto
             |Objektreferensen\s+har\s+inte\s+angetts
             |オブジェクト参照がオブジェクト\s*インスタンスに設定されていません
             |未将对象引用设置到对象的实例|並未將物件參考設定為物件的執行個體)
supersedes = esync.object-reference
meaning    = Synchronising the asset (document) library failed on a null
  reference.  When several environments live on one server this happens when
  they share the same asset storage location.
fix        = In AssetManagement.config of each environment, give the
  StorageLocation attribute of DocumentManagerData a location of its own
  (required when the environments are hosted on the same server).
fix        = Restart the Ektron Windows Service and run the sync again.
ref        = https://codifice.dev/posts/2010-03-23-ektron-esync-error-servicechannel/

[esync.command-conflict]
title      = Sync could not apply a change to a table (unresolved conflict)
product    = esync
severity   = warning
formats    = entlib log4net plain eventlog
match      = Failed\s+to\s+execute\s+the\s+command\s+["'‘’“”]?(?<command>[\w.]+)["'‘’“”]?\s+
             for\s+(?:the\s+)?table\s+["'‘’“”]?(?<table>[\w.\[\]$#@-]*[\w\]])
group_by   = command table
meaning    = The database sync could not run one of its change commands on the
  named table, because the change collides with data on the other side in a
  way the current conflict policy cannot settle.  The affected rows stay out
  of step until the conflict is resolved.
fix        = Reverse the conflict policy of the sync profile for now and sync
  again.
fix        = After one successful sync, set the original conflict policy back.
ref        = https://codifice.dev/posts/2010-03-23-ektron-esync-error-servicechannel/

[esync.initial-sync-constraint]
title      = Initial sync failed on a database constraint
product    = esync
severity   = error
formats    = entlib log4net plain eventlog
match      = Violation\s+of\s+(?:PRIMARY|UNIQUE)\s+KEY\s+constraint\s+["'‘’“”]?
             (?<constraint>[^\s"'‘’“”]+?)["'‘’“”]?(?=[\s.,;]|$)
match      = The\s+(?:ALTER\s+TABLE|INSERT|UPDATE|DELETE|MERGE)\s+statement\s+conflicted\s+
             with\s+(?:the\s+)?(?:FOREIGN\s+KEY(?:\s+SAME\s+TABLE)?|REFERENCE|CHECK)\s+
             constraint\s+["'‘’“”]?(?<constraint>[^\s"'‘’“”]+?)["'‘’“”]?(?=[\s.,;]|$)
group_by   = constraint
meaning    = Copying the data hit a key or foreign-key constraint in the target
  database (for example PK_history_meta_tbl, PK_content_meta_tbl or
  folder_taxonomy_tbl_fk2).  During an initial sync this happens when content
  is edited while the copy runs, and it leaves a half-built relationship
  behind.
fix        = Remove the damaged sync profile: stop the Ektron Windows Service,
  delete the target database and remove the matching rows from the
  scheduler table of the sending database.
fix        = Remove the relationship's entries from X:\sync\ServerInfo.xml on
  both servers, delete the target environment's folders under X:\sync and
  remove its connections from sitedb.config on both servers.
fix        = On the target server empty the assets and privateAssets folders,
  reinstall the min database with Site Setup and recreate the search indexes
  with SearchConfigUI.  Note that every removal raises the Max Server index.
fix        = Keep users from editing content while the initial sync runs, then
  configure and run the initial sync again.
ref        = https://codifice.dev/posts/2010-03-23-ektron-esync-error-servicechannel/

[esync.metaconfig-missing]
title      = Initial sync cannot find metaconfig.doc in uploadedFiles
product    = esync
severity   = error
formats    = entlib log4net plain eventlog
match      = Could(?:\s*not|n't|n’t)\s+find\s+(?:the\s+)?file\s+["'‘’“”]?
             (?<path>[^"'‘’“”\n]*?metaconfig\.doc)\b
# Localized: the Spanish and Chinese (Simplified) IO_FileNotFound_FileName
# texts (the other languages are not confirmed, see patterns/LOCALIZED.md).
match      = No\s+se\s+pudo\s+encontrar\s+el\s+archivo\s+["'‘’“”«»]?
             (?<path>[^"'‘’“”«»\n]*?metaconfig\.doc)\b
match      = 未能找到文件\s*["'“”]?(?=(?<path>[^"'“”\n]*?metaconfig\.doc)\b)[^"'“”\n]*?metaconfig\.doc
# A .NET "Could not find file" record may carry the Win32 text as well.
supersedes = esync.certificate-file-missing
meaning    = The initial sync expects the template file metaconfig.doc in the
  uploadedFiles folder of the site and stops when it is not there.  The
  relationship itself is fine; the sync resumes once the file exists.
fix        = Copy metaconfig.doc from the site's /assets folder into both
  uploadedFiles and uploadedImages.
fix        = Run SearchConfigUI and rebuild the catalogs.
fix        = Run the initial sync again; it continues where it stopped, so the
  relationship does not have to be removed and rebuilt.
ref        = https://codifice.dev/posts/2010-03-23-ektron-esync-error-servicechannel/

[esync.out-of-memory]
title      = eSync ran out of memory
product    = esync
severity   = error
formats    = entlib log4net plain eventlog
match      = OutOfMemoryException
match      = Insufficient\s+memory\s+to\s+continue\s+the\s+execution\s+of\s+the\s+program
meaning    = The sync service ran out of memory while moving a batch of data,
  usually because the batches are too large for the memory of one of the
  servers.  The sync stops and has to be run again.
fix        = Make sure every server of the relationship has enough memory.
fix        = Lower the batch size: add batchsize="100" to the DatabaseRuntime
  element in DbSync.config in the Ektron Windows Service folder.
fix        = Use the same batchsize on every server of the relationship.
fix        = Restart the Ektron Windows Service, then run the sync again.
ref        = https://codifice.dev/posts/2010-03-23-ektron-esync-error-servicechannel/

[esync.service-not-listening]
title      = Ektron Windows Service stopped right after initializing: port 8732 not listening
product    = esync
severity   = error
formats    = plain entlib log4net eventlog
# The EktronL2 event log: initialized, then stopped, with no "started" in
# between.  A normal start logs initialized, started; a normal stop comes
# after started.
match      = \bService\s+initiali[sz]ed\s+successfully\b
then       = \bService\s+stopped\s+successfully\b
without    = \bService\s+started\s+successfully\b
within     = 1h
recover    = \bService\s+started\s+successfully\b
meaning    = The Ektron Windows Service initialized and then stopped without
  ever reporting that it started, so its sync service is not listening on TCP
  port 8732 and the other nodes of every eSync relationship cannot reach this
  one.  The service typically gives up when it cannot reach the local
  workarea's web services.
fix        = Check that the workarea opens without an error on this server:
  cmslogin.aspx and /workarea/servercontrolws.asmx.  Fix whatever error they
  show first (configuration, license, database).
fix        = Restart the Ektron Windows Service.
fix        = Confirm the EktronL2 event log now records "Service started
  successfully" (that resolves this incident), and from the next node in the
  chain that "telnet <servername> 8732" connects.
ref        = https://codifice.dev/posts/2010-03-23-ektron-esync-error-servicechannel/

# --------------------------------------------------------------------------
# Relationship state and licensing (Optimizely/Ektron knowledge base)

[esync.invalid-server-index]
title      = Sync refused: the two databases have the same or an invalid server index
product    = esync
severity   = critical
formats    = entlib log4net plain eventlog
# KB 115004102743: "Invalid server index. Local server index: 1, Remote
# server index: 1" followed by "Local Exception:\nRemote Exception".
match      = \bInvalid\s+server\s+index\b
             (?:[\s\S]{0,80}?\bLocal\s+server\s+index\s*[:=]\s*(?<local_index>-?\d+))?
             (?:[\s\S]{0,80}?\bRemote\s+server\s+index\s*[:=]\s*(?<remote_index>-?\d+))?
group_by   = local_index remote_index
meaning    = Every database of an eSync relationship needs a server ID of its
  own: the server_index value in its settings table, from which eSync derives
  the ID range for content created there.  Here the two sides report the
  same (or an impossible) server index, so content IDs could collide and the
  sync refuses to run.  It usually follows a database restored or copied from
  another node of the relationship.
fix        = Back up every database of the relationship before changing
  anything.
fix        = In each database run "select server_index, share_index from
  settings": server_index must differ between all databases of the sync
  forest, share_index must be equal in all of them and larger than the
  largest server_index.
fix        = Give the database that took over another's number a free one with
  "update settings set server_index = <n>" (and raise share_index everywhere
  if <n> is not below it).
fix        = Restart the Ektron Windows Service on every node and run the sync
  again.
ref        = https://support.optimizely.com/hc/en-us/articles/115004102743-How-to-resolve-max-index-server-index-and-share-index-errors

[esync.license-key-invalid]
title      = eSync license key cannot be read or validated
product    = esync
severity   = error
formats    = entlib log4net plain eventlog
# KB 115004122286 quotes "Error reading/validating eSync license key"; the
# other wordings are the family the article describes (read or validated).
match      = \bError\s+(?:reading|validating)(?:\s*(?:/|or|and|&)\s*(?:reading|validating))?\s+
             (?:the\s+)?(?:eSync\s+)?license\s+key\b
match      = \b(?:eSync\s+)?license\s+key\s+(?:could|can)(?:\s*not|n't|n’t)\s+be\s+
             (?:read|validated)\b
meaning    = When a sync runs, the Ektron Windows Service checks the site and
  license information it stored for the relationship.  The Optimizely KB
  names a changed connection string as the quickest way to this error: both
  sites' connection strings are written into the database when the
  relationship is created, and when the site's current one no longer matches
  the stored one the check fails (other versions report "Faulted State", "no
  site details found" or a version mismatch instead).  It also appears when
  a node's license is not valid for eSync: the key must be current and carry
  the (S) or (EN) modifier.
fix        = If a web.config connection string was changed: back up the
  database and every database it syncs with, directly or through others.
fix        = In the scheduler table, edit the triggerAction column of the
  relationship row and of every profile row: make the connection strings in
  its <LocalSite> and <RemoteSite> elements match the web.config of each site
  (copying the XML to a text editor and back is the easy way).
fix        = Otherwise check the license key of each site (Workarea > Settings >
  Configuration > Setup): the complete key, unchanged and without extra
  spaces or line breaks, for this version (its suffix), with the (S) eSync or
  (EN) modifier.
fix        = Restart the Ektron Windows Service on every node and sync again.
ref        = https://support.optimizely.com/hc/en-us/articles/115004122286-How-to-modify-connection-strings-in-an-eSync-relationship
ref        = https://support.optimizely.com/hc/en-us/articles/115004103183-License-Requests-and-Types
ref        = http://www.skonet.com/Articles_Archive/Ektron_CMS400_Net_eSync.aspx

[esync.no-site-details]
title      = eSync finds no site details for the relationship (connection string changed)
product    = esync
severity   = error
formats    = entlib log4net plain eventlog
# KB 115004122286: "no site details found".
match      = \bNo\s+site\s+details?\s+(?:were\s+|was\s+|could\s+be\s+)?found\b
meaning    = The service looked up the site described in the stored
  relationship and found none.  The Optimizely KB gives the cause: the
  sending or receiving site's connection string was changed after the
  relationship was created, and the copy written into the database at that
  time (the scheduler table) no longer matches, so the sync fails.
fix        = Back up the database of this site and of every site it syncs with,
  directly or indirectly.
fix        = Open the scheduler table and, in the triggerAction column, fix the
  connection strings inside <LocalSite> and <RemoteSite> so that they equal
  the sites' web.config; do it for the relationship row and for each of its
  profiles, or new profiles keep the old data.
fix        = Restart the Ektron Windows Service on every node and run the sync
  again.
ref        = https://support.optimizely.com/hc/en-us/articles/115004122286-How-to-modify-connection-strings-in-an-eSync-relationship

# --------------------------------------------------------------------------
# WCF transport between the nodes (.NET resource text; English here, the
# exception names and ids are language-neutral)

[esync.address-filter-mismatch]
title      = eSync call rejected by the partner: WCF AddressFilter mismatch
product    = esync
severity   = error
formats    = entlib log4net plain eventlog
# WCF (System.ServiceModel) text: The message with To '<address>' cannot be
# processed at the receiver, due to an AddressFilter mismatch at the
# EndpointDispatcher.  Check that the sender and receiver's EndpointAddresses
# agree.  "AddressFilter" and "EndpointDispatcher" are type names and stay in
# English in localized .NET.  The To address is taken when it is quoted
# before them or, as in the Chinese and Japanese texts, right after.
match      = \bAddressFilter\b[\s\S]{0,80}?\bEndpointDispatcher\b[^"'‘’“”\n]{0,40}
             ["'‘’“”](?<to>[a-z][\w.+-]*://(?<host>[^/:\s"'‘’“”]+)[^\s"'‘’“”]*)["'‘’“”]
match      = (?:["'‘’“”](?<to>[a-z][\w.+-]*://(?<host>[^/:\s"'‘’“”]+)[^\s"'‘’“”]*)["'‘’“”]
             [\s\S]{0,200}?)?\bAddressFilter\b[\s\S]{0,80}?\bEndpointDispatcher\b
meaning    = The partner's sync service received the call but refused it: the
  address this node wrote into the message (To) is not one its endpoint
  answers to.  With eSync that happens when a node is addressed by another
  name than the one its service is configured with (an IP address, an alias
  or a short name instead of the full one, or a load balancer, NAT or proxy
  that rewrites the address).  No sync with that node is possible until both
  ends agree on the address.  The cause is WCF's documented behaviour; no
  Ektron article describing it was found.
fix        = Compare the To address in the message with the endpoint and base
  addresses in the partner's Ektron.ASM.EktronServices30.exe.config (40 for
  later versions) in the Ektron Windows Service folder.
fix        = Make this node reach the partner under exactly that name: DNS or
  hosts entries, the server name used in the sync relationship, and no
  device between them that changes the address.
fix        = Restart the Ektron Windows Service on both nodes and run the sync
  again.
ref        = WCF (System.ServiceModel) message: "The message with To '...' cannot be processed at the receiver, due to an AddressFilter mismatch at the EndpointDispatcher"
ref        = https://webhelp.episerver.com/Ektron/documentation/documentation/wwwroot/cms400/v8.50/Reference/Mobile/Advanced/Content/eSync/eSync_using_intro.htm

[esync.endpoint-not-listening]
title      = No eSync service endpoint listening at the partner's net.tcp address
product    = esync
severity   = error
formats    = entlib log4net plain eventlog
# WCF EndpointNotFoundException text: There was no endpoint listening at
# net.tcp://host:8732/... that could accept the message.  This is often
# caused by an incorrect address or SOAP action.  eSync always uses port
# 8732, so an http(s) address counts only with that port.  When the inner
# error is a refused connection, esync.port-unreachable says it better.
match      = There\s+was\s+no\s+endpoint\s+listening\s+at\s+["'‘’“”]?
             (?<endpoint>net\.tcp://(?<host>[^/:\s"'‘’“”]+)(?::(?<port>\d+))?[^\s"'‘’“”]*?)["'‘’“”]?,?\s+
             that\s+could\s+accept\s+the\s+message
match      = There\s+was\s+no\s+endpoint\s+listening\s+at\s+["'‘’“”]?
             (?<endpoint>https?://(?<host>[^/:\s"'‘’“”]+):(?<port>8732)\b[^\s"'‘’“”]*?)["'‘’“”]?,?\s+
             that\s+could\s+accept\s+the\s+message
unless     = \bactively\s+refused\b|\b10061\b
group_by   = host
meaning    = The call reached the partner node but no sync service endpoint
  there accepted it at that address: the Ektron Windows Service is not
  running or did not open its endpoint (it can stop right after
  initializing), the two nodes run different eSync versions that expose
  different addresses, or the name leads to another machine.  eSync always
  uses TCP port 8732.  Nothing syncs with that node until its service
  listens.
fix        = On the partner, check that the Ektron Windows Service runs and that
  its EktronL2 event log shows "Service started successfully" after the last
  "Service initialized successfully"; restart it if not.
fix        = From this node run "telnet <partner> 8732"; a blank screen means
  the port is open (Ctrl+C, then restart the service you connected to).
fix        = Make sure both nodes run the same eSync version: compare
  Ektron.ASM.EktronServices30.exe and Ektron.Sync.Communication.dll in the
  Windows Service folders.
fix        = Check that the partner's name resolves to the partner itself from
  this node.
ref        = https://codifice.dev/posts/2010-03-23-ektron-esync-error-servicechannel/
ref        = https://webhelp.episerver.com/Ektron/documentation/documentation/wwwroot/cms400/v8.50/Reference/Mobile/Advanced/Content/eSync/eSync_using_intro.htm
