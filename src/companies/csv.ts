/** One record of a CSV file, with the line of the file it starts on (1 = the header). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  override name = "CsvSyntaxError";
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/**
 * RFC 4180, plus what spreadsheets in Vietnam actually save: a UTF-8 byte-order mark, CRLF or
 * LF, and a semicolon instead of a comma (Excel does so where the comma is the decimal sign).
 * The separator is whichever of the two appears outside quotes in the header line.
 * Blank lines are skipped; quoted fields may hold separators, doubled quotes and newlines.
 */
export function parseCsv(text: string): CsvRecord[] {
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const separator = separatorOf(source);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let fieldStarted = false;
  let afterQuote = false;

  const endField = () => {
    fields.push(field);
    field = "";
    fieldStarted = false;
    afterQuote = false;
  };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0]!.trim() === "")) records.push({ line: recordLine, fields });
    fields = [];
  };

  for (let index = 0; index < source.length; index++) {
    const char = source[index]!;
    if (quoted) {
      if (char === '"') {
        if (source[index + 1] === '"') {
          field += '"';
          index++;
        } else {
          quoted = false;
          afterQuote = true;
        }
      } else {
        if (char === "\n") line++;
        field += char;
      }
      continue;
    }
    if (char === separator) {
      endField();
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && source[index + 1] === "\n") index++;
      endRecord();
      line++;
      recordLine = line;
    } else if (char === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      field = "";
    } else if (afterQuote) {
      // Spaces after a closing quote are harmless; anything else means the quotes were not meant as quotes.
      if (char !== " " && char !== "\t") throw new CsvSyntaxError(line, "unexpected text after a closing quote");
    } else {
      field += char;
      fieldStarted = fieldStarted || (char !== " " && char !== "\t");
    }
  }
  if (quoted) throw new CsvSyntaxError(recordLine, "a quoted field is not closed");
  if (field !== "" || fields.length > 0) endRecord();
  return records;
}

function separatorOf(source: string): "," | ";" {
  let quoted = false;
  let commas = 0;
  let semicolons = 0;
  for (const char of source) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted && char === ",") commas++;
    else if (!quoted && char === ";") semicolons++;
  }
  return semicolons > commas ? ";" : ",";
}
