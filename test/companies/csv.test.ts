import { describe, expect, it } from "vitest";
import { CsvSyntaxError, parseCsv } from "../../src/companies/index.js";

describe("CSV parser", () => {
  it("reads comma-separated records with their line numbers", () => {
    expect(parseCsv("name,status\nABC,licensed\nXYZ,revoked\n")).toEqual([
      { line: 1, fields: ["name", "status"] },
      { line: 2, fields: ["ABC", "licensed"] },
      { line: 3, fields: ["XYZ", "revoked"] },
    ]);
  });

  it("drops a UTF-8 byte-order mark so the first column keeps its name", () => {
    expect(parseCsv("\uFEFFtên;trạng thái\r\nABC;đã thu hồi")[0]!.fields).toEqual(["tên", "trạng thái"]);
  });

  it("uses semicolons when the header is separated by them, leaving commas inside fields alone", () => {
    expect(parseCsv("tên;địa chỉ\nABC;Số 1, Hà Nội")[1]!.fields).toEqual(["ABC", "Số 1, Hà Nội"]);
  });

  it("keeps separators, doubled quotes and newlines inside quoted fields", () => {
    const records = parseCsv('name,address,note\n"ABC, JSC","Tầng 2\r\nSố 1 Láng Hạ","nói ""có"" giấy phép"\nXYZ,,\n');
    expect(records).toEqual([
      { line: 1, fields: ["name", "address", "note"] },
      { line: 2, fields: ["ABC, JSC", "Tầng 2\r\nSố 1 Láng Hạ", 'nói "có" giấy phép'] },
      { line: 4, fields: ["XYZ", "", ""] },
    ]);
  });

  it("skips blank lines but counts them in line numbers", () => {
    expect(parseCsv("name\n\nABC\n\n").map((record) => record.line)).toEqual([1, 3]);
  });

  it("reads a last record without a final newline", () => {
    expect(parseCsv("name\nABC")).toEqual([
      { line: 1, fields: ["name"] },
      { line: 2, fields: ["ABC"] },
    ]);
  });

  it("refuses a quoted field that is never closed, naming the line it starts on", () => {
    expect(() => parseCsv('name\nABC\n"XYZ, JSC\n')).toThrow(new CsvSyntaxError(3, "a quoted field is not closed"));
  });

  it("refuses text after a closing quote", () => {
    expect(() => parseCsv('name\n"ABC" JSC\n')).toThrow(CsvSyntaxError);
  });
});
