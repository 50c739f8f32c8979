import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { contentDir } from "../../src/paths.js";
import { loadPlans, periodWindow } from "../../src/plans/index.js";

const known = (code: string) => ["can-tho", "hue"].includes(code);

function fileWith(text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "plans-")), "plans.yaml");
  fs.writeFileSync(file, text);
  return file;
}

describe("plans.yaml", () => {
  it("loads the project's plans", () => {
    const plans = loadPlans(path.join(contentDir, "plans", "plans.yaml"), known);
    expect(plans.map((plan) => [plan.code, plan.province])).toEqual([
      ["nq02-2023-soc-trang", "can-tho"],
      ["kh2740-huong-tra", "hue"],
    ]);
  });

  const planYaml = (province: string, target: string) => `plans:
  - code: bad-plan
    name: Kế hoạch sai
    province: ${province}
    source: { document: Văn bản mẫu, article: Điều 1, confidence: SEED }
    schedule: []
    targets:
      - ${target}
`;

  it("refuses a province code that localities.yaml does not have", () => {
    const file = fileWith(planYaml("atlantis", '{ period: "2024", metric: people, minimum: 100 }'));
    expect(() => loadPlans(file, known)).toThrow(/plans\.0\.province atlantis is not a province code/);
  });

  it("refuses a range whose maximum is below its minimum, naming the place", () => {
    const file = fileWith(planYaml("hue", '{ period: "2024", metric: people, minimum: 100, maximum: 80 }'));
    expect(() => loadPlans(file, known)).toThrow(/plans\.0\.targets\.0 maximum must not be below minimum/);
  });

  it("turns a period into calendar years in Vietnam time", () => {
    expect(periodWindow("2021-2025")).toEqual({ from: new Date("2020-12-31T17:00:00Z"), to: new Date("2025-12-31T17:00:00Z") });
    expect(periodWindow("2024")).toEqual({ from: new Date("2023-12-31T17:00:00Z"), to: new Date("2024-12-31T17:00:00Z") });
  });
});
