// The dashboard in real headless Chromium against the real daemon.
//
// Starts ./syncwatch (built with make unless $SYNCWATCH names a binary) on a
// free loopback port with a token file and one ConfigMgr source read from its
// beginning, then drives /usr/bin/chromium (or $CHROMIUM) through
// playwright-core: the live update of the dashboard without a reload, the
// incident page and its acknowledge button over the API, hostile log text
// shown literally and never run (also with the CSP switched off in the
// browser, so escaping and not only the CSP is what is tested), the pages
// with JavaScript off, and an incident syncwatch resolved itself (seeded into
// the state database before the daemon starts: its resolution badge and the
// notes and escalation in its history).  The steps run in order and share one daemon; each
// waits on a condition (Playwright's auto-wait), never a fixed sleep (the one
// bounded wait: (h) needs a page to have been open for 12 s, which the steps
// before it normally take anyway).
//
// Run: cd tests/browser && npm ci && node --test dashboard.test.mjs
// Artifacts in tests/browser/out/: dashboard.png, daemon.log.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, createWriteStream, mkdirSync, mkdtempSync, readFileSync,
	rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const top = resolve(here, '../..');
const outDir = join(here, 'out');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const WAIT_MS = 20000;			// one live update: quiet period + a 3 s poll, with room

const tokenName = 'ops';
const apiToken = randomBytes(16).toString('hex');
const hostile = '<script>window.__pwned=1;alert(1)</script>' +
	'<img src=x onerror="window.__pwned=2;alert(2)">';
const despoolSig = 'configmgr.despool.public-key-missing';

let tmp, logFile, senderLog, base, daemon, daemonLog, browser;
let daemonExit = null;
let healedId;		// the seeded self-healed incident

// Its history notes; the recovery note quotes a log line, so it is hostile.
const healedNotes = {
	threshold: 'threshold: 3 hits within 20m',
	recovered: `recovered: Event raised again ${hostile}`,
	escalated: 'critical after 100 hits',
	selfHealed: 'self-healed: no hit for 10m',
};

// A CRLF despooler record for instruction file NAME.ins from site SITE
// (signature configmgr.despool.public-key-missing, grouped by site).
function hitLine(site, name) {
	return 'Cannot find a public key for instruction ' +
		`C:\\SMS\\inboxes\\despoolr.box\\receive\\${name}.ins incoming from site ${site}, ` +
		'retry it later~  $$<SMS_DESPOOLER><08-22-2016 04:15:01.917+420><thread=2316 (0x90C)>\r\n';
}

// The sender's records: a warning (configmgr.sender.no-connection) and an
// error (configmgr.sender.cannot-connect, grouped by site).
const senderWarning = '~Attempt to connect failed.  $$<SMS_LAN_SENDER><08-22-2016 05:02:32.442+420>' +
	'<thread=8012 (0x1F4C)>\r\n';
const senderError = '~Cannot connect to server SCCMSEC02 at remote site S02, won\'t try send requests ' +
	'going to site S02 for an hour or until there are no active send requests.  ' +
	'$$<SMS_LAN_SENDER><08-22-2016 05:02:33.458+420><thread=8012 (0x1F4C)>\r\n';

// axe-core, run inside a page (page.evaluate is not subject to its CSP).
const axeSource = readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

// Every axe-core violation on the page, WCAG 2.x A and AA and best
// practice: none allowed.
// Without JavaScript the dashboard reloads itself every 10 s: a run the
// reload cut short is run again on the new page.
async function assertAccessible(p, what) {
	let r;
	for (let tries = 0; ; tries++) {
		try {
			await p.evaluate(axeSource);
			r = await p.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
			break;
		} catch (e) {
			if (tries === 2 || !/context was destroyed|navigat/i.test(String(e)))
				throw e;
			await p.waitForLoadState('load');
		}
	}
	assert.deepEqual(r.violations.map((v) => `${v.id} (${v.impact}): ` +
		v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`.replace(/\s+/g, ' ')).join(' | ')),
	[], `${what}: axe-core violations`);
}

// Poll fn until it returns a truthy value (WAIT_MS at most).
async function until(fn, what) {
	const end = Date.now() + WAIT_MS;
	for (;;) {
		const v = await fn();
		if (v)
			return v;
		if (Date.now() > end)
			throw new Error(`timed out: ${what}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

// The groups of the incident table: signature, the head's count (null
// without a head) and the ids of its rows, in page order.
function groupsOf(p) {
	return p.$$eval('#incidents tbody.group', (tbs) => tbs.map((tb) => ({
		signature: tb.getAttribute('data-signature'),
		head: tb.querySelector('tr.group-head')?.textContent.replace(/\s+/g, ' ').trim() ?? null,
		ids: [...tb.querySelectorAll('tr.incident')].map((tr) => tr.getAttribute('data-id')),
	})));
}

function freePort() {
	return new Promise((ok, fail) => {
		const srv = createServer();
		srv.on('error', fail);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => ok(port));
		});
	});
}

function daemonTail() {
	try {
		return readFileSync(join(outDir, 'daemon.log'), 'utf8').split('\n').slice(-40).join('\n');
	} catch {
		return '(no daemon log)';
	}
}

function sqlText(s) {
	return s === null ? 'NULL' : `'${String(s).replaceAll("'", "''")}'`;
}

// An EPiServer incident as the incident rules leave it after it opened at a
// threshold, recovered, opened again, was escalated and then self-healed:
// written with sqlite3 into the database the daemon made (read-only
// commands never make one).  Returns its id.
function seedSelfHealed(bin, stateDir) {
	const t = Date.now() - 60 * 60 * 1000;
	const min = 60 * 1000;
	const history = [
		[t, 'open', null, healedNotes.threshold],
		[t + 5 * min, 'resolved', 'syncwatch', healedNotes.recovered],
		[t + 10 * min, 'open', null, null],
		[t + 20 * min, 'escalated', 'syncwatch', healedNotes.escalated],
		[t + 40 * min, 'resolved', 'syncwatch', healedNotes.selfHealed],
	];
	const sql = [
		'INSERT INTO incidents (signature, source, key, fields, severity, first_seen, ' +
			'last_seen, count, state, state_changed_at, state_by, product, resolution) VALUES (' +
			[sqlText('episerver.event-raise-failed'), sqlText('episerver'), sqlText('{}'),
				sqlText('{"server":"WEB02"}'), sqlText('critical'), t, t + 30 * min, 100,
				sqlText('resolved'), t + 40 * min, sqlText('syncwatch'), sqlText('episerver'),
				sqlText('self-healed')].join(', ') + ');',
		'SELECT last_insert_rowid();',
		...history.map(([at, state, by, note]) => 'INSERT INTO history (incident_id, at, state, by, note) ' +
			`VALUES ((SELECT max(id) FROM incidents), ${at}, ` +
			`${sqlText(state)}, ${sqlText(by)}, ${sqlText(note)});`),
	].join('\n');
	const out = execFileSync('sqlite3', [join(stateDir, 'syncwatch.db')], { input: sql, encoding: 'utf8' });
	return out.trim();
}

async function waitHealthy(deadlineMs) {
	const end = Date.now() + deadlineMs;
	for (;;) {
		if (daemonExit !== null)
			throw new Error(`the daemon exited (${daemonExit}) before /healthz answered:\n${daemonTail()}`);
		try {
			const r = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1000) });
			if (r.status === 200)
				return;
		} catch {
			// not listening yet
		}
		if (Date.now() > end)
			throw new Error(`no 200 from /healthz in ${deadlineMs} ms:\n${daemonTail()}`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

async function api(path) {
	const r = await fetch(base + path, { signal: AbortSignal.timeout(5000) });
	assert.equal(r.status, 200, `GET ${path}`);
	return r.json();
}

// The incident of the public-key signature for SITE, from the API.
async function incidentOf(site) {
	const all = [];
	for (const state of ['open', 'acknowledged', 'resolved'])
		all.push(...(await api(`/api/v1/incidents?state=${state}&limit=500`)).incidents);
	const found = all.filter((i) => i.signature === despoolSig && i.fields && i.fields.site === site);
	assert.equal(found.length, 1, `one incident for site ${site}`);
	return found[0];
}

// A context whose pages record what must not happen: dialogs, uncaught
// errors, CSP violations (seen from inside the page, as events), console
// errors.  Playwright's init scripts run outside the page's CSP.
async function newContext(options = {}) {
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
	context.setDefaultTimeout(WAIT_MS);
	if (options.javaScriptEnabled !== false) {
		await context.addInitScript(() => {
			window.__csp = [];
			document.addEventListener('securitypolicyviolation', (e) => {
				window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI} ` +
					`from ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
			});
		});
	}
	const seen = { dialogs: [], pageErrors: [], consoleErrors: [], navigations: 0 };
	context.on('page', (page) => watch(page, seen));
	return { context, seen };
}

function watch(page, seen) {
	page.on('dialog', (d) => {
		seen.dialogs.push(`${d.type()}: ${d.message()}`);
		d.dismiss().catch(() => {});
	});
	page.on('pageerror', (e) => seen.pageErrors.push(String(e)));
	page.on('console', (m) => {
		if (m.type() === 'error')
			seen.consoleErrors.push(m.text());
	});
	page.on('framenavigated', (f) => {
		if (f === page.mainFrame())
			seen.navigations++;
	});
}

function assertClean(seen, what) {
	assert.deepEqual(seen.dialogs, [], `${what}: no dialog`);
	assert.deepEqual(seen.pageErrors, [], `${what}: no uncaught error`);
	const csp = seen.consoleErrors.filter((t) => /Content Security Policy|Refused to/i.test(t));
	assert.deepEqual(csp, [], `${what}: no CSP violation in the console`);
}

async function assertNoViolations(page, what) {
	assert.deepEqual(await page.evaluate(() => window.__csp), [], `${what}: no securitypolicyviolation`);
}

// The incident rows as plain data, to compare what the script renders with
// what the server renders.
function rowsOf(page) {
	return page.$$eval('#incidents tbody tr.incident', (trs) => trs.map((tr) => ({
		class: [...tr.classList].sort().join(' '),
		id: tr.getAttribute('data-id'),
		signature: tr.getAttribute('data-signature'),
		cells: [...tr.cells].map((td) => ({
			class: td.className,
			text: td.textContent.replace(/\s+/g, ' ').trim(),
			href: td.querySelector('a')?.getAttribute('href') ?? null,
			datetime: td.querySelector('time')?.getAttribute('datetime') ?? null,
		})),
	})));
}

function incidentRow(page, site) {
	return page.locator('#incidents tbody tr.incident')
		.filter({ has: page.locator('td.fields', { hasText: `site=${site}` }) });
}

async function waitText(page, selector, want) {
	await page.waitForFunction(([s, w]) => {
		const e = document.querySelector(s);
		return e !== null && e.textContent.trim() === w;
	}, [selector, want]);
}

// waitForFunction needs JavaScript in the page; without it, read and retry
// through Playwright's locator assertions instead.
async function waitTextNoJs(p, selector, want) {
	await p.locator(selector).filter({ hasText: new RegExp(`^\\s*${want}\\s*$`) }).waitFor();
}

before(async () => {
	mkdirSync(outDir, { recursive: true });
	let bin = process.env.SYNCWATCH;
	if (!bin) {
		execFileSync('make', ['-C', top, '--no-print-directory', 'syncwatch'],
			{ stdio: ['ignore', 2, 2] });
		bin = join(top, 'syncwatch');
	}

	tmp = mkdtempSync(join(tmpdir(), 'syncwatch-browser-'));
	mkdirSync(join(tmp, 'logs'));
	mkdirSync(join(tmp, 'state'));
	logFile = join(tmp, 'logs', 'despool.log');
	writeFileSync(logFile, '');
	senderLog = join(tmp, 'logs', 'sender.log');
	writeFileSync(senderLog, '');
	writeFileSync(join(tmp, 'tokens'), `# NAME TOKEN\n${tokenName} ${apiToken}\n`, { mode: 0o600 });
	const port = await freePort();
	base = `http://127.0.0.1:${port}`;
	const conf = join(tmp, 'syncwatch.conf');
	writeFileSync(conf, [
		'[daemon]',
		`state_dir = ${join(tmp, 'state')}`,
		`patterns = ${join(top, 'patterns')}`,
		`listen = 127.0.0.1:${port}`,
		`api_tokens = ${join(tmp, 'tokens')}`,
		'',
		'[source despool]',
		`path = ${logFile}`,
		'format = configmgr',
		'product = configmgr',
		'quiet = 300ms',
		'start_at = beginning',
		'',
		'[source sender]',
		`path = ${senderLog}`,
		'format = configmgr',
		'product = configmgr',
		'quiet = 300ms',
		'start_at = beginning',
		'',
	].join('\n'));

	daemonLog = createWriteStream(join(outDir, 'daemon.log'));
	daemon = spawn(bin, ['-v', 'daemon', '--config', conf, '--foreground'],
		{ stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, SYNCWATCH_WEB: process.env.SYNCWATCH_WEB || join(top, 'web') } });
	daemon.stdout.pipe(daemonLog, { end: false });
	daemon.stderr.pipe(daemonLog, { end: false });
	daemon.on('exit', (code, signal) => { daemonExit = signal || code; });
	await waitHealthy(15000);
	healedId = seedSelfHealed(bin, join(tmp, 'state'));
	assert.match(healedId, /^[0-9]+$/, `seeded incident id: ${healedId}`);

	// launch() gives every run a fresh temporary profile (user-data-dir),
	// removed on close; Playwright refuses --user-data-dir in args.
	browser = await chromium.launch({
		executablePath: chromiumPath,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
});

after(async () => {
	if (browser)
		await browser.close().catch(() => {});
	if (daemon && daemonExit === null) {
		const exited = new Promise((r) => daemon.once('exit', r));
		daemon.kill('SIGTERM');
		const timer = setTimeout(() => daemon.kill('SIGKILL'), 5000);
		await exited;
		clearTimeout(timer);
	}
	if (daemonLog)
		daemonLog.end();
	if (tmp)
		rmSync(tmp, { recursive: true, force: true });
});

// The steps run in order on one daemon; once one fails the rest are
// skipped rather than failing for the same reason.
let broken = null;
function step(name, fn, { alone = false } = {}) {
	test(name, async (t) => {
		if (broken && !alone) {
			t.skip(`an earlier step failed: ${broken}`);
			return;
		}
		try {
			await fn(t);
		} catch (e) {
			broken = name;
			throw e;
		}
	});
}

// Shared between the steps, in order.
let js;			// { context, seen } with JavaScript on
let page;		// its dashboard page
let watcher;		// a second dashboard left open, never navigated, all along
let watcherLoads = 0;	// its main-frame navigations
let watcherSince;	// when it loaded (ms)
let s02;		// the S02 incident (API object)

step('(a) the dashboard loads with the CSP and no incidents yet', async () => {
	js = await newContext();
	page = await js.context.newPage();
	const res = await page.goto(`${base}/`);
	assert.equal(res.status(), 200);
	const h = res.headers();
	const csp = h['content-security-policy'] || '';
	assert.match(csp, /default-src 'none'/, 'CSP header on /');
	assert.match(csp, /script-src 'self'/);
	assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
	assert.equal(h['x-content-type-options'], 'nosniff');
	assert.equal(await page.getAttribute('body', 'data-page'), 'dashboard');

	// The script has taken over: first poll done, the meta refresh gone.
	await page.locator('#updated').filter({ hasText: /^updated \d\d:\d\d:\d\d$/ }).waitFor();
	assert.equal(await page.locator('meta[http-equiv="refresh" i]').count(), 0, 'meta refresh removed');

	assert.equal(await page.locator('#incidents tbody tr.incident').count(), 0, 'no incident rows');
	await page.locator('#no-incidents').waitFor();
	await waitText(page, '#overall', 'OK');
	assert.equal(await page.getAttribute('#overall', 'class'), 'status-ok');
	for (const sev of ['critical', 'error', 'warning'])
		assert.equal((await page.textContent(`#count-${sev}`)).trim(), '0');
	await assertNoViolations(page, '/');
	assertClean(js.seen, '/');

	watcher = await js.context.newPage();
	watcher.on('framenavigated', (f) => {
		if (f === watcher.mainFrame())
			watcherLoads++;
	});
	await watcher.goto(`${base}/`);
	watcherSince = Date.now();
	await watcher.evaluate(() => { window.__sameDocument = true; });
});

step('(b) a new hit appears on the open dashboard without a reload', async () => {
	await page.evaluate(() => { window.__sameDocument = true; });
	const navigations = js.seen.navigations;

	appendFileSync(logFile, hitLine('S02', '00000042'));
	const row = incidentRow(page, 'S02');
	await row.waitFor({ timeout: WAIT_MS });

	assert.equal(await page.evaluate(() => window.__sameDocument), true, 'same document: no reload');
	assert.equal(js.seen.navigations, navigations, 'no navigation');
	s02 = await incidentOf('S02');
	assert.equal(await row.getAttribute('data-id'), String(s02.id));
	assert.equal(await row.getAttribute('data-signature'), despoolSig);
	const cls = (await row.getAttribute('class')).split(/\s+/);
	for (const c of ['incident', 'sev-critical', 'state-open'])
		assert.ok(cls.includes(c), `row class ${c}: ${cls}`);
	assert.equal((await row.locator('td.severity').textContent()).trim(), 'critical');
	assert.equal((await row.locator('td.count').textContent()).trim(), '1');
	assert.equal((await row.locator('td.state').textContent()).trim(), 'open');
	assert.equal((await row.locator('td.product').textContent()).trim(), 'configmgr');
	assert.equal((await row.locator('td.source').textContent()).trim(), 'despool');
	assert.equal(await row.locator('td.title a').getAttribute('href'), `/incidents/${s02.id}`);
	assert.equal(await row.locator('td.last-seen time').getAttribute('datetime'), s02.last_seen);

	await waitText(page, '#count-critical', '1');
	await waitText(page, '#overall', 'CRITICAL');
	assert.equal(await page.getAttribute('#overall', 'class'), 'status-critical');
	assert.equal(await page.locator('#no-incidents').count(), 0, '#no-incidents gone');
	await assertNoViolations(page, '/ live');
	assertClean(js.seen, '/ live');
});

step('(c) the incident page shows meaning, fix and samples', async () => {
	await incidentRow(page, 'S02').locator('td.title a').click();
	await page.waitForURL(`${base}/incidents/${s02.id}`);
	assert.equal(await page.getAttribute('body', 'data-page'), 'incident');
	assert.equal(await page.getAttribute('body', 'data-incident-id'), String(s02.id));

	const full = await api(`/api/v1/incidents/${s02.id}`);
	const norm = (s) => s.replace(/\s+/g, ' ').trim();
	assert.equal(norm(await page.textContent('#title')), norm(full.title));
	const meaning = norm(await page.textContent('#meaning'));
	assert.ok(meaning.length > 40, 'meaning shown');
	assert.equal(meaning, norm(full.meaning));
	const fix = await page.locator('#fix li').allTextContents();
	assert.ok(fix.length >= 1, 'fix steps shown');
	assert.deepEqual(fix.map(norm), full.fix.map(norm));

	const sample = page.locator('#samples tr').filter({ has: page.locator('td.text code') }).first();
	assert.match(await sample.locator('td.text code').textContent(),
		/Cannot find a public key for instruction C:\\SMS\\inboxes\\despoolr\.box\\receive\\00000042\.ins/);
	assert.match((await sample.locator('td.where').textContent()).trim(), /despool\.log:1$/);
	assert.equal(await page.locator('svg#timeline').count(), 1, 'timeline chart');
	await waitText(page, '#state', 'open');
	await assertNoViolations(page, 'incident page');
	assertClean(js.seen, 'incident page');
});

step('(d) acknowledge over the API: a wrong token is refused, the right one works', async () => {
	await page.evaluate(() => { window.__sameDocument = true; });
	const historyBefore = await page.locator('#history li').count();

	await page.fill('#token', 'not-the-token-but-long-enough');
	await page.click('#ack button');
	const refused = await fetch(`${base}/api/v1/incidents/${s02.id}/ack`, {
		method: 'POST', headers: { Authorization: 'Bearer not-the-token-but-long-enough' } });
	assert.equal(refused.status, 401);
	const { error } = await refused.json();
	await page.locator('#action-error').filter({ hasText: error }).waitFor();
	assert.equal((await page.textContent('#state')).trim(), 'open', 'still open after a 401');

	await page.fill('#token', apiToken);
	await page.click('#ack button');
	await waitText(page, '#state', 'acknowledged');
	assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no reload');
	await page.waitForFunction((n) => document.querySelectorAll('#history li').length > n, historyBefore);
	const last = (await page.locator('#history li').last().textContent()).replace(/\s+/g, ' ');
	assert.match(last, /acknowledged/);
	assert.match(last, new RegExp(`\\b${tokenName}\\b`), 'history names the token');

	const full = await api(`/api/v1/incidents/${s02.id}`);
	assert.equal(full.state, 'acknowledged');
	assert.equal(full.state_by, tokenName);

	// The server agrees after a reload, and the token was kept for the tab.
	await page.reload();
	await waitText(page, '#state', 'acknowledged');
	assert.equal(await page.inputValue('#token'), apiToken, 'token kept in sessionStorage');
	await assertNoViolations(page, 'incident ack');
	assertClean(js.seen, 'incident ack');
});

step('(e) hostile log text is shown literally and never runs', async () => {
	appendFileSync(logFile, hitLine('S03', `${hostile}00000043`));
	await page.goto(`${base}/`);
	// S03 joins S02's group (one signature): folded, so attached, not visible.
	const row = incidentRow(page, 'S03');
	await row.waitFor({ state: 'attached', timeout: WAIT_MS });
	const s03 = await incidentOf('S03');
	assert.ok(s03.fields.path.includes(hostile), `the path field carries the payload: ${s03.fields.path}`);

	const checkDashboard = async (p, what) => {
		const fields = await incidentRow(p, 'S03').locator('td.fields').textContent();
		assert.ok(fields.includes(hostile), `${what}: payload shown literally: ${fields}`);
		assert.equal(await p.evaluate(() => window.__pwned), undefined, `${what}: nothing ran`);
		assert.equal(await p.locator('#incidents img, #incidents script').count(), 0, `${what}: no element made`);
	};
	// Server-rendered rows (straight after load), then the script's own
	// rendering once a poll has replaced them.
	await checkDashboard(page, 'dashboard');
	await page.evaluate(() => { document.getElementById('updated').textContent = ''; });
	await page.locator('#updated').filter({ hasText: /^updated / }).waitFor();
	await checkDashboard(page, 'dashboard after a poll');
	await assertNoViolations(page, 'hostile dashboard');

	await page.screenshot({ path: join(outDir, 'dashboard.png'), fullPage: true });

	const ip = await js.context.newPage();
	await ip.goto(`${base}/incidents/${s03.id}`);
	const code = await ip.locator('#samples td.text code').allTextContents();
	assert.ok(code.some((t) => t.includes(hostile)), `sample shown literally: ${code}`);
	assert.equal(await ip.evaluate(() => window.__pwned), undefined);
	assert.equal(await ip.locator('main img, body > img, #samples img, #samples script').count(), 0);
	await assertNoViolations(ip, 'hostile incident page');
	await ip.close();
	assertClean(js.seen, 'hostile pages');

	// The same with the browser ignoring the CSP: escaping alone must hold.
	const open = await newContext({ bypassCSP: true });
	for (const path of ['/', `/incidents/${s03.id}`]) {
		const p = await open.context.newPage();
		await p.goto(base + path);
		await p.locator('#updated, #state').first().waitFor();
		if (path === '/') {
			await checkDashboard(p, 'server rows without CSP');
			await p.locator('#updated').filter({ hasText: /^updated / }).waitFor();
			await checkDashboard(p, 'script rows without CSP');
		} else
			assert.equal(await p.evaluate(() => window.__pwned), undefined, 'incident page without CSP');
		assert.deepEqual(open.seen.dialogs, [], `${path} without CSP: no dialog`);
		await p.close();
	}
	assertClean(open.seen, 'without CSP');
	await open.context.close();
});

step('(f) with JavaScript off the pages still work', async () => {
	const nojs = await newContext({ javaScriptEnabled: false });
	const p = await nojs.context.newPage();
	await p.goto(`${base}/`);
	assert.equal(await p.locator('meta[http-equiv="refresh" i]').count(), 1, 'the meta refresh stays');
	assert.equal(await p.locator('#updated').count(), 0);
	const serverRows = await rowsOf(p);
	const sites = serverRows.map((r) => r.cells.find((c) => c.class === 'fields')?.text ?? '');
	assert.equal(serverRows.length, 2, `two active incidents: ${sites}`);
	assert.ok(sites.some((t) => t.includes('site=S02')) && sites.some((t) => t.includes('site=S03')));
	const hostileFields = await incidentRow(p, 'S03').locator('td.fields').textContent();
	assert.ok(hostileFields.includes(hostile), 'server escaping: literal payload');
	assert.equal(await p.locator('#incidents img, #incidents script').count(), 0);

	// The script renders the very rows the server does.
	await page.reload();
	await page.evaluate(() => { document.getElementById('updated').textContent = ''; });
	await page.locator('#updated').filter({ hasText: /^updated / }).waitFor();
	assert.deepEqual(await rowsOf(page), serverRows, 'script rows = server rows');

	await nojs.context.close();
});

step('(g) the live update follows the filter form', async () => {
	await page.selectOption('#filters select[name="state"]', 'acknowledged');
	const row = incidentRow(page, 'S02');
	await page.waitForFunction(() => {
		const rows = document.querySelectorAll('#incidents tbody tr.incident');
		return rows.length > 0 && [...rows].every((r) => r.classList.contains('state-acknowledged'));
	});
	assert.equal(await row.count(), 1, 'the acknowledged S02 incident is listed');
	assert.equal(await incidentRow(page, 'S03').count(), 0, 'the open S03 incident is not');
	assert.match(page.url(), /[?&]state=acknowledged\b/, 'the URL follows the filter');
	await waitText(page, '#count-critical', '1');	// S03 is still open
	await assertNoViolations(page, 'filtered dashboard');
	assertClean(js.seen, 'filtered dashboard');
});

step('(h) a dashboard left open stays live and is never reloaded', async (t) => {
	// The server's meta refresh fires 10 s after load unless the script
	// cancelled it.  This page has been open through every step above,
	// which normally take longer than that; if they did not, wait out the
	// rest (returning early if a reload comes).
	const rest = 12000 - (Date.now() - watcherSince);
	if (rest > 0 && watcherLoads === 1)
		await watcher.waitForEvent('framenavigated', { timeout: rest }).catch(() => {});
	assert.equal(watcherLoads, 1, 'the page left open was reloaded: the meta refresh still fires');
	assert.equal(await watcher.evaluate(() => window.__sameDocument), true, 'never reloaded');
	assert.equal(await watcher.locator('meta[http-equiv="refresh" i]').count(), 0);
	await watcher.evaluate(() => { document.getElementById('updated').textContent = ''; });
	await watcher.locator('#updated').filter({ hasText: /^updated / }).waitFor();
	const nojs = await newContext({ javaScriptEnabled: false });
	const p = await nojs.context.newPage();
	await p.goto(`${base}/`);
	assert.deepEqual(await rowsOf(watcher), await rowsOf(p), 'the open page shows what a fresh load does');
	await nojs.context.close();
	assertClean(js.seen, 'the page left open');
	for (const m of js.seen.consoleErrors)
		t.diagnostic(`console error: ${m}`);
	await js.context.close();
});

step('(i) without JavaScript the resolve form works with the typed token', async (t) => {
	if (!s02) {
		t.skip('no incident from step (b)');
		return;
	}
	const nojs = await newContext({ javaScriptEnabled: false });
	const p = await nojs.context.newPage();
	await p.goto(`${base}/incidents/${s02.id}`);
	// Without JavaScript each form has its own token field: the user types
	// into the one beside the button.
	await p.fill('#resolve input[name="token"]', apiToken);
	const [res] = await Promise.all([
		p.waitForResponse((r) => r.request().method() === 'POST' &&
			r.url() === `${base}/incidents/${s02.id}/resolve`),
		p.click('#resolve button'),
	]);
	assert.equal(res.status(), 303, `the plain resolve form got ${res.status()} ` +
		`(${(await res.text().catch(() => '')).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(-120)}); ` +
		`it posted "${res.request().postData()}"`);
	await p.waitForURL(`${base}/incidents/${s02.id}`);
	await waitTextNoJs(p, '#state', 'resolved');
	assert.equal((await api(`/api/v1/incidents/${s02.id}`)).state, 'resolved');
	await nojs.context.close();
}, { alone: true });

step('(j) an incident syncwatch resolved itself shows how, and its history the notes', async () => {
	const norm = (t) => t.replace(/\s+/g, ' ').trim();
	const rowOf = (p) => p.locator(`#incidents tbody tr[data-id="${healedId}"]`);

	// The server's rows (JavaScript off): the badge after the state.
	const nojs = await newContext({ javaScriptEnabled: false });
	const p = await nojs.context.newPage();
	await p.goto(`${base}/?state=resolved`);
	assert.equal(norm(await rowOf(p).locator('td.state').textContent()), 'resolved · self-healed');
	assert.equal(await rowOf(p).locator('td.state .resolution').textContent(), 'self-healed');
	const serverRows = await rowsOf(p);
	await nojs.context.close();

	// The script's rows are the same.
	const live = await newContext();
	const q = await live.context.newPage();
	await q.goto(`${base}/?state=resolved`);
	await q.evaluate(() => { document.getElementById('updated').textContent = ''; });
	await q.locator('#updated').filter({ hasText: /^updated / }).waitFor();
	assert.deepEqual(await rowsOf(q), serverRows, 'script rows = server rows');
	assert.equal(norm(await rowOf(q).locator('td.state').textContent()), 'resolved · self-healed');
	assert.equal((await api(`/api/v1/incidents/${healedId}`)).resolution, 'self-healed');

	// The incident page: the badge with what it means, the history with
	// its notes (one quoting hostile log text) and the escalation.
	await rowOf(q).locator('td.title a').click();
	await q.waitForURL(`${base}/incidents/${healedId}`);
	await waitText(q, '#state', 'resolved');
	assert.equal(await q.textContent('#resolution .resolution'), 'self-healed');
	assert.match(await q.textContent('#resolution .why'), /caches may still be stale/);
	const history = () => q.$$eval('#history li', (lis) => lis.map((li) => ({
		class: [...li.classList].filter((c) => c !== 'added').sort().join(' '),
		text: li.textContent.replace(/\s+/g, ' ').trim(),
		note: li.querySelector('.note')?.textContent ?? null,
	})));
	const before = await history();
	assert.deepEqual(before.map((h) => [h.class, h.note]), [
		['history-open', healedNotes.threshold],
		['history-resolved', healedNotes.recovered],
		['history-open', null],
		['history-escalated', healedNotes.escalated],
		['history-resolved', healedNotes.selfHealed],
	]);
	assert.match(before[3].text, /escalated by syncwatch — critical after 100 hits$/);
	assert.equal(await q.textContent('#history li.history-escalated .state'), 'escalated');
	assert.equal(await q.locator('#history img, #history script').count(), 0, 'the note made no element');

	// An operator resolves it again: the script drops the badge and
	// renders the history from the reply exactly as the server does.
	await q.fill('#token', apiToken);
	await q.click('#resolve button');
	await q.waitForFunction((n) => document.querySelectorAll('#history li').length > n, before.length);
	await q.locator('#resolution').waitFor({ state: 'detached' });
	assert.equal((await q.textContent('#state')).trim(), 'resolved');
	const after = await history();
	assert.deepEqual(after.slice(0, before.length), before, 'script history = server history');
	assert.deepEqual(after.slice(before.length).map((h) => [h.class, h.note]), [['history-resolved', null]]);
	assert.match(after.at(-1).text, new RegExp(`resolved by ${tokenName}$`));
	assert.equal((await api(`/api/v1/incidents/${healedId}`)).resolution, null);
	await q.reload();
	await waitText(q, '#state', 'resolved');
	assert.deepEqual(await history(), after, 'the server renders the same history');
	assert.equal(await q.locator('#resolution').count(), 0, 'no badge after an operator resolve');
	assert.equal(await q.evaluate(() => window.__pwned), undefined, 'nothing ran');
	await assertNoViolations(q, 'self-healed incident');
	assertClean(live.seen, 'self-healed incident');
	await live.context.close();
}, { alone: true });

// Triage: the worst first, then the longest open; one group per signature.
const SEV_RANK = { critical: 3, error: 2, warning: 1 };
let triageIds;		// the active incidents' ids in triage order (API)

step('(k) the list is in triage order, one folded group per signature, with open-for and last hit', async () => {
	appendFileSync(logFile, hitLine('S04', '00000044') + hitLine('S05', '00000045'));
	appendFileSync(senderLog, senderWarning + senderError);
	const list = await until(async () => {
		const l = await api('/api/v1/incidents?state=active&limit=500');
		return l.total === 5 ? l : null;
	}, 'five active incidents');
	// The order, worked out here from the API's objects.
	const sorted = [...list.incidents].sort((a, b) => SEV_RANK[b.severity] - SEV_RANK[a.severity] ||
		Date.parse(a.first_seen) - Date.parse(b.first_seen) || a.id - b.id);
	const want = [];
	for (const inc of sorted) {
		let g = want.find((x) => x.signature === inc.signature);
		if (!g)
			want.push(g = { signature: inc.signature, ids: [] });
		g.ids.push(String(inc.id));
	}
	assert.deepEqual(want.map((g) => g.signature), [despoolSig, 'configmgr.sender.cannot-connect',
		'configmgr.sender.no-connection'], 'critical, then error, then warning');
	triageIds = sorted.map((i) => String(i.id));
	const triage = await api('/api/v1/incidents?state=active&order=triage&limit=500');
	assert.deepEqual(triage.incidents.map((i) => String(i.id)), triageIds, 'order=triage');

	const check = async (p, what) => {
		const groups = await groupsOf(p);
		assert.deepEqual(groups.map(({ signature, ids }) => ({ signature, ids })), want, `${what}: groups`);
		assert.match(groups[0].head, /^critical .+ 3 incidents open for \d+ d \d+ h last hit 2016-08-22 11:15:01$/,
			`${what}: the head of the group of three`);
		assert.equal(groups[1].head, null, `${what}: a group of one has no head`);
		assert.equal(groups[2].head, null);
		// Each row: how long open (days since its first hit), the last hit.
		for (const inc of list.incidents) {
			const row = p.locator(`#incidents tr.incident[data-id="${inc.id}"]`);
			const days = Math.floor((Date.now() - Date.parse(inc.first_seen)) / 86400000);
			assert.match((await row.locator('td.open-for').textContent()).trim(),
				new RegExp(`^open for ${days} d \\d+ h$`), `${what}: open for, incident ${inc.id}`);
			assert.equal(await row.locator('td.last-seen time').getAttribute('datetime'), inc.last_seen);
		}
		// Folded: the three critical rows are hidden until the head opens.
		const first = p.locator(`#incidents tr.incident[data-id="${want[0].ids[0]}"]`);
		assert.equal(await first.isVisible(), false, `${what}: a folded group hides its rows`);
		assert.equal(await p.locator(`#incidents tr.incident[data-id="${want[1].ids[0]}"]`).isVisible(), true);
		await p.locator('#incidents tr.group-head summary').click();
		await first.waitFor();
		for (const id of want[0].ids)
			assert.equal(await p.locator(`#incidents tr.incident[data-id="${id}"]`).isVisible(), true);
		assert.equal((await p.textContent('#shown')).trim(), '3 of 3 groups, 5 of 5 incidents');
	};

	const nojs = await newContext({ javaScriptEnabled: false });
	const n = await nojs.context.newPage();
	await n.goto(`${base}/`);
	await check(n, 'server');
	const serverRows = await rowsOf(n);
	const serverGroups = await groupsOf(n);

	const live = await newContext();
	const p = await live.context.newPage();
	await p.goto(`${base}/`);
	await p.evaluate(() => { document.getElementById('updated').textContent = ''; });
	await p.locator('#updated').filter({ hasText: /^updated / }).waitFor();
	await check(p, 'script');
	assert.deepEqual(await rowsOf(p), serverRows, 'script rows = server rows');
	assert.deepEqual(await groupsOf(p), serverGroups, 'script groups = server groups');
	// The unfolded group stays unfolded through the next re-render.
	await p.evaluate(() => { document.getElementById('updated').textContent = ''; });
	await p.locator('#updated').filter({ hasText: /^updated / }).waitFor();
	assert.equal(await p.locator(`#incidents tr.incident[data-id="${want[0].ids[0]}"]`).isVisible(), true,
		'still unfolded after a poll');

	// A window on long lists: ?groups=1 shows one group and links to more.
	await n.goto(`${base}/?groups=1`);
	assert.deepEqual((await groupsOf(n)).map((g) => g.signature), [despoolSig]);
	assert.equal((await n.textContent('#shown')).trim(), '1 of 3 groups, 3 of 5 incidents');
	assert.match(await n.getAttribute('#more a', 'href'), /^\/\?groups=21$/);
	await n.click('#more a');
	await n.waitForURL(`${base}/?groups=21`);
	assert.equal((await groupsOf(n)).length, 3, 'Show more without JavaScript');
	await p.goto(`${base}/?severity=critical&groups=1`);
	await p.locator('#updated').filter({ hasText: /^updated / }).waitFor();
	assert.equal((await groupsOf(p)).length, 1);
	assert.equal(await p.locator('#more').count(), 0, 'one group of criticals: nothing more');
	await p.goto(`${base}/?groups=1`);
	await p.locator('#updated').filter({ hasText: /^updated / }).waitFor();
	await p.click('#more a');
	await until(async () => (await groupsOf(p)).length === 3, 'Show more with JavaScript');
	assert.match(p.url(), /[?&]groups=21\b/);
	assertClean(live.seen, 'triage');
	await assertNoViolations(p, 'triage');
	await nojs.context.close();
	await live.context.close();
});

// "2016-08-22 16:45:01" for an ISO time shifted by min minutes.
function shifted(iso, min) {
	const d = new Date(Date.parse(iso) + min * 60000).toISOString();
	return `${d.slice(0, 10)} ${d.slice(11, 19)}`;
}

step('(l) every time on the page in one labelled zone: UTC, or the browser\'s, remembered', async () => {
	const times = (p) => p.$$eval('time[datetime]', (ts) => ts.map((t) => [t.getAttribute('datetime'), t.textContent]));
	// Every time, the timeline's axis (to the minute) among them.
	const expectTimes = async (p, min, what) => {
		const ts = await times(p);
		assert.ok(ts.length >= 4, `${what}: times on the page: ${ts.length}`);
		for (const [iso, text] of ts)
			assert.equal(text, shifted(iso, min).slice(0, text.length === 16 ? 16 : 19), `${what}: ${iso}`);
	};
	const ctx = await newContext({ timezoneId: 'Asia/Kolkata' });
	const p = await ctx.context.newPage();
	await p.goto(`${base}/`);
	await p.locator('#updated').filter({ hasText: /^updated / }).waitFor();
	await p.locator('#incidents tr.group-head summary').click();
	assert.equal((await p.textContent('#zone-switch')).trim(), 'Times in UTC');
	await expectTimes(p, 0, 'UTC');
	await p.click('#zone-switch');
	// (ICU may give the zone its older name.)
	assert.match((await p.textContent('#zone-switch')).trim(), /^Times in Asia\/(Kolkata|Calcutta) \(UTC\+05:30\)$/);
	await expectTimes(p, 330, 'local');
	// The live update renders in the chosen zone, the clock too.
	await p.evaluate(() => { document.getElementById('updated').textContent = ''; });
	await p.locator('#updated').filter({ hasText: /^updated / }).waitFor();
	await expectTimes(p, 330, 'local after a poll');
	const clock = (await p.textContent('#updated')).replace('updated ', '');
	const [h, m, sec] = clock.split(':').map(Number);
	const kolkata = new Date(Date.now() + 330 * 60000);
	const diff = Math.abs((h * 3600 + m * 60 + sec) - (kolkata.getUTCHours() * 3600 +
		kolkata.getUTCMinutes() * 60 + kolkata.getUTCSeconds()));
	assert.ok(diff <= 10 || diff >= 86390, `updated ${clock} is Kolkata time`);
	// Remembered: another page, the incident page, in the same profile.
	const q = await ctx.context.newPage();
	await q.goto(`${base}/incidents/${triageIds[0]}`);
	await q.locator('#zone-switch').filter({ hasText: '(UTC+05:30)' }).waitFor();
	await expectTimes(q, 330, 'incident page, local');
	await q.click('#zone-switch');
	await expectTimes(q, 0, 'incident page, back to UTC');
	assertClean(ctx.seen, 'time zones');
	await ctx.context.close();
	// Without JavaScript: UTC, and it says so.
	const nojs = await newContext({ javaScriptEnabled: false, timezoneId: 'Asia/Kolkata' });
	const n = await nojs.context.newPage();
	await n.goto(`${base}/`);
	assert.equal((await n.textContent('#zone')).trim(), 'Times in UTC');
	await expectTimes(n, 0, 'no JavaScript');
	await nojs.context.close();
});

step('(m) 375 px wide: nothing overflows, state and last hit are on screen', async () => {
	for (const javaScriptEnabled of [true, false]) {
		const ctx = await newContext({ viewport: { width: 375, height: 740 }, javaScriptEnabled });
		const p = await ctx.context.newPage();
		for (const path of ['/', `/incidents/${triageIds[0]}`, `/incidents/${healedId}`]) {
			await p.goto(base + path);
			if (javaScriptEnabled && path === '/')
				await p.locator('#updated').filter({ hasText: /^updated / }).waitFor();
			const w = await p.evaluate(() => document.documentElement.scrollWidth);
			assert.ok(w <= 375, `${path} (JavaScript ${javaScriptEnabled}): ${w} px wide`);
		}
		await p.goto(`${base}/`);
		await p.locator('#incidents tr.group-head summary').click();
		for (const id of triageIds) {
			const row = p.locator(`#incidents tr.incident[data-id="${id}"]`);
			await row.waitFor();
			for (const cell of ['td.state', 'td.last-seen', 'td.title']) {
				const box = await row.locator(cell).boundingBox();
				assert.ok(box && box.width > 0 && box.x >= 0 && box.x + box.width <= 375,
					`${cell} of ${id} on screen: ${JSON.stringify(box)}`);
			}
		}
		const w = await p.evaluate(() => document.documentElement.scrollWidth);
		assert.ok(w <= 375, `/ unfolded: ${w} px wide`);
		if (javaScriptEnabled)
			await p.screenshot({ path: join(outDir, 'phone.png'), fullPage: true });
		await ctx.context.close();
	}
});

step('(n) axe-core finds no violation on the dashboard and the incident pages', async () => {
	for (const colorScheme of ['light', 'dark']) {
		for (const javaScriptEnabled of [true, false]) {
			// The pages as the server made them: axe-core needs a
			// page that runs scripts (its own), so the page's own are
			// not loaded rather than JavaScript turned off.
			const ctx = await newContext({ colorScheme });
			if (!javaScriptEnabled)
				await ctx.context.route('**/static/*.js', (r) => r.abort());
			const p = await ctx.context.newPage();
			const what = (path) => `${path} (${colorScheme}, page scripts ${javaScriptEnabled ? 'on' : 'off'})`;
			// Without the script the dashboard reloads itself every
			// 10 s, which axe-core rightly reports (meta-refresh):
			// its first line offers to stop that, and the page
			// without it must be clean.
			if (javaScriptEnabled)
				await p.goto(`${base}/`);
			else {
				await p.goto(`${base}/?state=all`);
				assert.equal(await p.getAttribute('#autorefresh a', 'href'), '/?refresh=off');
				await p.click('#autorefresh a');
				await p.waitForURL(`${base}/?refresh=off`);
				assert.equal(await p.locator('meta[http-equiv="refresh" i]').count(), 0);
			}
			if (javaScriptEnabled) {
				await p.locator('#updated').filter({ hasText: /^updated / }).waitFor();
				assert.equal(await p.locator('#autorefresh').count(), 0, 'nothing to stop');
			}
			await p.locator('#incidents tr.group-head summary').click();
			await assertAccessible(p, what('/'));
			await p.goto(`${base}/?state=all${javaScriptEnabled ? '' : '&refresh=off'}`);
			await assertAccessible(p, what('/?state=all'));
			for (const id of [triageIds[0], healedId]) {
				await p.goto(`${base}/incidents/${id}`);
				await assertAccessible(p, what(`/incidents/${id}`));
			}
			await ctx.context.close();
		}
	}
	const phone = await newContext({ viewport: { width: 375, height: 740 } });
	const p = await phone.context.newPage();
	await p.goto(`${base}/`);
	await p.locator('#updated').filter({ hasText: /^updated / }).waitFor();
	await assertAccessible(p, '/ at 375 px');
	await phone.context.close();
});

step('(o) the incident page: one token field, a note, un-acknowledge, snooze and its end', async () => {
	const id = triageIds.at(-1);		// the sender's warning, open
	const ctx = await newContext();
	const p = await ctx.context.newPage();
	await p.goto(`${base}/incidents/${id}`);
	await waitText(p, '#state', 'open');
	const visible = (sel) => p.locator(sel).evaluateAll((es) => es.filter((e) => e.offsetParent !== null).length);
	assert.equal(await visible('#actions input[name="token"]'), 1, 'one token field');
	assert.equal(await visible('#actions input[name="note"]'), 1, 'one note field');
	assert.equal(await p.locator('#unack').isVisible(), false, 'no un-acknowledge for an open incident');
	assert.equal(await p.locator('#unsnooze').isVisible(), false);
	// The token typed on another page of the tab is there already.
	await p.fill('#token', apiToken);
	await p.fill('#note', 'looking into the <b>link</b>');
	await p.click('#ack button');
	await waitText(p, '#state', 'acknowledged');
	await p.locator('#unack').waitFor();
	const last = () => p.locator('#history li').last();
	assert.equal(await last().locator('.note').textContent(), 'looking into the <b>link</b>');
	assert.equal(await p.inputValue('#note'), '', 'the note is cleared once kept');
	await p.click('#unack button');
	await waitText(p, '#state', 'open');
	await p.locator('#unack').waitFor({ state: 'hidden' });
	assert.equal(await last().getAttribute('class'), 'history-open added');
	// Snooze for 4 hours: the page says until when; the status leaves it out.
	const before = (await api('/api/v1/status')).open.warning;
	await p.selectOption('#snooze select[name="for"]', '4h');
	await p.fill('#note', 'maintenance');
	await p.click('#snooze button');
	await p.locator('#snoozed time').waitFor();
	const inc = await api(`/api/v1/incidents/${id}`);
	const hours = (Date.parse(inc.snoozed_until) - Date.now()) / 3600000;
	assert.ok(hours > 3.9 && hours <= 4, `snoozed for 4 h: ${inc.snoozed_until}`);
	assert.equal(await p.getAttribute('#snoozed time', 'datetime'), inc.snoozed_until);
	assert.match(await last().locator('.note').textContent(), /^for 4h, until .*: maintenance$/);
	assert.equal(await last().getAttribute('class'), 'history-snoozed added');
	assert.equal((await api('/api/v1/status')).open.warning, before - 1, 'a snoozed incident is not counted');
	await p.locator('#unsnooze').waitFor();
	assert.equal(await p.locator('#snooze').isVisible(), false);
	// The server renders the same.
	await p.reload();
	await p.locator('#snoozed time').waitFor();
	assert.equal(await p.locator('#unsnooze').isVisible(), true);
	await p.fill('#token', apiToken);
	await p.click('#unsnooze button');
	await p.locator('#snoozed').waitFor({ state: 'detached' });
	assert.equal((await api('/api/v1/status')).open.warning, before);
	await assertAccessible(p, 'incident page after the actions');
	assertClean(ctx.seen, 'incident actions');
	await ctx.context.close();
	// Without JavaScript each form has its own token and note.
	const nojs = await newContext({ javaScriptEnabled: false });
	const n = await nojs.context.newPage();
	await n.goto(`${base}/incidents/${id}`);
	await n.fill('#snooze input[name="token"]', apiToken);
	await n.fill('#snooze input[name="note"]', 'from a plain form');
	await n.click('#snooze button');
	await n.waitForURL(`${base}/incidents/${id}`);
	await n.locator('#snoozed').waitFor();
	assert.match(await n.locator('#history li').last().textContent(), /for 1h, until .*: from a plain form/);
	await n.fill('#unsnooze input[name="token"]', apiToken);
	await n.click('#unsnooze button');
	await n.waitForURL(`${base}/incidents/${id}`);
	assert.equal(await n.locator('#snoozed').count(), 0);
	await nojs.context.close();
});

step('(p) bulk: acknowledge, then resolve, the picked rows of the list', async () => {
	const ctx = await newContext();
	const p = await ctx.context.newPage();
	await p.goto(`${base}/`);
	await p.locator('#updated').filter({ hasText: /^updated / }).waitFor();
	await p.locator('#incidents tr.group-head summary').click();
	const despool = (await api(`/api/v1/incidents?state=active&signature=${despoolSig}`)).incidents;
	const picked = despool.filter((i) => ['S04', 'S05'].includes(i.fields.site)).map((i) => String(i.id));
	assert.equal(picked.length, 2);
	assert.equal(await p.isDisabled('#bulk-ack'), true, 'nothing picked: nothing to do');
	for (const id of picked)
		await p.check(`#incidents tr.incident[data-id="${id}"] input.pick`);
	assert.equal((await p.textContent('#picked')).trim(), '2 selected');
	// Picked rows stay picked through a re-render.
	await p.evaluate(() => { document.getElementById('updated').textContent = ''; });
	await p.locator('#updated').filter({ hasText: /^updated / }).waitFor();
	for (const id of picked)
		assert.equal(await p.isChecked(`#incidents tr.incident[data-id="${id}"] input.pick`), true);
	await p.fill('#bulk-token', apiToken);
	await p.fill('#bulk-note', 'one root cause: the site key');
	await p.click('#bulk-ack');
	await p.locator('#bulk-result').filter({ hasText: /^2 acknowledged$/ }).waitFor();
	for (const id of picked) {
		const inc = await api(`/api/v1/incidents/${id}`);
		assert.equal(inc.state, 'acknowledged');
		assert.deepEqual([inc.history.at(-1).by, inc.history.at(-1).note], [tokenName, 'one root cause: the site key']);
		await p.locator(`#incidents tr.incident.state-acknowledged[data-id="${id}"]`).waitFor({ state: 'attached' });
	}
	assert.equal((await p.textContent('#picked')).trim(), '0 selected', 'done ones are unpicked');
	// A wrong token: said, nothing changed.
	await p.check(`#incidents tr.incident[data-id="${picked[0]}"] input.pick`);
	await p.fill('#bulk-token', 'not-the-token-but-long-enough');
	await p.click('#bulk-resolve');
	await p.locator('#bulk-result').filter({ hasText: /^0 resolved; not changed: #\d+: / }).waitFor();
	assert.equal((await api(`/api/v1/incidents/${picked[0]}`)).state, 'acknowledged');
	await p.check(`#incidents tr.incident[data-id="${picked[1]}"] input.pick`);
	await p.fill('#bulk-token', apiToken);
	await p.click('#bulk-resolve');
	await p.locator('#bulk-result').filter({ hasText: /^2 resolved$/ }).waitFor();
	for (const id of picked)
		assert.equal((await api(`/api/v1/incidents/${id}`)).state, 'resolved');
	await assertAccessible(p, 'dashboard with the bulk actions');
	assertClean(ctx.seen, 'bulk');
	await ctx.context.close();
});
