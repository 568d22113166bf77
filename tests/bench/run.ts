// npm run bench: prints performance figures. Nothing here fails on timing; it measures.
// BENCH_PARTS=http (or lists,search,exports,dashboard,http) picks parts; the HTTP part's own
// settings are described in tests/bench/http.ts.
const all = ['lists', 'search', 'exports', 'dashboard', 'http'];
const chosen = (process.env.BENCH_PARTS ?? all.join(',')).split(',').filter((p) => all.includes(p));

for (const part of chosen) {
  const mod = (await import(`./${part}.js`)) as { bench?: () => Promise<void> };
  if (mod.bench) await mod.bench();
}
