/*
 * genlog — write a large, realistic ConfigMgr 2007 site-server log for
 * `make bench`.
 *
 * The output is what a parent primary site (P01, server SCCMPRI01) with three
 * secondary sites writes into despool.log, sender.log and hman.log, with the
 * three components interleaved in time order as if the files had been merged:
 * SMS trailer records (`MESSAGE~  $$<COMP><MM-DD-YYYY hh:mm:ss.mmm+420>
 * <thread=TID (0xHEX)>`), CRLF line ends, `~` line breaks inside messages, a
 * few records wrapped over two physical lines, STATMSG lines, and the near
 * misses that surround real failures ("Will retry instruction ...", "use the
 * existing connection").
 *
 * About one record in 20,000 is a failure from the ConfigMgr catalog
 * (patterns/configmgr.sig).  Each failure record is one physical line and
 * yields exactly one signature, so line-oriented tools and syncwatch can be
 * held to the same count.  The summary on standard error says how many of
 * each kind were written:
 *
 *   genlog: mb=256 bytes=N lines=N records=N errors=N
 *   genlog: kind KIND SIGNATURE-ID COUNT
 *
 * Usage: genlog [-s SEED] [MB]        log of about MB MiB on standard output
 *        genlog -x KIND               one example record of that kind
 *        genlog -l                    the kinds, one a line: KIND SIGNATURE-ID
 *
 * Deterministic: the same seed and size give the same bytes on every host.
 * No dependencies beyond the C library (built with `cc -O2`).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ERROR_EVERY	20000		/* one failure per this many records */
#define INSTALL		"C:\\SMS"
#define BIAS		420		/* minutes, Windows sign: UTC = local + bias */

/* --- deterministic random numbers (xorshift64*) --- */

static uint64_t rng_state = 0x5eed5eed2016ULL;

static uint32_t
rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545F4914F6CDD1DULL) >> 32);
}

/* 0 .. n-1 */
static unsigned
rn(unsigned n)
{
	return (unsigned)(((uint64_t)rnd() * n) >> 32);
}

static const char *
pick(const char *const *v, size_t n)
{
	return v[rn((unsigned)n)];
}
#define PICK(v)	pick((v), sizeof(v) / sizeof((v)[0]))

/* --- the sites --- */

struct site {
	const char	*code;
	const char	*server;
};

static const struct site children[] = {
	{ "S02", "SEC01" }, { "S03", "SEC02" }, { "S04", "SEC03" },
	{ "S05", "BRANCH-SEC04" },
};
static const struct site parent = { "CEN", "CENSRV01" };
#define NCHILD	(sizeof(children) / sizeof(children[0]))

static const struct site *
any_site(void)
{
	/* Most traffic is with the children, some with the central site. */
	return rn(6) == 0 ? &parent : &children[rn(NCHILD)];
}

/* --- output --- */

static struct {
	uint64_t	 bytes;
	uint64_t	 lines;
	uint64_t	 records;
	int64_t		 now_ms;	/* local time, ms since 1970 */
} out;

static char msg[4096];		/* message being built */
static size_t msglen;

static void
m_reset(void)
{
	msglen = 0;
	msg[0] = '\0';
}

static void
m_add(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(msg + msglen, sizeof(msg) - msglen, fmt, ap);
	va_end(ap);
	if (n > 0)
		msglen += (size_t)n < sizeof(msg) - msglen ?
		    (size_t)n : sizeof(msg) - msglen - 1;
}

/* Civil date from days since 1970-01-01 (proleptic Gregorian). */
static void
civil(int64_t days, int *y, int *mo, int *d, int *wday)
{
	int64_t z = days + 719468, era, doe, yoe, doy, mp;

	*wday = (int)((days % 7 + 11) % 7);	/* 1970-01-01 was a Thursday */
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*mo = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*mo <= 2));
}

struct tm_ms {
	int	y, mo, d, wday, h, mi, s, ms;
};

static void
split(int64_t ms, struct tm_ms *t)
{
	int64_t sec = ms / 1000, days = sec / 86400, r = sec % 86400;

	civil(days, &t->y, &t->mo, &t->d, &t->wday);
	t->h = (int)(r / 3600);
	t->mi = (int)(r / 60 % 60);
	t->s = (int)(r % 60);
	t->ms = (int)(ms % 1000);
}

/* "Mon Aug 22 11:15:01.963 2016", the GMTDATE of a status message. */
static const char *
gmtdate(void)
{
	static const char *const wd[] =
	    { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const mn[] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	static char b[64];
	struct tm_ms t;

	split(out.now_ms + (int64_t)BIAS * 60000, &t);
	snprintf(b, sizeof(b), "%s %s %02d %02d:%02d:%02d.%03d %d",
	    wd[t.wday], mn[t.mo - 1], t.d, t.h, t.mi, t.s, t.ms, t.y);
	return b;
}

/* "8/22/2016 4:20:01 AM", local time ms from now. */
static const char *
localdate_us(int64_t ahead_ms)
{
	static char b[64];
	struct tm_ms t;
	int h12;

	split(out.now_ms + ahead_ms, &t);
	h12 = t.h % 12 == 0 ? 12 : t.h % 12;
	snprintf(b, sizeof(b), "%d/%d/%d %d:%02d:%02d %s", t.mo, t.d, t.y,
	    h12, t.mi, t.s, t.h < 12 ? "AM" : "PM");
	return b;
}

static void
tick(unsigned max_ms)
{
	out.now_ms += 1 + rn(max_ms);
}

/*
 * Write the message built in msg as one record of comp/tid.  wrap > 0 puts a
 * physical CRLF line break after that many message bytes (a record wrapped
 * over two lines, as long messages sometimes are).
 */
static void
emit(const char *comp, unsigned tid, size_t wrap)
{
	char line[4096 + 256];
	struct tm_ms t;
	int n;

	split(out.now_ms, &t);
	if (wrap > 0 && wrap < msglen) {
		fwrite(msg, 1, wrap, stdout);
		fwrite("\r\n", 1, 2, stdout);
		out.lines++;
		out.bytes += wrap + 2;
		n = snprintf(line, sizeof(line), "%s", msg + wrap);
	} else
		n = snprintf(line, sizeof(line), "%s", msg);
	n += snprintf(line + n, sizeof(line) - (size_t)n,
	    "  $$<%s><%02d-%02d-%04d %02d:%02d:%02d.%03d+%d>"
	    "<thread=%u (0x%X)>\r\n", comp, t.mo, t.d, t.y, t.h, t.mi, t.s,
	    t.ms, BIAS, tid, tid);
	fwrite(line, 1, (size_t)n, stdout);
	out.bytes += (uint64_t)n;
	out.lines++;
	out.records++;
}

/* --- names that vary --- */

static const char *
ins_name(void)
{
	static const char b36[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	static char b[32];
	int i;

	if (rn(2) == 0) {
		snprintf(b, sizeof(b), "%08X.ins", rnd() & 0xFFFFF);
		return b;
	}
	memcpy(b, "ds_", 3);
	for (i = 0; i < 5; i++)
		b[3 + i] = b36[rn(36)];
	memcpy(b + 8, rn(8) == 0 ? ".ist" : ".ins", 5);
	return b;
}

static const char *
job_id(void)
{
	static const char b36[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	static char b[8];
	int i;

	for (i = 0; i < 5; i++)
		b[i] = b36[rn(36)];
	b[5] = '\0';
	return b;
}

static const char *const ins_types[] = {
	"PACKAGE", "PACKAGE", "PACKAGE", "STATUS", "STATUS", "TRANSFER",
	"SITECONTROL", "OFFER",
};

/* --- the three components --- */

#define TID_DESPOOL	2316u
#define TID_SENDER	3412u
#define TID_HMAN	1980u
#define PID_SMSEXEC	1804u

static unsigned sender_threads[] = { 4120u, 5632u, 2980u, 6044u, 812u };

struct despool {
	int		 step;
	int		 last;
	char		 ins[64];
	const char	*type;
	const struct site *from;
	char		 pkg[16];
	unsigned	 version;
};

static void
statmsg(unsigned id, char sev, const char *comp, unsigned tid,
    const char *istr0, const char *istr1)
{
	m_add("STATMSG: ID=%u SEV=%c LEV=M SOURCE=\"SMS Server\" COMP=\"%s\" "
	    "SYS=SCCMPRI01 SITE=P01 PID=%u TID=%u GMTDATE=%s ISTR0=\"%s\" "
	    "ISTR1=\"%s\" ISTR2=\"\" ISTR3=\"\" ISTR4=\"\" ISTR5=\"\" ISTR6=\"\" "
	    "ISTR7=\"\" ISTR8=\"\" ISTR9=\"\" NUMATTRS=0", id, sev, comp,
	    PID_SMSEXEC, tid, gmtdate(), istr0, istr1);
}

static void
despool_step(struct despool *d)
{
	const char *rx = INSTALL "\\inboxes\\despoolr.box\\receive\\";
	const char *comp = "SMS_DESPOOLER";

	m_reset();
	switch (d->step) {
	case 0:
		tick(rn(4) == 0 ? 300000 : 20000);	/* idle between jobs */
		m_add("Waiting for ready instruction file....~");
		break;
	case 1:
		tick(40);
		snprintf(d->ins, sizeof(d->ins), "%s", ins_name());
		d->type = PICK(ins_types);
		d->from = any_site();
		snprintf(d->pkg, sizeof(d->pkg), "%s%05X", d->from->code,
		    0x40 + rn(0x400));
		d->version = 1 + rn(9);
		m_add("Received instruction %s%s~", rx, d->ins);
		break;
	case 2:
		tick(30);
		m_add("Verifying signature for instruction %s%s of type "
		    "MICROSOFT|SMS|MINIJOBINSTRUCTION|%s", rx, d->ins, d->type);
		break;
	case 3:
		tick(10);
		m_add("CPublicKeyLookup::CPublicKeyLookup(\"%s\")",
		    d->from->code);
		break;
	case 4:
		tick(20);
		m_add("CPublicKeyLookup::GetNextKey() Checking "
		    INSTALL "\\inboxes\\hman.box\\pubkey\\%s.pkc for Key0",
		    d->from->code);
		break;
	case 5:
		tick(10);
		m_add("CPublicKeyLookup::GetNextKey() Found Key:");
		break;
	case 6:
		tick(20);
		m_add("Executing instruction of type "
		    "MICROSOFT|SMS|MINIJOBINSTRUCTION|%s~", d->type);
		break;
	case 7:
		tick(40);
		if (strcmp(d->type, "PACKAGE") == 0)
			m_add("~Received package %s version %u. Compressed "
			    "file -  %sPKG%s.PCK.%u as C:\\SMSPKG\\%s.PCK",
			    d->pkg, d->version, rx, job_id(), d->version,
			    d->pkg);
		else
			m_add("Instruction %s%s processed~", rx, d->ins);
		break;
	case 8:
		tick(20);
		if (strcmp(d->type, "PACKAGE") == 0)
			m_add("Old package storage path is C:\\SMSPKG\\%s.PCK",
			    d->pkg);
		else
			m_add("Deleted instruction file %s%s", rx, d->ins);
		break;
	case 9:
		tick(10);
		if (strcmp(d->type, "PACKAGE") == 0)
			m_add("Use drive C for storing the compressed "
			    "package.~");
		else
			m_add("~Despooler is processing %s from site %s~  "
			    "Instruction priority: %u~  Retry count: 0",
			    d->type, d->from->code, 1 + rn(3));
		break;
	case 10:
		tick(1500);
		statmsg(4400, 'I', comp, TID_DESPOOL, d->pkg, "3");
		break;
	default:
		tick(20);
		m_add("Despooler successfully executed one instruction.~");
		d->step = 0;
		emit(comp, TID_DESPOOL, 0);
		return;
	}
	d->step++;
	emit(comp, TID_DESPOOL, 0);
}

struct sender {
	int		 step;
	char		 job[8];
	char		 req[16];
	const struct site *to;
	unsigned	 thread;
	char		 pkg[16];
	unsigned	 version;
	unsigned	 used;
};

static void
sender_step(struct sender *s)
{
	const char *comp = "SMS_LAN_SENDER";
	const char *tosend = INSTALL "\\inboxes\\schedule.box\\tosend\\";
	unsigned tid = TID_SENDER;

	m_reset();
	switch (s->step) {
	case 0:
		tick(rn(3) == 0 ? 60000 : 5000);
		s->used = rn(3);
		m_add("Checking for sending capacity.  Used %u out of 5.~",
		    s->used);
		break;
	case 1:
		tick(30);
		snprintf(s->job, sizeof(s->job), "%s", job_id());
		s->to = any_site();
		snprintf(s->req, sizeof(s->req), "%08X", rnd() & 0xFFFFF);
		s->thread = sender_threads[rn(5)];
		snprintf(s->pkg, sizeof(s->pkg), "P01%05X", 0x40 + rn(0x400));
		s->version = 1 + rn(9);
		m_add("Found send request.  ID: %s, Dest Site: %s~", s->job,
		    s->to->code);
		break;
	case 2:
		tick(10);
		m_add("Checking for site-specific sending capacity.  Used %u "
		    "out of %u.~", s->used, 3 + rn(3));
		break;
	case 3:
		tick(10);
		m_add("Trying the No. 1 address (out of 1)~");
		break;
	case 4:
		tick(20);
		m_add("Created sending thread (Thread ID = 0x%X)~", s->thread);
		break;
	case 5:
		tick(20);
		tid = s->thread;
		m_add("Sending thread starting for Job: %s, priority: %u, "
		    "dest: %s, Request ID: %s~", s->job, 1 + rn(3),
		    s->to->code, s->req);
		break;
	case 6:
		tick(30);
		tid = s->thread;
		if (rn(2) == 0)
			m_add("~Passed the xmit file test, use the existing "
			    "connection~");
		else
			m_add("~Connecting to ~\\\\%s\\SMS_SITE\\",
			    s->to->server);
		break;
	case 7:
		tick(200);
		tid = s->thread;
		m_add("~Sending file %s%s.P%s~", tosend, s->req,
		    s->to->code + 1);
		break;
	case 8:
		tick(3000);
		tid = s->thread;
		m_add("Sending completed [%s%s.P%s]~", tosend, s->req,
		    s->to->code + 1);
		break;
	case 9:
		tick(30);
		tid = s->thread;
		m_add("~Finished sending SWD package %s version %u to site "
		    "%s~", s->pkg, s->version, s->to->code);
		break;
	case 10:
		tick(20);
		tid = s->thread;
		m_add("~Sending thread complete~");
		break;
	default:
		tick(20);
		m_add("Deleted the job files for request %s~", s->req);
		s->step = 0;
		emit(comp, tid, 0);
		return;
	}
	s->step++;
	emit(comp, tid, 0);
}

struct hman {
	int		 step;
	char		 ct[16];
	const struct site *site;
	unsigned	 serial;
};

static void
hman_step(struct hman *h)
{
	const char *comp = "SMS_HIERARCHY_MANAGER";
	const char *box = INSTALL "\\inboxes\\hman.box";
	static const char b36[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	int i;

	m_reset();
	switch (h->step) {
	case 0:
		tick(rn(2) == 0 ? 600000 : 30000);
		m_add("Waiting for changes to the \"%s\" or \"%s\\sites\" "
		    "directories, updates will be polled in 600 seconds...~",
		    box, box);
		break;
	case 1:
		tick(50);
		h->site = &children[rn(NCHILD)];
		for (i = 0; i < 8; i++)
			h->ct[i] = b36[rn(36)];
		memcpy(h->ct + 8, ".CT2", 5);
		h->serial = 100 + rn(900);
		m_add("Processing site control file: Site %s File %s\\%s",
		    h->site->code, box, h->ct);
		break;
	case 2:
		tick(100);
		m_add("~Update the Sites table: Site=%s Parent=P01, "
		    "Updated=1~  Server=%s, Serial number %u~",
		    h->site->code, h->site->server, h->serial);
		break;
	case 3:
		tick(40);
		/* Long enough to be written over two physical lines. */
		m_add("The current site status for site %s (%s) is ACTIVE; "
		    "site control file serial number %u has been applied to "
		    "the site database and will be replicated to child sites",
		    h->site->code, h->site->server, h->serial);
		tick(20);
		emit(comp, TID_HMAN, rn(3) == 0 ? 72 : 0);
		h->step++;
		return;
	case 4:
		tick(30);
		m_add("Checking configuration information for server: "
		    "%s.~", h->site->server);
		break;
	case 5:
		tick(30);
		m_add("Checking configuration information for site: %s.~",
		    h->site->code);
		break;
	case 6:
		tick(500);
		statmsg(3306, 'I', comp, TID_HMAN, h->ct, h->site->code);
		break;
	default:
		tick(20);
		m_add("Processing site control file %s\\%s completed.~", box,
		    h->ct);
		h->step = 0;
		emit(comp, TID_HMAN, 0);
		return;
	}
	h->step++;
	emit(comp, TID_HMAN, 0);
}

/* --- the failures (one physical line, one signature each) --- */

struct kind {
	const char	*name;
	const char	*sig;
	uint64_t	 count;
};

static struct kind kinds[] = {
	{ "public-key-missing", "configmgr.despool.public-key-missing", 0 },
	{ "key-exchange-untrusted", "configmgr.despool.key-exchange-untrusted",
	    0 },
	{ "statmsg-4404", "configmgr.status.4404", 0 },
	{ "statmsg-4405", "configmgr.status.4405", 0 },
	{ "cannot-connect", "configmgr.sender.cannot-connect", 0 },
	{ "no-existing-connection", "configmgr.sender.no-connection", 0 },
	{ "could-not-establish", "configmgr.sender.no-connection", 0 },
	{ "attempt-to-connect-failed", "configmgr.sender.no-connection", 0 },
	{ "instruction-retry", "configmgr.despool.instruction-retry", 0 },
};
#define K_RETRY	8	/* also written after every public-key-missing */
#define NKIND	(sizeof(kinds) / sizeof(kinds[0]))

/* Write failure k, with the routine lines that follow it in real logs. */
static void
failure(unsigned k)
{
	const char *rx = INSTALL "\\inboxes\\despoolr.box\\receive\\";
	const struct site *s = &children[rn(NCHILD)];
	char ins[64], path[128];
	unsigned thr = sender_threads[rn(5)];

	snprintf(ins, sizeof(ins), "%s", ins_name());
	snprintf(path, sizeof(path), "%s%s", rx, ins);
	kinds[k].count++;
	m_reset();
	tick(30);
	switch (k) {
	case 0:
		m_add("Cannot find a public key for instruction %s incoming "
		    "from site %s, retry it later", path, s->code);
		emit("SMS_DESPOOLER", TID_DESPOOL, 0);
		m_reset();
		tick(15);
		m_add("Will retry instruction %s 100 more times, the next "
		    "retry is in about 5 minutes", path);
		emit("SMS_DESPOOLER", TID_DESPOOL, 0);
		kinds[K_RETRY].count++;
		m_reset();
		tick(15);
		m_add("Instruction %s won't be processed till %s Pacific "
		    "Daylight Time", path, localdate_us(300000));
		emit("SMS_DESPOOLER", TID_DESPOOL, 0);
		break;
	case 1:
		m_add("Cannot find valid public key for key exchange "
		    "instruction coming from site %s", s->code);
		emit("SMS_DESPOOLER", TID_DESPOOL, 0);
		m_reset();
		tick(5);
		m_add("Retry the instruction (%s) because this site does not "
		    "allow untrusted child sites.", path);
		emit("SMS_DESPOOLER", TID_DESPOOL, 0);
		break;
	case 2:
		statmsg(4404, 'W', "SMS_DESPOOLER", TID_DESPOOL, path, s->code);
		emit("SMS_DESPOOLER", TID_DESPOOL, 0);
		break;
	case 3:
		statmsg(4405, 'E', "SMS_DESPOOLER", TID_DESPOOL, path, s->code);
		emit("SMS_DESPOOLER", TID_DESPOOL, 0);
		break;
	case 4:
		m_add("Cannot connect to server %s at remote site %s, won't "
		    "try send requests going to site %s for an hour or until "
		    "there are no active send requests.", s->server, s->code,
		    s->code);
		emit("SMS_LAN_SENDER", thr, 0);
		break;
	case 5:
		m_add("~There is no existing connection, Win32 error = 2250~");
		emit("SMS_LAN_SENDER", thr, 0);
		break;
	case 6:
		m_add("~Could not establish connection to \\\\%s\\SMS_SITE\\, "
		    "Win32 error = 53~", s->server);
		emit("SMS_LAN_SENDER", thr, 0);
		break;
	case 7:
		m_add("~Attempt to connect failed~");
		emit("SMS_LAN_SENDER", thr, 0);
		break;
	default:
		m_add("Will retry instruction %s %u more times, the next "
		    "retry is in about 5 minutes", path, 1 + rn(99));
		emit("SMS_DESPOOLER", TID_DESPOOL, 0);
		break;
	}
}

static int
find_kind(const char *name)
{
	unsigned k;

	for (k = 0; k < NKIND; k++)
		if (strcmp(kinds[k].name, name) == 0)
			return (int)k;
	return -1;
}

static void
usage(void)
{
	fprintf(stderr, "usage: genlog [-s SEED] [MB]\n"
	    "       genlog -x KIND\n"
	    "       genlog -l\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	static char obuf[1 << 20];
	struct despool d = { 0 };
	struct sender s = { 0 };
	struct hman h = { 0 };
	uint64_t target, next_error;
	unsigned long mb = 256;
	unsigned k, c;
	char *end;
	int i = 1;

	/* 2016-08-22 04:10:01.604 local (UTC-7). */
	out.now_ms = (int64_t)17035 * 86400000 + (4 * 3600 + 10 * 60 + 1) *
	    (int64_t)1000 + 604;
	if (argc == 2 && strcmp(argv[1], "-l") == 0) {
		for (k = 0; k < NKIND; k++)
			printf("%s %s\n", kinds[k].name, kinds[k].sig);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "-x") == 0) {
		int kk = find_kind(argv[2]);

		if (kk < 0) {
			fprintf(stderr, "genlog: unknown kind '%s'\n", argv[2]);
			return 2;
		}
		/* Only the failure record itself, not what follows it. */
		failure((unsigned)kk);
		return fflush(stdout) == 0 ? 0 : 2;
	}
	if (argc > i + 1 && strcmp(argv[i], "-s") == 0) {
		rng_state = strtoull(argv[i + 1], &end, 0);
		if (*end != '\0' || rng_state == 0)
			usage();
		i += 2;
	}
	if (argc > i + 1)
		usage();
	if (argc == i + 1) {
		mb = strtoul(argv[i], &end, 10);
		if (*end != '\0' || mb == 0 || mb > 1024 * 1024)
			usage();
	}
	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	target = (uint64_t)mb << 20;
	next_error = 1 + rn(2 * ERROR_EVERY);
	while (out.bytes < target) {
		if (out.records >= next_error) {
			failure(rn(NKIND));
			next_error = out.records + 1 + rn(2 * ERROR_EVERY);
			continue;
		}
		c = rn(100);
		if (c < 45)
			despool_step(&d);
		else if (c < 88)
			sender_step(&s);
		else
			hman_step(&h);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("genlog: standard output");
		return 2;
	}
	{
		uint64_t errors = 0;

		for (k = 0; k < NKIND; k++)
			errors += kinds[k].count;
		fprintf(stderr, "genlog: mb=%lu bytes=%llu lines=%llu "
		    "records=%llu errors=%llu\n", mb,
		    (unsigned long long)out.bytes,
		    (unsigned long long)out.lines,
		    (unsigned long long)out.records,
		    (unsigned long long)errors);
		for (k = 0; k < NKIND; k++)
			fprintf(stderr, "genlog: kind %s %s %llu\n",
			    kinds[k].name, kinds[k].sig,
			    (unsigned long long)kinds[k].count);
	}
	return 0;
}
