/*
 * syncwatch page scripts, the shared part: small DOM helpers, fetching
 * JSON, and the time zone every time on a page is shown in.  The pages
 * work without any script (docs/http.md, "Markup contract"); dashboard.js
 * and incident.js enhance them and use what this file puts in
 * window.syncwatch.
 *
 * Times: the server writes every <time datetime=ISO> in UTC and says
 * "Times in UTC" once, in the header (#zone).  Here #zone becomes a
 * button that switches every time on the page between UTC and the
 * browser's own zone (named, with its offset), remembered in
 * localStorage.
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

	var FETCH_TIMEOUT_MS = 10000;
	var ZONE_KEY = 'syncwatch.zone';

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

	function removeChildren(node) {
		while (node.firstChild)
			node.removeChild(node.firstChild);
	}

	/* ---- Time zone ------------------------------------------------------ */

	function storedZone() {
		try {
			return localStorage.getItem(ZONE_KEY) === 'local' ? 'local' : 'utc';
		} catch (e) {
			return 'utc';
		}
	}

	var zone = storedZone();

	/* "UTC+05:30" for the browser's offset at date d. */
	function offsetName(d) {
		var off = -d.getTimezoneOffset();
		var sign = off < 0 ? '-' : '+';

		off = Math.abs(off);
		return 'UTC' + sign + pad2(Math.floor(off / 60)) + ':' + pad2(off % 60);
	}

	/* What #zone says: "Times in UTC", "Times in Asia/Kolkata (UTC+05:30)". */
	function zoneLabel() {
		var name = '';

		if (zone === 'utc')
			return 'Times in UTC';
		try {
			name = Intl.DateTimeFormat().resolvedOptions().timeZone || '';
		} catch (e) {
			name = '';
		}
		return 'Times in ' + (name ? name + ' (' + offsetName(new Date()) + ')' :
		    'local time (' + offsetName(new Date()) + ')');
	}

	/* A Date as "YYYY-MM-DD HH:MM[:SS]" in the chosen zone. */
	function dateText(d, seconds) {
		var u = zone === 'utc';
		var s = (u ? d.getUTCFullYear() : d.getFullYear()) + '-' +
		    pad2((u ? d.getUTCMonth() : d.getMonth()) + 1) + '-' +
		    pad2(u ? d.getUTCDate() : d.getDate()) + ' ' +
		    pad2(u ? d.getUTCHours() : d.getHours()) + ':' +
		    pad2(u ? d.getUTCMinutes() : d.getMinutes());

		return seconds ? s + ':' + pad2(u ? d.getUTCSeconds() : d.getSeconds()) : s;
	}

	/* HH:MM:SS of a Date in the chosen zone. */
	function clock(d) {
		return dateText(d, true).slice(11);
	}

	/*
	 * The text of a <time> for an API time ("YYYY-MM-DDTHH:MM:SS.mmmZ"):
	 * "YYYY-MM-DD HH:MM:SS" in the chosen zone (in UTC exactly what the
	 * server prints).  Anything else is shown as it came.
	 */
	function timeText(iso, noSeconds) {
		var m = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/.exec(str(iso));
		var d = m ? new Date(str(iso)) : null;

		if (!d || isNaN(d.getTime()))
			return str(iso);
		return dateText(d, !noSeconds);
	}

	function timeElement(iso) {
		var t = el('time', null, timeText(iso));

		if (iso)
			t.setAttribute('datetime', str(iso));
		return t;
	}

	/* Every <time datetime> under root in the chosen zone. */
	function relabel(root) {
		var ts = (root || document).querySelectorAll('time[datetime]');
		var i, t, short;

		for (i = 0; i < ts.length; i++) {
			t = ts[i];
			short = t.hasAttribute('data-short') ||
			    /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(t.textContent);
			if (short)
				t.setAttribute('data-short', '');
			t.textContent = timeText(t.getAttribute('datetime'), short);
		}
	}

	var zoneListeners = [];

	/* #zone as a switch between UTC and the browser's zone. */
	function startZone() {
		var box = $('zone');
		var b;

		if (!box)
			return;
		removeChildren(box);
		b = el('button', null, zoneLabel());
		b.type = 'button';
		b.id = 'zone-switch';
		b.setAttribute('title', 'Show times in ' + (zone === 'utc' ?
		    'this browser\'s time zone' : 'UTC'));
		box.appendChild(b);
		b.addEventListener('click', function () {
			zone = zone === 'utc' ? 'local' : 'utc';
			try {
				localStorage.setItem(ZONE_KEY, zone);
			} catch (e) {
				/* not remembered: storage is off */
			}
			b.textContent = zoneLabel();
			b.setAttribute('title', 'Show times in ' + (zone === 'utc' ?
			    'this browser\'s time zone' : 'UTC'));
			relabel(document);
			zoneListeners.forEach(function (f) { f(); });
		});
		if (zone !== 'utc')
			relabel(document);
	}

	/* ---- Fetching ------------------------------------------------------- */

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

	window.syncwatch = Object.freeze({
		$: $, el: el, str: str, token: token, incidentId: incidentId,
		removeChildren: removeChildren, clock: clock, timeText: timeText,
		timeElement: timeElement, relabel: relabel,
		onZoneChange: function (f) { zoneListeners.push(f); },
		fetchJSON: fetchJSON, errorText: errorText,
		TOKEN_KEY: 'syncwatch.token'
	});

	if (document.readyState === 'loading')
		document.addEventListener('DOMContentLoaded', startZone);
	else
		startZone();
}());
