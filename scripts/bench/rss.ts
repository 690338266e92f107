// Resident memory of the processes that do the work, sampled from /proc/<pid>/status while each
// phase runs: the app instances, or the bench process itself for the engine in process. The
// sampling runs in a worker thread, whose timers keep ticking while this thread is busy (PGlite
// in this process runs its queries synchronously).
import { Worker } from 'node:worker_threads';

export interface RssFigure {
  /** Median of the samples, MB. */
  steady: number;
  /** Largest sample, MB. */
  peak: number;
  samples: number;
}

const SAMPLER = `
const { parentPort } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
let pids = [];
let samples = null;
const rss = (pid) => {
  try {
    const match = /^VmRSS:\\s+(\\d+) kB/m.exec(readFileSync('/proc/' + pid + '/status', 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
};
const sample = () => {
  if (!samples) return;
  for (const pid of pids) {
    const mb = rss(pid);
    if (mb !== null) samples.push(mb);
  }
};
setInterval(sample, INTERVAL_MS);
parentPort.on('message', (message) => {
  if (message.type === 'pids') pids = message.pids;
  if (message.type === 'begin') {
    pids = message.pids;
    samples = [];
    sample();
  }
  if (message.type === 'end') {
    sample();
    parentPort.postMessage(samples ?? []);
    samples = null;
  }
});
`;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

export class RssSampler {
  private readonly worker: Worker;
  private pids: () => number[] = () => [];
  private readonly refresh: NodeJS.Timeout;

  constructor(intervalMs = 250) {
    this.worker = new Worker(SAMPLER.replace('INTERVAL_MS', String(intervalMs)), { eval: true });
    this.worker.unref();
    // The processes of a phase may change while it runs (an instance starting).
    this.refresh = setInterval(() => this.post('pids'), intervalMs);
    this.refresh.unref();
  }

  /** Samples `pids()`, each process counted on its own, until end(). */
  begin(pids: () => number[]): void {
    this.pids = pids;
    this.post('begin');
  }

  end(): Promise<RssFigure | null> {
    return new Promise((done) => {
      this.worker.once('message', (samples: number[]) => {
        this.pids = () => [];
        done(
          samples.length
            ? { steady: median(samples), peak: Math.max(...samples), samples: samples.length }
            : null,
        );
      });
      this.post('end');
    });
  }

  async stop(): Promise<void> {
    clearInterval(this.refresh);
    await this.worker.terminate();
  }

  private post(type: 'pids' | 'begin' | 'end'): void {
    this.worker.postMessage({ type, pids: this.pids() });
  }
}
