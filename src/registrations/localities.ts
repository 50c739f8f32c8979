import fs from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { simplify as fold } from "../shared/index.js";
import { cleanText } from "./validators.js";

const catalogueFile = z.object({
  provinces: z
    .array(
      z.object({
        code: z.string().regex(/^[a-z-]+$/),
        name: z.string().min(2),
        shortName: z.string().min(2),
        aliases: z.array(z.string()).default([]),
        formerNames: z.array(z.string()).default([]),
        since: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/)
          .optional(),
        basis: z.string().optional(),
      }),
    )
    .min(34),
  communes: z.array(z.object({ province: z.string(), name: z.string(), formerNames: z.array(z.string()), confirmed: z.boolean() })).default([]),
});

export interface Province {
  code: string;
  name: string;
  shortName: string;
  since?: string;
  basis?: string;
}

/** How a typed province name was understood. `formerName` is set when an old name was mapped. */
export interface ProvinceMatch {
  province: Province;
  formerName?: string;
}

export interface CommuneMatch {
  /** As it will be stored and shown: "Phường Hương Trà", "Xã Long Phú", "Long Phú". */
  name: string;
  /** The folded name without its kind, to filter the monthly list. */
  key: string;
  formerName?: string;
  /** false when the mapping comes from a plan not yet confirmed by a published resolution. */
  confirmed?: boolean;
}

export interface Localities {
  provinces: Province[];
  byCode(code: string): Province | undefined;
  findProvince(text: string): ProvinceMatch | undefined;
  normaliseCommune(provinceCode: string, text: string): CommuneMatch | undefined;
  /** The key a commune filter is compared with. */
  communeKey(text: string): string;
  /** The province's communes formed from older ones in 2025, with those older names (reports show them). */
  formerCommunes(provinceCode: string): { name: string; key: string; formerNames: string[]; confirmed: boolean }[];
}

export function loadLocalities(file: string): Localities {
  const parsed = catalogueFile.safeParse(parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  return createLocalities(parsed.data);
}

const PROVINCE_PREFIX = /^(thanh pho|tp|tinh|t)\s+/;
const COMMUNE_KINDS: [RegExp, string][] = [
  [/^(phuong|p)\s+/, "Phường"],
  [/^(xa|x)\s+/, "Xã"],
  [/^(thi tran|tt)\s+/, "Thị trấn"],
  [/^(dac khu)\s+/, "Đặc khu"],
];

function createLocalities(data: z.infer<typeof catalogueFile>): Localities {
  const provinces: Province[] = data.provinces.map(({ code, name, shortName, since, basis }) => ({ code, name, shortName, since, basis }));
  const byCode = new Map(provinces.map((province) => [province.code, province]));
  const lookup = new Map<string, ProvinceMatch>();
  for (const entry of data.provinces) {
    const province = byCode.get(entry.code)!;
    for (const name of [entry.name, entry.shortName, entry.code.replace(/-/g, " "), ...entry.aliases]) {
      lookup.set(fold(name).replace(PROVINCE_PREFIX, ""), { province });
    }
    for (const former of entry.formerNames) {
      const key = fold(former).replace(PROVINCE_PREFIX, "");
      // Spelling variants ("Thừa Thiên - Huế") fold alike: the first spelling listed is shown.
      if (!lookup.has(key)) lookup.set(key, { province, formerName: former });
    }
  }
  const formerCommunes = new Map<string, CommuneMatch>();
  for (const commune of data.communes) {
    const current = communeParts(commune.name);
    for (const former of commune.formerNames) {
      formerCommunes.set(`${commune.province}|${fold(former)}`, {
        name: commune.name,
        key: current.key,
        formerName: former,
        confirmed: commune.confirmed,
      });
    }
  }

  return {
    provinces,
    byCode: (code) => byCode.get(code),
    findProvince(text) {
      // "xã Long Phú, huyện Long Phú, tỉnh Sóc Trăng": the province is the last part.
      const parts = text
        .split(/[,;]/)
        .map((part) => fold(part).replace(PROVINCE_PREFIX, ""))
        .filter(Boolean);
      for (const part of [...parts].reverse()) {
        const match = lookup.get(part);
        if (match) return match;
      }
      return undefined;
    },
    normaliseCommune(provinceCode, text) {
      // The first part is the commune; districts no longer exist and provinces are asked apart.
      const first = cleanText(text.split(/[,;]/)[0] ?? "");
      if (first.length < 2 || first.length > 60 || !/^[\p{L}\p{N}][\p{L}\p{M}\p{N} .'’-]*$/u.test(first)) return undefined;
      const parts = communeParts(first);
      if (!parts.key) return undefined;
      const former = formerCommunes.get(`${provinceCode}|${parts.key}`);
      if (former) return former;
      return { name: parts.kind ? `${parts.kind} ${parts.title}` : parts.title, key: parts.key };
    },
    communeKey: (text) => communeParts(cleanText(text)).key,
    formerCommunes: (provinceCode) =>
      data.communes
        .filter((commune) => commune.province === provinceCode)
        .map((commune) => ({ name: commune.name, key: communeParts(commune.name).key, formerNames: commune.formerNames, confirmed: commune.confirmed })),
  };
}

function communeParts(raw: string): { kind?: string; title: string; key: string } {
  // "P.Hương Trà", "X. Long Phú": the abbreviation glued to the name.
  const text = cleanText(raw).replace(/^(p|x|tt)\.\s*/i, "$1 ");
  const folded = fold(text);
  for (const [pattern, kind] of COMMUNE_KINDS) {
    const match = pattern.exec(folded);
    if (match) {
      const words = text.split(" ");
      // Drop as many original words as the folded prefix had ("thị trấn" is two words, "P." one).
      const title = titleCase(
        words
          .slice(match[1]!.split(" ").length)
          .join(" ")
          .replace(/^[.\s]+/, ""),
      );
      return { kind, title, key: fold(title) };
    }
  }
  return { title: titleCase(cleanText(text)), key: folded };
}

function titleCase(text: string): string {
  return text
    .split(" ")
    .filter(Boolean)
    .map((word) => (/^\d/.test(word) ? word : word.charAt(0).toLocaleUpperCase("vi") + word.slice(1).toLocaleLowerCase("vi")))
    .join(" ");
}
