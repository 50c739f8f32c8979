import { fileURLToPath } from "node:url";

/**
 * The folders the product reads beside its code, found from this file's own place. The only
 * module that turns import.meta.url into a path, and it imports nothing of ours, so tests,
 * command-line tools and benchmarks can name a folder without loading the application.
 */
export const contentDir = fileURLToPath(new URL("../content", import.meta.url));
export const publicDir = fileURLToPath(new URL("../public", import.meta.url));
export const migrationsDir = fileURLToPath(new URL("../prisma/migrations", import.meta.url));
