// Load for a fixed time: HTTP with autocannon (its own keep-alive connections, latency
// histograms), or calls in this process with the same shape of figures.
import autocannon from 'autocannon';

export interface LoadFigure {
  /** Concurrent connections (HTTP) or concurrent callers (in process). */
  concurrency: number;
  seconds: number;
  /** Successful answers (2xx) or calls. */
  ok: number;
  /** Everything else: other statuses, connection errors, timeouts, thrown errors. */
  failed: number;
  /** Successes per second. */
  rate: number;
  /** Latency in ms. */
  p50: number;
  p99: number;
  /** What the first failures said, to tell a broken run from a slow one. */
  failures?: string[];
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

export async function httpLoad(options: {
  origin: string;
  connections: number;
  seconds: number;
  next: () => HttpRequest;
}): Promise<LoadFigure> {
  const failures: string[] = [];
  // autocannon's own histogram keeps whole milliseconds; its response events carry the exact time.
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((done, fail) => {
    const instance = autocannon(
      {
        url: options.origin,
        connections: options.connections,
        duration: options.seconds,
        timeout: 30,
        requests: [
          {
            setupRequest: (request) => ({ ...request, ...options.next() }),
            onResponse: (status, body) => {
              if ((status < 200 || status >= 300) && failures.length < 5) {
                failures.push(`${status} ${body.slice(0, 200)}`);
              }
            },
          },
        ],
      },
      (error: unknown, finished) => (error ? fail(error) : done(finished)),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
  latencies.sort((a, b) => a - b);
  const ok = result['2xx'];
  return {
    concurrency: options.connections,
    seconds: round(result.duration),
    ok,
    failed: result.non2xx + result.errors,
    rate: round(ok / result.duration),
    p50: round(percentile(latencies, 0.5), 2),
    p99: round(percentile(latencies, 0.99), 2),
    ...(failures.length ? { failures } : {}),
  };
}

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** `concurrency` callers, each calling `call` again as soon as it returns, for `seconds`. */
export async function callLoad(options: {
  concurrency: number;
  seconds: number;
  call: () => Promise<void>;
}): Promise<LoadFigure> {
  const latencies: number[] = [];
  const failures: string[] = [];
  let failed = 0;
  const started = performance.now();
  const end = started + options.seconds * 1000;
  const caller = async () => {
    while (performance.now() < end) {
      const t = performance.now();
      try {
        await options.call();
        latencies.push(performance.now() - t);
      } catch (error) {
        failed += 1;
        if (failures.length < 5)
          failures.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, caller));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    concurrency: options.concurrency,
    seconds: round(seconds),
    ok: latencies.length,
    failed,
    rate: round(latencies.length / seconds),
    p50: round(percentile(latencies, 0.5), 2),
    p99: round(percentile(latencies, 0.99), 2),
    ...(failures.length ? { failures } : {}),
  };
}
