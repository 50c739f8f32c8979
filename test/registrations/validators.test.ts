import { describe, expect, it } from "vitest";
import { contentDir } from "../../src/paths.js";
import { loadLocalities } from "../../src/registrations/localities.js";
import {
  checkAge,
  checkCitizenIdConsistency,
  looksLikeQuestion,
  parseCitizenId,
  parseDate,
  parseFullName,
  parseMoney,
  parsePhone,
} from "../../src/registrations/validators.js";
import { maskCitizenId, maskPhone } from "../../src/shared/index.js";

const localities = loadLocalities(`${contentDir}/registration/localities.yaml`);
const valueOf = <T>(parsed: { ok: boolean; value?: T }) => (parsed.ok ? parsed.value : undefined);

describe("registration answers", () => {
  it.each(["0912345678", "0912 345 678", "0912.345.678", "0912-345-678", "+84912345678", "+84 912 345 678", "84912345678", "(+84) 912 345 678"])(
    "reads the mobile number %s as +84912345678",
    (text) => expect(valueOf(parsePhone(text))).toBe("+84912345678"),
  );

  it("refuses landlines, short numbers and the old 11-digit mobiles, saying which", () => {
    expect(parsePhone("0234 3822 123")).toMatchObject({ ok: false, reason: "reg.error.phone.format" });
    expect(parsePhone("091234567")).toMatchObject({ ok: false });
    expect(parsePhone("01234567890")).toMatchObject({ ok: false, reason: "reg.error.phone.old" });
  });

  it.each([
    ["05/03/2000", "2000-03-05"],
    ["5/3/2000", "2000-03-05"],
    ["05-03-2000", "2000-03-05"],
    ["05.03.2000", "2000-03-05"],
    ["5 3 2000", "2000-03-05"],
    ["ngày 5 tháng 3 năm 2000", "2000-03-05"],
    ["2000-03-05", "2000-03-05"],
  ])("reads the date %s", (text, iso) => expect(valueOf(parseDate(text))).toBe(iso));

  it("refuses dates that are not on the calendar and two-digit years", () => {
    expect(parseDate("31/02/2000")).toMatchObject({ ok: false, reason: "reg.error.date.invalid" });
    expect(parseDate("05/03/00")).toMatchObject({ ok: false, reason: "reg.error.date.year" });
    expect(parseDate("hôm qua")).toMatchObject({ ok: false, reason: "reg.error.date.format" });
  });

  it("counts a contract worker as 18 only from the 18th birthday, in Vietnam time", () => {
    // 17:30 UTC on 4 March is already 5 March in Vietnam.
    const now = new Date("2026-03-04T17:30:00Z");
    expect(checkAge("2008-03-05", "worker", now)).toEqual({ ok: true, age: 18 });
    expect(checkAge("2008-03-06", "worker", now)).toMatchObject({ ok: false, reason: "tooYoung", age: 17, eligibleOn: "2026-03-06" });
  });

  it("accepts work-study students from 15", () => {
    expect(checkAge("2010-01-01", "student", new Date("2026-11-23T00:00:00Z"))).toMatchObject({ ok: true, age: 16 });
  });

  it("reads a citizen ID typed with spaces or dots, and refuses a wrong length", () => {
    expect(valueOf(parseCitizenId("092 095 012 345"))).toBe("092095012345");
    expect(valueOf(parseCitizenId("092.095.012.345"))).toBe("092095012345");
    expect(parseCitizenId("09209501234")).toMatchObject({ ok: false, params: { count: 11 } });
    expect(parseCitizenId("09209501234a")).toMatchObject({ ok: false, reason: "reg.error.citizenId.digits" });
  });

  it.each([
    ["092095012345", "1995-03-05", "male", true],
    ["092195012345", "1995-03-05", "female", true],
    ["092204012345", "2004-01-01", "male", true],
    ["092304012345", "2004-01-01", "female", true],
    ["092095012345", "1995-03-05", "female", false],
    ["092295012345", "1995-03-05", "male", false],
    ["092096012345", "1995-03-05", "male", false],
  ] as const)("checks the century/gender and year digits of %s against %s %s", (id, birth, gender, consistent) => {
    expect(checkCitizenIdConsistency(id, birth, gender).ok).toBe(consistent);
  });

  it("writes names in title case and refuses digits, emoji and markup", () => {
    expect(valueOf(parseFullName("  nguyễn  văn AN "))).toBe("Nguyễn Văn An");
    expect(valueOf(parseFullName("H'Hen Niê"))).toBe("H'hen Niê");
    for (const bad of ["An", "Nguyễn Văn 3", "😀 😀", "<b>Nguyễn</b> An"]) expect(parseFullName(bad).ok).toBe(false);
  });

  it.each([
    ["120 triệu", 120_000_000],
    ["120tr", 120_000_000],
    ["1,5 tỷ", 1_500_000_000],
    ["100.000.000", 100_000_000],
    ["100,000,000 đ", 100_000_000],
    ["150", 150_000_000],
  ])("reads the amount %s", (text, amount) => expect(valueOf(parseMoney(text))).toBe(amount));

  it("masks all but the last three digits of a citizen ID, and the middle of a phone", () => {
    expect(maskCitizenId("092095012345")).toBe("*********345");
    expect(maskPhone("+84912345678")).toBe("091*****78");
  });

  it.each(["vay được bao nhiêu?", "cho hỏi phí đi Nhật", "Bao nhiêu tuổi thì đi được", "có được vay không"])("takes %s for a question, not an answer", (text) =>
    expect(looksLikeQuestion(text)).toBe(true),
  );

  it("does not take ordinary answers for questions", () => {
    for (const text of ["Nguyễn Văn An", "0912345678", "thợ hàn 3 năm", "Sóc Trăng"]) expect(looksLikeQuestion(text)).toBe(false);
  });
});

describe("the locality catalogue", () => {
  it("has the 34 provinces and cities of the 2025 reorganisation", () => {
    expect(localities.provinces).toHaveLength(34);
    expect(new Set(localities.provinces.map((p) => p.code)).size).toBe(34);
  });

  it.each([
    ["Thừa Thiên Huế", "hue", "Thừa Thiên Huế"],
    ["tinh thua thien hue", "hue", "Thừa Thiên Huế"],
    ["Sóc Trăng", "can-tho", "Sóc Trăng"],
    ["Hậu Giang", "can-tho", "Hậu Giang"],
    ["xã Long Phú, huyện Long Phú, tỉnh Sóc Trăng", "can-tho", "Sóc Trăng"],
    ["TP Cần Thơ", "can-tho", undefined],
    ["Huế", "hue", undefined],
    ["tphcm", "ho-chi-minh", undefined],
  ])("maps %s to %s", (text, code, formerName) => {
    const match = localities.findProvince(text);
    expect(match?.province.code).toBe(code);
    expect(match?.formerName).toBe(formerName);
  });

  it("does not guess an unknown province", () => {
    expect(localities.findProvince("Atlantis")).toBeUndefined();
  });

  it("normalises commune names and maps the former communes of Hương Trà, flagged as unconfirmed", () => {
    expect(localities.normaliseCommune("can-tho", "xã  long phú, huyện Long Phú")).toEqual({ name: "Xã Long Phú", key: "long phu" });
    expect(localities.normaliseCommune("can-tho", "P.an hội")).toEqual({ name: "Phường An Hội", key: "an hoi" });
    expect(localities.normaliseCommune("hue", "phường Tứ Hạ")).toMatchObject({ name: "Phường Hương Trà", formerName: "Tứ Hạ", confirmed: false });
    expect(localities.normaliseCommune("hue", "<script>")).toBeUndefined();
  });
});
