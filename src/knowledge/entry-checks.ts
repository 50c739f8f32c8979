import { simplify } from "../shared/index.js";
import type { KnowledgeEntry } from "./entry-schema.js";

export interface EntryProblem {
  field: string;
  message: string;
}

/**
 * Remarks that belong in `curatorNote`: how sure a figure is, what is left to check, where a
 * curator's memory came from. Citizens read the answer and the sources, and a remark like
 * "số điều cần đối chiếu" tells them nothing they can act on. Compared without accents.
 */
const curatorPhrases = [
  "cần đối chiếu",
  "chưa đối chiếu",
  "đối chiếu toàn văn",
  "theo trí nhớ",
  "ngày đăng không ghi",
  "tài liệu tham chiếu",
  "năm ước tính",
  "số điều theo bản tóm tắt",
].map((phrase) => ({ phrase, folded: ` ${simplify(phrase)} ` }));

// Reliability grades of the reference file ([A], [B/C], [SEED]) and the word "grade" itself.
const gradeMark = /\[(?:[ABC][+-]?(?:\/[ABC])?|SEED)\]|\bSEED\b|\bgrade\b/i;

/** The content checks that concern one entry alone: citizen-visible remarks, repeated sources, a start date nobody gives. */
export function checkEntry(entry: KnowledgeEntry): EntryProblem[] {
  return [...curatorRemarks(entry), ...lapsedFromLastDay(entry), ...repeatedSources(entry), ...untracedValidFrom(entry)];
}

function citizenVisibleFields(entry: KnowledgeEntry): [string, string | undefined][] {
  return [
    ["title", entry.title],
    ["answer", entry.answer],
    ["details", entry.details],
    ["askOffice", entry.askOffice],
    ...entry.sources.flatMap((source, index): [string, string | undefined][] => [
      [`sources.${index}.document`, source.document],
      [`sources.${index}.title`, source.title],
      [`sources.${index}.article`, source.article],
      [`sources.${index}.issuer`, source.issuer],
    ]),
  ];
}

function curatorRemarks(entry: KnowledgeEntry): EntryProblem[] {
  const problems: EntryProblem[] = [];
  for (const [field, text] of citizenVisibleFields(entry)) {
    if (!text) continue;
    const folded = ` ${simplify(text)} `;
    const remark = curatorPhrases.find((candidate) => folded.includes(candidate.folded))?.phrase ?? gradeMark.exec(text)?.[0];
    if (remark) problems.push({ field, message: `shows citizens a curator's remark ("${remark}"): move it to curatorNote` });
  }
  return problems;
}

// "hết hiệu lực từ 31/12/2025" reads as if the rule did not apply on 31/12; it lapsed on 01/01.
const lapsedOnLastDay = /hết hiệu lực (?:từ )?(?:ngày )?31\/12\/\d{4}/iu;

function lapsedFromLastDay(entry: KnowledgeEntry): EntryProblem[] {
  return citizenVisibleFields(entry).flatMap(([field, text]) => {
    const found = text ? lapsedOnLastDay.exec(text.normalize("NFC"))?.[0] : undefined;
    if (!found) return [];
    const day = found.slice(found.indexOf("31/12"));
    return [
      {
        field,
        message: `says a rule lapsed from its last day ("${found}"): it applied until the end of that day, so write "hết hiệu lực từ" the next day or "áp dụng đến hết ngày ${day}"`,
      },
    ];
  });
}

/** One document cited twice (say two articles of one decree) reads as two sources: cite it once, with both articles. */
function repeatedSources(entry: KnowledgeEntry): EntryProblem[] {
  const seen = new Set<string>();
  const problems: EntryProblem[] = [];
  entry.sources.forEach((source, index) => {
    const key = simplify(source.document);
    if (seen.has(key)) problems.push({ field: `sources.${index}`, message: `cites "${source.document}" again: merge it into one source` });
    seen.add(key);
  });
  return problems;
}

/**
 * A start date must come from somewhere: a source's date, or a date written in the entry
 * (its text, a source's article, or the curator note saying where it comes from).
 */
function untracedValidFrom(entry: KnowledgeEntry): EntryProblem[] {
  if (!entry.validFrom) return [];
  const [year, month, day] = entry.validFrom.split("-").map(Number) as [number, number, number];
  if (entry.sources.some((source) => source.date === entry.validFrom)) return [];
  const texts = [entry.answer, entry.details, entry.curatorNote, ...entry.sources.flatMap((source) => [source.title, source.article])]
    .filter(Boolean)
    .join("\n");
  const written = new RegExp(`(?<!\\d)0?${day}[/.]0?${month}[/.]${year}(?!\\d)|${entry.validFrom}`);
  if (written.test(texts)) return [];
  return [
    {
      field: "validFrom",
      message: `${entry.validFrom} is a date no source of the entry gives: say where it comes from (a source's article or the curator note), or remove it`,
    },
  ];
}
