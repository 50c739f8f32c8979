import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

/**
 * The dependency rule of docs DESIGN §2, as code: which folder may import which. The graph is
 * read with TypeScript's own pre-processor (import, export … from, import()), so comments and
 * strings that look like imports are not counted and no type-check is needed.
 */

/** One `import … from "x"` of one source file; paths are relative to src/, with "/" separators. */
export interface ImportEdge {
  from: string;
  /** A file under src/ for our own code, else the package name ("fastify", "@fastify/static"). */
  to: string;
  external: boolean;
}

/** The folders with a job of their own: the units the rule speaks of. */
export const domains = ["knowledge", "loans", "registrations", "announcements", "handoffs", "companies", "plans", "staff", "reports"] as const;

export function readImportGraph(srcDir: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of sourceFiles(srcDir)) {
    const from = toPosix(path.relative(srcDir, file));
    for (const { fileName: specifier } of ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true).importedFiles) {
      if (specifier.startsWith(".")) {
        const target = path.resolve(path.dirname(file), specifier.replace(/\.js$/, ".ts"));
        edges.push({ from, to: toPosix(path.relative(srcDir, target)), external: false });
      } else {
        edges.push({ from, to: packageName(specifier), external: true });
      }
    }
  }
  return edges;
}

/**
 * The unit a file belongs to: a top-level file is its own unit ("app", "paths"); a domain's
 * routes (any `http/` folder inside it) are the unit "<domain>/http"; the bot is split into
 * its core, one unit per feature and one per channel; any other folder is one unit.
 */
export function unitOf(file: string): string {
  const parts = file.split("/");
  if (parts.length === 1) return parts[0]!.replace(/\.ts$/, "");
  if (parts.includes("http")) return `${parts[0]}/http`;
  if (parts[0] === "bot" && (parts[1] === "features" || parts[1] === "channels")) return parts.slice(0, 3).join("/").replace(/\.ts$/, "");
  if (parts[0] === "bot") return `bot/${parts[1]!.replace(/\.ts$/, "")}`;
  return parts[0]!;
}

/** A unit's public surface: its index.ts, or the file itself when the unit is one file. */
function isPublicSurface(file: string, unit: string): boolean {
  return file === `${unit}/index.ts` || file === `${unit}.ts`;
}

const fastifyPackages = /^(fastify|@fastify\/|fastify-)/;
/** Units that may speak HTTP. Everything else is reached through them. */
const mayUseFastify = (unit: string) => unit === "server" || unit === "app" || unit === "main" || unit.endsWith("/http") || unit.startsWith("bot/channels/");
const mayUseGrammy = (unit: string) => unit === "bot/channels/telegram";

/** Channel code every platform channel may use: the intake, numbered choices, the Zalo helpers. */
const sharedChannelUnits = ["bot/channels/intake", "bot/channels/numbered-choices", "bot/channels/zalo-common"];

/** What each kind of unit may not import (of ours). */
function forbidden(fromUnit: string, toUnit: string): string | undefined {
  const top = (unit: string) => unit.split("/")[0]!;
  const isDomain = (unit: string) => (domains as readonly string[]).includes(unit);
  const isUpper = (unit: string) => unit.startsWith("bot/") || unit.endsWith("/http") || ["server", "app", "main", "cli", "evaluation"].includes(unit);
  if (fromUnit === "paths") return "paths.ts imports nothing of ours";
  if (fromUnit === "shared" && toUnit !== "shared") return "shared code is a leaf: it imports only shared code";
  if (["db", "config", "logger"].includes(fromUnit) && isDomain(toUnit)) return `${fromUnit} is below the domains`;
  if ((isDomain(fromUnit) || ["db", "config", "logger"].includes(fromUnit)) && isUpper(toUnit)) {
    return `${fromUnit} is below the bot, the server and the routes, and may not import ${toUnit}`;
  }
  if (fromUnit === "bot/core" && (toUnit.startsWith("bot/") || isUpper(toUnit))) return "the bot core knows no feature, channel or route";
  if (fromUnit.startsWith("bot/features/") && toUnit !== "bot/core" && isUpper(toUnit))
    return "a feature imports the core and domains only, not another feature, a channel or a route";
  if (fromUnit.startsWith("bot/channels/") && (toUnit.startsWith("bot/features/") || toUnit.endsWith("/http"))) {
    return "a channel talks to the core, not to a feature or a domain's routes";
  }
  if (fromUnit.startsWith("bot/channels/") && toUnit.startsWith("bot/channels/") && !sharedChannelUnits.includes(toUnit)) {
    return "one channel does not import another: what channels share lives in intake.ts, numbered-choices.ts or zalo-common/";
  }
  if (fromUnit === "server" && (toUnit.startsWith("bot/") || toUnit.endsWith("/http")))
    return "the server knows no bot and no domain's routes: the app hands them in";
  if (fromUnit.endsWith("/http") && toUnit.endsWith("/http") && top(fromUnit) !== top(toUnit)) return "one domain's routes do not import another's";
  return undefined;
}

/** Every breach of the rule, one readable line each; empty when the rule holds. */
export function findBreaches(edges: ImportEdge[]): string[] {
  const breaches: string[] = [];
  for (const edge of edges) {
    const fromUnit = unitOf(edge.from);
    if (edge.external) {
      if (fastifyPackages.test(edge.to) && !mayUseFastify(fromUnit))
        breaches.push(`${edge.from} imports ${edge.to}: only routes, channels and the server speak HTTP`);
      if (edge.to === "grammy" && !mayUseGrammy(fromUnit)) breaches.push(`${edge.from} imports grammy: only the Telegram channel knows Telegram`);
      continue;
    }
    const toUnit = unitOf(edge.to);
    if (fromUnit === toUnit) continue;
    const why = forbidden(fromUnit, toUnit);
    if (why) breaches.push(`${edge.from} imports ${edge.to}: ${why}`);
    else if (!isPublicSurface(edge.to, toUnit)) breaches.push(`${edge.from} imports ${edge.to}: import ${toUnit}/index.ts, not its insides`);
  }
  for (const cycle of unitCycles(edges)) breaches.push(`these folders import each other: ${cycle.join(" → ")}`);
  return breaches;
}

/** Cycles between units (not between files inside one unit), each given once. */
export function unitCycles(edges: ImportEdge[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const edge of edges) {
    if (edge.external) continue;
    const [from, to] = [unitOf(edge.from), unitOf(edge.to)];
    if (from === to) continue;
    if (!graph.has(from)) graph.set(from, new Set());
    graph.get(from)!.add(to);
  }
  // Tarjan's strongly connected components: each component of two or more units is a cycle.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const visit = (unit: string) => {
    index.set(unit, next);
    low.set(unit, next++);
    stack.push(unit);
    onStack.add(unit);
    for (const target of graph.get(unit) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(unit, Math.min(low.get(unit)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(unit, Math.min(low.get(unit)!, index.get(target)!));
    }
    if (low.get(unit) === index.get(unit)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== unit);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const unit of [...graph.keys()].sort()) if (!index.has(unit)) visit(unit);
  return components;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    // Prisma's generated client is not ours to arrange.
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

const toPosix = (file: string) => file.split(path.sep).join("/");
