import { z } from "zod";
import type { PrismaClient } from "../db/index.js";
import { createPasswordHasher, PasswordCheckBusy, passwordProblem, unknownUserHash, type PasswordHasher } from "./passwords.js";
import type { StaffPrincipal, StaffRole } from "./principal.js";

export const staffRoles = ["admin", "province", "commune"] as const satisfies StaffRole[];

/** What account fields are checked against: the locality catalogue of registrations. */
export interface AccountCatalogue {
  provinceCodes: readonly string[];
  /** Folds a commune name the way registrations do; "" when it holds no letter or digit. */
  communeKey(name: string): string;
}

export const passwordInput = z.string().superRefine((password, context) => {
  const problem = passwordProblem(password);
  if (problem) context.addIssue({ code: "custom", message: problem });
});

/** A new account, as the accounts API and `admin:create` accept it: one rule, one place. */
export function accountInputFor(catalogue: AccountCatalogue) {
  return z
    .object({
      username: z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[a-z0-9._-]{3,40}$/, "must be 3–40 characters: letters a–z, digits, dot, dash or underscore"),
      displayName: z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters"),
      password: z.string(),
      role: z.enum(staffRoles, { error: "must be admin, province or commune" }),
      provinceCode: z
        .string()
        .trim()
        .refine(
          (code) => catalogue.provinceCodes.includes(code),
          `is not a province code of the catalogue (${catalogue.provinceCodes.slice(0, 3).join(", ")}…)`,
        )
        .optional(),
      communeName: z.string().trim().min(1).max(80).optional(),
    })
    .superRefine((account, context) => {
      const problem = passwordProblem(account.password, [account.username, account.displayName]);
      if (problem) context.addIssue({ code: "custom", path: ["password"], message: problem });
      if (account.role !== "admin" && !account.provinceCode) {
        context.addIssue({ code: "custom", path: ["provinceCode"], message: "is required for province and commune staff" });
      }
      if (account.role === "commune" && !account.communeName) {
        context.addIssue({ code: "custom", path: ["communeName"], message: "is required for commune staff" });
      }
      // A name of punctuation only folds to "", which would otherwise match registrations of no commune in particular.
      if (account.communeName !== undefined && catalogue.communeKey(account.communeName) === "") {
        context.addIssue({ code: "custom", path: ["communeName"], message: "must name a commune or ward (letters, not only punctuation)" });
      }
    });
}
export type AccountInput = z.infer<ReturnType<typeof accountInputFor>>;

export class UsernameTaken extends Error {
  override name = "UsernameTaken";
}

type AccountRow = Awaited<ReturnType<PrismaClient["staffAccount"]["findUniqueOrThrow"]>>;

export function principalOf(account: AccountRow): StaffPrincipal {
  return {
    accountId: account.id,
    username: account.username,
    displayName: account.displayName,
    role: account.role,
    provinceCode: account.provinceCode,
    communeKey: account.communeKey,
    communeName: account.communeName,
  };
}

/** The result of a login check: the principal, or whether the name was at least an account's. */
export type LoginCheck = { principal: StaffPrincipal } | { principal?: undefined; accountExists: boolean };

// One password check at a time: the bot keeps the other core, and a login takes ~0.1 s.
const defaultHashing = { concurrency: 1, maxWaiting: 16 };

/** Staff accounts. `communeKey` normalises a commune name the way registrations do. */
export function createStaffAccounts(options: { prisma: PrismaClient; communeKey(name: string): string; hasher?: PasswordHasher }) {
  const { prisma } = options;
  const hasher = options.hasher ?? createPasswordHasher(defaultHashing);
  return {
    async create(input: AccountInput): Promise<StaffPrincipal> {
      const communeKey = input.role === "commune" && input.communeName ? options.communeKey(input.communeName) : null;
      const existing = await prisma.staffAccount.findUnique({ where: { username: input.username } });
      if (existing) throw new UsernameTaken(input.username);
      const row = await prisma.staffAccount.create({
        data: {
          username: input.username,
          displayName: input.displayName,
          passwordHash: await hasher.hash(input.password),
          role: input.role,
          provinceCode: input.role === "admin" ? null : (input.provinceCode ?? null),
          communeName: input.role === "commune" ? (input.communeName ?? null) : null,
          communeKey,
        },
      });
      return principalOf(row);
    },

    /**
     * The account when the password is right and the account active; the same work otherwise.
     * Throws `PasswordCheckBusy` when too many checks are waiting; `priority` checks go first.
     */
    async verify(username: string, password: string, options: { priority?: boolean } = {}): Promise<LoginCheck> {
      // Turned away before the database is asked: a flood must cost as little as possible.
      if (!options.priority && hasher.full()) throw new PasswordCheckBusy();
      const row = await prisma.staffAccount.findUnique({ where: { username: username.trim().toLowerCase() } });
      const matches = await hasher.verify(password, row?.passwordHash ?? unknownUserHash, options.priority);
      if (!row || !matches || !row.active) return { accountExists: row !== null };
      await prisma.staffAccount.update({ where: { id: row.id }, data: { lastLoginAt: new Date() } });
      return { principal: principalOf(row) };
    },

    async list() {
      const rows = await prisma.staffAccount.findMany({ orderBy: { username: "asc" } });
      return rows.map((row) => ({ ...principalOf(row), active: row.active, lastLoginAt: row.lastLoginAt, createdAt: row.createdAt }));
    },

    /** Deactivating also ends the account's sessions. */
    async setActive(id: string, active: boolean): Promise<boolean> {
      const result = await prisma.staffAccount.updateMany({ where: { id }, data: { active } });
      if (!active) await prisma.staffSession.deleteMany({ where: { accountId: id } });
      return result.count === 1;
    },

    async setPassword(id: string, password: string): Promise<boolean> {
      const result = await prisma.staffAccount.updateMany({ where: { id }, data: { passwordHash: await hasher.hash(password) } });
      await prisma.staffSession.deleteMany({ where: { accountId: id } });
      return result.count === 1;
    },

    count: () => prisma.staffAccount.count(),

    exists: async (username: string) => (await prisma.staffAccount.count({ where: { username: username.trim().toLowerCase() } })) > 0,
  };
}
export type StaffAccounts = ReturnType<typeof createStaffAccounts>;
