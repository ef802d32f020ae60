/*
 * syncwatch incident page script (body[data-page=incident]): progressive
 * enhancement of the page the server renders; the page works without it.
 * Uses common.js (window.syncwatch).
 *
 * The action forms (#ack, #resolve, ...) post to
 * /api/v1/incidents/{id}/ACTION with an Authorization: Bearer header taken
 * from <input id=token> (kept in sessionStorage, so it is typed once per
 * tab) and the note typed beside them, show the server's error text on
 * failure, and update #state and #history without a reload.
 */
(function () {
	'use strict';

	var sw = window.syncwatch;
	var $ = sw.$, el = sw.el, str = sw.str, token = sw.token;
	var incidentId = sw.incidentId, removeChildren = sw.removeChildren;
	var timeElement = sw.timeElement, fetchJSON = sw.fetchJSON;
	var errorText = sw.errorText, TOKEN_KEY = sw.TOKEN_KEY;
	var STATES = ['open', 'acknowledged', 'resolved'];
	/* What a history entry can record: the states, a severity raised, snoozes. */
	var HISTORY_KINDS = STATES.concat(['escalated', 'snoozed', 'unsnoozed']);

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
	 * The token: what is typed into #token (in the ack form; the others'
	 * copies are hidden while the script runs), else the form's own.
	 * Kept for the tab in sessionStorage.
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

	/*
	 * Which forms apply (api-html.c: action_form): un-acknowledge for an
	 * acknowledged incident, snooze for an active one not snoozed, end
	 * the snooze for a snoozed one; and #snoozed after the state.
	 */
	IncidentPage.prototype.renderActions = function (inc) {
		var until = Date.parse(str(inc.snoozed_until));
		var snoozed = !isNaN(until) && until > Date.now();
		var show = { unack: inc.state === 'acknowledged',
			snooze: inc.state !== 'resolved' && !snoozed, unsnooze: snoozed };
		var s = $('state'), z = $('snoozed');

		Object.keys(show).forEach(function (k) {
			if ($(k))
				$(k).hidden = !show[k];
		});
		if (z)
			z.parentNode.removeChild(z);
		if (snoozed && s) {
			z = el('span', null, 'snoozed until ');
			z.id = 'snoozed';
			z.appendChild(timeElement(inc.snoozed_until));
			(($('resolution') || s).parentNode).appendChild(z);
		}
	};

	/* The request's body: the note typed into #note, a snooze's length. */
	IncidentPage.prototype.body = function (form) {
		var note = $('note') ? $('note').value.trim() : '';
		var dur = form.elements.namedItem('for');
		var b = {};

		if (note)
			b.note = note;
		if (dur && dur.value)
			b['for'] = dur.value;
		return JSON.stringify(b);
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
			headers: { Authorization: 'Bearer ' + t, 'Content-Type': 'application/json' },
			body: this.body(form)
		}).then(function (r) {
			if (!r.ok) {
				self.say(form, errorText(r));
				if ((r.status === 401 || r.status === 403) && self.tokenInput)
					self.tokenInput.select();
				return null;
			}
			if ($('note'))
				$('note').value = '';
			self.renderState(r.body);
			if (r.body)
				self.renderActions(r.body);
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
		/* One token and one note field for every form: #token, #note. */
		document.documentElement.classList.add('one-token');
		['ack', 'resolve', 'unack', 'snooze', 'unsnooze'].forEach(function (a) {
			var form = $(a);

			if (!form)
				return;
			form.addEventListener('submit', function (ev) {
				ev.preventDefault();
				self.act(form, a);
			});
		});
		if ($('state'))
			this.renderState({ state: $('state').textContent.trim() });
	};

	function main() {
		if (document.body && document.body.getAttribute('data-page') === 'incident')
			new IncidentPage().start();
	}

	if (document.readyState === 'loading')
		document.addEventListener('DOMContentLoaded', main);
	else
		main();
}());
