// The production server gives memory back when it goes quiet (src/idle-collection.ts): one full
// collection after each quiet spell, none while requests keep coming, and the gc() it uses is V8's.
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { collectWhenIdle, fullCollection } from '../../src/idle-collection.js';

describe('collecting when idle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('collects once after a quiet spell, not while requests come, and again only after the next request', () => {
    const server = new EventEmitter();
    const collect = vi.fn();
    const stop = collectWhenIdle(server, collect, 10_000);

    // Requests every 3 s for a minute: never quiet for 10 s.
    for (let s = 0; s < 60; s += 3) {
      server.emit('request');
      vi.advanceTimersByTime(3_000);
    }
    expect(collect).not.toHaveBeenCalled();

    vi.advanceTimersByTime(10_000);
    expect(collect).toHaveBeenCalledTimes(1);
    // Quiet for an hour more: nothing new to give back, no more collections.
    vi.advanceTimersByTime(3_600_000);
    expect(collect).toHaveBeenCalledTimes(1);

    server.emit('request');
    vi.advanceTimersByTime(12_500);
    expect(collect).toHaveBeenCalledTimes(2);

    stop();
    server.emit('request');
    vi.advanceTimersByTime(60_000);
    expect(collect).toHaveBeenCalledTimes(2);
    expect(server.listenerCount('request')).toBe(0);
  });

  it('collects start-up garbage once the server has been quiet since it started', () => {
    const server = new EventEmitter();
    const collect = vi.fn();
    collectWhenIdle(server, collect, 10_000);
    vi.advanceTimersByTime(9_000);
    expect(collect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(3_000);
    expect(collect).toHaveBeenCalledTimes(1);
  });
});

describe('the full collection', () => {
  it('is V8 gc(), without --expose-gc on the command line, and frees what nothing holds', async () => {
    expect(process.execArgv).not.toContain('--expose-gc');
    const gc = fullCollection();
    let held: object | undefined = { big: new Array(1000).fill('x') };
    const ref = new WeakRef(held);
    held = undefined;
    // A WeakRef's target lives at least to the end of the current turn.
    await new Promise((r) => setImmediate(r));
    gc();
    expect(ref.deref()).toBeUndefined();
  });
});
