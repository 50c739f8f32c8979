// Prisma 6.19 CLI, kept fully offline: these placeholders stop it from downloading native
// engines before each command (this machine cannot download them). We use the JS engine
// with a driver adapter, so the native engines are never needed.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "unused-schema-engine";
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= "unused-query-engine.so.node";
// The schema requires a URL even though the app connects through an adapter.
process.env.DATABASE_URL ??= "postgresql://placeholder@localhost:5432/placeholder";

import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  engine: "js",
  experimental: { adapter: true },
  async adapter() {
    return new PrismaPGlite(new PGlite());
  },
});
