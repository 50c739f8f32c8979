import { removeDiacritics } from "../../shared/index.js";

/**
 * What people say about themselves around a question — "Chào ad, em 19 tuổi ở xã Bình Điền,
 * … ạ, em cảm ơn" — says nothing about which entry answers it, yet it would count against the
 * match. These spans are cut before searching; the question itself is kept. The place is still
 * read separately for the province (see `provinceIn`).
 */

const who =
  "(?:em|toi|minh|tui|tao|con|chau|no|ban|anh|chi|be|thang be|con toi|con em|con minh|chau toi|chau em|nha em|nha toi|nha minh|gia dinh em|gia dinh toi)";
// Communes and below only: a province or city names whose programmes apply, so it stays.
const unit = "(?:xa|phuong|thon|ap|xom|khom|to dan pho|huyen|quan|thi xa|thi tran)";
// A place name runs until a word that starts the question again.
const nameWord =
  "(?!(?:muon|co|thi|di|la|nha|em|toi|minh|tui|con|dang|se|can|duoc|khong|ko|vay|hoi|va|nen|ma|roi|da|sap|cung|thuoc|nam|hien|gio|bay|a|ah|oi|nay|do|xa|phuong|thon|ap|xom|khom|huyen|quan|tinh|tp)\\b)[a-z]+";
const place = `${unit} (?:\\d+|${nameWord})(?: (?:\\d+|${nameWord})){0,3}`;

const patterns: RegExp[] = [
  // Greetings and openings.
  new RegExp(
    `^(?:(?:xin )?chao|alo|hello|hi|hey|da|ad oi|admin oi|ban oi|bot oi|anh chi oi|moi nguoi oi)(?: (?:ban|ad|admin|anh|chi|em|bac|co|chu|moi nguoi|ca nha|shop|bot|anh chi|a|oi|nhe|nha))*\\b`,
    "g",
  ),
  /\b(?:cho|xin cho) (?:em|toi|minh|tui|chau|con|tao|anh|chi) (?:xin )?hoi(?: (?:chut|xiu|ti|voi|nhe|nha|thu|cai nay))*\b/g,
  /\b(?:em|toi|minh|tui|chau|con) (?:xin|muon|can|dinh) hoi(?: (?:chut|xiu|ti|voi|nhe|nha|thu|la))*\b/g,
  /\b(?:xin hoi|hoi chut|hoi xiu|cho hoi)\b/g,
  // Thanks and politeness at the end.
  /\b(?:(?:em|toi|minh|tui|chau|con) )?(?:xin )?(?:cam on|cam ơn|thank you|thanks|thank)(?: (?:ban|ad|admin|anh|chi|nhieu|rat nhieu|a|nha|nhe|truoc|so much))*\b/g,
  /\b(?:a|ah|ak|nha|nhe|nhen|voi|oi|a oi)\s*[?!.]*\s*$/g,
  // Ages and years of birth.
  new RegExp(`\\b(?:${who} )?(?:nam nay |hien |da |moi |vua )?(?:tron )?\\d{1,2} tuoi(?: (?:roi|thoi|a))?\\b`, "g"),
  new RegExp(`\\b(?:${who} )?sinh nam \\d{4}\\b`, "g"),
  // "em ở xã Bình Điền", "nhà em ở thôn 3 xã Hương Toàn".
  new RegExp(`\\b(?:${who} )?(?:(?:dang |song |nha |thuong tru |ho khau )?o |que |que o |tai )${place}(?:,? ${place})*(?= |$|[,.;!?])`, "g"),
];

/** The question without greetings, thanks, ages and the person's commune: what the search should look at. */
export function withoutPersonalContext(text: string): string {
  const original = text.normalize("NFC");
  const folded = removeDiacritics(original).toLowerCase();
  // Cut positions found in the folded text apply to the original only if folding kept every length.
  if (folded.length !== original.length) return original;
  const keep = new Array<boolean>(original.length).fill(true);
  for (const pattern of patterns) {
    for (const match of folded.matchAll(pattern)) {
      for (let index = match.index; index < match.index + match[0].length; index++) keep[index] = false;
    }
  }
  const cleaned = [...original].filter((_, index) => keep[index]).join("");
  const tidy = cleaned
    .replace(/\s*([,.;!?])(?:\s*[,.;!?])+/g, "$1")
    .replace(/^[\s,.;!?]+/, "")
    .replace(/\s+/g, " ")
    .trim();
  // A question that was nothing but context is searched as typed.
  return /[\p{L}\p{N}]{2,}/u.test(tidy) ? tidy : original;
}
