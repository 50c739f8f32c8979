import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { simplify } from "../shared/index.js";
import { checkEntry } from "./entry-checks.js";
import { contentFileSchema, entrySchema, type KnowledgeEntry } from "./entry-schema.js";

export interface ContentProblem {
  file: string;
  entryId?: string;
  field?: string;
  message: string;
}

export interface LoadedEntries {
  entries: KnowledgeEntry[];
  problems: ContentProblem[];
}

/**
 * Reads every `*.yaml` in the knowledge folder and checks each entry and the links between
 * them. Problems are collected, not thrown, so staff see all of them at once.
 */
export function loadEntries(knowledgeDir: string, today: string = new Date().toISOString().slice(0, 10)): LoadedEntries {
  const entries: KnowledgeEntry[] = [];
  const problems: ContentProblem[] = [];
  const fileOf = new Map<string, string>();
  for (const name of fs
    .readdirSync(knowledgeDir)
    .filter((file) => file.endsWith(".yaml"))
    .sort()) {
    const file = path.join(knowledgeDir, name);
    let document: unknown;
    try {
      document = parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
      problems.push({ file: name, message: `is not valid YAML: ${(error as Error).message.split("\n")[0]}` });
      continue;
    }
    const shape = contentFileSchema.safeParse(document);
    if (!shape.success) {
      problems.push({ file: name, message: "must contain a list under `entries:` and nothing else" });
      continue;
    }
    shape.data.entries.forEach((raw, index) => {
      const rawId = typeof (raw as { id?: unknown })?.id === "string" ? (raw as { id: string }).id : `#${index + 1}`;
      const parsed = entrySchema.safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          problems.push({ file: name, entryId: rawId, field: issue.path.join(".") || undefined, message: issue.message });
        }
        return;
      }
      const entry = parsed.data;
      const previous = fileOf.get(entry.id);
      if (previous) {
        problems.push({ file: name, entryId: entry.id, field: "id", message: `is already used in ${previous}` });
        return;
      }
      fileOf.set(entry.id, name);
      entries.push(entry);
      for (const problem of checkEntry(entry)) problems.push({ file: name, entryId: entry.id, ...problem });
    });
  }
  const ids = new Set(entries.map((entry) => entry.id));
  const aliasOwner = new Map<string, string>();
  for (const entry of entries) {
    for (const alias of entry.aliases) {
      const file = fileOf.get(entry.id)!;
      if (ids.has(alias)) problems.push({ file, entryId: entry.id, field: "aliases", message: `"${alias}" is the id of an entry in ${fileOf.get(alias)}` });
      else if (aliasOwner.has(alias))
        problems.push({ file, entryId: entry.id, field: "aliases", message: `"${alias}" is already an alias of "${aliasOwner.get(alias)}"` });
      else aliasOwner.set(alias, entry.id);
    }
  }
  // One question, one entry: the same phrasing in two entries makes the search pick at random.
  const askedBy = new Map<string, string>();
  for (const entry of entries) {
    for (const question of entry.questions) {
      const other = askedBy.get(simplify(question));
      if (other && other !== entry.id) {
        problems.push({
          file: fileOf.get(entry.id)!,
          entryId: entry.id,
          field: "questions",
          message: `"${question}" is already a question of "${other}": keep it in one entry`,
        });
      } else askedBy.set(simplify(question), entry.id);
    }
  }
  // A link to a former id still works, but the content should say where it really goes.
  const checkLink = (entry: KnowledgeEntry, field: string, link: string, unknown: string) => {
    const file = fileOf.get(entry.id)!;
    const owner = aliasOwner.get(link);
    if (owner) problems.push({ file, entryId: entry.id, field, message: `names "${link}", a former id of "${owner}": name "${owner}"` });
    else if (!ids.has(link)) problems.push({ file, entryId: entry.id, field, message: unknown });
  };
  for (const entry of entries) {
    const file = fileOf.get(entry.id)!;
    for (const link of entry.followUps) {
      checkLink(entry, "followUps", link, `links to unknown entry "${link}"`);
      if (link === entry.id || entry.aliases.includes(link)) problems.push({ file, entryId: entry.id, field: "followUps", message: "links to itself" });
    }
    if (entry.supersededBy) checkLink(entry, "supersededBy", entry.supersededBy, `names unknown entry "${entry.supersededBy}"`);
    if (entry.validUntil && entry.validUntil < today && !entry.supersededBy) {
      problems.push({
        file,
        entryId: entry.id,
        field: "supersededBy",
        message: `is required: the entry expired on ${entry.validUntil}; name the entry that applies now`,
      });
    }
  }
  return { entries, problems };
}

export function formatProblem(problem: ContentProblem): string {
  return [problem.file, problem.entryId, problem.field].filter(Boolean).join(" › ") + `: ${problem.message}`;
}
