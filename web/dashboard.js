/*
 * syncwatch dashboard script (body[data-page=dashboard]): progressive
 * enhancement of the page the server renders (docs/http.md, "Markup
 * contract"); the page works without it.  Uses common.js
 * (window.syncwatch).
 *
 * It drops the 10 s <meta http-equiv=refresh> and instead polls
 * /api/v1/incidents (the filter form's values, order=triage) and
 * /api/v1/status every 3 s, re-rendering the incident groups, the summary
 * counts and the overall status in place, with an "updated HH:MM:SS"
 * indicator in the header.  The groups are the server's: one <tbody> per
 * signature in the order its first incident comes, a head row with a
 * <details> when it has more than one (which groups are unfolded is kept
 * across re-renders), the first GROUPS_STEP groups and "Show more" for
 * the next ones.
 */
(function () {
	'use strict';

	var sw = window.syncwatch;
	var $ = sw.$, el = sw.el, str = sw.str, token = sw.token;
	var POLL_MS = 3000;
	var PAGE_ROWS = 500;		/* the server's dashboard: API_PAGE_ROWS */
	var GROUPS_STEP = 20;		/* API_GROUPS_DEFAULT */
	var SEVERITIES = ['critical', 'error', 'warning'];
	var OVERALL = { ok: 'OK', warning: 'WARNING', critical: 'CRITICAL' };

	/* "key=value key=value" from the fields object, in its own order. */
	function fieldsText(fields) {
		var out = [];

		if (!fields || typeof fields !== 'object')
			return str(fields);
		Object.keys(fields).forEach(function (k) {
			out.push(k + '=' + str(fields[k]));
		});
		return out.join(' ');
	}

	/* "open for 3 h 12 min" since an API time (api-dash.c: api_open_for). */
	function openFor(iso, now) {
		var t = Date.parse(str(iso));
		var m = isNaN(t) ? 0 : Math.floor((now - t) / 60000);

		if (m < 1)
			return 'open for < 1 min';
		if (m < 60)
			return 'open for ' + m + ' min';
		if (m < 24 * 60)
			return 'open for ' + Math.floor(m / 60) + ' h ' + m % 60 + ' min';
		return 'open for ' + Math.floor(m / 1440) + ' d ' +
		    Math.floor(m % 1440 / 60) + ' h';
	}

	function snoozed(inc, now) {
		var t = Date.parse(str(inc.snoozed_until));

		return !isNaN(t) && t > now;
	}

	/*
	 * The state cell: the state, how syncwatch resolved the incident if it
	 * did ("resolved · <span class=resolution>self-healed</span>") and a
	 * snooze while it lasts, as the server renders it.
	 */
	function stateCell(inc, now) {
		var td = el('td', 'state', inc.state);
		var s;

		if (inc.resolution) {
			td.appendChild(document.createTextNode(' · '));
			td.appendChild(el('span', 'resolution', inc.resolution));
		}
		if (snoozed(inc, now)) {
			td.appendChild(document.createTextNode(' · '));
			s = el('span', 'snooze', 'snoozed until ');
			s.appendChild(sw.timeElement(inc.snoozed_until));
			td.appendChild(s);
		}
		return td;
	}

	function Dashboard() {
		var n = parseInt(new URLSearchParams(window.location.search).get('groups'), 10);

		this.form = $('filters');
		this.table = $('incidents');
		this.seq = 0;
		this.timer = null;
		this.inFlight = false;
		this.live = false;	/* polling has started */
		this.emptyText = null;
		this.unfolded = {};	/* signature → true: its <details> is open */
		this.picked = {};	/* incident id → true: picked for a bulk action */
		this.groups = n >= 1 && n <= 500 ? n : GROUPS_STEP;
		this.last = null;	/* the last list reply */
		var empty = $('no-incidents');
		if (empty)
			this.emptyText = empty.textContent;
	}

	/*
	 * The meta refresh is replaced by polling.  Removing the element is not
	 * enough: Chromium has scheduled the refresh when it parsed it and
	 * starts the timer at the load event whatever the DOM holds then.
	 * window.stop() once the load event is over cancels it (and changes
	 * nothing else: the page has loaded).  Calls back when done.
	 */
	Dashboard.prototype.dropMetaRefresh = function (done) {
		var metas = document.querySelectorAll('meta[http-equiv]');
		var found = false;
		var i;

		for (i = 0; i < metas.length; i++) {
			if (metas[i].getAttribute('http-equiv').toLowerCase() === 'refresh') {
				metas[i].parentNode.removeChild(metas[i]);
				found = true;
			}
		}
		function cancel() {
			setTimeout(function () {
				if (found && typeof window.stop === 'function')
					window.stop();
				done();
			}, 0);
		}
		if (document.readyState === 'complete')
			cancel();
		else
			window.addEventListener('load', cancel);
	};

	/* The filter form's current values, as a query string. */
	Dashboard.prototype.filters = function () {
		var params = [];
		var names = ['state', 'severity', 'product', 'source'];
		var i, field, v;

		for (i = 0; i < names.length; i++) {
			field = this.form ? this.form.elements.namedItem(names[i]) : null;
			if (field && 'value' in field)
				v = field.value;
			else
				v = new URLSearchParams(window.location.search).get(names[i]) || '';
			if (v)
				params.push(encodeURIComponent(names[i]) + '=' + encodeURIComponent(v));
		}
		return params;
	};

	/* The API's query: the filters, in triage order, as many as the page. */
	Dashboard.prototype.query = function () {
		return this.filters().concat(['order=triage', 'limit=' + PAGE_ROWS]).join('&');
	};

	Dashboard.prototype.indicator = function () {
		var u = $('updated');

		if (!u) {
			u = el('span');
			u.id = 'updated';
			u.setAttribute('role', 'status');
			u.setAttribute('aria-live', 'polite');
			var header = document.querySelector('header') || document.body;
			header.insertBefore(u, $('zone') ? $('zone').nextSibling : null);
		}
		return u;
	};

	Dashboard.prototype.showUpdated = function (ok, why) {
		var u = this.indicator();
		var now = sw.clock(new Date());

		u.textContent = ok ? 'updated ' + now : 'update failed ' + now +
		    (why ? ' (' + why + ')' : '');
		u.classList.toggle('stale', !ok);
		if (ok)
			u.removeAttribute('title');
		else
			u.setAttribute('title', 'the page shows older data; retrying every ' +
			    POLL_MS / 1000 + ' s');
	};

	/* One <tr> in the server's markup for an incident object. */
	Dashboard.prototype.row = function (inc, now) {
		var id = sw.incidentId(inc.id);
		var sev = token(inc.severity);
		var state = token(inc.state);
		var tr = el('tr', 'incident' + (sev ? ' sev-' + sev : '') +
		    (state ? ' state-' + state : '') + (snoozed(inc, now) ? ' snoozed' : ''));
		var title = el('td', 'title');
		var a, td;

		if (id !== null)
			tr.setAttribute('data-id', id);
		tr.setAttribute('data-signature', str(inc.signature));
		td = el('td', 'severity', inc.severity);
		if (id !== null)
			td.insertBefore(this.pick(id), td.firstChild);
		tr.appendChild(td);
		if (id !== null) {
			a = el('a', null, inc.title);
			a.setAttribute('href', '/incidents/' + id);
			title.appendChild(a);
		} else {
			title.textContent = str(inc.title);
		}
		tr.appendChild(title);
		tr.appendChild(el('td', 'product', inc.product));
		tr.appendChild(el('td', 'source', inc.source));
		tr.appendChild(el('td', 'fields', fieldsText(inc.fields)));
		tr.appendChild(el('td', 'count', inc.count));
		tr.appendChild(el('td', 'open-for', inc.state === 'resolved' ? '' :
		    openFor(inc.first_seen, now)));
		td = el('td', 'last-seen');
		td.appendChild(sw.timeElement(inc.last_seen));
		tr.appendChild(td);
		tr.appendChild(stateCell(inc, now));
		return tr;
	};

	/* A row's checkbox for the bulk actions; picked ones stay picked. */
	Dashboard.prototype.pick = function (id) {
		var c = el('input', 'pick');

		c.type = 'checkbox';
		c.value = id;
		c.checked = this.picked[id] === true;
		c.setAttribute('aria-label', 'select incident ' + id);
		return c;
	};

	/*
	 * The bulk actions: acknowledge or resolve every picked incident, one
	 * request each, with the token of the tab and a note; then say how
	 * it went and poll.
	 */
	Dashboard.prototype.bulkBar = function () {
		var self = this;
		var box = el('section');
		var tok, note, saved = '';

		box.id = 'bulk';
		box.setAttribute('aria-label', 'Selected incidents');
		box.appendChild(el('span', null, '0 selected')).id = 'picked';
		tok = el('input');
		tok.id = 'bulk-token';
		tok.type = 'password';
		tok.autocomplete = 'off';
		try {
			saved = sessionStorage.getItem(sw.TOKEN_KEY) || '';
		} catch (e) {
			saved = '';
		}
		tok.value = saved;
		note = el('input');
		note.id = 'bulk-note';
		note.maxLength = 500;
		[['Token ', tok], ['Note ', note]].forEach(function (p) {
			var l = el('label', null, p[0]);

			l.appendChild(p[1]);
			box.appendChild(l);
		});
		[['ack', 'Acknowledge selected'], ['resolve', 'Resolve selected']].forEach(function (a) {
			var b = el('button', null, a[1]);

			b.type = 'button';
			b.id = 'bulk-' + a[0];
			b.disabled = true;
			b.addEventListener('click', function () { self.bulk(a[0]); });
			box.appendChild(b);
		});
		box.appendChild(el('p', null, '')).id = 'bulk-result';
		this.table.parentNode.insertBefore(box, $('shown') || this.table);
		box.querySelector('#bulk-result').setAttribute('role', 'status');
	};

	Dashboard.prototype.showPicked = function () {
		var n = Object.keys(this.picked).length;

		if (!$('picked'))
			return;
		$('picked').textContent = n + ' selected';
		$('bulk-ack').disabled = n === 0 || this.busy === true;
		$('bulk-resolve').disabled = n === 0 || this.busy === true;
	};

	Dashboard.prototype.bulk = function (action) {
		var self = this;
		var ids = Object.keys(this.picked);
		var t = $('bulk-token').value.trim();
		var note = $('bulk-note').value.trim();
		var done = 0, failed = [];
		var say = function (text) { $('bulk-result').textContent = text; };

		if (!t) {
			say('Type the API token first.');
			$('bulk-token').focus();
			return;
		}
		try {
			sessionStorage.setItem(sw.TOKEN_KEY, t);
		} catch (e) {
			/* not kept */
		}
		this.busy = true;
		this.showPicked();
		say('working…');
		ids.reduce(function (prev, id) {
			return prev.then(function () {
				return sw.fetchJSON('/api/v1/incidents/' + id + '/' + action, {
					method: 'POST',
					headers: { Authorization: 'Bearer ' + t, 'Content-Type': 'application/json' },
					body: JSON.stringify(note ? { note: note } : {})
				}).then(function (r) {
					if (r.ok) {
						done++;
						delete self.picked[id];
					} else
						failed.push('#' + id + ': ' + sw.errorText(r));
				}, function (e) {
					failed.push('#' + id + ': ' + ((e && e.message) || 'network error'));
				});
			});
		}, Promise.resolve()).then(function () {
			self.busy = false;
			if (failed.length === 0)
				$('bulk-note').value = '';
			say(done + (action === 'ack' ? ' acknowledged' : ' resolved') +
			    (failed.length ? '; not changed: ' + failed.join('; ') : ''));
			self.showPicked();
			self.poll();
		});
	};

	/* The incidents by signature, each group where its first one comes. */
	function groupsOf(list) {
		var groups = [], bySig = {};

		list.forEach(function (inc) {
			var sig, g;

			if (!inc || typeof inc !== 'object')
				return;
			sig = 'sig:' + str(inc.signature);
			g = bySig[sig];
			if (!g) {
				g = bySig[sig] = { signature: str(inc.signature), title: inc.title,
					severity: inc.severity, incs: [], first: null, last: null,
					active: false };
				groups.push(g);
			}
			g.incs.push(inc);
			if (g.first === null || str(inc.first_seen) < g.first)
				g.first = str(inc.first_seen);
			if (g.last === null || str(inc.last_seen) > g.last)
				g.last = str(inc.last_seen);
			if (inc.state !== 'resolved')
				g.active = true;
		});
		return groups;
	}

	/* A group's head row (api-dash.c: html_group_head). */
	Dashboard.prototype.head = function (g, now) {
		var sev = token(g.severity);
		var tr = el('tr', 'group-head' + (sev ? ' sev-' + sev : ''));
		var td = el('td');
		var det = el('details');
		var sum = el('summary');
		var last;

		tr.setAttribute('data-signature', g.signature);
		td.setAttribute('colspan', '9');
		sum.appendChild(el('span', 'severity', g.severity));
		sum.appendChild(document.createTextNode(' '));
		sum.appendChild(el('span', 'title', g.title));
		sum.appendChild(document.createTextNode(' '));
		sum.appendChild(el('span', 'group-count', g.incs.length + ' incidents'));
		if (g.active) {
			sum.appendChild(document.createTextNode(' '));
			sum.appendChild(el('span', 'open-for', openFor(g.first, now)));
		}
		sum.appendChild(document.createTextNode(' '));
		last = el('span', 'last-hit', 'last hit ');
		last.appendChild(sw.timeElement(g.last));
		sum.appendChild(last);
		det.appendChild(sum);
		det.open = this.unfolded['sig:' + g.signature] === true;
		td.appendChild(det);
		tr.appendChild(td);
		return tr;
	};

	Dashboard.prototype.renderIncidents = function (reply) {
		var list = Array.isArray(reply.incidents) ? reply.incidents : [];
		var groups = groupsOf(list);
		var n = Math.min(this.groups, groups.length);
		var now = Date.now();
		var empty = $('no-incidents');
		var frag = document.createDocumentFragment();
		var self = this;
		var count = 0;
		var i, tb, shown;

		if (!this.table)
			return;
		this.last = reply;
		/* What left the list cannot stay picked. */
		var listed = {};
		list.forEach(function (inc) { listed[str(inc && inc.id)] = true; });
		Object.keys(this.picked).forEach(function (id) {
			if (!listed[id])
				delete self.picked[id];
		});
		this.showPicked();
		for (i = 0; i < n; i++) {
			tb = el('tbody', 'group');
			tb.setAttribute('data-signature', groups[i].signature);
			if (groups[i].incs.length > 1)
				tb.appendChild(this.head(groups[i], now));
			groups[i].incs.forEach(function (inc) {
				tb.appendChild(self.row(inc, now));
			});
			count += groups[i].incs.length;
			frag.appendChild(tb);
		}
		while (this.table.tBodies.length > 0)
			this.table.removeChild(this.table.tBodies[0]);
		this.table.appendChild(frag);

		shown = $('shown');
		if (shown) {
			shown.setAttribute('data-groups', String(n));
			shown.textContent = groups.length > 0 ? n + ' of ' + groups.length +
			    ' groups, ' + count + ' of ' + (Number(reply.total) || list.length) +
			    ' incidents' : '';
		}
		this.renderMore(n < groups.length);
		if (list.length > 0) {
			if (empty)
				empty.parentNode.removeChild(empty);
		} else if (!empty) {
			empty = el('p', null, this.emptyText || 'No incidents match.');
			empty.id = 'no-incidents';
			this.table.parentNode.insertBefore(empty, this.table.nextSibling);
		}
	};

	/* "Show more": the next GROUPS_STEP groups, without a reload. */
	Dashboard.prototype.renderMore = function (more) {
		var p = $('more');
		var self = this;
		var a;

		if (!more) {
			if (p)
				p.parentNode.removeChild(p);
			return;
		}
		if (!p) {
			p = el('p');
			p.id = 'more';
			a = el('a', null, 'Show more');
			p.appendChild(a);
			var after = $('no-incidents') || this.table;
			after.parentNode.insertBefore(p, after.nextSibling);
		}
		a = p.querySelector('a');
		a.setAttribute('href', '/?' + this.filters().concat(['groups=' +
		    (this.groups + GROUPS_STEP)]).join('&'));
		if (!a.hasAttribute('data-live')) {
			a.setAttribute('data-live', '');
			a.addEventListener('click', function (ev) {
				ev.preventDefault();
				self.groups += GROUPS_STEP;
				self.syncURL();
				if (self.last)
					self.renderIncidents(self.last);
			});
		}
	};

	/* The daemon's own problems: the banner on top, hidden when none. */
	function renderProblems(problems) {
		var box = $('problems');
		var ul, li, i;

		if (!box)
			return;
		ul = box.querySelector('ul');
		while (ul.firstChild)
			ul.removeChild(ul.firstChild);
		for (i = 0; i < problems.length; i++) {
			li = document.createElement('li');
			li.textContent = String(problems[i]);
			ul.appendChild(li);
		}
		box.hidden = problems.length === 0;
	}

	/* A refused reload: the banner says since when the old one runs. */
	function renderReload(rl) {
		var box = $('reload');
		var since, pre;

		if (!box)
			return;
		since = box.querySelector('.reload-since');
		pre = box.querySelector('.reload-error');
		if (rl && rl.successful === false) {
			if (since)
				since.textContent = typeof rl.last_success === 'string' ? rl.last_success : '';
			if (pre)
				pre.textContent = typeof rl.error === 'string' ? rl.error : '';
			box.hidden = false;
		} else
			box.hidden = true;
	}

	Dashboard.prototype.renderStatus = function (st) {
		var open = st && st.open && typeof st.open === 'object' ? st.open : {};
		var overall = $('overall');
		var i, c, s;

		for (i = 0; i < SEVERITIES.length; i++) {
			c = $('count-' + SEVERITIES[i]);
			if (c)
				c.textContent = String(Number(open[SEVERITIES[i]]) || 0);
		}
		renderProblems(st && Array.isArray(st.problems) ? st.problems : []);
		renderReload(st && st.reload && typeof st.reload === 'object' ? st.reload : null);
		s = st && Object.prototype.hasOwnProperty.call(OVERALL, st.status) ? st.status : null;
		if (overall && s) {
			overall.classList.remove('status-ok', 'status-warning', 'status-critical');
			overall.classList.add('status-' + s);
			overall.textContent = OVERALL[s];
		}
	};

	/* One round: both requests; render only if no newer round started. */
	Dashboard.prototype.poll = function () {
		var self = this;
		var seq = ++this.seq;
		var q = this.query();

		this.inFlight = true;
		Promise.all([
			sw.fetchJSON('/api/v1/incidents' + (q ? '?' + q : '')),
			sw.fetchJSON('/api/v1/status')
		]).then(function (res) {
			if (seq !== self.seq)
				return;
			var inc = res[0], st = res[1];
			if (!inc.ok || !inc.body || !Array.isArray(inc.body.incidents))
				throw new Error(inc.ok ? 'bad reply' : sw.errorText(inc));
			self.renderIncidents(inc.body);
			if (st.ok && st.body)
				self.renderStatus(st.body);
			self.showUpdated(st.ok, st.ok ? null : sw.errorText(st));
		}).catch(function (e) {
			if (seq === self.seq)
				self.showUpdated(false, e && e.name === 'AbortError' ?
				    'timed out' : (e && e.message) || 'network error');
		}).finally(function () {
			if (seq === self.seq) {
				self.inFlight = false;
				self.schedule(POLL_MS);
			}
		});
	};

	Dashboard.prototype.schedule = function (ms) {
		var self = this;

		if (this.timer)
			clearTimeout(this.timer);
		this.timer = setTimeout(function () {
			self.timer = null;
			if (document.hidden)
				return;		/* visibilitychange restarts it */
			self.poll();
		}, ms);
	};

	/* The URL follows the filters, so a reload or a shared link keeps them. */
	Dashboard.prototype.syncURL = function () {
		var q = this.filters();

		if (this.groups !== GROUPS_STEP)
			q.push('groups=' + this.groups);
		if (window.history && history.replaceState)
			history.replaceState(null, '', window.location.pathname +
			    (q.length ? '?' + q.join('&') : ''));
	};

	Dashboard.prototype.start = function () {
		var self = this;

		this.indicator();
		if (this.form) {
			/* The submit button still works (a normal GET); a change
			 * of a select applies at once without one. */
			this.form.addEventListener('change', function () {
				self.syncURL();
				if (self.live)
					self.poll();
			});
		}
		if (this.table) {
			this.bulkBar();
			this.table.addEventListener('change', function (ev) {
				var c = ev.target;

				if (!c || !c.classList || !c.classList.contains('pick') ||
				    sw.incidentId(c.value) === null)
					return;
				if (c.checked)
					self.picked[c.value] = true;
				else
					delete self.picked[c.value];
				self.showPicked();
			});
			/* Which groups are unfolded survives the re-renders. */
			this.table.addEventListener('toggle', function (ev) {
				var tr = ev.target && ev.target.closest ?
				    ev.target.closest('tr.group-head') : null;

				if (tr)
					self.unfolded['sig:' + tr.getAttribute('data-signature')] =
					    ev.target.open;
			}, true);
		}
		sw.onZoneChange(function () {
			if (self.last)
				self.renderIncidents(self.last);
		});
		document.addEventListener('visibilitychange', function () {
			if (self.live && !document.hidden && !self.timer && !self.inFlight)
				self.poll();
		});
		/* The page no longer reloads itself: no need to stop it. */
		if ($('autorefresh'))
			$('autorefresh').parentNode.removeChild($('autorefresh'));
		/* The first poll waits for window.stop(), which would abort it. */
		this.dropMetaRefresh(function () {
			self.live = true;
			self.poll();
		});
	};

	function main() {
		if (document.body && document.body.getAttribute('data-page') === 'dashboard')
			new Dashboard().start();
	}

	if (document.readyState === 'loading')
		document.addEventListener('DOMContentLoaded', main);
	else
		main();
}());
