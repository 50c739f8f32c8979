import { Prisma, type PrismaClient } from "../db/index.js";
import { simplify as fold } from "../shared/index.js";
import type { CompanyFields, CompanyRow, CompanyStatus, CsvProblem } from "./company-rows.js";
import type { CompanyNames } from "./name-key.js";

/** A company as the admin API and the bot see it. */
export interface Company {
  id: number;
  name: string;
  nameKey: string;
  licenceNumber: string | null;
  status: CompanyStatus;
  address: string | null;
  note: string | null;
  /** yyyy-mm-dd: the date of the official list the row comes from. */
  listDate: string;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
}

/** Another row already has the same name once company-type words are left out. */
export class CompanyExists extends Error {
  override name = "CompanyExists";
  constructor(readonly existingId: number) {
    super("a company with the same name is already on the list");
  }
}

export interface ImportLine {
  line: number;
  outcome: "created" | "updated" | "error";
  name?: string;
  reason?: string;
  problem?: CsvProblem;
}

export interface ImportReport {
  dryRun: boolean;
  /** false: a dry run, or refused because of errors without `skipInvalid`. */
  written: boolean;
  counts: { created: number; updated: number; errors: number };
  lines: ImportLine[];
}

/** The name is nothing but company-type words ("Công ty TNHH"): there is nothing to match it by. */
export class CompanyNameWithoutKey extends Error {
  override name = "CompanyNameWithoutKey";
  constructor() {
    super("has nothing but company-type words");
  }
}

/** Someone else added one of the imported companies while the import ran. */
export class ImportConflict extends Error {
  override name = "ImportConflict";
  constructor() {
    super("the list changed while the file was being imported: import it again");
  }
}

/** What the bot finds for a name someone typed. */
export type CompanyLookup =
  | { kind: "empty-list" }
  | { kind: "found"; company: Company }
  | { kind: "several"; companies: Company[] }
  | { kind: "not-found"; listDate: string };

const MAX_CHOICES = 5;

/** The list of licensed and revoked labour-export companies that staff keep. */
export function createCompanyDirectory(deps: { prisma: PrismaClient; names: CompanyNames }) {
  const { prisma, names } = deps;

  async function list(query: { search?: string; status?: CompanyStatus; page: number; pageSize: number }) {
    const where: Prisma.LicensedCompanyWhereInput = {
      ...(query.status ? { status: query.status } : {}),
      ...(query.search ? { OR: searchConditions(query.search) } : {}),
    };
    const [rows, total] = await Promise.all([
      prisma.licensedCompany.findMany({ where, orderBy: [{ nameKey: "asc" }], skip: (query.page - 1) * query.pageSize, take: query.pageSize }),
      prisma.licensedCompany.count({ where }),
    ]);
    return { companies: rows.map(toCompany), total, page: query.page, pageSize: query.pageSize };
  }

  function searchConditions(search: string): Prisma.LicensedCompanyWhereInput[] {
    const key = names.keyOf(search) || fold(search);
    return [{ nameKey: { contains: key } }, { licenceNumber: { contains: search.trim(), mode: "insensitive" } }];
  }

  async function get(id: number): Promise<Company | undefined> {
    const row = await prisma.licensedCompany.findUnique({ where: { id } });
    return row ? toCompany(row) : undefined;
  }

  function keyOf(name: string): string {
    const key = names.keyOf(name);
    if (!key) throw new CompanyNameWithoutKey();
    return key;
  }

  async function create(fields: CompanyFields, actor: string): Promise<Company> {
    const nameKey = keyOf(fields.name);
    try {
      return toCompany(await prisma.licensedCompany.create({ data: { ...fields, nameKey, listDate: dateOf(fields.listDate), updatedBy: actor } }));
    } catch (error) {
      throw await asCompanyExists(error, nameKey);
    }
  }

  /** undefined when there is no such company. */
  async function update(id: number, changes: Partial<CompanyFields>, actor: string): Promise<Company | undefined> {
    const nameKey = changes.name === undefined ? undefined : keyOf(changes.name);
    try {
      const row = await prisma.licensedCompany.update({
        where: { id },
        data: { ...changes, ...(nameKey ? { nameKey } : {}), ...(changes.listDate ? { listDate: dateOf(changes.listDate) } : {}), updatedBy: actor },
      });
      return toCompany(row);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw nameKey ? await asCompanyExists(error, nameKey) : error;
    }
  }

  async function remove(id: number): Promise<boolean> {
    const { count } = await prisma.licensedCompany.deleteMany({ where: { id } });
    return count > 0;
  }

  /**
   * Writes the readable rows of an import, matching existing companies by key, all or
   * nothing: with errors and without `skipInvalid` nothing is written.
   */
  async function importRows(rows: CompanyRow[], options: { dryRun: boolean; skipInvalid: boolean; actor: string }): Promise<ImportReport> {
    const valid = rows.filter((row) => row.ok);
    const existing = await prisma.licensedCompany.findMany({
      where: { nameKey: { in: valid.map((row) => row.nameKey) } },
      select: { id: true, nameKey: true },
    });
    const existingIds = new Map(existing.map((row) => [row.nameKey, row.id]));
    const lines: ImportLine[] = rows.map((row) =>
      row.ok
        ? { line: row.line, outcome: existingIds.has(row.nameKey) ? "updated" : "created", name: row.fields.name }
        : { line: row.line, outcome: "error", ...(row.name ? { name: row.name } : {}), reason: row.reason, problem: row.problem },
    );
    const counts = {
      created: lines.filter((line) => line.outcome === "created").length,
      updated: lines.filter((line) => line.outcome === "updated").length,
      errors: lines.filter((line) => line.outcome === "error").length,
    };
    const write = !options.dryRun && (counts.errors === 0 || options.skipInvalid) && valid.length > 0;
    if (write) {
      await writeImport(valid, existingIds, options.actor).catch((error: unknown) => {
        throw isUniqueViolation(error) || isNotFound(error) ? new ImportConflict() : error;
      });
    }
    return { dryRun: options.dryRun, written: write, counts, lines };
  }

  async function writeImport(valid: Extract<CompanyRow, { ok: true }>[], existingIds: Map<string, number>, actor: string) {
    await prisma.$transaction(
      async (tx) => {
        const fresh = valid.filter((row) => !existingIds.has(row.nameKey));
        await tx.licensedCompany.createMany({
          data: fresh.map((row) => ({ ...row.fields, nameKey: row.nameKey, listDate: dateOf(row.fields.listDate), updatedBy: actor })),
        });
        for (const row of valid.filter((candidate) => existingIds.has(candidate.nameKey))) {
          await tx.licensedCompany.update({
            where: { id: existingIds.get(row.nameKey)! },
            data: { ...row.fields, listDate: dateOf(row.fields.listDate), updatedBy: actor },
          });
        }
      },
      // A list of thousands of companies takes longer than Prisma's default of 5 seconds.
      { timeout: 120_000 },
    );
  }

  /**
   * The company someone asked about: the same key, else keys containing one another word
   * for word, else keys one typo apart (people type names from memory).
   */
  async function findByName(name: string): Promise<CompanyLookup> {
    const key = names.keyOf(name);
    const exact = await prisma.licensedCompany.findUnique({ where: { nameKey: key } });
    if (exact) return { kind: "found", company: toCompany(exact) };
    const all = await prisma.licensedCompany.findMany({ select: { id: true, nameKey: true, listDate: true } });
    if (all.length === 0) return { kind: "empty-list" };
    const containing = all.filter((row) => containsWords(row.nameKey, key) || (row.nameKey.length >= 3 && containsWords(key, row.nameKey)));
    const matches = containing.length > 0 ? containing : key.length >= 4 ? all.filter((row) => withinOneEdit(row.nameKey, key)) : [];
    if (matches.length === 0) {
      const newest = all.reduce((latest, row) => (row.listDate > latest ? row.listDate : latest), all[0]!.listDate);
      return { kind: "not-found", listDate: isoDate(newest) };
    }
    const companies = await prisma.licensedCompany.findMany({
      where: { id: { in: matches.map((row) => row.id) } },
      orderBy: [{ nameKey: "asc" }],
      take: MAX_CHOICES,
    });
    return companies.length === 1 ? { kind: "found", company: toCompany(companies[0]!) } : { kind: "several", companies: companies.map(toCompany) };
  }

  async function asCompanyExists(error: unknown, nameKey: string): Promise<unknown> {
    if (!isUniqueViolation(error)) return error;
    const existing = await prisma.licensedCompany.findUnique({ where: { nameKey }, select: { id: true } });
    return existing ? new CompanyExists(existing.id) : error;
  }

  return { keyOf: names.keyOf, list, get, create, update, remove, importRows, findByName };
}
export type CompanyDirectory = ReturnType<typeof createCompanyDirectory>;

// Prisma reports P2002 with some driver adapters; the PGlite adapter passes PostgreSQL's own
// error through (code 23505), the pg adapter its "UniqueConstraintViolation" kind.
function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === "P2002";
  const cause = (error as { cause?: { kind?: string; code?: string; originalCode?: string } } | null)?.cause;
  return cause?.kind === "UniqueConstraintViolation" || cause?.code === "23505" || cause?.originalCode === "23505";
}

function isNotFound(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025";
}

function containsWords(text: string, part: string): boolean {
  return part !== "" && ` ${text} `.includes(` ${part} `);
}

/** Optimal string alignment distance ≤ 1: one letter added, dropped, changed, or two swapped. */
export function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  if (start === a.length && start === b.length) return true;
  const restA = a.slice(start);
  const restB = b.slice(start);
  if (restA.slice(1) === restB.slice(1)) return true;
  if (restA.slice(1) === restB || restA === restB.slice(1)) return true;
  return restA[0] === restB[1] && restA[1] === restB[0] && restA.slice(2) === restB.slice(2);
}

type CompanyRecord = Prisma.LicensedCompanyGetPayload<object>;

function toCompany(row: CompanyRecord): Company {
  return {
    id: row.id,
    name: row.name,
    nameKey: row.nameKey,
    licenceNumber: row.licenceNumber,
    status: row.status,
    address: row.address,
    note: row.note,
    listDate: isoDate(row.listDate),
    updatedBy: row.updatedBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function dateOf(isoDay: string): Date {
  return new Date(`${isoDay}T00:00:00Z`);
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
