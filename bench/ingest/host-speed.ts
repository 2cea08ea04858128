// The host's speed, as a figure beside a bench's results. These machines share their host, and
// the same code on the same data has run 1.6 times slower in one hour than in the next: a fixed
// workload timed before and after a run says which kind of hour its figures come from.
import { createHash } from 'node:crypto';

/** A fixed, single-threaded piece of the app's kind of work: JSON written, read and hashed. */
function referenceWorkload(): number {
  const value = { text: 'x'.repeat(50), numbers: [1, 2, 3, 4, 5], nested: { flag: true, words: 'hello world', amount: 12345.678 }, items: Array.from({ length: 20 }, (_, i) => ({ k: i, v: `v${i}` })) };
  let checksum = 0;
  for (let i = 0; i < 60_000; i += 1) {
    const json = JSON.stringify(value);
    checksum += (JSON.parse(json) as typeof value).items.length;
    checksum += createHash('sha256').update(json).digest()[0];
  }
  return checksum;
}

/** Milliseconds the reference workload takes here now: the median of three runs, after one to warm up. Lower is faster. */
export function hostSpeedMs(): number {
  referenceWorkload();
  const times = [0, 1, 2].map(() => {
    const started = performance.now();
    referenceWorkload();
    return performance.now() - started;
  });
  return times.sort((a, b) => a - b)[1];
}

export interface HostSpeed {
  beforeMs: number;
  afterMs: number;
}

/** For a report's machine paragraph. */
export function hostSpeedSentence(speed: HostSpeed): string {
  return (
    `Host speed: a fixed reference workload (\`bench/ingest/host-speed.ts\`, one thread) took ${Math.round(speed.beforeMs)} ms before measuring and ${Math.round(speed.afterMs)} ms after ` +
    '(lower is faster; on this shared host it has been seen from about 460 to 1,000 ms, and the figures below move with it).'
  );
}
