import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";

/**
 * The development sets of `content/eval` (see its README): questions people type and what
 * they should get, and short conversations whose later turns depend on the earlier ones.
 */

const entryId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/);
const special = z.enum(["out-of-scope", "smalltalk", "flow:loan-check", "flow:registration", "company-check", "staff"]);
const expectation = z.union([special, entryId, z.array(entryId).min(1)]);
const tags = z.array(z.string()).default([]);

const questionFile = z
  .object({
    voice: z.string().optional(),
    questions: z.array(z.object({ q: z.string().min(1), expect: expectation, also: z.array(entryId).default([]), tags }).strict()),
  })
  .strict();

const conversationFile = z
  .object({
    voice: z.string().optional(),
    conversations: z.array(
      z
        .object({
          id: z.string().min(1),
          turns: z.array(z.object({ say: z.string().min(1), expect: expectation, also: z.array(entryId).default([]), tags }).strict()).min(1),
        })
        .strict(),
    ),
  })
  .strict();

// The first set (2025): `expect: fallback` meant "must not be answered", and one style per question.
const legacyFile = z.object({
  questions: z.array(z.object({ q: z.string(), expect: z.union([z.literal("fallback"), entryId]), style: z.string() })),
});

export type Expectation =
  | { kind: "entries"; ids: string[] }
  | { kind: "out-of-scope" }
  | { kind: "smalltalk" }
  | { kind: "flow"; flow: "loan-check" | "registration" }
  | { kind: "company-check" }
  | { kind: "staff" };

export interface EvaluationCase {
  /** File name without folder: the voice the question was written in. */
  set: string;
  text: string;
  expect: Expectation;
  /** Other parts of a multi-part question. */
  also: string[];
  tags: string[];
}

export interface EvaluationConversation {
  set: string;
  id: string;
  turns: EvaluationCase[];
}

export interface EvaluationSets {
  questions: EvaluationCase[];
  conversations: EvaluationConversation[];
  legacy: EvaluationCase[];
}

function toExpectation(value: z.infer<typeof expectation>): Expectation {
  if (Array.isArray(value)) return { kind: "entries", ids: value };
  switch (value) {
    case "out-of-scope":
    case "smalltalk":
    case "company-check":
    case "staff":
      return { kind: value };
    case "flow:loan-check":
      return { kind: "flow", flow: "loan-check" };
    case "flow:registration":
      return { kind: "flow", flow: "registration" };
    default:
      return { kind: "entries", ids: [value] };
  }
}

function yamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith(".yaml"))
    .sort()
    .map((file) => path.join(dir, file));
}

function readYaml<T>(file: string, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file} › ${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}

const setName = (file: string) => path.basename(file, ".yaml");

/** Reads `questions/`, `conversations/` and `legacy/` of an evaluation folder. */
export function loadEvaluationSets(evalDir: string): EvaluationSets {
  const questions = yamlFiles(path.join(evalDir, "questions")).flatMap((file) =>
    readYaml(file, questionFile).questions.map((item) => ({
      set: setName(file),
      text: item.q,
      expect: toExpectation(item.expect),
      also: item.also,
      tags: item.tags,
    })),
  );
  const conversations = yamlFiles(path.join(evalDir, "conversations")).flatMap((file) =>
    readYaml(file, conversationFile).conversations.map((conversation) => ({
      set: setName(file),
      id: conversation.id,
      turns: conversation.turns.map((turn) => ({
        set: setName(file),
        text: turn.say,
        expect: toExpectation(turn.expect),
        also: turn.also,
        tags: turn.tags,
      })),
    })),
  );
  const legacy = yamlFiles(path.join(evalDir, "legacy")).flatMap((file) =>
    readYaml(file, legacyFile).questions.map((item) => ({
      set: `legacy/${setName(file)}`,
      text: item.q,
      expect: toExpectation(item.expect === "fallback" ? "out-of-scope" : item.expect),
      also: [],
      tags: [item.style],
    })),
  );
  return { questions, conversations, legacy };
}

/** Every entry id a set names, with where, to check them against the knowledge base. */
export function namedEntryIds(sets: EvaluationSets): { id: string; where: string }[] {
  const cases = [...sets.questions, ...sets.conversations.flatMap((conversation) => conversation.turns), ...sets.legacy];
  return cases.flatMap((item) => [
    ...(item.expect.kind === "entries" ? item.expect.ids : []).map((id) => ({ id, where: `${item.set}: ${item.text}` })),
    ...item.also.map((id) => ({ id, where: `${item.set}: ${item.text}` })),
  ]);
}
