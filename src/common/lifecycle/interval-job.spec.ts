import { IntervalJob } from './interval-job.js';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('IntervalJob', () => {
  it('runs the work on every tick until stopped', async () => {
    let runs = 0;
    const job = new IntervalJob({ error: () => undefined }, 'failed', async () => (runs += 1));
    job.start(0.02);
    await wait(110);
    job.stop();
    const stoppedAt = runs;
    expect(stoppedAt).toBeGreaterThanOrEqual(2);
    await wait(60);
    expect(runs).toBe(stoppedAt);
  });

  it('is off at 0 seconds', async () => {
    let runs = 0;
    const job = new IntervalJob({ error: () => undefined }, 'failed', async () => (runs += 1));
    job.start(0);
    await wait(50);
    job.stop();
    expect(runs).toBe(0);
  });

  it('skips a run while one is going, and logs a failed run without stopping the next', async () => {
    const errors: unknown[] = [];
    let release: () => void = () => undefined;
    let calls = 0;
    const job = new IntervalJob({ error: (entry: unknown) => errors.push(entry) }, 'the job failed', () => {
      calls += 1;
      if (calls === 1) return new Promise<void>((resolve) => (release = resolve));
      return Promise.reject(new Error('boom'));
    });
    const first = job.runOnce();
    await job.runOnce(); // skipped: the first is still going
    expect(calls).toBe(1);
    release();
    await first;
    await job.runOnce(); // fails, and is logged
    await job.runOnce(); // still runs
    expect(calls).toBe(3);
    expect(errors).toEqual([
      { message: 'the job failed', error: 'Error: boom' },
      { message: 'the job failed', error: 'Error: boom' },
    ]);
  });
});
