// The migrations dashboard, live: the Retry button posts to /admin/migrations/retry with the session
// cookie, and the page reads GET /admin/migrations (JSON) again each time the server's status stream
// (live.js) says the snapshot changed, to show the state, the failure, the pending revisions and the
// history without a reload; and GET /api/alerts, to show the alerts firing and the recent deliveries.
// Without the stream (an old browser, a proxy that buffers it) it reads both every 5 s instead. The
// alerts are read every 5 s with the stream too: an alert raised by the database probe, or a delivery
// done, changes no snapshot, so no status event tells of it. Every value is set as text, never as HTML.
(function () {
  'use strict';

  // How often to read the page when the status stream is not connected, and the alerts in any case.
  var WITHOUT_STREAM = 5000;
  // As many deliveries as the page lists when it is drawn (AlertNotes.DELIVERIES).
  var DELIVERIES = 20;
  var SENTENCES = {
    ok: 'Every migration is applied.',
    running: 'A migration run is in progress.',
    failed: 'The last migration run failed: the database stays at its last good revision.'
  };

  var root = document.getElementById('dashboard');
  if (!root) {
    return;
  }
  var state = root.getAttribute('data-state');
  var timer = null;
  var alertsTimer = null;
  var alertsAsked = 0;
  var viewsAsked = 0;
  var viewsDrawn = 0;
  var alertsDrawn = null;

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }

  function utc(iso) {
    if (!iso) { return ''; }
    var d = new Date(iso);
    if (isNaN(d.getTime())) { return String(iso); }
    return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '').replace(/Z$/, '') + ' UTC';
  }

  function took(ms) {
    if (ms < 1000) { return ms + ' ms'; }
    if (ms < 60000) { return (ms / 1000).toFixed(1) + ' s'; }
    return Math.floor(ms / 60000) + ' min ' + Math.floor((ms % 60000) / 1000) + ' s';
  }

  function revisions(ids) {
    return ids && ids.length ? ids.join(', ') : 'base (nothing applied)';
  }

  function sentence(view) {
    if (view.state === 'pending') {
      var n = view.pending.length;
      return n === 1 ? '1 revision is not applied yet.' : n + ' revisions are not applied yet.';
    }
    return SENTENCES[view.state] || '';
  }

  function message(text, bad, link) {
    var box = $('retry-message');
    box.textContent = text;
    box.className = 'retry-message' + (bad ? ' bad' : '');
    if (link) {
      box.appendChild(document.createTextNode(' '));
      box.appendChild(el('a', { href: link.href }, [link.text]));
    }
  }

  function showFailure(f) {
    var section = $('failure');
    section.textContent = '';
    section.hidden = !f;
    if (!f) { return; }
    var rows = [
      el('dt', {}, ['Error code']),
      el('dd', {}, [el('a', { href: f.runbook }, [el('code', {}, [f.code])])])
    ];
    if (f.revision) {
      rows.push(el('dt', {}, ['Revision']), el('dd', {}, [el('code', {}, [f.revision])]));
    }
    rows.push(el('dt', {}, ['What happened']), el('dd', { 'class': 'message' }, [f.message || '']),
      el('dt', {}, ['What to do']), el('dd', { 'class': 'hint' }, [f.hint || '']),
      el('dt', {}, ['When']), el('dd', {}, [utc(f.at)]));
    section.appendChild(el('h2', {}, ['Last failure']));
    section.appendChild(el('dl', {}, rows));
    section.appendChild(el('p', {}, [el('a', { 'class': 'runbook-link', href: f.runbook }, ['Open the runbook for ' + f.code])]));
  }

  function showPending(pending) {
    var list = $('pending');
    list.textContent = '';
    pending.forEach(function (p) {
      var item = el('li', {}, [el('div', { 'class': 'rev' }, [el('code', { 'class': 'rev-id' }, [p.id]), ' ',
        el('span', { 'class': 'rev-message' }, [p.message || ''])])]);
      if (p.file) { item.appendChild(el('div', { 'class': 'rev-file' }, [p.file])); }
      item.appendChild(p.sql ? el('pre', { 'class': 'sql' }, [el('code', {}, [p.sql])])
        : el('p', { 'class': 'note' }, ['No SQL to show (a Java migration, or no longer in the files).']));
      list.appendChild(item);
    });
    $('pending-count').textContent = String(pending.length);
    $('pending-none').hidden = pending.length > 0;
  }

  function showHistory(rows) {
    var body = $('history');
    body.textContent = '';
    (rows || []).forEach(function (h) {
      var result = h.success ? 'ok' : 'failed';
      body.appendChild(el('tr', { 'class': result }, [el('td', {}, [el('code', {}, [h.revision])]),
        el('td', {}, [h.action]), el('td', {}, [result]), el('td', {}, [utc(h.at)]), el('td', {}, [took(h.tookMs)]),
        el('td', { 'class': 'error' }, [h.error || ''])]));
    });
    $('history-none').hidden = !!(rows && rows.length);
  }

  function showLock(lock) {
    var text = 'Free';
    if (lock) {
      text = 'Held by pid ' + lock.pid + ' (' + lock.user + (lock.application ? ', ' + lock.application : '')
        + ') since ' + utc(lock.since) + (lock.revision ? ', running ' + lock.revision : '');
    }
    $('lock').textContent = text;
  }

  // A table of rows of cells, hidden with nothing to show, and the note that says so shown instead.
  function showRows(table, body, none, rows) {
    body.textContent = '';
    rows.forEach(function (row) { body.appendChild(row); });
    table.hidden = rows.length === 0;
    none.hidden = rows.length > 0;
  }

  // Redrawn only when what it shows changed: a redraw every few seconds would undo a selection being copied.
  function showAlerts(answer) {
    var active = answer.active || [];
    var deliveries = (answer.deliveries || []).slice(0, DELIVERIES);
    var drawn = JSON.stringify([active, deliveries]);
    if (drawn === alertsDrawn) { return; }
    alertsDrawn = drawn;
    $('alerts-count').textContent = String(active.length);
    $('alerts').classList.toggle('firing', active.length > 0);
    showRows($('alerts-active-table'), $('alerts-active'), $('alerts-none'), active.map(function (a) {
      return el('tr', { 'class': 'severity-' + a.severity }, [el('td', {}, [a.severity]), el('td', {}, [a.summary || '']),
        el('td', {}, [utc(a.startsAt)]), el('td', {}, a.runbook ? [el('a', { href: a.runbook }, ['runbook'])] : [])]);
    }));
    showRows($('alert-deliveries-table'), $('alert-deliveries'), $('deliveries-none'),
      deliveries.map(function (d) {
        return el('tr', { 'class': d.status }, [el('td', {}, [d.sink]),
          el('td', {}, [el('code', {}, [d.key]), ' ' + d.transition]), el('td', {}, [String(d.attempts)]),
          el('td', {}, [d.status]), el('td', { 'class': 'error' }, [d.lastError || '']), el('td', {}, [utc(d.deliveredAt)])]);
      }));
  }

  // Only the newest read is drawn, and only it sets the next: an older answer that comes late changes nothing.
  function pollAlerts() {
    var asked = ++alertsAsked;
    clearTimeout(alertsTimer);
    fetch('/api/alerts', { headers: { Accept: 'application/json' }, cache: 'no-store' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (answer) { if (answer && asked === alertsAsked) { showAlerts(answer); } })
      .catch(function () { /* the server may be restarting: try again at the next tick */ })
      .then(function () {
        if (asked === alertsAsked) { alertsTimer = setTimeout(pollAlerts, WITHOUT_STREAM); }
      });
  }

  function show(view) {
    var before = state;
    state = view.state;
    root.setAttribute('data-state', state);
    $('state').className = 'state state-' + state;
    $('state-word').textContent = state;
    $('state-sentence').textContent = sentence(view);
    document.title = state + ' · Migrations · Ferry';
    $('current').textContent = revisions(view.current);
    $('heads').textContent = revisions(view.heads);
    showFailure(view.lastFailure);
    showPending(view.pending || []);
    showHistory(view.history);
    showLock(view.lock);
    $('generated-at').textContent = utc(new Date().toISOString());
    if (before === 'running' && state !== 'running') {
      message(state === 'failed' ? 'The run failed; see the failure below.' : 'The run is over: ' + state + '.', state === 'failed');
      $('retry').disabled = false;
    }
  }

  function streaming() {
    return !!window.EventSource && !document.documentElement.classList.contains('live-disconnected');
  }

  function schedule() {
    clearTimeout(timer);
    if (!streaming()) {
      timer = setTimeout(poll, WITHOUT_STREAM);
    }
  }

  // An answer older than one already drawn is not drawn: a 'running' read arriving after the 'ok' one would
  // leave the page showing a run that is over. (An older answer still counts when a newer read failed.)
  function poll() {
    var asked = ++viewsAsked;
    pollAlerts();
    fetch('/admin/migrations', { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (view) { if (view && asked > viewsDrawn) { viewsDrawn = asked; show(view); } })
      .catch(function () { /* the server may be restarting: try again at the next tick */ })
      .then(schedule);
  }

  function retry() {
    var button = $('retry');
    button.disabled = true;
    message('Starting…', false);
    fetch('/admin/migrations/retry', { method: 'POST', credentials: 'same-origin' })
      .then(function (r) {
        if (r.status === 202) {
          state = 'running';
          message('Running…', false);
          $('state').className = 'state state-running';
          $('state-word').textContent = 'running';
          $('state-sentence').textContent = SENTENCES.running;
          poll();
          return;
        }
        button.disabled = false;
        if (r.status === 401) {
          message('Retrying needs the admin token:', true, { href: '/admin/sign-in', text: 'sign in' });
        } else if (r.status === 409) {
          message('A run is in progress already; following it.', true);
          state = 'running';
          poll();
        } else if (r.status === 403) {
          message('Refused: the request did not come from this server\u2019s page.', true);
        } else {
          message('The server answered ' + r.status + '.', true);
        }
      })
      .catch(function () {
        button.disabled = false;
        message('The server did not answer.', true);
      });
  }

  $('retry').addEventListener('click', retry);
  if (state === 'running') { $('retry').disabled = true; }
  // Every status event means the snapshot changed: read the dashboard's view of it.
  document.addEventListener('ferry:status', poll);
  // The stream lost: read the page on a timer until it is back.
  document.addEventListener('ferry:disconnected', schedule);
  schedule();
  alertsTimer = setTimeout(pollAlerts, WITHOUT_STREAM);
}());
