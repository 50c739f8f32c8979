import fs from "node:fs";
import { parseDocument } from "yaml";
const [, , fromId, intoId] = process.argv;
const files = fs.readdirSync("content/knowledge").filter(f => f.endsWith(".yaml")).map(f => `content/knowledge/${f}`);
const docs = new Map(files.map(f => [f, parseDocument(fs.readFileSync(f, "utf8"))]));
const find = id => { for (const [f, d] of docs) { const items = d.get("entries").items; const i = items.findIndex(n => n.get("id") === id); if (i >= 0) return { f, d, items, i, node: items[i] }; } };
const from = find(fromId), into = find(intoId);
const intoQ = into.node.get("questions"); for (const q of from.node.get("questions").items) intoQ.items.push(q);
const aliases = into.node.get("aliases") ?? into.d.createNode([]); 
const newAliases = [...(aliases.items ?? []).map(n => n.value ?? n), fromId, ...((from.node.get("aliases")?.items ?? []).map(n => n.value ?? n))];
into.node.set("aliases", into.d.createNode(newAliases, { flow: true }));
const intoDocs = new Set(into.node.get("sources").items.map(s => s.get("document")));
for (const s of from.node.get("sources").items) if (!intoDocs.has(s.get("document"))) into.node.get("sources").items.push(s);
from.items.splice(from.i, 1);
const changed = new Set([from.f, into.f]);
for (const [f, d] of docs) for (const n of d.get("entries").items) { const fu = n.get("followUps"); if (fu && fu.items.some(x => x.value === fromId)) { const ids = [...new Set(fu.items.map(x => x.value === fromId ? intoId : x.value))].filter(x => x !== n.get("id")); n.set("followUps", d.createNode(ids, { flow: true })); changed.add(f); } if (n.get("supersededBy") === fromId) { n.set("supersededBy", intoId); changed.add(f); } }
for (const f of changed) fs.writeFileSync(f, docs.get(f).toString({ lineWidth: 0, flowCollectionPadding: false }));
