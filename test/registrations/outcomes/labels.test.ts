import { describe, expect, it } from "vitest";
import { outcomeVocabulary } from "../../../src/registrations/outcomes/import-rows.js";
import {
  CAPITAL_LINES,
  DEPARTURE_PROGRAMMES,
  DESTINATION_COUNTRIES,
  EARLY_RETURN_REASONS,
  LOAN_PROGRAMMES,
  OUTCOME_KINDS,
  RETURN_KINDS,
  SUPPORT_KINDS,
} from "../../../src/registrations/outcomes/catalogue.js";
import { citizenOutcomeLines, outcomeLabels } from "../../../src/registrations/outcomes/labels.js";
import { replayOutcomes, type OutcomeEvent } from "../../../src/registrations/outcomes/rules.js";
import { texts } from "../../helpers/core.js";

const vi = outcomeLabels(texts, "vi");
const en = outcomeLabels(texts, "en");
const words = outcomeVocabulary([vi, en]);

describe("outcome labels", () => {
  it("has a label in both languages for every code, and reads each label back to its code", () => {
    const columns = [
      ["kind", OUTCOME_KINDS, "kind"],
      ["loanProgramme", LOAN_PROGRAMMES, "loanProgramme"],
      ["capitalLine", CAPITAL_LINES, "capitalLine"],
      ["supportKind", SUPPORT_KINDS, "supportKind"],
      ["country", DESTINATION_COUNTRIES, "country"],
      ["programme", DEPARTURE_PROGRAMMES, "programme"],
      ["returnKind", RETURN_KINDS, "returnKind"],
      ["returnReason", EARLY_RETURN_REASONS, "returnReason"],
    ] as const;
    for (const [column, codes, label] of columns) {
      for (const code of codes) {
        for (const labels of [vi, en]) {
          const text = labels[label](code);
          expect(text, `${column} ${code}`).not.toMatch(/outcome\.|reg\.choice|_/);
          expect(words(column, text), `${column} "${text}"`).toBe(code);
        }
      }
    }
  });
});

let ids = 0;
const event = (fields: Partial<OutcomeEvent> & Pick<OutcomeEvent, "kind" | "occurredOn">): OutcomeEvent => ({
  id: ++ids,
  amountVnd: null,
  loanProgramme: null,
  capitalLine: null,
  supportKind: null,
  country: null,
  programme: null,
  companyId: null,
  companyName: null,
  returnKind: null,
  returnReason: null,
  ...fields,
});

describe("what the person reads", () => {
  it("says nothing when nothing was recorded", () => {
    expect(citizenOutcomeLines(replayOutcomes([], "2026-12-03").summary, vi)).toEqual([]);
  });

  it("says a loan was refused and where to ask why, and that support was received", () => {
    const summary = replayOutcomes(
      [
        event({ kind: "loan_applied", occurredOn: "2026-03-02", amountVnd: 50_000_000, loanProgramme: "local" }),
        event({ kind: "loan_refused", occurredOn: "2026-03-09", loanProgramme: "local" }),
        event({ kind: "support_paid", occurredOn: "2026-03-10", amountVnd: 1_500_000, supportKind: "initial_cost" }),
      ],
      "2026-12-03",
    ).summary;
    expect(citizenOutcomeLines(summary, vi)).toEqual([
      "Hồ sơ vay (Vay từ ngân sách địa phương) chưa được duyệt (ngày 09/03/2026). Bạn có thể hỏi Phòng giao dịch Ngân hàng Chính sách xã hội nơi cư trú về lý do và cách bổ sung hồ sơ.",
      "Bạn đã nhận hỗ trợ chi phí ban đầu 1.500.000 đ.",
    ]);
  });

  it("says the person is back after a return", () => {
    const summary = replayOutcomes(
      [
        event({ kind: "departed", occurredOn: "2026-01-02", country: "taiwan" }),
        event({ kind: "returned", occurredOn: "2026-08-01", returnKind: "early", returnReason: "health" }),
      ],
      "2026-12-03",
    ).summary;
    expect(citizenOutcomeLines(summary, vi)).toEqual(["Đã ghi nhận bạn về nước ngày 01/08/2026."]);
  });
});
