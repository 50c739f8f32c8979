import path from "node:path";
import readline from "node:readline";
import { contentDir } from "../paths.js";
import { loadConfigOrExit } from "../config.js";
import { DatabaseUnavailable, EmbeddedDatabaseInUse, openDatabase } from "../db/index.js";
import { loadLocalities } from "../registrations/index.js";
import { accountInputFor, createStaffAccounts, UsernameTaken } from "../staff/index.js";
import { parseCliFlags } from "./headless.js";

/**
 * `npm run admin:create -- --username <name> --name "<full name>" [--role admin|province|commune]
 * [--province "<province>"] [--commune "<commune>"]`: creates a console account. The password
 * is asked for (not echoed), or read from the first line of standard input when piped.
 */
const usage =
  'usage: npm run admin:create -- --username <name> --name "<full name>" [--role admin|province|commune] [--province "<province or city>"] [--commune "<commune or ward>"]';

async function main(): Promise<number> {
  const flags = parseCliFlags(
    {
      username: { type: "string" },
      name: { type: "string" },
      role: { type: "string", default: "admin" },
      province: { type: "string" },
      commune: { type: "string" },
    },
    usage,
  );
  if (!flags.values) return flags.exitCode;
  const args = flags.values;
  const localities = loadLocalities(path.join(contentDir, "registration", "localities.yaml"));
  const province = args.province ? localities.findProvince(args.province)?.province.code : undefined;
  if (args.province && !province) {
    console.error(`--province: "${args.province}" is not a known province or city`);
    return 64;
  }
  const password = await readPassword();
  const accountInput = accountInputFor({ provinceCodes: localities.provinces.map((item) => item.code), communeKey: localities.communeKey });
  const input = accountInput.safeParse({
    username: args.username,
    displayName: args.name,
    password,
    role: args.role,
    provinceCode: province,
    communeName: args.commune,
  });
  if (!input.success) {
    const flags: Record<string, string> = { displayName: "name", provinceCode: "province", communeName: "commune" };
    for (const issue of input.error.issues) {
      const field = String(issue.path[0] ?? "");
      console.error(`${field === "password" ? "password" : `--${flags[field] ?? field}`} ${issue.message}`);
    }
    console.error(usage);
    return 64;
  }

  const config = loadConfigOrExit();
  let database;
  try {
    database = await openDatabase(config.databaseUrl ? { url: config.databaseUrl, migrationUrl: config.databaseMigrationUrl } : { dataDir: config.dataDir });
  } catch (error) {
    if (error instanceof EmbeddedDatabaseInUse) {
      console.error(`${error.message}\nStop the server first, or create the account from the console (Tài khoản) as an administrator.`);
      return 75;
    }
    if (error instanceof DatabaseUnavailable) {
      console.error(error.message);
      return error.kind === "configuration" ? 78 : 69;
    }
    throw error;
  }
  try {
    const accounts = createStaffAccounts({ prisma: database.prisma, communeKey: localities.communeKey });
    const created = await accounts.create(input.data);
    console.error(`created ${created.role} account "${created.username}"; log in at /admin`);
    return 0;
  } catch (error) {
    if (error instanceof UsernameTaken) {
      console.error(`--username: "${input.data.username}" is already taken`);
      return 65;
    }
    throw error;
  } finally {
    await database.close();
  }
}

/** From a terminal: asked twice without echo. Piped: the first line. */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const lines = readline.createInterface({ input: process.stdin });
    for await (const line of lines) return line;
    return "";
  }
  const first = await askHidden("Password (at least 10 characters): ");
  const second = await askHidden("Password again: ");
  if (first !== second) {
    console.error("the two passwords differ");
    process.exit(65);
  }
  return first;
}

function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const write = (rl as unknown as { _writeToOutput: (text: string) => void })._writeToOutput;
    (rl as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = (text: string) => {
      if (text.includes(prompt)) write.call(rl, prompt);
    };
    rl.question(prompt, (answer) => {
      rl.close();
      process.stderr.write("\n");
      resolve(answer);
    });
  });
}

process.exitCode = await main();
