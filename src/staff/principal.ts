import type { StaffRole } from "../db/index.js";

export type { StaffRole };

/** Who is calling the admin API: a console account, or scripts holding ADMIN_API_TOKEN. */
export interface StaffPrincipal {
  /** null for the API token. */
  accountId: string | null;
  username: string;
  displayName: string;
  role: StaffRole;
  /** Province staff and commune staff: their province. */
  provinceCode: string | null;
  /** Commune staff: the folded commune name registrations carry in `communeKey`. */
  communeKey: string | null;
  communeName: string | null;
}

/** The actor written to audit events and registration history. */
export function actorOf(principal: StaffPrincipal): string {
  return principal.accountId ? `staff:${principal.username}` : "api-token";
}

/**
 * The slice of the country a principal may see: nothing for admins, a province, or a
 * commune of a province. Every list and every lookup of personal data is filtered by it.
 */
export interface LocalityScope {
  provinceCode?: string;
  communeKey?: string;
}

export function scopeOf(principal: StaffPrincipal): LocalityScope {
  if (principal.role === "admin") return {};
  if (principal.role === "province") return { provinceCode: principal.provinceCode ?? "__none__" };
  return { provinceCode: principal.provinceCode ?? "__none__", communeKey: principal.communeKey ?? "__none__" };
}

/** Whether a record in `provinceCode`/`communeKey` is inside the principal's scope. */
export function inScope(principal: StaffPrincipal, record: { provinceCode: string | null; communeKey?: string | null }): boolean {
  const scope = scopeOf(principal);
  if (scope.provinceCode !== undefined && record.provinceCode !== scope.provinceCode) return false;
  if (scope.communeKey !== undefined && record.communeKey !== scope.communeKey) return false;
  return true;
}
