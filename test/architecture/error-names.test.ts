import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const srcDir = fileURLToPath(new URL("../../src", import.meta.url));

/** Error classes whose instances would log as plain "Error": no `name` field and no `this.name = …`. */
function unnamedErrorClasses(dir: string): string[] {
  const found: string[] = [];
  const visitFile = (file: string) => {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (ts.isClassDeclaration(node) && node.heritageClauses?.some((clause) => /Error$/.test(clause.types[0]?.expression.getText(source) ?? ""))) {
        const named = node.members.some(
          (member) =>
            (ts.isPropertyDeclaration(member) && member.name.getText(source) === "name") ||
            (ts.isConstructorDeclaration(member) && /this\.name\s*=/.test(member.getText(source))),
        );
        if (!named) found.push(`${path.relative(dir, file)}: ${node.name?.text ?? "(anonymous)"}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  };
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory() && entry.name !== "generated") walk(full);
      else if (entry.name.endsWith(".ts")) visitFile(full);
    }
  };
  walk(dir);
  return found;
}

describe("error classes", () => {
  it("all set their name, so logs and the error handler can tell them apart", () => {
    expect(unnamedErrorClasses(srcDir)).toEqual([]);
  });
});
