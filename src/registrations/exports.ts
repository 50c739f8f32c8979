import { z } from "zod";
import type { Texts } from "../shared/index.js";
import type { Localities } from "./localities.js";
import { buildMonthlyList, monthlyListToCsv, monthlyListToXlsx } from "./monthly-list.js";
import type { RegistrationService } from "./service.js";

/** The question staff ask, as it arrives from the CLI or the admin API. */
export const monthlyListQuery = z.object({
  month: z.string({ error: "is required, as YYYY-MM (e.g. 2026-11)" }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be YYYY-MM, e.g. 2026-11"),
  province: z.string({ error: "is required: a province or city, e.g. Cần Thơ (old names such as Sóc Trăng work too)" }).min(2).max(80),
  commune: z.string().min(2).max(80).optional(),
  format: z.enum(["xlsx", "csv"], { error: "must be xlsx or csv" }).default("xlsx"),
});

export type MonthlyListQuery = z.input<typeof monthlyListQuery>;

export class UnknownProvince extends Error {
  constructor(readonly province: string) {
    super(`unknown province or city: ${province}`);
    this.name = "UnknownProvince";
  }
}

export interface ExportedList {
  fileName: string;
  contentType: string;
  body: Buffer;
  rows: number;
}

/** A province staff member asked for another province's list. */
export class OutsideScope extends Error {
  override name = "OutsideScope";
}

/**
 * Builds the monthly list file for a validated query. `scope` narrows it to what the staff
 * member may see: their province, and for commune staff their commune whatever was asked.
 */
export function createMonthlyListExporter(deps: { service: RegistrationService; localities: Localities; texts: Texts }) {
  return async function exportMonthlyList(
    asked: z.output<typeof monthlyListQuery>,
    scope: { provinceCode?: string; communeName?: string } = {},
  ): Promise<ExportedList> {
    const match = deps.localities.findProvince(asked.province);
    if (!match) throw new UnknownProvince(asked.province);
    const provinceCode = match.province.code;
    if (scope.provinceCode !== undefined && scope.provinceCode !== provinceCode) throw new OutsideScope(provinceCode);
    const query = scope.communeName !== undefined ? { ...asked, commune: scope.communeName } : asked;
    const records = await deps.service.recordsForMonth({ month: query.month, provinceCode, commune: query.commune });
    const list = buildMonthlyList(records, { month: query.month, provinceCode, commune: query.commune }, deps);
    const base = [
      "danh-sach-dang-ky",
      query.month,
      provinceCode,
      query.commune
        ? deps.localities
            .communeKey(query.commune)
            .replace(/[^a-z0-9]+/g, "-")
            .replace(/^-+|-+$/g, "")
        : "",
    ]
      .filter(Boolean)
      .join("-");
    return query.format === "csv"
      ? { fileName: `${base}.csv`, contentType: "text/csv; charset=utf-8", body: monthlyListToCsv(list), rows: records.length }
      : {
          fileName: `${base}.xlsx`,
          contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          body: await monthlyListToXlsx(list),
          rows: records.length,
        };
  };
}

export type MonthlyListExporter = ReturnType<typeof createMonthlyListExporter>;
