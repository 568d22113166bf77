// Benchmark part; not built yet.
export async function bench(): Promise<void> {}
