export { openDatabase, type Database, type DatabaseOptions } from "./database.js";
export { EmbeddedDatabaseInUse } from "./embedded-lock.js";
export { Prisma, PrismaClient } from "./generated/client.js";
export type { DirectSql, SqlParameter } from "./direct-sql.js";
export type { SqlDatabase } from "./database.js";
export { isDatabaseUnavailable } from "./unavailable.js";
export { DatabaseUnavailable, describePostgresProblem, type StartupWait } from "./postgres-startup.js";
export type { RegistrationStatus, StaffRole } from "./generated/enums.js";
