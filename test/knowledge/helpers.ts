import { contentDir } from "../../src/paths.js";
import { loadKnowledgeBase } from "../../src/knowledge/index.js";
import { loadShorthand } from "../../src/knowledge/shorthand.js";
import { createAnalyzer } from "../../src/knowledge/vietnamese.js";

export const knowledge = loadKnowledgeBase(contentDir);
export const analyze = createAnalyzer(loadShorthand(`${contentDir}/search/shorthand.yaml`));
