// The offline quick log, on the device's side. It registers the service worker (static/sw.js,
// served as /sw.js) that keeps the quick-log page for use without network. On the quick-log page
// (#log-outbox present), a contact logged without network is kept on the device (IndexedDB), listed
// as waiting to send, and sent when the network returns (the online event, the next page load, a retry
// every 30 s while entries wait, or "Send now"), each with the key the device made for it, so a second
// send never makes a second entry. A save that fails on the way (a network that carries nothing) is kept too.
// What the server refuses stays listed with its message until the user fixes or discards it.
// Every text it shows comes from the page (data-text-* attributes); it has no catalog of its own.
(function () {
  'use strict';
  const DB_NAME = 'quick-log';
  const STORE = 'outbox';

  // ------------------------------------------------------------------ the outbox in IndexedDB

  function openDb() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'key' });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async function withStore(mode, use) {
    const db = await openDb();
    return new Promise((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = use(transaction.objectStore(STORE));
      transaction.oncomplete = () => {
        db.close();
        resolve(request.result);
      };
      transaction.onerror = transaction.onabort = () => {
        db.close();
        reject(transaction.error);
      };
    });
  }

  const allEntries = () => withStore('readonly', (store) => store.getAll());
  const keepEntry = (entry) => withStore('readwrite', (store) => store.put(entry));
  const dropEntry = (key) => withStore('readwrite', (store) => store.delete(key));

  // ------------------------------------------------------------------ the page

  const outbox = document.getElementById('log-outbox');
  const texts = outbox ? outbox.dataset : {};
  const userId = outbox ? Number(outbox.dataset.userId) : null;
  let blankForm = null;
  /** Keys of the entries the server refused: a form carrying one (being fixed) is sent through the outbox. */
  let refusedKeys = new Set();

  const isQuickLogForm = (form) => form instanceof HTMLFormElement && form.id === 'log-form' && form.getAttribute('action') === '/log';

  /** Every quick-log form carries a key made here; the server keeps it with the entry. */
  function giveKeys() {
    for (const input of document.querySelectorAll('form#log-form input[name="clientKey"]')) {
      if (!input.value) input.value = crypto.randomUUID();
    }
  }

  function announce(message) {
    const status = document.getElementById('log-outbox-status');
    if (status) status.textContent = message;
  }

  /** The entry as the form holds it now (the CSRF token is fetched fresh when it is sent). */
  function entryFrom(form) {
    const fields = [];
    for (const [name, value] of new FormData(form)) if (name !== '_csrf' && typeof value === 'string') fields.push([name, value]);
    const value = (name) => (fields.find(([n]) => n === name) || [])[1] || '';
    const partners = [...form.querySelectorAll('select[name="partnerIds"] option:checked')].map((o) => o.textContent.trim());
    for (const box of form.querySelectorAll('input[name="partnerIds"]:checked')) {
      const label = box.id && form.querySelector(`label[for="${box.id}"]`);
      if (label) partners.push(label.textContent.trim());
    }
    return {
      key: value('clientKey') || crypto.randomUUID(),
      userId,
      fields,
      summary: value('summary'),
      occurredOn: value('occurredOn'),
      partners: partners.join(', '),
      status: 'waiting',
      message: '',
      formHtml: '',
      keptAt: Date.now(),
    };
  }

  /** Put a new, empty form (with a new key) where the logged one was. */
  function freshForm() {
    const current = document.getElementById('log-form');
    if (!current || !blankForm) return;
    const form = blankForm.cloneNode(true);
    current.replaceWith(form);
    giveKeys();
    if (window.htmx) window.htmx.process(form);
  }

  function showDate(iso) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
    return new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: 'medium' }).format(new Date(`${iso}T12:00:00`));
  }

  function button(label, action, entry, describedBy) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.dataset.action = action;
    b.dataset.key = entry.key;
    b.setAttribute('aria-describedby', describedBy);
    return b;
  }

  function item(entry, n) {
    const li = document.createElement('li');
    li.className = `log-outbox-item is-${entry.status}`;
    const what = document.createElement('p');
    what.id = `log-outbox-entry-${n}`;
    const summary = document.createElement('strong');
    summary.textContent = entry.summary;
    what.append(summary, ` · ${showDate(entry.occurredOn)}${entry.partners ? ` · ${entry.partners}` : ''}`);
    const state = document.createElement('p');
    state.className = 'log-outbox-state';
    state.textContent = entry.status === 'refused' ? `${texts.textRefused} ${entry.message}` : texts.textWaiting;
    li.append(what, state);
    const actions = document.createElement('p');
    if (entry.status === 'refused' && entry.formHtml) actions.append(button(texts.textFix, 'fix', entry, what.id), ' ');
    actions.append(button(texts.textDiscard, 'discard', entry, what.id));
    li.append(actions);
    return li;
  }

  async function render() {
    if (!outbox) return;
    const mine = (await allEntries()).filter((e) => e.userId === userId).sort((a, b) => a.keptAt - b.keptAt);
    refusedKeys = new Set(mine.filter((e) => e.status === 'refused').map((e) => e.key));
    outbox.hidden = mine.length === 0;
    document.getElementById('log-outbox-sign-in').hidden = !mine.some((e) => e.status === 'signIn');
    document.getElementById('log-outbox-list').replaceChildren(...mine.map(item));
  }

  // ------------------------------------------------------------------ sending

  /** A token from the server now, for whoever is signed in: 'signIn' when nobody is, null without network. */
  async function freshToken() {
    let response;
    try {
      response = await fetch('/log/offline/token', { headers: { 'HX-Request': 'true' }, credentials: 'same-origin', cache: 'no-store' });
    } catch {
      return null;
    }
    if (response.ok && (response.headers.get('content-type') || '').includes('json')) return response.json();
    return response.status >= 500 ? null : 'signIn';
  }

  /** The page's forms (and the blank one) carry the fresh token too: a page from the cache may hold an old one. */
  function useToken(token) {
    for (const input of document.querySelectorAll('input[name="_csrf"]')) input.value = token;
    if (blankForm) for (const input of blankForm.querySelectorAll('input[name="_csrf"]')) input.value = token;
    if (document.body.hasAttribute('hx-headers:inherited'))
      document.body.setAttribute('hx-headers:inherited', JSON.stringify({ 'x-csrf-token': token }));
  }

  /** The server's messages in a refused form: each field's label with its error. */
  function messagesOf(html) {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const lines = [];
    for (const error of doc.querySelectorAll('.field-error')) {
      const name = error.id.replace(/^e-/, '');
      const label = doc.querySelector(`label[for="f-${name}"]`) || error.closest('fieldset')?.querySelector('legend');
      const field = label ? label.textContent.replace('*', '').trim() : '';
      lines.push(field ? `${field}: ${error.textContent.trim()}` : error.textContent.trim());
    }
    return lines.length > 0 ? lines.join(' ') : doc.body.textContent.trim().slice(0, 300);
  }

  async function send(entry, token) {
    const body = new URLSearchParams();
    for (const [name, value] of entry.fields) if (name !== 'clientKey' && name !== '_csrf') body.append(name, value);
    body.set('clientKey', entry.key);
    body.set('quick', '1');
    body.set('_csrf', token);
    let response;
    try {
      response = await fetch('/log', {
        method: 'POST',
        body,
        headers: { 'HX-Request': 'true', 'x-csrf-token': token },
        credentials: 'same-origin',
      });
    } catch {
      return { kind: 'offline' };
    }
    if (response.status === 200) return { kind: 'saved' };
    if (response.status === 422 || response.status === 409) {
      const html = await response.text();
      return { kind: 'refused', message: messagesOf(html), formHtml: response.status === 422 ? html : '' };
    }
    // 204 with HX-Redirect: the session has ended (sign in, or set up two-factor sign-in); 403: the token is not this session's.
    if (response.status === 204 || response.status === 403) return { kind: 'signIn' };
    return { kind: 'offline' }; // the server is down or overloaded: later
  }

  async function sendWaiting() {
    const waiting = (await allEntries()).filter((e) => e.status === 'waiting' || e.status === 'signIn');
    if (waiting.length === 0) return;
    const auth = await freshToken();
    if (auth === null) return retryLater();
    if (auth === 'signIn') {
      for (const entry of waiting) await keepEntry({ ...entry, status: 'signIn' });
      return;
    }
    useToken(auth.token);
    for (const entry of waiting.filter((e) => e.userId === auth.userId).sort((a, b) => a.keptAt - b.keptAt)) {
      const result = await send(entry, auth.token);
      if (result.kind === 'offline') return retryLater();
      if (result.kind === 'saved') {
        await dropEntry(entry.key);
        if (texts.textSent) announce(texts.textSent.replace('{summary}', entry.summary));
      } else if (result.kind === 'refused') {
        await keepEntry({ ...entry, status: 'refused', message: result.message, formHtml: result.formHtml });
      } else {
        await keepEntry({ ...entry, status: 'signIn' });
      }
      await render();
    }
  }

  // A network that is there but carries nothing never fires "online": try again now and then while entries wait.
  let retryTimer = null;
  function retryLater() {
    if (!retryTimer) {
      retryTimer = setTimeout(() => {
        retryTimer = null;
        sendNow();
      }, 30_000);
    }
  }

  let sending = null;
  let again = false;
  /** Send what waits, once at a time across this device's tabs; asked while a round runs, one more round follows it. */
  function sendNow() {
    if (sending) {
      again = true;
      return sending;
    }
    const run = () => sendWaiting().catch(() => undefined);
    sending = (navigator.locks ? navigator.locks.request('quick-log-outbox', run) : run()).then(render).finally(() => {
      sending = null;
      if (again) {
        again = false;
        sendNow();
      }
    });
    return sending;
  }

  async function keepAndSend(entry) {
    await keepEntry(entry);
    freshForm();
    await render();
    announce(texts.textKept);
    document.getElementById('log-outbox-title').focus();
    if (navigator.onLine) sendNow();
  }

  // Without network (or when sending a fixed entry again), the quick log keeps the entry here instead of htmx
  // sending it. Capturing on the document runs before htmx's listener on the form.
  let lastSent = null;
  document.addEventListener(
    'submit',
    (event) => {
      const form = event.target;
      if (!outbox || !isQuickLogForm(form)) return;
      if (event.submitter && event.submitter.name === '_refresh') return;
      const key = form.querySelector('input[name="clientKey"]');
      if (navigator.onLine && !(key && refusedKeys.has(key.value))) {
        lastSent = { form, entry: entryFrom(form) };
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      keepAndSend(entryFrom(form));
    },
    true,
  );

  // Online but the request never got an answer (a network that is there but does not carry): keep it too.
  // Its key makes it one entry even if the server did save it.
  document.addEventListener('htmx:error', (event) => {
    const ctx = event.detail && event.detail.ctx;
    if (!outbox || !lastSent || event.target !== lastSent.form || (ctx && ctx.response)) return;
    // The entry as it was sent (the form may have been replaced since, e.g. by a refresh of the people).
    const { entry } = lastSent;
    lastSent = null;
    // Not an error the user must act on: the entry is kept (the page's error box, shown for this failure, is hidden again).
    keepAndSend(entry).then(() => {
      const box = document.getElementById('htmx-error');
      if (box) box.hidden = true;
    });
  });

  // Without network the quick log's other requests (updating the people for the partners chosen) cannot be
  // answered: they are not tried, so no error is shown for them.
  document.addEventListener('htmx:before:request', (event) => {
    const elt = event.target;
    if (outbox && !navigator.onLine && elt instanceof Element && elt.closest('#log-form')) event.preventDefault();
  });

  document.addEventListener('htmx:after:swap', giveKeys);

  if (outbox) {
    outbox.addEventListener('click', async (event) => {
      const b = event.target instanceof Element ? event.target.closest('button') : null;
      if (!b) return;
      if (b.id === 'log-outbox-send') return void sendNow();
      const entry = (await allEntries()).find((e) => e.key === b.dataset.key);
      if (!entry) return;
      if (b.dataset.action === 'discard') {
        await dropEntry(entry.key);
        await render();
        (outbox.hidden
          ? document.querySelector('#log-form textarea, #log-form input:not([type=hidden])')
          : document.getElementById('log-outbox-title')
        )?.focus();
      } else if (b.dataset.action === 'fix') {
        // The server's own form, with the user's input and each message next to its field; saving it sends the entry again.
        const template = document.createElement('template');
        template.innerHTML = entry.formHtml;
        const fixed = template.content.querySelector('form#log-form');
        const current = document.getElementById('log-form');
        if (!fixed || !current) return;
        current.replaceWith(fixed);
        if (window.htmx) window.htmx.process(fixed);
        (fixed.querySelector('[aria-invalid="true"]') || fixed.querySelector('input:not([type=hidden]), textarea'))?.focus();
      }
    });
  }

  window.addEventListener('online', () => void sendNow());

  // Signing out forgets the kept pages (names of partners and staff), so the next person on this device
  // does not find them offline. Entries still waiting stay: they are sent after the next sign-in.
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || form.getAttribute('action') !== '/logout' || !('caches' in window)) return;
    if (event.defaultPrevented || form.dataset.pagesForgotten === '1') return;
    event.preventDefault();
    form.dataset.pagesForgotten = '1';
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('quick-log-')).map((n) => caches.delete(n))))
      .catch(() => undefined)
      .finally(() => form.submit());
  });

  function start() {
    giveKeys();
    const form = document.getElementById('log-form');
    if (outbox && isQuickLogForm(form)) {
      blankForm = form.cloneNode(true);
      for (const input of blankForm.querySelectorAll('input[name="clientKey"]')) input.value = '';
    }
    render().then(() => (navigator.onLine ? sendNow() : undefined));
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();

  // ------------------------------------------------------------------ the service worker

  // A sign-in (in this tab) is remembered until the next page that may keep the quick log.
  const SIGNED_IN = 'quick-log-signed-in';
  document.addEventListener('submit', (event) => {
    if (event.target instanceof HTMLFormElement && event.target.getAttribute('action') === '/login') {
      try {
        sessionStorage.setItem(SIGNED_IN, '1');
      } catch {
        // no session storage (a locked-down browser): the kept page is refreshed on the next visit to the quick log
      }
    }
  });
  function signedInAnew() {
    try {
      const was = sessionStorage.getItem(SIGNED_IN) === '1';
      sessionStorage.removeItem(SIGNED_IN);
      return was;
    } catch {
      return false;
    }
  }

  const KEPT_FOR_MS = 60 * 60 * 1000;
  async function outOfDate(response) {
    if (!response) return false;
    const keptAt = Date.parse(response.headers.get('Date') ?? '');
    if (!Number.isFinite(keptAt) || Date.now() - keptAt > KEPT_FOR_MS) return true;
    const lang = /<html[^>]*\slang="([^"]*)"/.exec(await response.clone().text())?.[1];
    return lang !== document.documentElement.lang;
  }

  if ('serviceWorker' in navigator && window.isSecureContext) {
    navigator.serviceWorker
      .register('/sw.js')
      .then(() => navigator.serviceWorker.ready)
      .then(async (registration) => {
        // Only for someone who may log contacts (the header offers "Log contact", or this is the quick log).
        if (!outbox && !document.querySelector('a[href^="/log/new"]')) return;
        const match = { ignoreSearch: true, ignoreVary: true };
        const quickLog = await caches.match('/log/new', match);
        const kept = quickLog && (await caches.match('/offline', match));
        // The worker keeps the quick log when it is fetched through it; this page came before the worker did,
        // or someone has just signed in (the page kept may be another person's, from a session that ran out),
        // or the kept page is out of date: in another language than this page (the user changed theirs),
        // or kept more than an hour ago (its partners and people may have changed).
        if (!kept || signedInAnew() || (outbox && !navigator.serviceWorker.controller) || (await outOfDate(quickLog)))
          registration.active?.postMessage({ type: 'keep-quick-log' });
      })
      .catch(() => undefined);
  }
})();
