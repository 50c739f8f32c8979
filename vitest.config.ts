import { defineConfig } from "vitest/config";

// Every suite runs on the embedded database. When TEST_DATABASE_URL names a PostgreSQL
// server, the suites that touch the database run a second time against it.
const postgresUrl = process.env.TEST_DATABASE_URL;

export default defineConfig({
  test: {
    globalSetup: ["test/helpers/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "embedded", include: ["test/**/*.test.ts"], env: { TEST_DATABASE_URL: "" } } },
      ...(postgresUrl
        ? [
            {
              extends: true as const,
              test: {
                name: "postgres",
                include: ["test/**/*.test.ts"],
                // These start their own processes, which use the embedded default by design;
                // the browser tests drive the same admin API the API suites already cover twice;
                // the SIGKILL and full-disk tests are about the embedded data folder, and the
                // platform faults do not depend on the database.
                exclude: [
                  "test/process/**",
                  "test/cli/**",
                  "test/console/**",
                  "test/resilience/sigkill.test.ts",
                  "test/resilience/full-disk.test.ts",
                  "test/resilience/platform-faults.test.ts",
                ],
                env: { TEST_DATABASE_URL: postgresUrl },
              },
            },
          ]
        : []),
    ],
  },
});
