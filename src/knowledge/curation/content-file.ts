import fs from "node:fs";
import path from "node:path";
import { isMap, isSeq, parseDocument } from "yaml";
import { simplify } from "../../shared/index.js";

export class EntryNotInContent extends Error {
  constructor(readonly entryId: string) {
    super(`no file under content/knowledge has an entry "${entryId}" with a list of questions`);
    this.name = "EntryNotInContent";
  }
}

export class DuplicatePhrasing extends Error {
  constructor(readonly entryId: string) {
    super(`entry "${entryId}" already has this phrasing`);
    this.name = "DuplicatePhrasing";
  }
}

/** Same phrasing: same words once accents, case and punctuation are set aside. */
export function samePhrasing(a: string, b: string): boolean {
  return simplify(a) === simplify(b);
}

/**
 * Appends a phrasing to an entry's `questions` in its YAML file, through the yaml Document
 * API so that comments and layout survive, and returns how to undo it. These output options
 * reproduce the content files byte for byte (no folding of long lines, `[a, b]` lists).
 */
export function addPhrasing(knowledgeDir: string, entryId: string, question: string): { file: string; undo(): void } {
  for (const name of fs
    .readdirSync(knowledgeDir)
    .filter((file) => file.endsWith(".yaml"))
    .sort()) {
    const file = path.join(knowledgeDir, name);
    const original = fs.readFileSync(file, "utf8");
    const document = parseDocument(original);
    const entries = document.get("entries");
    if (!isSeq(entries)) continue;
    const entry = entries.items.find((item) => isMap(item) && item.get("id") === entryId);
    if (!isMap(entry)) continue;
    const questions = entry.get("questions", true);
    if (!isSeq(questions)) throw new EntryNotInContent(entryId);
    if (questions.toJSON().some((existing: unknown) => typeof existing === "string" && samePhrasing(existing, question))) {
      throw new DuplicatePhrasing(entryId);
    }
    questions.add(document.createNode(question));
    writeWhole(file, document.toString({ lineWidth: 0, flowCollectionPadding: false }));
    return { file: name, undo: () => writeWhole(file, original) };
  }
  throw new EntryNotInContent(entryId);
}

/** Through a temporary file and a rename: whoever reads the file sees the old or the new content, never half. */
function writeWhole(file: string, text: string) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}
