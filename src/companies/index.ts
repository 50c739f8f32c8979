import path from "node:path";
import type { PrismaClient } from "../db/index.js";
import { createCompanyDirectory, type CompanyDirectory } from "./directory.js";
import { loadCompanyNames, type CompanyNames } from "./name-key.js";

export { parseCsv, CsvSyntaxError, type CsvRecord } from "./csv.js";
export { readCompanyRows, parseListDate, CsvRejected, type CompanyFields, type CompanyRow, type CompanyStatus } from "./company-rows.js";
export {
  createCompanyDirectory,
  withinOneEdit,
  CompanyExists,
  CompanyNameWithoutKey,
  ImportConflict,
  type Company,
  type CompanyDirectory,
  type CompanyLookup,
  type ImportReport,
} from "./directory.js";
export { companyNames, loadCompanyNames, type CompanyNames } from "./name-key.js";
export { companyNameAsked } from "./question.js";
export { LIMITS } from "./company-rows.js";

export interface Companies {
  names: CompanyNames;
  directory: CompanyDirectory;
}

/** The licensed-companies list: its matching rules, its storage and its admin API. */
export function createCompanies(deps: { prisma: PrismaClient; contentDir: string }): Companies {
  const names = loadCompanyNames(path.join(deps.contentDir, "companies", "name-words.yaml"));
  const directory = createCompanyDirectory({ prisma: deps.prisma, names });
  return { names, directory };
}
