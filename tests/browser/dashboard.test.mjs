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

let tmp, logFile, base, daemon, daemonLog, browser;
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
