import { describe, expect, it } from "vitest";
import { matchesSearch, parseSearch } from "../../src/registrations/console/search.js";

const an = { fullName: "Nguyễn Văn An", referenceCode: "DK-ABC234", phone: () => "+84912345678" };
const toan = { fullName: "Hoàng Văn Toàn", referenceCode: "DK-XYZ789", phone: () => "+84987001122" };
const found = (text: string) => [an, toan].filter((row) => matchesSearch(parseSearch(text)!, row)).map((row) => row.fullName);

describe("console search", () => {
  it.each(["0912 345 678", "0912.345.678", "+84 912 345 678", "84912345678", "(091) 2345-678"])("finds a whole phone number written %s", (text) => {
    expect(parseSearch(text)).toEqual({ kind: "phone", phone: "+84912345678", digits: "0912345678" });
    expect(found(text)).toEqual(["Nguyễn Văn An"]);
  });

  it("finds a part of a phone number by its digits", () => {
    expect(found("345 678")).toEqual(["Nguyễn Văn An"]);
    expect(found("0987")).toEqual(["Hoàng Văn Toàn"]);
  });

  it("ignores too few digits to be a useful phone search", () => {
    expect(parseSearch("12")).toBeUndefined();
  });

  it("finds names with or without diacritics, from the start of a word", () => {
    expect(found("nguyen van an")).toEqual(["Nguyễn Văn An"]);
    expect(found("NGUYỄN")).toEqual(["Nguyễn Văn An"]);
    expect(found("an")).toEqual(["Nguyễn Văn An"]);
    expect(found("văn")).toEqual(["Nguyễn Văn An", "Hoàng Văn Toàn"]);
  });

  it("finds a reference code", () => {
    expect(parseSearch("dk-xyz789")).toEqual({ kind: "name", folded: "dk xyz789" });
    expect(found("dk-xyz789")).toEqual(["Hoàng Văn Toàn"]);
  });
});
