import { removeDiacritics } from "../shared/index.js";
import type { CompanyNames } from "./name-key.js";

/**
 * The company name in a question about a licence, as the person wrote it: "Cty TNHH ABC có
 * giấy phép không?" → "Cty TNHH ABC"; "abc co duoc cap phep xkld ko" → "abc";
 * "kiểm tra công ty ABC" → "ABC". undefined for anything else, and for questions about how
 * to check a company ("làm sao kiểm tra công ty có giấy phép"): those need the knowledge
 * base's explanation, not a lookup.
 */
export function companyNameAsked(text: string, names: CompanyNames): string | undefined {
  const original = text.normalize("NFC");
  const folded = foldKeepingPositions(original);
  if (HOW_TO.test(folded)) return undefined;
  for (const pattern of PATTERNS) {
    const span = pattern.exec(folded)?.indices?.[1];
    if (!span) continue;
    const name = original.slice(span[0], span[1]).replace(/^[\s"'“”]+|[\s"'“”,.?!]+$/gu, "");
    return name && !names.isReference(name) ? name : undefined;
  }
  return undefined;
}

// Questions asking how, where, which or what: "trang nào", "điều kiện gì", "vốn bao nhiêu".
const HOW_TO = /\b(?:lam sao|the nao|cach nao|cach kiem tra|cach tra|o dau|tai dau|nao|gi|bao nhieu|how|where|which|what)\b/;

const COMPANY_WORD = String.raw`(?:cong\s+ty|cty|doanh\s+nghiep|company)`;
const CHECK_VERB = String.raw`(?:kiem\s+tra|tra\s+cuu|tra|check|xem)`;
// A verb is required: "mượn giấy phép", "mức cho phép" ask about something else. "có được đưa
// người đi Nhật không" asks the same of a named company.
const LICENCE = String.raw`(?:(?:co|con|da|van|bi|duoc|dc)\s+)+(?:(?:cap\s+)?(?:giay\s+phep|phep|thu\s+hoi)\b|(?:phep\s+)?(?:dua|tuyen)\s+(?:nguoi|lao\s+dong|ld)\b)`;
// The name never starts with the question itself: "công ty có giấy phép không" names nobody, nor
// does a verb or a pointer ("cty tuyển đi Nhật trên facebook…", "công ty này", "cty ở Hà Nội").
const NAME = String.raw`(?!${LICENCE})(?!(?:duoc|dc)\s|co\s+(?:duoc|dc|phep)\s|(?:tuyen|dang|nay|do|kia|o|ma|ben|tren)\s)(.+?)`;
const QUESTION_END = String.raw`(?:khong|ko|k|kg|khg|hok|hong|chua)\b`;
const POLITE_START = String.raw`(?:(?:(?:cho|xin)\s+)?(?:(?:em|toi|minh|chau|con)\s+)?(?:xin\s+)?hoi\s+(?:(?:chut|xiu|voi)\s+)?|ad\s+oi\s+|admin\s+oi\s+)?`;
// Only words that cannot end a company's name: "kiểm tra công ty Hoà Minh" keeps "Minh".
const POLITE_END = String.raw`(?:\s+(?:giup|gium|dum|ho)(?:\s+(?:em|minh|toi|chau|voi))*)?(?:\s+(?:voi|nhe|nha|a|ak|ah))*`;
const CHECK_START = String.raw`(?:${CHECK_VERB}\s+(?:(?:giup|gium|dum|ho)\s+)?(?:(?:em|minh|toi|chau)\s+)?)`;

const PATTERNS = [
  // "kiểm tra (giúp em) công ty ABC (có giấy phép không)"
  new RegExp(
    String.raw`^(?:.*?\s)?${CHECK_START}${COMPANY_WORD}\s+${NAME}(?:\s+(?:${LICENCE}|giay\s+phep|licen[cs]e).*|(?:\s+(?:duoc|dc)\s+${QUESTION_END})?${POLITE_END})\s*$`,
    "d",
  ),
  // "(cho em hỏi) công ty ABC có giấy phép không", "cty ABC co phep ko", "công ty ABC bị thu hồi giấy phép chưa"
  new RegExp(String.raw`^(?:.*?\s)?${COMPANY_WORD}\s+${NAME}\s+${LICENCE}.*$`, "d"),
  // "ABC có được cấp phép xklđ không": without the word "công ty", only as a yes/no question
  // (with it, the pattern above had its chance: "kiểm tra công ty có giấy phép không" names nobody).
  new RegExp(
    String.raw`^${POLITE_START}${CHECK_START}?(?!.*\b${COMPANY_WORD}\b)${NAME}\s+${LICENCE}(?:\s+(?:xkld|xuat\s+khau\s+lao\s+dong|dua\s+nguoi\s+di\s+\S+|di\s+\S+))?(?:\s+(?:hay|hong))?\s+${QUESTION_END}.*$`,
    "d",
  ),
  // "is ABC licensed?", "does ABC have a licence?"
  new RegExp(
    String.raw`^(?:.*?\s)?(?:is|does|has)\s+(?:the\s+)?(?:company\s+)?${NAME}\s+(?:(?:still|a)\s+)?(?:licen[cs]ed|revoked|(?:have|has|hold)\s+a\s+licen[cs]e)\b.*$`,
    "d",
  ),
];

/**
 * Lower case without diacritics, punctuation as spaces, one character for one: a match in
 * the folded text is at the same place in what the person wrote, so names keep their accents.
 */
function foldKeepingPositions(text: string): string {
  return Array.from(text, (char) => {
    const plain = removeDiacritics(char).toLowerCase();
    const single = plain.length === char.length ? plain : char.toLowerCase();
    return /^[\p{L}\p{N}]+$/u.test(single) ? single : " ".repeat(char.length);
  }).join("");
}
