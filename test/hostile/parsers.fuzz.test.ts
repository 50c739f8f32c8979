import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyUpdate, webhookBody } from "../../src/bot/channels/zalo-bot/updates.js";
import { classifyEvent, deliveryKey, keywordAction, oaEvent, unwrapEvent } from "../../src/bot/channels/zalo-oa/events.js";
import { FIELDS, type FieldContext, type FieldId } from "../../src/bot/features/registration/form.js";
import { CsvSyntaxError, parseCsv } from "../../src/companies/csv.js";
import { MAX_AMOUNT_VND, MAX_DURATION_MONTHS, parseAmount, parseDuration } from "../../src/loans/parse-input.js";
import { parseCitizenId, parseDate, parseFullName, parseMoney, parseMonth, parsePhone, type Parsed } from "../../src/registrations/validators.js";
import { texts } from "../helpers/core.js";
import { decorated, hostileJson, hostileText } from "./arbitraries.js";

const runs = { numRuns: 300 };

/** Refused with a message the person can read, in both languages. */
function expectReadableRefusal(reason: string) {
  expect(texts.has(reason), `text key ${reason}`).toBe(true);
  for (const locale of ["vi", "en"] as const) expect(texts.t(locale, reason, { count: 1, max: 1, year: 2000, digit: "0", digits: "00" })).not.toBe("");
}

describe("the amount and duration parsers, fed hostile text", () => {
  const amountLike = fc.oneof(
    hostileText(),
    decorated(fc.tuple(fc.nat(), fc.constantFrom("", " triệu", "tr", " tỷ", "k", " đ", ".000.000", ",5 tỷ", "tr5")).map(([n, unit]) => `${n}${unit}`)),
    fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map((n) => `${n} tỷ`),
  );

  it("never throws, and an amount is either refused or a positive safe integer within the limit", () => {
    fc.assert(
      fc.property(amountLike, (text) => {
        const parsed = parseAmount(text);
        if (parsed.ok) {
          expect(Number.isSafeInteger(parsed.vnd)).toBe(true);
          expect(parsed.vnd).toBeGreaterThan(0);
          expect(parsed.vnd).toBeLessThanOrEqual(MAX_AMOUNT_VND);
        } else if (parsed.suggestionVnd !== undefined) {
          expect(Number.isSafeInteger(parsed.suggestionVnd) && parsed.suggestionVnd > 0).toBe(true);
        }
      }),
      runs,
    );
  });

  it("never throws, and a duration is either refused or whole months within the limit", () => {
    fc.assert(
      fc.property(fc.oneof(hostileText(), decorated(fc.nat().map((n) => `${n} tháng`))), (text) => {
        const parsed = parseDuration(text);
        if (parsed.ok) expect(Number.isInteger(parsed.months) && parsed.months > 0 && parsed.months <= MAX_DURATION_MONTHS).toBe(true);
      }),
      runs,
    );
  });
});

describe("the registration validators, fed hostile text", () => {
  const validators: [string, (text: string) => Parsed<unknown>, fc.Arbitrary<string>][] = [
    ["full name", parseFullName, fc.constantFrom("nguyễn văn an", "TRẦN THỊ Ánh", "Lê  Đức   Thọ", "H'Hen Niê")],
    ["date", parseDate, fc.date({ min: new Date("1900-01-01"), max: new Date("2100-12-31"), noInvalidDate: true }).map((d) => d.toLocaleDateString("en-GB"))],
    ["citizen ID", parseCitizenId, fc.stringMatching(/^\d{3}[ .-]?\d{3}[ .-]?\d{6}$/)],
    ["phone", parsePhone, fc.stringMatching(/^(\+84|84|0)[35789]\d{8}$/)],
    ["money", parseMoney, fc.integer({ min: 1, max: 2000 }).map((n) => `${n} triệu`)],
    ["month", parseMonth, fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 2000, max: 2100 })).map(([m, y]) => `${m}/${y}`)],
  ];

  for (const [name, parse, valid] of validators) {
    it(`${name}: accepts a value that parses to itself again, or refuses it with a message`, () => {
      fc.assert(
        fc.property(fc.oneof(hostileText(), decorated(valid), valid), (text) => {
          const parsed = parse(text);
          if (parsed.ok) expect(parse(String(parsed.value))).toEqual(parsed);
          else expectReadableRefusal(parsed.reason);
        }),
        runs,
      );
    });
  }

  it("a stored name holds no control, format or markup character", () => {
    fc.assert(
      fc.property(fc.oneof(hostileText(), decorated(fc.constant("nguyễn văn an"))), (text) => {
        const parsed = parseFullName(text);
        if (parsed.ok) expect(parsed.value).not.toMatch(/[\p{Cc}\p{Cf}\p{Cs}<>&="]/u);
      }),
      runs,
    );
  });
});

describe("the registration form's free-text fields, fed hostile text", () => {
  const now = new Date("2026-11-23T05:00:00Z");
  const context = () => ({ data: { answers: { applicantType: "worker" } }, now, turn: { t: (key: string) => key } }) as unknown as FieldContext;
  const textFields: FieldId[] = ["fullName", "birthDate", "occupation", "languages", "country", "departure", "loanAmount"];

  for (const field of textFields) {
    it(`${field}: a value that is accepted again as itself, a readable refusal, or a detour`, async () => {
      await fc.assert(
        fc.asyncProperty(hostileText(120), async (text) => {
          const outcome = await FIELDS[field].parse!(text, context());
          if (outcome.kind === "invalid") expectReadableRefusal(outcome.reason);
          if (outcome.kind === "value") {
            const again = await FIELDS[field].parse!(String(outcome.value), context());
            expect(again).toMatchObject({ kind: "value", value: outcome.value });
          }
        }),
        { numRuns: 150 },
      );
    });
  }
});

describe("the companies CSV parser, fed hostile text", () => {
  it("either parses or refuses with a line number, never anything else", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostileText(300),
          fc.array(hostileText(20), { maxLength: 20 }).map((cells) => cells.join(",")),
        ),
        (text) => {
          try {
            const records = parseCsv(text);
            for (const record of records) expect(record.line).toBeGreaterThanOrEqual(1);
          } catch (error) {
            expect(error).toBeInstanceOf(CsvSyntaxError);
          }
        },
      ),
      runs,
    );
  });

  it("reads back exactly the cells a spreadsheet wrote, whatever they contain", () => {
    const cell = hostileText(15).map((text) => text.replace(/^\ufeff/, ""));
    const table = fc
      .integer({ min: 1, max: 4 })
      .chain((width) => fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 6 }));
    fc.assert(
      fc.property(table, fc.constantFrom(",", ";"), fc.constantFrom("\n", "\r\n"), (rows, separator, newline) => {
        // The header must name the separator, as every real export does.
        const header = Array.from({ length: rows[0]!.length }, (_, index) => `column${index}`);
        const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
        const text = [header, ...rows].map((row) => row.map(quote).join(separator)).join(newline);
        // A row of one blank cell is a blank line, which the parser skips by design.
        const expected = rows.filter((row) => row.length > 1 || row[0]!.trim() !== "");
        expect(parseCsv(text).map((record) => record.fields)).toEqual([header, ...expected]);
      }),
      runs,
    );
  });
});

describe("the Zalo webhook body parsers, fed arbitrary JSON", () => {
  it("Zalo Bot: a body is refused by the schema or classified, never a crash", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostileJson,
          hostileJson.map((result) => ({ ok: true, result })),
          hostileJson.map((message) => ({ event_name: "message.text.received", message })),
        ),
        (body) => {
          const parsed = webhookBody.safeParse(body);
          if (parsed.success) expect(["text", "unreadable", "ignored"]).toContain(classifyUpdate(parsed.data).kind);
        },
      ),
      runs,
    );
  });

  it("Zalo OA: a body is refused by the schema or classified with a delivery key, never a crash", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostileJson,
          hostileJson.map((data) => ({ data })),
          hostileJson.map((message) => ({ event_name: "user_send_text", sender: { id: "1" }, message })),
        ),
        (body) => {
          const parsed = oaEvent.safeParse(unwrapEvent(body));
          if (!parsed.success) return;
          const inbound = classifyEvent(parsed.data);
          expect(typeof deliveryKey(parsed.data, "userId" in inbound ? inbound.userId : undefined)).toBe("string");
          if (inbound.kind === "text") keywordAction(inbound.text);
        },
      ),
      runs,
    );
  });
});
