// The page's behaviour: talks only to this Storefront (same origin, session cookie); it never sees a token.
(function () {
  'use strict';

  const ordersBody = document.getElementById('orders-body');
  const feed = document.getElementById('notifications');
  const streamState = document.getElementById('stream-state');
  const form = document.getElementById('order-form');
  const orderError = document.getElementById('order-error');

  const cssClass = (status) => String(status || '').toLowerCase().replace(/[^a-z]/g, '');
  const text = (value) => document.createTextNode(value == null ? '' : String(value));
  const time = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'dataset') Object.assign(node.dataset, v); else node.setAttribute(k, v);
    }
    for (const child of children) node.append(child instanceof Node ? child : text(child));
    return node;
  }

  async function json(url, options) {
    const response = await fetch(url, Object.assign({ headers: { 'Accept': 'application/json' } }, options));
    if (response.status === 401) { location.href = '/login?returnUrl=/'; throw new Error('signed out'); }
    const body = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) throw new Error((body && (body.detail || body.title)) || ('HTTP ' + response.status));
    return body;
  }

  async function loadOrders() {
    const orders = await json('/orders');
    ordersBody.replaceChildren();
    if (!orders.length) {
      ordersBody.append(el('tr', {}, el('td', { colspan: '6', class: 'empty' }, 'No orders yet.')));
      return;
    }
    for (const order of orders) {
      const waiting = /reauthori[sz]ation/i.test(order.status) && !/^reauthori[sz]ed$/i.test(order.status);
      const resume = waiting ? el('button', { class: 'secondary', 'data-testid': 'resume' }, 'Resume') : text('');
      if (waiting) resume.addEventListener('click', () => resumeOrder(order.id, resume));
      const trace = order.traceUrl
        ? el('a', { href: order.traceUrl, target: '_blank', rel: 'noopener', 'data-testid': 'trace-link' }, 'Open trace ↗')
        : el('span', { class: 'mono' }, order.traceId.slice(0, 12));
      const history = order.history.map((h) => h.status).join(' → ');
      ordersBody.append(el('tr', { dataset: { orderId: order.id }, 'data-testid': 'order-row' },
        el('td', { class: 'mono' }, order.id),
        el('td', {}, order.quantity + ' × ' + order.item),
        el('td', {}, el('span', { class: 'status ' + cssClass(order.status), 'data-testid': 'order-status' }, order.statusText)),
        el('td', { class: 'hint', 'data-testid': 'order-history' }, history),
        el('td', {}, trace),
        el('td', {}, resume)));
    }
  }

  async function loadSession() {
    const s = await json('/session');
    document.getElementById('token-left').textContent = s.accessTokenSecondsLeft > 0
      ? 'on the server, expires in ' + s.accessTokenSecondsLeft + ' s'
      : 'on the server, expired (refreshed on next use)';
    document.getElementById('token-refresh').textContent = s.hasRefreshToken ? 'on the server (rotated on every use)' : 'none';
    document.getElementById('token-refreshes').textContent = String(s.refreshes);
  }

  function addNotification(n) {
    const empty = feed.querySelector('.empty');
    if (empty) empty.remove();
    feed.prepend(el('li', { 'data-kind': n.kind },
      el('time', {}, time(n.at)), el('span', { class: 'kind ' + n.kind }, n.kind), n.message));
  }

  async function resumeOrder(id, button) {
    button.disabled = true;
    try { await json('/orders/' + encodeURIComponent(id) + '/resume', { method: 'POST' }); }
    catch (e) { addNotification({ at: new Date().toISOString(), kind: 'error', message: e.message }); }
    finally { await loadOrders(); }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    orderError.textContent = '';
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      await json('/orders', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
        body: JSON.stringify({ item: form.item.value, quantity: Number(form.quantity.value) }),
      });
      await loadOrders();
    } catch (e) {
      orderError.textContent = e.message;
    } finally {
      button.disabled = false;
    }
  });

  function connect() {
    const source = new EventSource('/events');
    source.onopen = () => { streamState.textContent = '● live'; };
    source.onerror = () => { streamState.textContent = 'reconnecting…'; };
    source.addEventListener('notification', (event) => {
      const n = JSON.parse(event.data);
      addNotification(n);
      if (n.orderId) loadOrders();
      if (n.kind === 'token') loadSession();
    });
  }

  json('/notifications').then((recent) => recent.forEach(addNotification)).catch(() => {});
  loadOrders().catch((e) => { orderError.textContent = e.message; });
  loadSession().catch(() => {});
  setInterval(() => loadSession().catch(() => {}), 5000);
  connect();
})();
