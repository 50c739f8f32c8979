import { benchEnvironment } from "./bench-environment.js";
import { startContender, type ContenderName } from "./contenders.js";
import { knowledgeQuestions, registrations, runLoad, type SessionSource } from "./load-traffic.js";
import { round as roundTo, summarise } from "./stats.js";

const SAMPLE_EVERY_MS = 30_000;
/** Compiling, caches and the heap settle in the first minutes: not a trend. */
const WARM_UP_MINUTES = 2;

/**
 * Steady load for `minutes` (knowledge questions and registrations, paced at `perSecond`) on
 * ours, then the same on each peer, the server's RSS sampled every 30 s. Memory is flat when
 * the slope after the warm-up (the first two minutes, or the first fifth of the run if
 * longer) is about zero.
 */
export async function benchSoak(options: { minutes: number; perSecond: number; databaseUrl?: string; peers: ContenderName[]; emit: (record: object) => void }) {
  for (const contender of ["ours", ...options.peers] as ContenderName[]) await soakOne({ ...options, contender });
}

async function soakOne(options: { contender: ContenderName; minutes: number; perSecond: number; databaseUrl?: string; emit: (record: object) => void }) {
  const environment = await benchEnvironment(options.databaseUrl);
  // The first start creates the database, which takes memory a warm start never does.
  await (await startContender(options.contender, environment.env)).stop();
  const server = await startContender(options.contender, environment.env);
  try {
    const questions = knowledgeQuestions(environment.telegram);
    const forms = registrations(environment.telegram);
    // One person in five fills in the whole form (21 updates), the others ask one question.
    const mixed: SessionSource = (index) => (index % 5 === 4 ? forms(index) : questions(index));
    const samples: { minute: number; rssMb: number }[] = [];
    const started = performance.now();
    const sample = () => samples.push({ minute: round((performance.now() - started) / 60_000), rssMb: Math.round(server.rssMb()) });
    sample();
    const timer = setInterval(sample, SAMPLE_EVERY_MS);
    const latencies: number[] = [];
    let window: number[] = [];
    const result = await runLoad({
      baseUrls: [server.baseUrl],
      concurrency: 16,
      sessions: mixed,
      untilMs: options.minutes * 60_000,
      perSecond: options.perSecond,
      onResult: (latency) => {
        window.push(latency);
        // A sample of the latencies is enough for percentiles, and keeps this process flat too.
        if (window.length === 100) {
          latencies.push(window[Math.floor(Math.random() * 100)]!);
          window = [];
        }
      },
    });
    clearInterval(timer);
    sample();
    const warmUpMinutes = Math.max(WARM_UP_MINUTES, options.minutes / 5);
    options.emit({
      bench: "soak",
      contender: options.contender,
      database: environment.database,
      minutes: options.minutes,
      paceUpdatesPerSecond: options.perSecond,
      ...summarise({ ...result, latencies }),
      latencySampling: "1 in 100",
      rssMbAtStart: samples[0]!.rssMb,
      rssMbPeak: Math.max(...samples.map((s) => s.rssMb)),
      rssSeries: samples,
      rssSlopeMbPerMinuteAfterWarmUp: round(slope(samples.filter((s) => s.minute >= warmUpMinutes).map((s) => [s.minute, s.rssMb]))),
      target: "flat: slope about 0 after the warm-up",
    });
  } finally {
    await server.stop();
    await environment.dispose();
  }
}

/** Least-squares slope of y over x. */
function slope(points: [number, number][]): number {
  if (points.length < 2) return 0;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / points.length;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / points.length;
  const covariance = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
  const variance = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  return variance === 0 ? 0 : covariance / variance;
}

const round = (value: number) => roundTo(value, 2);
