// npm run bench: prints performance figures. Nothing here fails on timing; it measures.
const parts = ['./lists.js', './search.js', './exports.js', './dashboard.js'];

for (const part of parts) {
  const mod = (await import(part)) as { bench?: () => Promise<void> };
  if (mod.bench) await mod.bench();
}
