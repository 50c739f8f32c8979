import { apologiesSince, benchEnvironment, type BenchEnvironment } from "./bench-environment.js";
import { startContender, type ContenderName } from "./contenders.js";
import { knowledgeQuestions, registrations, runLoad, webChatQuestions, type SessionSource } from "./load-traffic.js";
import { serverEntry, startServerProcess, type ServerProcess } from "./server-process.js";
import { median, ratio, round, summarise } from "./stats.js";

const CONCURRENCY = 16;
const LATENCY_NOTE = "ms from sending the request until its HTTP response; a webhook answers after the fake Bot API accepted every reply";
const TARGETS = "ours >= 0.5 x floor and >= 1 x each peer in updates/s; ours p99 < 100 ms at 16 concurrent (embedded)";

interface Scenario {
  name: string;
  /** `run` numbers the measured runs, so that each registration run has new people. */
  sessions(environment: BenchEnvironment, run: number): SessionSource;
  /** Whether the references can answer this traffic (they have no web chat). */
  sideBySide: boolean;
}

const scenarios: Scenario[] = [
  { name: "knowledge-webhook", sessions: ({ telegram }) => knowledgeQuestions(telegram), sideBySide: true },
  { name: "registration-webhook", sessions: ({ telegram }, run) => registrations(telegram, 10_000_000 + run * 100_000), sideBySide: true },
  { name: "web-chat", sessions: () => webChatQuestions(), sideBySide: false },
];

export interface LoadOptions {
  emit: (record: object) => void;
  databaseUrl?: string;
  /** References run next to ours, one after the other, on the same fake Bot API. */
  references: ContenderName[];
  /** Each contender's share of a round, in seconds. */
  seconds: number;
  /** Rounds of every contender in turn; the order rotates each round. */
  rounds: number;
}

/**
 * Webhook load side by side: in each round the floor, the peers and ours answer the same
 * traffic from the same load generator for the same time, one after the other, and each
 * round ends with our ratios to every reference (then their median over the rounds). Ours
 * also answers web chat. With PostgreSQL, then two instances of ours on one database.
 */
export async function benchLoad(options: LoadOptions) {
  const environment = await benchEnvironment(options.databaseUrl);
  const { database } = environment;
  const servers = new Map<ContenderName, ServerProcess>();
  try {
    for (const name of ["ours", ...options.references] as ContenderName[]) {
      // A first start creates the database, which takes memory and time a warm start never does.
      const cold = await startContender(name, environment.env);
      options.emit({
        bench: "startup",
        contender: name,
        database,
        start: "first (creates the database)",
        readyMs: Math.round(cold.readyAfterMs),
        rssMb: Math.round(cold.rssMb()),
      });
      await cold.stop();
      const server = await startContender(name, environment.env);
      servers.set(name, server);
      options.emit({
        bench: "startup",
        contender: name,
        database,
        start: "warm",
        readyMs: Math.round(server.readyAfterMs),
        rssMb: Math.round(server.rssMb()),
        ...(name === "ours" ? { entry: serverEntry, targets: "ready < 3000 ms, RSS < 250 MB" } : {}),
      });
    }
    // Warm-up: the first requests compile code paths and fill caches.
    for (const server of servers.values()) {
      for (const scenario of scenarios.filter((s) => s.sideBySide)) {
        await runLoad({ baseUrls: [server.baseUrl], concurrency: CONCURRENCY, sessions: scenario.sessions(environment, 0), untilMs: 1500 });
      }
    }
    let run = 1;
    for (const scenario of scenarios) {
      const names = scenario.sideBySide ? [...servers.keys()] : (["ours"] as ContenderName[]);
      const perRound: Map<ContenderName, Figures>[] = [];
      for (let roundIndex = 0; roundIndex < options.rounds; roundIndex++) {
        const figures = new Map<ContenderName, Figures>();
        for (const name of rotate(names, roundIndex)) {
          const measured = await measure(servers.get(name)!, environment, scenario.sessions(environment, run++), options.seconds);
          figures.set(name, measured);
          options.emit({ bench: "load", scenario: scenario.name, contender: name, round: roundIndex + 1, database, concurrency: CONCURRENCY, ...measured });
        }
        perRound.push(figures);
        if (names.length > 1) options.emit({ bench: "load-ratio", scenario: scenario.name, round: roundIndex + 1, database, vs: ratios(figures) });
      }
      if (names.length > 1) {
        options.emit({
          bench: "load-ratio",
          scenario: scenario.name,
          round: `median of ${options.rounds}`,
          database,
          vs: medianRatios(perRound.map(ratios)),
          latency: LATENCY_NOTE,
          targets: TARGETS,
        });
      }
    }
  } finally {
    for (const server of servers.values()) await server.stop();
    await environment.dispose();
  }
  if (options.databaseUrl) await benchTwoInstances({ databaseUrl: options.databaseUrl, emit: options.emit, seconds: options.seconds });
}

type Figures = Awaited<ReturnType<typeof measure>>;

/** One contender under one scenario for `seconds`: speed, latency, its CPU per update, memory. */
async function measure(server: ServerProcess, environment: BenchEnvironment, sessions: SessionSource, seconds: number) {
  const { telegram } = environment;
  const sentBefore = telegram.sent.length;
  const callsBefore = telegram.calls.length;
  const cpuBefore = server.cpuMs();
  const generatorBefore = process.cpuUsage();
  let rssPeakMb = server.rssMb();
  const sampler = setInterval(() => (rssPeakMb = Math.max(rssPeakMb, server.rssMb())), 250);
  const result = await runLoad({ baseUrls: [server.baseUrl], concurrency: CONCURRENCY, sessions, untilMs: seconds * 1000 });
  clearInterval(sampler);
  const serverCpuMs = server.cpuMs() - cpuBefore;
  const generator = process.cpuUsage(generatorBefore);
  return {
    ...summarise(result),
    /** CPU time of the server per update: steadier than throughput on a busy machine. */
    cpuMsPerUpdate: round(serverCpuMs / Math.max(1, result.requests), 2),
    /** Cores used by the server, and by this process (load generator and fake Bot API). */
    serverCores: round(serverCpuMs / (result.seconds * 1000), 2),
    generatorCores: round((generator.user + generator.system) / 1000 / (result.seconds * 1000), 2),
    botApiCallsPerUpdate: round((telegram.calls.length - callsBefore) / Math.max(1, result.requests), 2),
    failureReplies: apologiesSince(telegram, sentBefore),
    rssMbAfter: Math.round(server.rssMb()),
    rssPeakMb: Math.round(rssPeakMb),
  };
}

type Ratios = Record<string, { throughput: number; p99: number; cpuPerUpdate: number; rssPeak: number }>;

/** Ours against each reference measured in the same round. */
function ratios(figures: Map<ContenderName, Figures>): Ratios {
  const ours = figures.get("ours")!;
  const result: Ratios = {};
  for (const [name, reference] of figures) {
    if (name === "ours") continue;
    result[name] = {
      throughput: ratio(ours.updatesPerSecond, reference.updatesPerSecond),
      p99: ratio(ours.p99Ms, reference.p99Ms),
      cpuPerUpdate: ratio(ours.cpuMsPerUpdate, reference.cpuMsPerUpdate),
      rssPeak: ratio(ours.rssPeakMb, reference.rssPeakMb),
    };
  }
  return result;
}

function medianRatios(rounds: Ratios[]): Ratios {
  const result: Ratios = {};
  for (const name of Object.keys(rounds[0] ?? {})) {
    const of = (key: keyof Ratios[string]) => round(median(rounds.map((r) => r[name]![key])), 2);
    result[name] = { throughput: of("throughput"), p99: of("p99"), cpuPerUpdate: of("cpuPerUpdate"), rssPeak: of("rssPeak") };
  }
  return result;
}

/** Round 0 keeps the order, each later round starts one further along: no contender always goes first. */
function rotate<T>(items: T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** Two server processes on one PostgreSQL database, the same traffic spread over both. */
async function benchTwoInstances(options: { databaseUrl: string; seconds: number; emit: (record: object) => void }) {
  const environment = await benchEnvironment(options.databaseUrl);
  const { telegram, env } = environment;
  const servers: ServerProcess[] = [];
  try {
    servers.push(await startServerProcess(env), await startServerProcess(env));
    const baseUrls = servers.map((server) => server.baseUrl);
    await runLoad({ baseUrls, concurrency: 2 * CONCURRENCY, sessions: knowledgeQuestions(telegram), requests: 600 });
    let run = 1;
    for (const scenario of scenarios) {
      const sentBefore = telegram.sent.length;
      const result = await runLoad({
        baseUrls,
        concurrency: 2 * CONCURRENCY,
        sessions: scenario.sessions(environment, run++),
        untilMs: options.seconds * 1000,
      });
      options.emit({
        bench: "load",
        scenario: scenario.name,
        contender: "ours",
        database: "postgres",
        instances: 2,
        concurrency: 2 * CONCURRENCY,
        ...summarise(result),
        failureReplies: apologiesSince(telegram, sentBefore),
        rssMbAfter: servers.map((server) => Math.round(server.rssMb())),
        latency: LATENCY_NOTE,
        targets: ">= 1000 updates/s combined",
      });
    }
  } finally {
    for (const server of servers) await server.stop();
    await environment.dispose();
  }
}
