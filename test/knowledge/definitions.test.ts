import { describe, expect, it } from "vitest";
import { definedTerm, lastClause } from "../../src/knowledge/definitions.js";
import { createSearchEngine } from "../../src/knowledge/search-engine.js";
import { analyze } from "./helpers.js";

const syllables = (question: string) => analyze(lastClause(question)).folded;

describe("questions asking what something is", () => {
  it.each([
    ['Định nghĩa của "Người lao động"?', "nguoi lao dong"],
    ["XKLĐ là gì vậy ạ", "xuat khau lao dong"],
    ["Theo Bộ luật Dân sự 2015, lợi tức được hiểu như thế nào?", "loi tuc"],
    ["the nao la lao dong cuong buc", "lao dong cuong buc"],
    ["cho em hỏi ký quỹ là gì", "ky quy"],
  ])("finds the term in %s", (question, term) => {
    expect(definedTerm(syllables(question))).toBe(term);
  });

  it.each(["vay đi Nhật được bao nhiêu", "lãi suất là bao nhiêu", "công ty nào có giấy phép"])("finds none in %s", (question) => {
    expect(definedTerm(syllables(question))).toBeUndefined();
  });
});

describe("ranking the text that defines a term", () => {
  const documents = [
    {
      id: "duties",
      primary: "Nghĩa vụ của người lao động khi nghỉ việc\n1. Người lao động phải báo trước. 2. Người lao động phải bồi thường cho người sử dụng lao động.",
    },
    {
      id: "glossary",
      primary:
        "Giải thích từ ngữ\nTrong Bộ luật này, các từ ngữ dưới đây được hiểu như sau:\n1. Người lao động là người làm việc cho người sử dụng lao động theo thỏa thuận, được trả lương.\n2. Quan hệ lao động là quan hệ xã hội phát sinh trong việc thuê mướn, sử dụng lao động, trả lương giữa các bên, các tổ chức đại diện, cơ quan nhà nước có thẩm quyền và các chủ thể khác theo quy định của pháp luật về an toàn, vệ sinh, bảo hiểm, đào tạo nghề.",
    },
    { id: "wages", primary: "Tiền lương của người lao động\nNgười sử dụng lao động trả lương cho người lao động đúng hạn." },
  ];
  const engine = createSearchEngine({ analyze, documents });

  it("puts the definition first for a 'what is' question, even typed without accents or with a typo", () => {
    expect(engine.search("Định nghĩa của người lao động?")[0]!.id).toBe("glossary");
    expect(engine.search("nguoi lao dong la gi")[0]!.id).toBe("glossary");
    expect(engine.search("nguoi lao dongg duoc hieu nhu the nao")[0]!.id).toBe("glossary");
  });

  it("leaves other questions to the usual ranking", () => {
    expect(engine.search("người lao động phải bồi thường khi nghỉ việc")[0]!.id).toBe("duties");
  });
});
