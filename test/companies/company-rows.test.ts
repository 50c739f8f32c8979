import path from "node:path";
import { describe, expect, it } from "vitest";
import { contentDir } from "../../src/paths.js";
import { loadCompanyNames, parseListDate, readCompanyRows, withinOneEdit } from "../../src/companies/index.js";

const names = loadCompanyNames(path.join(contentDir, "companies", "name-words.yaml"));
const read = (csv: string, maxRows = 100) => readCompanyRows(csv, { keyOf: names.keyOf, maxRows });

describe("company name keys", () => {
  it("match whatever company-type words, case and diacritics people use", () => {
    const keys = ["Cty TNHH ABC", "công ty abc", "CÔNG TY CỔ PHẦN ABC", "ABC Co., Ltd", "ABC JSC", "Công ty TNHH MTV XKLĐ ABC"].map(names.keyOf);
    expect(new Set(keys)).toEqual(new Set(["abc"]));
  });

  it("keep words that tell two businesses apart", () => {
    expect(names.keyOf("Công ty CP Đầu tư Thương mại Hòa Bình")).toBe("dau tu thuong mai hoa binh");
  });

  it("tell a reference from a name", () => {
    expect(names.isReference("này")).toBe(true);
    expect(names.isReference("Công ty TNHH")).toBe(true);
    expect(names.isReference("Hòa Bình")).toBe(false);
  });

  it("tolerate exactly one typo", () => {
    expect(withinOneEdit("sao viet", "sao vit")).toBe(true);
    expect(withinOneEdit("sao viet", "sao veit")).toBe(true);
    expect(withinOneEdit("sao viet", "sao viet a")).toBe(false);
    expect(withinOneEdit("sao viet", "sao vxet")).toBe(true);
    expect(withinOneEdit("sao viet", "sxo vxet")).toBe(false);
  });
});

describe("list dates", () => {
  it.each([
    ["05/03/2025", "2025-03-05"],
    ["5/3/2025", "2025-03-05"],
    ["2025-03-05", "2025-03-05"],
  ])("reads %s", (text, iso) => expect(parseListDate(text)).toBe(iso));

  it.each(["31/02/2025", "2025-13-01", "03-2025", "hôm qua", "", "05/03/25"])("refuses %j", (text) => expect(parseListDate(text)).toBeUndefined());
});

describe("reading an uploaded list", () => {
  it("understands Vietnamese column names and status words", () => {
    const [row] = read(
      "STT;Tên doanh nghiệp;Số giấy phép;Trạng thái;Địa chỉ;Ghi chú;Ngày danh sách\n1;Công ty TNHH ABC;123/LĐTBXH-GP;Được cấp phép;Hà Nội;;05/03/2025",
    );
    expect(row).toEqual({
      line: 2,
      ok: true,
      nameKey: "abc",
      fields: { name: "Công ty TNHH ABC", licenceNumber: "123/LĐTBXH-GP", status: "licensed", address: "Hà Nội", note: null, listDate: "2025-03-05" },
    });
  });

  it("understands English column names and leaves absent columns out", () => {
    const [row] = read("name,status,list_date\nXYZ JSC,revoked,2025-03-05");
    expect(row).toEqual({ line: 2, ok: true, nameKey: "xyz", fields: { name: "XYZ JSC", status: "revoked", listDate: "2025-03-05" } });
  });

  it("reports a bad date and an unknown status with their line numbers", () => {
    const rows = read("name,status,list_date\nABC,licensed,31/02/2025\nXYZ,suspended,2025-03-05");
    expect(rows).toEqual([
      {
        line: 2,
        ok: false,
        name: "ABC",
        reason: '"31/02/2025" is not a date (dd/mm/yyyy or yyyy-mm-dd)',
        problem: { code: "date", params: { value: "31/02/2025" } },
      },
      {
        line: 3,
        ok: false,
        name: "XYZ",
        reason: 'unknown status "suspended" (được cấp phép, đã thu hồi, licensed or revoked)',
        problem: { code: "status", params: { value: "suspended" } },
      },
    ]);
  });

  it("reports the second line of the same company as a duplicate of the first", () => {
    const rows = read("name,status,list_date\nCty TNHH ABC,licensed,2025-03-05\nXYZ,licensed,2025-03-05\nCông ty cổ phần ABC,revoked,2025-03-05");
    expect(rows[2]).toEqual({
      line: 4,
      ok: false,
      name: "Công ty cổ phần ABC",
      reason: "the same company as line 2",
      problem: { code: "repeated", params: { line: 2 } },
    });
  });

  it("reports a name made of company-type words only, and an empty name", () => {
    const rows = read("name,status,list_date\nCông ty TNHH,licensed,2025-03-05\n,licensed,2025-03-05");
    expect(rows.map((row) => (row.ok ? "ok" : row.reason))).toEqual(["the name has nothing but company-type words", "the name is empty"]);
  });

  it("refuses a header with an unknown column or without a required one", () => {
    expect(() => read("name,status,list_date,website\nABC,licensed,2025-03-05,abc.vn")).toThrow(
      expect.objectContaining({ message: 'unknown column "website" in the header', problem: { code: "unknownColumn", params: { column: "website" } } }),
    );
    expect(() => read("name,list_date\nABC,2025-03-05")).toThrow(
      expect.objectContaining({
        message: "the header has no trạng thái/status column",
        problem: { code: "missingColumn", params: { column: "trạng thái/status" } },
      }),
    );
  });

  it("refuses more rows than the limit", () => {
    const csv = ["name,status,list_date", ...Array.from({ length: 4 }, (_, i) => `C${i},licensed,2025-03-05`)].join("\n");
    expect(() => read(csv, 3)).toThrow(
      expect.objectContaining({ message: "has 4 rows; at most 3 can be imported at once", problem: { code: "tooManyRows", params: { rows: 4, max: 3 } } }),
    );
  });
});
