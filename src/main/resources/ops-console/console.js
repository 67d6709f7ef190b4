// payment-hub operator console: plain JavaScript, no build step, no third-party code.
// Every call goes to the JSON actions under /ops/ on this same port; the browser sends the HTTP Basic
// credentials the operator logged in with. Times are shown in Venezuelan time (America/Caracas) and UTC.
'use strict';

const PAGE = 50;
const view = document.getElementById('view');
const outcome = document.getElementById('outcome');

const caracas = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'America/Caracas', year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const utc = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

/** Text made safe for HTML. */
function esc(value) {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/** An instant in Venezuelan time with UTC beneath it. */
function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (isNaN(d)) return esc(iso);
  return '<span class="time" title="' + esc(iso) + '">' + caracas.format(d) + ' VET'
    + '<span class="utc">' + utc.format(d) + ' UTC</span></span>';
}

/** A decimal string amount with its currency, never through a float. */
function money(amount, currency) {
  return amount === null || amount === undefined ? '' : esc(amount) + ' ' + esc(currency || '');
}

async function api(method, path, body) {
  const options = { method, headers: { 'Accept': 'application/json' }, credentials: 'same-origin' };
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  const response = await fetch('/ops/' + path, options);
  let json;
  try { json = await response.json(); } catch (e) { json = { message: 'answer ' + response.status + ' is not JSON' }; }
  return { status: response.status, ok: response.ok, json };
}

/** Shows what an action did (or why it did not), and keeps it on screen. */
function showOutcome(result, what) {
  outcome.hidden = false;
  outcome.className = result.ok ? 'ok' : 'error';
  outcome.id = 'outcome';
  outcome.textContent = what + ': ' + (result.ok ? 'done' : 'refused (' + result.status + ')') + ' — '
    + (result.json.message || JSON.stringify(result.json));
}

function fail(result) {
  view.innerHTML = '<p class="error">The runner answered ' + result.status + ': ' + esc(result.json.message) + '</p>';
}

function query(params) {
  const q = new URLSearchParams();
  Object.entries(params).forEach(([k, v]) => { if (v !== undefined && v !== null && v !== '') q.set(k, v); });
  const s = q.toString();
  return s ? '?' + s : '';
}

function pager(next, onNext, onFirst) {
  const div = document.createElement('div');
  div.className = 'pager';
  if (onFirst) {
    const first = document.createElement('button');
    first.className = 'secondary'; first.textContent = 'First page'; first.onclick = onFirst;
    div.appendChild(first);
    div.appendChild(document.createTextNode(' '));
  }
  if (next !== null && next !== undefined) {
    const more = document.createElement('button');
    more.id = 'next-page'; more.textContent = 'Next page'; more.onclick = () => onNext(next);
    div.appendChild(more);
  }
  return div;
}

/** A small form asking for a reason (and optionally more fields) before an action runs. */
function actionForm(id, label, extraHtml, run, danger) {
  const form = document.createElement('form');
  form.id = id;
  form.className = 'card';
  form.innerHTML = (extraHtml || '') + '<label>Reason (required, kept in the audit log)<br>'
    + '<input name="reason" required size="60"></label> <button type="submit"' + (danger ? ' class="danger"' : '') + '>'
    + esc(label) + '</button>';
  form.onsubmit = async (event) => {
    event.preventDefault();
    const reason = form.elements.reason.value.trim();
    if (!reason) return;
    await run(reason, form);
  };
  return form;
}

// ---- payments -------------------------------------------------------------------------------------------

let paymentFilters = {};

async function payments(before) {
  const f = paymentFilters;
  view.innerHTML = '<h2>Payments</h2>'
    + '<form class="filters" id="payment-search">'
    + '<label>Reference<input name="reference" value="' + esc(f.reference) + '"></label>'
    + '<label>Phone<input name="phone" value="' + esc(f.phone) + '"></label>'
    + '<label>Refpk / external id<input name="externalId" value="' + esc(f.externalId) + '" size="32"></label>'
    + '<label>Date (Venezuelan)<input name="date" type="date" value="' + esc(f.date) + '"></label>'
    + '<label>Provider<select name="provider">' + options(['', 'bancamiga', 'bamboo', 'luka'], f.provider) + '</select></label>'
    + '<label>Status<select name="status">' + options(['', 'RECEIVED', 'PENDING', 'APPROVED', 'PREAUTHORIZED', 'PAID',
      'REJECTED', 'CANCELLED', 'EXPIRED'], f.status) + '</select></label>'
    + '<button type="submit">Search</button></form><div id="results">Loading…</div>';
  const form = document.getElementById('payment-search');
  form.onsubmit = (event) => {
    event.preventDefault();
    paymentFilters = Object.fromEntries(new FormData(form).entries());
    payments();
  };
  const result = await api('GET', 'payments' + query(Object.assign({ limit: PAGE, before }, f)));
  const results = document.getElementById('results');
  if (!result.ok) { results.textContent = result.json.message; return; }
  if (result.json.items.length === 0) { results.innerHTML = '<p>No payment matches.</p>'; return; }
  results.innerHTML = '<table id="payments-table"><thead><tr><th>Occurred</th><th>Payment</th><th>Status</th>'
    + '<th>Amount</th><th>Reference</th><th>Payer</th><th>Seen via</th><th>Stored</th></tr></thead><tbody>'
    + result.json.items.map(p => '<tr><td>' + time(p.occurredAt) + '</td>'
      + '<td><a href="#payment/' + encodeURIComponent(p.paymentId) + '">' + esc(p.paymentId) + '</a>'
      + '<br><span class="muted">' + esc(p.method) + '</span></td>'
      + '<td class="status">' + esc(p.status) + '</td><td class="num">' + money(p.amount, p.currency) + '</td>'
      + '<td>' + esc(p.reference) + '</td><td>' + esc(p.payerPhone) + ' ' + esc(p.payerBank) + '</td>'
      + '<td>' + esc(p.observedVia) + '</td><td>' + time(p.createdAt) + '</td></tr>').join('')
    + '</tbody></table>';
  results.appendChild(pager(result.json.nextBefore, payments, before ? () => payments() : null));
}

function options(values, selected) {
  return values.map(v => '<option value="' + esc(v) + '"' + (v === selected ? ' selected' : '') + '>'
    + (v === '' ? 'any' : esc(v)) + '</option>').join('');
}

async function payment(id) {
  const result = await api('GET', 'payment' + query({ id }));
  if (!result.ok) { fail(result); return; }
  const p = result.json.payment;
  let html = '<h2>Payment ' + esc(p.paymentId) + '</h2><div class="card"><dl class="fields">'
    + field('Status', '<span class="status" id="payment-status">' + esc(p.status) + '</span>')
    + field('Amount', money(p.amount, p.currency)) + field('Method', esc(p.method))
    + field('Reference', esc(p.reference)) + field('Payer', esc(p.payerPhone) + ' ' + esc(p.payerBank))
    + field('Payee', esc(p.payeePhone)) + field('Occurred', time(p.occurredAt)) + field('First seen via', esc(p.observedVia))
    + field('Stored', time(p.createdAt)) + field('Last change', time(p.updatedAt))
    + '</dl></div><h3>Timeline</h3><table id="timeline"><thead><tr><th>When</th><th>What</th><th>Details</th></tr></thead><tbody>'
    + result.json.timeline.map(t => '<tr><td>' + time(t.at) + '</td><td>' + esc(t.what) + '</td><td>' + esc(t.details) + '</td></tr>').join('')
    + '</tbody></table><h3>PAGO46 registration</h3>';
  const r = result.json.pago46;
  html += r ? '<div class="card" id="pago46"><dl class="fields">' + field('Status', '<span class="status">' + esc(r.status) + '</span>')
    + field('bank_transaction_id', esc(r.bankTransactionId)) + field('Amount', esc(r.amount)) + field('Queued', time(r.createdAt))
    + field('Batch', esc(r.batchId) + ' ' + esc(r.batchStatus)) + field("PAGO46's answer", esc(r.partnerMessage))
    + field('Registered', time(r.registeredAt)) + '</dl></div>'
    : '<p id="pago46">Not registered with PAGO46 (only ' + esc(result.json.pago46Providers) + ' payments are).</p>';
  html += '<h3>Original body</h3><pre>' + esc(p.original) + '</pre>';
  view.innerHTML = html;
}

function field(name, valueHtml) {
  return '<dt>' + esc(name) + '</dt><dd>' + valueHtml + '</dd>';
}

// ---- review queue ----------------------------------------------------------------------------------------

async function review(before, status) {
  status = status === undefined ? 'OPEN' : status;
  const result = await api('GET', 'review' + query({ status, limit: PAGE, before }));
  if (!result.ok) { fail(result); return; }
  view.innerHTML = '<h2>Review queue</h2><form class="filters" id="review-filter"><label>Status<select name="status">'
    + options(['OPEN', 'RESOLVED', 'RELEASED', 'DISCARDED', ''], status) + '</select></label><button>Show</button></form>'
    + (result.json.items.length === 0 ? '<p>Nothing here.</p>' : '<table id="review-table"><thead><tr><th>Id</th><th>Held</th>'
    + '<th>External id</th><th>Kind</th><th>Status</th><th>Reason</th></tr></thead><tbody>'
    + result.json.items.map(i => '<tr><td><a href="#review/' + i.id + '">' + i.id + '</a></td><td>' + time(i.createdAt) + '</td>'
      + '<td>' + esc(i.provider) + ':' + esc(i.externalId) + '</td><td>' + esc(i.kind) + '</td><td>' + esc(i.status) + '</td>'
      + '<td>' + esc(i.reason) + '</td></tr>').join('') + '</tbody></table>');
  const form = document.getElementById('review-filter');
  form.onsubmit = (event) => { event.preventDefault(); review(undefined, form.elements.status.value); };
  view.appendChild(pager(result.json.nextBefore, next => review(next, status), before ? () => review(undefined, status) : null));
}

async function reviewItem(id) {
  const result = await api('GET', 'review/' + id);
  if (!result.ok) { fail(result); return; }
  const i = result.json;
  view.innerHTML = '<h2>Review item ' + i.id + '</h2><div class="card"><dl class="fields">'
    + field('Report', esc(i.provider) + ':' + esc(i.externalId)) + field('Kind', esc(i.kind))
    + field('Status', '<span class="status" id="review-status">' + esc(i.status) + '</span>') + field('Why held', esc(i.reason))
    + field('Held', time(i.createdAt)) + field('Resolved', time(i.resolvedAt) + ' ' + esc(i.resolvedVia) + ' ' + esc(i.resolvedBy))
    + field('Resolution', esc(i.resolution))
    + field('Payment', i.paymentId ? '<a id="review-payment" href="#payment/' + encodeURIComponent(i.paymentId) + '">' + esc(i.paymentId) + '</a>' : '')
    + '</dl></div><h3>Body as received</h3><pre id="review-body">' + esc(i.body) + '</pre>';
  if (i.status !== 'OPEN') return;
  view.appendChild(actionForm('release-form', 'Release with these corrections',
    '<label>Corrected fields, as JSON (e.g. {"Amount":"1234.56"}; {} to release as received)<br>'
    + '<textarea name="corrections">{}</textarea></label><br>', async (reason, form) => {
      let corrections;
      try { corrections = JSON.parse(form.elements.corrections.value || '{}'); } catch (e) {
        showOutcome({ ok: false, status: 'not sent', json: { message: 'the corrections are not valid JSON' } }, 'Release');
        return;
      }
      const r = await api('POST', 'review/' + id + '/release', { reason, corrections });
      showOutcome(r, 'Release of review item ' + id);
      if (r.ok) reviewItem(id);
    }));
  view.appendChild(actionForm('discard-form', 'Discard', '', async (reason) => {
    const r = await api('POST', 'review/' + id + '/discard', { reason });
    showOutcome(r, 'Discard of review item ' + id);
    if (r.ok) reviewItem(id);
  }, true));
}

// ---- rejected messages -----------------------------------------------------------------------------------

async function rejected(before) {
  const result = await api('GET', 'rejected' + query({ limit: PAGE, before }));
  if (!result.ok) { fail(result); return; }
  view.innerHTML = '<h2>Rejected messages</h2>' + (result.json.items.length === 0 ? '<p>Nothing refused.</p>'
    : '<table id="rejected-table"><thead><tr><th>Id</th><th>Received</th><th>Endpoint</th><th>Answered</th><th>Reason</th>'
    + '<th>Replays</th></tr></thead><tbody>' + result.json.items.map(m => '<tr><td><a href="#rejected/' + m.id + '">' + m.id
      + '</a></td><td>' + time(m.receivedAt) + '</td><td>' + esc(m.endpoint) + '</td><td>' + esc(m.status) + '</td><td>'
      + esc(m.reason) + '</td><td>' + esc(m.replays) + ' ' + esc(m.lastReplayOutcome) + '</td></tr>').join('') + '</tbody></table>');
  view.appendChild(pager(result.json.nextBefore, rejected, before ? () => rejected() : null));
}

async function rejectedItem(id) {
  const result = await api('GET', 'rejected/' + id);
  if (!result.ok) { fail(result); return; }
  const m = result.json;
  view.innerHTML = '<h2>Rejected message ' + m.id + '</h2><div class="card"><dl class="fields">'
    + field('Endpoint', esc(m.endpoint)) + field('Answered', esc(m.status)) + field('Reason', esc(m.reason))
    + field('Content type', esc(m.contentType)) + field('Size', esc(m.bodySize) + ' bytes' + (m.bodyTruncated ? ' (truncated)' : ''))
    + field('Received', time(m.receivedAt)) + field('Replays', esc(m.replays) + ' ' + time(m.lastReplayAt) + ' ' + esc(m.lastReplayOutcome))
    + '</dl></div><h3>Body as received</h3><pre id="rejected-body">' + esc(m.body) + '</pre>';
  view.appendChild(actionForm('replay-form', 'Replay through its route', '', async (reason) => {
    const r = await api('POST', 'rejected/' + id + '/replay', { reason });
    showOutcome(r, 'Replay of rejected message ' + id);
  }));
}

// ---- parked PAGO46 batches -------------------------------------------------------------------------------

async function batches() {
  const result = await api('GET', 'pago46/batches/parked');
  if (!result.ok) { fail(result); return; }
  const parked = result.json.parked || [];
  view.innerHTML = '<h2>Parked PAGO46 batches</h2>' + (parked.length === 0 ? '<p id="no-parked">No parked batch.</p>'
    : '<table id="batches-table"><thead><tr><th>Batch</th><th>Parked</th><th>Transactions</th><th>Attempts</th>'
    + '<th>PAGO46 answered</th><th>Reason</th><th>Re-queue</th></tr></thead><tbody>' + parked.map(b => '<tr><td>' + b.batchId
      + '</td><td>' + time(b.parkedAt) + '</td><td class="num">' + b.transactions + '</td><td class="num">' + b.attempts
      + '</td><td>' + esc(b.httpStatus) + '</td><td>' + esc(b.reason) + '</td><td id="requeue-' + b.batchId + '"></td></tr>').join('')
    + '</tbody></table>');
  parked.forEach(b => {
    document.getElementById('requeue-' + b.batchId).appendChild(actionForm('requeue-form-' + b.batchId, 'Re-queue', '',
      async (reason) => {
        const r = await api('POST', 'pago46/batches/' + b.batchId + '/requeue', { reason });
        showOutcome(r, 'Re-queue of batch ' + b.batchId);
        if (r.ok) batches();
      }));
  });
}

// ---- partner health --------------------------------------------------------------------------------------

async function health() {
  const result = await api('GET', 'health');
  if (!result.ok) { fail(result); return; }
  const h = result.json;
  view.innerHTML = '<h2>Partner health</h2><p>Overall: <span class="status ' + esc(h.status) + '">' + esc(h.status) + '</span>'
    + ' — outbox: ' + esc(h.outboxPending) + ' events waiting for Kafka</p>'
    + '<h3>Checks</h3><table id="health-checks"><thead><tr><th>Check</th><th>State</th><th>Details</th></tr></thead><tbody>'
    + h.checks.map(c => '<tr><td>' + esc(c.name) + '</td><td class="status ' + esc(c.state) + '">' + esc(c.state) + '</td><td>'
      + esc(c.message) + ' ' + Object.entries(c.details || {}).map(([k, v]) => esc(k) + '=' + esc(v)).join(', ') + '</td></tr>').join('')
    + '</tbody></table><h3>Tokens</h3><table id="tokens"><thead><tr><th>Partner</th><th>Expires</th><th>Note</th></tr></thead><tbody>'
    + h.tokens.map(t => '<tr><td>' + esc(t.partner) + '</td><td>' + time(t.expiresAt) + '</td><td>' + esc(t.note) + '</td></tr>').join('')
    + '</tbody></table><h3>Circuit breakers</h3><table id="breakers"><thead><tr><th>Route</th><th>State</th></tr></thead><tbody>'
    + h.breakers.map(b => '<tr><td>' + esc(b.route) + '</td><td class="status ' + esc(b.state) + '">' + esc(b.state) + '</td></tr>').join('')
    + '</tbody></table><h3>Polls and timers</h3><table id="polls"><thead><tr><th>Route</th><th>Running</th><th>Last success</th>'
    + '<th>Last failure</th></tr></thead><tbody>'
    + h.polls.map(p => '<tr><td>' + esc(p.route) + '</td><td>' + esc(p.state) + '</td><td>' + (p.lastSuccessAt ? time(p.lastSuccessAt)
      : '<span class="muted">none since start</span>') + '</td><td>' + time(p.lastFailureAt) + ' ' + esc(p.lastFailure) + '</td></tr>').join('')
    + '</tbody></table>';
}

// ---- audit log -------------------------------------------------------------------------------------------

async function audit(before) {
  const result = await api('GET', 'audit' + query({ limit: PAGE, before }));
  if (!result.ok) { fail(result); return; }
  const items = result.json.items;
  view.innerHTML = '<h2>Audit log</h2>' + (items.length === 0 ? '<p>No operator action yet.</p>'
    : '<table id="audit-table"><thead><tr><th>When</th><th>Who</th><th>Action</th><th>On</th><th>Reason</th><th>Outcome</th>'
    + '<th>Details</th></tr></thead><tbody>' + items.map(a => '<tr><td>' + time(a.at) + '</td><td>' + esc(a.actor) + '</td><td>'
      + esc(a.action) + '</td><td>' + esc(a.target) + '</td><td>' + esc(a.reason) + '</td><td>' + esc(a.outcome) + '</td><td>'
      + esc(a.details) + '</td></tr>').join('') + '</tbody></table>');
  const next = result.json.nextBefore !== undefined ? result.json.nextBefore
    : (items.length === PAGE ? items[items.length - 1].id : null);
  view.appendChild(pager(next, audit, before ? () => audit() : null));
}

// ---- reconciliation ---------------------------------------------------------------------------------------

/** Yesterday in Venezuelan time, as yyyy-MM-dd: the last day that can be closed. */
function yesterdayInCaracas() {
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'America/Caracas' }).format(new Date());
  const d = new Date(today + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function paymentLink(paymentId) {
  return '<a href="#payment/' + encodeURIComponent(paymentId) + '">' + esc(paymentId) + '</a>';
}

/** A list of the report (missed, phantoms): its count and total, then each row linking to its payment. */
function reportList(id, title, list, currency, extra) {
  const rows = (list.items || []).map(i => '<tr><td>' + paymentLink(i.paymentId) + '</td><td>' + money(i.amount, currency)
    + '</td><td>' + time(i.occurredAt) + '</td>' + (extra ? '<td>' + extra(i) + '</td>' : '') + '</tr>').join('');
  return '<h4>' + esc(title) + ': ' + esc(list.count) + ' (' + money(list.amount, currency) + ')'
    + (list.truncated ? ' <span class="muted">first rows only</span>' : '') + '</h4>'
    + (rows ? '<table id="' + id + '"><thead><tr><th>Payment</th><th>Amount</th><th>Occurred</th>'
      + (extra ? '<th>Found late by</th>' : '') + '</tr></thead><tbody>' + rows + '</tbody></table>' : '');
}

/** The day's report per provider: GET /ops/reconciliation?date=; close it again with a reason. */
async function reconciliation(date) {
  const day = date || yesterdayInCaracas();
  const result = await api('GET', 'reconciliation' + query({ date: day }));
  if (!result.ok) return fail(result);
  const currencies = { bancamiga: 'VES', luka: 'VES', bamboo: 'COP' };
  let html = '<h2>Reconciliation of ' + esc(day) + '</h2>'
    + '<form id="reconciliation-date"><label>Day (Venezuelan time) <input type="date" name="date" value="' + esc(day)
    + '"></label> <button type="submit">Show</button></form>'
    + '<p id="reconciliation-state">' + (result.json.closed ? 'Closed: the stored report (newest version).'
      : 'Not closed yet: figures computed now, nothing stored.')
    + ' <a href="/ops/reconciliation?date=' + esc(day) + '" id="reconciliation-json">JSON</a></p>';
  for (const r of result.json.reports) {
    const cur = currencies[r.provider] || '';
    const via = Object.entries(r.credits.byObservedVia || {}).map(([k, v]) => esc(k) + ' ' + esc(v.count)
      + ' (' + money(v.amount, cur) + ')').join(', ');
    const p = r.pago46 || {};
    html += '<section class="report" id="reconciliation-' + esc(r.provider) + '"><h3>' + esc(r.provider)
      + (r.version ? ' <span class="muted">version ' + esc(r.version) + '</span>' : '') + '</h3>'
      + '<table><tbody>'
      + '<tr><th>Credits</th><td>' + esc(r.credits.count) + ' (' + money(r.credits.amount, cur) + ')</td></tr>'
      + '<tr><th>First seen by</th><td>' + (via || '—') + '</td></tr>'
      + '<tr><th>History sweep completed</th><td>' + (r.historySweepCompletedAt ? time(r.historySweepCompletedAt) : '—') + '</td></tr>'
      + '<tr><th>Bank history credited / published</th><td>' + (r.amounts.historyCredited === null
        ? 'no history sweep' : money(r.amounts.historyCredited, cur)) + ' / '
        + money(r.amounts.published, cur) + (r.amounts.difference ? ' (difference ' + money(r.amounts.difference, cur) + ')' : '')
        + '</td></tr>'
      + '<tr><th>PAGO46</th><td>accepted ' + esc((p.accepted || {}).count) + ' (' + money((p.accepted || {}).amount, cur)
        + '), pending ' + esc((p.pending || {}).count) + ' (' + money((p.pending || {}).amount, cur) + '), parked '
        + esc((p.parked || {}).count) + ' (' + money((p.parked || {}).amount, cur) + ')</td></tr>'
      + '<tr><th>Review items still open</th><td>' + (r.reviewOpen.items || []).map(i => '<a href="#review/' + esc(i.id) + '">'
        + esc(i.externalId || i.id) + '</a>').join(', ') + ' ' + esc(r.reviewOpen.count) + '</td></tr>'
      + '</tbody></table>'
      + reportList('missed-' + r.provider, 'Missed by the webhook', r.missed, cur, i => esc(i.lateSeconds) + ' s')
      + reportList('phantoms-' + r.provider, 'Phantom webhooks (not in the bank\'s history)', r.phantoms, cur)
      + '</section>';
  }
  view.innerHTML = html;
  document.getElementById('reconciliation-date').onsubmit = (e) => {
    e.preventDefault();
    location.hash = 'reconciliation/' + e.target.elements.date.value;
  };
  view.appendChild(actionForm('close-form', 'Close this day again (a new version)', '', async (reason) => {
    const r = await api('POST', 'reconciliation/close' + query({ date: day }), { reason });
    showOutcome(r, 'Close ' + day);
    if (r.ok) await reconciliation(day);
  }));
}

// ---- navigation ------------------------------------------------------------------------------------------

function route() {
  const [name, arg] = (location.hash.replace(/^#/, '') || 'payments').split('/');
  document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.dataset.view === name
    || (name === 'payment' && a.dataset.view === 'payments')));
  view.innerHTML = '<p>Loading…</p>';
  view.dataset.view = name;
  const views = {
    payments: () => payments(), payment: () => payment(decodeURIComponent(arg)),
    review: () => (arg ? reviewItem(arg) : review()), rejected: () => (arg ? rejectedItem(arg) : rejected()),
    batches, health, audit: () => audit(),
    reconciliation: () => reconciliation(arg ? decodeURIComponent(arg) : undefined)
  };
  (views[name] || views.payments)().then(() => { view.dataset.loaded = name + (arg ? '/' + decodeURIComponent(arg) : ''); });
}

window.addEventListener('hashchange', () => { outcome.hidden = true; route(); });
route();
