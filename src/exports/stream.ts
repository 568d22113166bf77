// The export loop, shared by the CSV, XLSX and vCard writers. better-sqlite3 reads synchronously,
// so an export that pulled every row in one go would hold the event loop for the whole download
// (a 112 MB CSV once blocked /health for 22 s). Here rows are read a chunk at a time, each chunk
// is written honouring the client's backpressure (await 'drain' when write() returns false), and
// setImmediate gives other requests a turn between chunks.
import { PassThrough, type Readable } from 'node:stream';
import { once } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ExportRow } from './types.js';

/**
 * How long one chunk may hold the event loop. A request needs several turns of the loop (accept,
 * read, answer), each of which may wait for one chunk, so this bounds how late other requests
 * answer during an export. Chunk sizes adapt to it: a row of the contact log costs ~30 µs to
 * read and as much again to write, a partner row less.
 */
const CHUNK_BUDGET_MS = 1;
const FIRST_CHUNK_ROWS = 64;
const MAX_CHUNK_ROWS = 4000;

export interface ExportOutput {
  /** The stream the client reads (exceljs writes into it directly). */
  readonly out: PassThrough;
  /** Writes text or bytes; resolves once the client has caught up (or gone). */
  write(chunk: string | Buffer): Promise<void>;
  /** Waits while `target` has more buffered than it wants, until it drains or the client goes. */
  drained(target: NodeJS.WritableStream): Promise<void>;
  /** The client went away or the stream was destroyed: stop reading rows. */
  readonly aborted: boolean;
}

/** Node's writableNeedDrain, also for the readable-stream 2 streams inside archiver (exceljs). */
function needsDrain(stream: NodeJS.WritableStream): boolean {
  const s = stream as NodeJS.WritableStream & { writableNeedDrain?: boolean; _writableState?: { needDrain?: boolean } };
  return s.writableNeedDrain ?? s._writableState?.needDrain ?? false;
}

/**
 * Runs `produce` into a new stream. The stream's 'close' comes only after `produce` has
 * returned, whether it finished, failed or was cut off: whoever closes the read connection on
 * 'close' never finds a statement iterator still open (better-sqlite3 then refuses to close,
 * and the file handle would stay open).
 */
export function exportStream(produce: (output: ExportOutput) => Promise<void>): Readable {
  const stop = new AbortController();
  let finished: Promise<void> = Promise.resolve();
  const out = new PassThrough({
    highWaterMark: 64 * 1024,
    destroy(error, callback) {
      stop.abort();
      void finished.then(() => callback(error));
    },
  });
  const drained = async (target: NodeJS.WritableStream) => {
    while (needsDrain(target) && !stop.signal.aborted) {
      try {
        await once(target as NodeJS.EventEmitter, 'drain', { signal: stop.signal });
      } catch (error) {
        if (stop.signal.aborted) return; // the client went: the loop stops reading
        throw error; // the target failed: so does the export
      }
    }
  };
  const output: ExportOutput = {
    out,
    get aborted() {
      return stop.signal.aborted;
    },
    async write(chunk) {
      if (stop.signal.aborted) return;
      if (!out.write(chunk)) await drained(out);
    },
    drained,
  };
  finished = produce(output).then(
    () => {
      if (!stop.signal.aborted && !out.writableEnded) out.end();
    },
    (error: unknown) => {
      out.destroy(error instanceof Error ? error : new Error(String(error)));
    },
  );
  return out;
}

/**
 * Hands the rows to `handle` a chunk at a time, with a turn of the event loop between chunks,
 * until they are all read or the client is gone. Each chunk is sized so that reading it and the
 * synchronous part of `handle` (formatting, writing) take about CHUNK_BUDGET_MS. The iterator
 * is always returned, which ends the statement on the read connection. Returns the row count.
 */
export async function forEachChunk(
  rows: Iterable<ExportRow>,
  output: Pick<ExportOutput, 'aborted'>,
  handle: (chunk: ExportRow[]) => Promise<void>,
): Promise<number> {
  const iterator = rows[Symbol.iterator]();
  let size = FIRST_CHUNK_ROWS;
  let count = 0;
  try {
    for (;;) {
      const started = performance.now();
      const chunk: ExportRow[] = [];
      let done = false;
      while (chunk.length < size) {
        const next = iterator.next();
        if (next.done) {
          done = true;
          break;
        }
        chunk.push(next.value);
      }
      if (chunk.length > 0) {
        const written = handle(chunk);
        const busy = Math.max(performance.now() - started, 0.05);
        if (chunk.length === size) {
          // Towards the budget, at most doubling or halving per chunk.
          const fit = Math.min(size * 2, Math.max(size / 2, (size * CHUNK_BUDGET_MS) / busy));
          size = Math.round(Math.min(MAX_CHUNK_ROWS, Math.max(8, fit)));
        }
        await written; // waits while the client is behind ('drain')
      }
      count += chunk.length;
      if (done || output.aborted) return count;
      await nextTurn();
      if (output.aborted) return count;
    }
  } finally {
    iterator.return?.();
  }
}
