// The service worker of the offline quick log. It keeps one page, the quick log (/log/new), with
// the styles and scripts that page loads, and the "no network" page. Without network the quick log
// comes from the cache (static/offline.js then keeps entries on the device), and every other page
// answers with the "no network" page. Nothing else is cached: the rest of the app needs the network.
const CACHE = 'quick-log-v1';
const QUICK_LOG = '/log/new';
const OFFLINE = '/offline';
const MATCH = { ignoreSearch: true, ignoreVary: true };

// Nothing is fetched at install: the pages are kept when someone who may log contacts asks (see 'message'),
// so an anonymous visitor's browser never fetches them (and the server makes no session for it).
self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('quick-log-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

/** The styles, scripts and icons a page loads from this site (content-hashed names included). */
function assetsOf(html) {
  const urls = new Set();
  for (const m of html.matchAll(/(?:href|src)="(\/(?:static|vendor)\/[^"#]+)"/g)) urls.add(m[1].replace(/&amp;/g, '&'));
  return [...urls];
}

/** Keep a fresh copy of a page (the quick log or the offline page) and everything it loads. */
async function keep(path, response) {
  const cache = await caches.open(CACHE);
  const html = await response.clone().text();
  // The files first: once the page is in the cache, everything it needs is too.
  await Promise.all(
    assetsOf(html).map(async (url) => {
      if (!(await cache.match(url))) await cache.add(url).catch(() => undefined);
    }),
  );
  await cache.put(path, response);
}

/** Fetch a page to keep; a sign-in redirect or an error page is not the page. */
async function fetchToKeep(path) {
  const response = await fetch(path, { credentials: 'same-origin', redirect: 'manual' });
  if (response.ok && response.type === 'basic') await keep(path, response);
}

// A page asks to keep the quick log (its first visit, before this worker controlled it; or after signing in).
self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'keep-quick-log') {
    event.waitUntil(Promise.all([fetchToKeep(QUICK_LOG), fetchToKeep(OFFLINE)]).catch(() => undefined));
  }
});

async function offlinePage() {
  const cached = await caches.match(OFFLINE, MATCH);
  return cached ?? new Response('Offline', { status: 503, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

async function quickLogPage(event) {
  try {
    const response = await fetch(event.request);
    const url = new URL(response.url);
    if (response.ok && response.type === 'basic' && url.pathname === QUICK_LOG) {
      // The page kept is the plain quick log, not one prefilled for a partner (?partnerId=…).
      event.waitUntil((url.search === '' ? keep(QUICK_LOG, response.clone()) : fetchToKeep(QUICK_LOG)).catch(() => undefined));
    }
    return response;
  } catch {
    return (await caches.match(QUICK_LOG, MATCH)) ?? offlinePage();
  }
}

/** Styles and scripts: the network first (a deploy is seen at once), the kept copy without network. */
async function asset(request) {
  try {
    const response = await fetch(request);
    // Only a file the kept pages use is refreshed (caches.match, unlike caches.open, creates no cache after sign-out).
    if (response.ok && (await caches.match(request))) await (await caches.open(CACHE)).put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await caches.match(request);
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    if (url.pathname === QUICK_LOG) event.respondWith(quickLogPage(event));
    else event.respondWith(fetch(request).catch(() => offlinePage()));
    return;
  }
  if (url.pathname.startsWith('/static/') || url.pathname.startsWith('/vendor/')) event.respondWith(asset(request));
});
