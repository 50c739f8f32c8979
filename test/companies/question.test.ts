import path from "node:path";
import { describe, expect, it } from "vitest";
import { contentDir } from "../../src/paths.js";
import { companyNameAsked, loadCompanyNames } from "../../src/companies/index.js";
import { loadEntries } from "../../src/knowledge/index.js";

const names = loadCompanyNames(path.join(contentDir, "companies", "name-words.yaml"));

describe("recognising a question about one company's licence", () => {
  it.each([
    ["công ty ABC có giấy phép không?", "ABC"],
    ["Cty TNHH Hoà Minh co phep ko", "TNHH Hoà Minh"],
    ["cty sao viet co phep ko", "sao viet"],
    ["Sao Việt có được cấp phép xklđ không", "Sao Việt"],
    ["Sao Việt có phép đưa người đi Nhật không", "Sao Việt"],
    ["kiểm tra công ty ABC", "ABC"],
    ["kiem tra giup em cty Hoa Minh voi", "Hoa Minh"],
    ["Cho em hỏi công ty Cổ phần Cơ khí Sao Việt có bị thu hồi giấy phép chưa ạ", "Cổ phần Cơ khí Sao Việt"],
    ["Công ty TNHH MTV Sao Việt còn giấy phép không?", "TNHH MTV Sao Việt"],
    ["Is Sao Viet licensed?", "Sao Viet"],
    ["does ABC JSC have a licence?", "ABC JSC"],
    ["check company ABC", "ABC"],
  ])("finds the name in %j", (question, name) => expect(companyNameAsked(question, names)).toBe(name));

  it.each([
    "làm sao kiểm tra công ty có giấy phép",
    "Làm sao biết công ty xuất khẩu lao động có được cấp phép hay không?",
    "kiem tra cong ty xkld co giay phep khong",
    "kiểm tra công ty có giấy phép không",
    "công ty này có giấy phép không",
    "em có được cấp phép không",
    "Tra cứu danh sách doanh nghiệp được phép đưa người đi làm việc ở nước ngoài ở đâu?",
    "danh sách công ty có giấy phép",
    "how do I check whether a company is licensed?",
    "tính thử khoản vay",
    "đi Nhật cần giấy phép lao động không",
    "Công ty mượn giấy phép của công ty khác để tuyển người có hợp pháp không?",
    "cty đòi phí dịch vụ 5 tháng lương cho hđ 2 năm, có vượt mức cho phép ko",
    "Trang dolab.gov.vn còn dùng để tra công ty xuất khẩu lao động được không?",
    "Doanh nghiệp cần điều kiện gì để được cấp phép xuất khẩu lao động?",
    "cty xkld cần vốn bao nhiêu mới đc cấp phép",
    "công ty tuyển người trên mạng có giấy phép không",
    "cty ở Hà Nội có được đưa người đi không",
  ])("leaves %j to the knowledge base", (question) => expect(companyNameAsked(question, names)).toBeUndefined());

  it("takes none of the questions written for knowledge-base entries for a company check", () => {
    const questions = loadEntries(path.join(contentDir, "knowledge")).entries.flatMap((entry) => entry.questions);
    expect(questions.length).toBeGreaterThan(100);
    expect(questions.filter((question) => companyNameAsked(question, names) !== undefined)).toEqual([]);
  });
});
