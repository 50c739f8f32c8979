export { openDatabase, type Database, type DatabaseOptions } from "./database.js";
export { EmbeddedDatabaseInUse } from "./embedded-lock.js";
export { Prisma, PrismaClient } from "./generated/client.js";
export { directSqlFor, type DirectSql } from "./direct-sql.js";
export { isDatabaseUnavailable } from "./unavailable.js";
export { DatabaseUnavailable, describePostgresProblem, type StartupWait } from "./postgres-startup.js";
export { purgeExpiredPersonalData, CLAIM_RETENTION_DAYS, type RetentionPeriods } from "./retention.js";
export { createErasureVacuum } from "./erasure-vacuum.js";
