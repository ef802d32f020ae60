/*
 * syncwatch dashboard script: progressive enhancement of the pages the server
 * renders (docs/http.md, "Markup contract").  Every page works without it.
 *
 * On the dashboard (body[data-page=dashboard]) it drops the 10 s
 * <meta http-equiv=refresh> and instead polls /api/v1/incidents (with the
 * filter form's current values) and /api/v1/status every 3 s, re-rendering
 * the incident rows, the summary counts and the overall status in place, with
 * an "updated HH:MM:SS" indicator in the header.
 *
 * On an incident page (body[data-page=incident]) the #ack and #resolve forms
 * post to /api/v1/incidents/{id}/ack|resolve with an Authorization: Bearer
 * header taken from <input id=token> (kept in sessionStorage, so it is typed
 * once per tab), show the server's error text on failure, and update #state
 * and #history without a reload.
 *
 * Rules, because every string that comes from a log is attacker-controlled
 * and the page runs under a strict CSP (script-src 'self', no inline):
 * DOM is built with createElement/textContent/setAttribute only — never
 * innerHTML, insertAdjacentHTML, document.write, eval, Function or inline
 * handlers — and only same-origin relative URLs are requested.  Attribute
 * values from the API that end up in href or class are checked first.
 */
(function () {
	'use strict';

	var POLL_MS = 3000;
	var PAGE_ROWS = 500;		/* the server's dashboard: API_PAGE_ROWS */
	var FETCH_TIMEOUT_MS = 10000;
	var TOKEN_KEY = 'syncwatch.token';
	var SEVERITIES = ['critical', 'error', 'warning'];
	var STATES = ['open', 'acknowledged', 'resolved'];
	/* What a history entry can record: the states and a severity raised. */
	var HISTORY_KINDS = STATES.concat(['escalated']);
	var OVERALL = { ok: 'OK', warning: 'WARNING', critical: 'CRITICAL' };

	/* ---- Small helpers -------------------------------------------------- */

	function $(id) {
		return document.getElementById(id);
	}

	/* el('td', 'class', 'text'): an element with an optional class and text. */
	function el(tag, className, text) {
		var e = document.createElement(tag);

		if (className)
			e.className = className;
		if (text !== undefined && text !== null)
			e.textContent = String(text);
		return e;
	}

	function str(v) {
		return v === undefined || v === null ? '' : String(v);
	}

	/* A class-name token from untrusted text: only [a-z0-9-], else ''. */
	function token(v) {
		v = str(v).toLowerCase();
		return /^[a-z0-9-]+$/.test(v) ? v : '';
	}

	/* An incident id as the API gives it, or null when it is not one. */
	function incidentId(v) {
		v = str(v);
		return /^[0-9]+$/.test(v) ? v : null;
	}

	function pad2(n) {
		return (n < 10 ? '0' : '') + n;
	}

	/* Local wall-clock time of a Date as HH:MM:SS. */
	function clock(d) {
		return pad2(d.getHours()) + ':' + pad2(d.getMinutes()) + ':' +
		    pad2(d.getSeconds());
	}

	/*
	 * The text of a <time> element for an API time
	 * ("YYYY-MM-DDTHH:MM:SS.mmmZ"): "YYYY-MM-DD HH:MM:SS" in UTC, as the
	 * server prints it.  Anything else is shown as it came.
	 */
	function timeText(iso) {
		var m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(str(iso));

		return m ? m[1] + ' ' + m[2] : str(iso);
	}

	function timeElement(iso) {
		var t = el('time', null, timeText(iso));

		if (iso)
			t.setAttribute('datetime', str(iso));
		return t;
	}

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

	function removeChildren(node) {
		while (node.firstChild)
			node.removeChild(node.firstChild);
	}

	/*
	 * fetchJSON(url, options): resolves to {ok, status, body} where body is
	 * the parsed JSON (or null); rejects only on network failure or timeout.
	 */
	function fetchJSON(url, options) {
		var opts = options || {};
		var ctl = typeof AbortController === 'function' ? new AbortController() : null;
		var timer = null;

		opts.credentials = 'same-origin';
		opts.cache = 'no-store';
		opts.headers = opts.headers || {};
		opts.headers.Accept = 'application/json';
		if (ctl) {
			opts.signal = ctl.signal;
			timer = setTimeout(function () { ctl.abort(); }, FETCH_TIMEOUT_MS);
		}
		return fetch(url, opts).then(function (res) {
			return res.text().then(function (text) {
				var body = null;

				try {
					body = text ? JSON.parse(text) : null;
				} catch (e) {
					body = null;
				}
				return { ok: res.ok, status: res.status, body: body, text: text };
			});
		}).finally(function () {
			if (timer)
				clearTimeout(timer);
		});
	}

	/* The server's {"error": …} text, or a description of the status. */
	function errorText(r) {
		if (r.body && typeof r.body.error === 'string' && r.body.error)
			return r.body.error;
		if (r.status === 401)
			return 'not authorised: missing or wrong token';
		if (r.status === 403)
			return 'state changes over HTTP are disabled on this server';
		return 'request failed: HTTP ' + r.status;
	}

	/*
	 * The state cell: the state, and how syncwatch resolved the incident
	 * if it did — "resolved · <span class=resolution>self-healed</span>",
	 * as the server renders it.
	 */
	function stateCell(inc) {
		var td = el('td', 'state', inc.state);

		if (inc.resolution) {
			td.appendChild(document.createTextNode(' · '));
			td.appendChild(el('span', 'resolution', inc.resolution));
		}
		return td;
	}

	/* ---- Dashboard ------------------------------------------------------ */

	function Dashboard() {
		this.form = $('filters');
		this.table = $('incidents');
		this.tbody = this.table ? this.table.tBodies[0] : null;
		this.seq = 0;
		this.timer = null;
		this.inFlight = false;
		this.live = false;	/* polling has started */
		this.emptyText = null;

		var empty = $('no-incidents');
		if (empty)
			this.emptyText = empty.textContent;
		if (this.table && !this.tbody) {
			this.tbody = el('tbody');
			this.table.appendChild(this.tbody);
		}
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

	/* The filter form's current values, as the API's query string. */
	Dashboard.prototype.query = function () {
		var params = [];
		var names = ['state', 'severity', 'product'];
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
		/* As many rows as the server's page shows. */
		params.push('limit=' + PAGE_ROWS);
		return params.join('&');
	};

	Dashboard.prototype.indicator = function () {
		var u = $('updated');

		if (!u) {
			u = el('span');
			u.id = 'updated';
			u.setAttribute('role', 'status');
			u.setAttribute('aria-live', 'polite');
			var header = document.querySelector('header') || document.body;
			header.appendChild(u);
		}
		return u;
	};

	Dashboard.prototype.showUpdated = function (ok, why) {
		var u = this.indicator();
		var now = clock(new Date());

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
	Dashboard.prototype.row = function (inc) {
		var id = incidentId(inc.id);
		var sev = token(inc.severity);
		var state = token(inc.state);
		var tr = el('tr', 'incident' + (sev ? ' sev-' + sev : '') +
		    (state ? ' state-' + state : ''));
		var title = el('td', 'title');
		var a;

		if (id !== null)
			tr.setAttribute('data-id', id);
		tr.setAttribute('data-signature', str(inc.signature));
		tr.appendChild(el('td', 'severity', inc.severity));
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
		var first = el('td', 'first-seen');
		first.appendChild(timeElement(inc.first_seen));
		tr.appendChild(first);
		var last = el('td', 'last-seen');
		last.appendChild(timeElement(inc.last_seen));
		tr.appendChild(last);
		tr.appendChild(stateCell(inc));
		return tr;
	};

	Dashboard.prototype.renderIncidents = function (list) {
		var frag = document.createDocumentFragment();
		var empty = $('no-incidents');
		var i;

		if (!this.tbody)
			return;
		for (i = 0; i < list.length; i++) {
			if (list[i] && typeof list[i] === 'object')
				frag.appendChild(this.row(list[i]));
		}
		removeChildren(this.tbody);
		this.tbody.appendChild(frag);

		if (list.length > 0) {
			if (empty)
				empty.parentNode.removeChild(empty);
		} else if (!empty) {
			empty = el('p', null, this.emptyText || 'No incidents.');
			empty.id = 'no-incidents';
			this.table.parentNode.insertBefore(empty, this.table.nextSibling);
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
			fetchJSON('/api/v1/incidents' + (q ? '?' + q : '')),
			fetchJSON('/api/v1/status')
		]).then(function (res) {
			if (seq !== self.seq)
				return;
			var inc = res[0], st = res[1];
			if (!inc.ok || !inc.body || !Array.isArray(inc.body.incidents))
				throw new Error(inc.ok ? 'bad reply' : errorText(inc));
			self.renderIncidents(inc.body.incidents);
			if (st.ok && st.body)
				self.renderStatus(st.body);
			self.showUpdated(st.ok, st.ok ? null : errorText(st));
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
		var q = this.query().replace(/&?limit=\d+$/, '');

		if (window.history && history.replaceState)
			history.replaceState(null, '', window.location.pathname + (q ? '?' + q : ''));
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
		document.addEventListener('visibilitychange', function () {
			if (self.live && !document.hidden && !self.timer && !self.inFlight)
				self.poll();
		});
		/* The first poll waits for window.stop(), which would abort it. */
		this.dropMetaRefresh(function () {
			self.live = true;
			self.poll();
		});
	};

	/* ---- Incident page --------------------------------------------------- */

	function IncidentPage() {
		this.id = incidentId(document.body.getAttribute('data-incident-id'));
		this.tokenInput = $('token');
		this.busy = false;
	}

	/*
	 * The error line: the server's <p id="action-error" hidden> (or one
	 * made beside the forms).  Empty text hides it.
	 */
	IncidentPage.prototype.say = function (form, text) {
		var box = $('action-error');

		if (!box) {
			box = el('p', 'error');
			box.id = 'action-error';
			var anchor = $('resolve') || form;
			anchor.parentNode.insertBefore(box, anchor.nextSibling);
		}
		box.setAttribute('role', 'alert');
		box.textContent = text;
		box.hidden = !text;
	};

	IncidentPage.prototype.renderState = function (inc) {
		var s = $('state');
		var r, badge;

		if (!s || !inc || typeof inc.state !== 'string')
			return;
		STATES.forEach(function (x) { s.classList.remove('state-' + x); });
		if (token(inc.state))
			s.classList.add('state-' + token(inc.state));
		s.textContent = inc.state;
		/*
		 * #resolution: how syncwatch resolved it.  A reply without one
		 * (an operator's change) removes it; the server's explanation
		 * stays while the resolution is the same.
		 */
		if (!('resolution' in inc))
			return;
		r = $('resolution');
		badge = r ? r.querySelector('.resolution') : null;
		if (!inc.resolution) {
			if (r)
				r.parentNode.removeChild(r);
			return;
		}
		if (badge && badge.textContent === str(inc.resolution))
			return;
		if (r)
			removeChildren(r);
		else {
			r = el('span');
			r.id = 'resolution';
			s.parentNode.insertBefore(r, s.nextSibling);
			s.parentNode.insertBefore(document.createTextNode(' '), r);
		}
		r.appendChild(el('span', 'resolution', inc.resolution));
	};

	/*
	 * #history from the incident's "history" array, in the server's markup:
	 * <li class=history-STATE><time>…</time> <span class=state>STATE</span>
	 * by NAME — <span class=note>NOTE</span></li> (STATE may be
	 * "escalated"; "by" and the note only when there are); a list the
	 * server rendered with more entries than the reply is left alone.
	 */
	IncidentPage.prototype.renderHistory = function (inc) {
		var ol = $('history');
		var frag = document.createDocumentFragment();
		var before, i, h, li;

		if (!ol || !inc || !Array.isArray(inc.history))
			return;
		before = ol.children.length;
		if (inc.history.length < before)
			return;
		for (i = 0; i < inc.history.length; i++) {
			h = inc.history[i] || {};
			li = el('li');
			if (HISTORY_KINDS.indexOf(str(h.state)) !== -1)
				li.className = 'history-' + h.state;
			li.appendChild(timeElement(h.at));
			li.appendChild(document.createTextNode(' '));
			li.appendChild(el('span', 'state', h.state));
			if (h.by)
				li.appendChild(document.createTextNode(' by ' + str(h.by)));
			if (h.note) {
				li.appendChild(document.createTextNode(' — '));
				li.appendChild(el('span', 'note', h.note));
			}
			if (i >= before)
				li.classList.add('added');
			frag.appendChild(li);
		}
		removeChildren(ol);
		ol.appendChild(frag);
	};

	/*
	 * The token: what is typed into #token (the server ties it to the ack
	 * form and gives the others a hidden copy), else a visible token field
	 * of the form itself.  Kept for the tab in sessionStorage.
	 */
	IncidentPage.prototype.readToken = function (form) {
		var t = this.tokenInput ? this.tokenInput.value.trim() : '';
		var own = form.elements.namedItem('token');

		if (!t && own && own.type !== 'hidden' && 'value' in own)
			t = own.value.trim();
		try {
			if (t)
				sessionStorage.setItem(TOKEN_KEY, t);
		} catch (e) {
			/* storage off: the user types it each time */
		}
		return t;
	};

	/* The hidden copies of the token in the other forms follow #token. */
	IncidentPage.prototype.copyToken = function () {
		var copies = document.querySelectorAll('form input[type="hidden"][name="token"]');
		var v = this.tokenInput ? this.tokenInput.value : '';
		var i;

		for (i = 0; i < copies.length; i++)
			copies[i].value = v;
	};

	IncidentPage.prototype.act = function (form, action) {
		var self = this;
		var t = this.readToken(form);
		var buttons = form.querySelectorAll('button');
		var i;

		if (this.busy)
			return;
		if (!t) {
			this.say(form, 'Type the API token first.');
			if (this.tokenInput)
				this.tokenInput.focus();
			return;
		}
		this.busy = true;
		for (i = 0; i < buttons.length; i++)
			buttons[i].disabled = true;
		this.say(form, '');
		fetchJSON('/api/v1/incidents/' + this.id + '/' + action, {
			method: 'POST',
			headers: { Authorization: 'Bearer ' + t }
		}).then(function (r) {
			if (!r.ok) {
				self.say(form, errorText(r));
				if ((r.status === 401 || r.status === 403) && self.tokenInput)
					self.tokenInput.select();
				return null;
			}
			self.renderState(r.body);
			if (r.body && Array.isArray(r.body.history)) {
				self.renderHistory(r.body);
				return null;
			}
			/* The reply has no history: read the full incident. */
			return fetchJSON('/api/v1/incidents/' + self.id).then(function (full) {
				if (full.ok && full.body) {
					self.renderState(full.body);
					self.renderHistory(full.body);
				}
			});
		}).catch(function (e) {
			self.say(form, 'request failed: ' +
			    ((e && e.message) || 'network error'));
		}).finally(function () {
			self.busy = false;
			for (i = 0; i < buttons.length; i++)
				buttons[i].disabled = false;
		});
	};

	IncidentPage.prototype.start = function () {
		var self = this;
		var saved = null;

		if (this.id === null)
			return;
		try {
			saved = sessionStorage.getItem(TOKEN_KEY);
		} catch (e) {
			saved = null;
		}
		if (this.tokenInput) {
			if (saved && !this.tokenInput.value)
				this.tokenInput.value = saved;
			this.tokenInput.addEventListener('input', function () {
				self.copyToken();
			});
			this.copyToken();
		}
		[['ack', 'ack'], ['resolve', 'resolve']].forEach(function (p) {
			var form = $(p[0]);

			if (!form)
				return;
			form.addEventListener('submit', function (ev) {
				ev.preventDefault();
				self.act(form, p[1]);
			});
		});
		if ($('state'))
			this.renderState({ state: $('state').textContent.trim() });
	};

	/* ---- Start ----------------------------------------------------------- */

	function main() {
		var page = document.body ? document.body.getAttribute('data-page') : null;

		if (page === 'dashboard')
			new Dashboard().start();
		else if (page === 'incident')
			new IncidentPage().start();
	}

	if (document.readyState === 'loading')
		document.addEventListener('DOMContentLoaded', main);
	else
		main();
}());
