/**
 * MAILFLOW_ENGINE=cdktn runs the suite on CDK Terrain: every import of "cdktf" (the library's engine module, the tests,
 * the examples) loads "cdktn" instead, as the cdktn-mailflow package does. MAILFLOW_QUICK=1 is `npm run test:quick`.
 * @type {import('jest').Config}
 */
const engine = process.env.MAILFLOW_ENGINE ?? "cdktf";
if (engine !== "cdktf" && engine !== "cdktn") throw new Error(`MAILFLOW_ENGINE is "${engine}": use "cdktf" (default) or "cdktn"`);
const quick = process.env.MAILFLOW_QUICK === "1";

module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // The quick profile leaves out what runs real Terraform or many synthesized apps; the property tests run fewer cases.
  testPathIgnorePatterns: ["/node_modules/", ...(quick ? require("./test/support/quick-profile").skipped : [])],
  // Type checking is done once by `tsc --noEmit` in `npm test`; ts-jest only transpiles.
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  moduleNameMapper: {
    // Examples and tests import the library by its package name, as users do (tsconfig.json "paths" for tsc).
    "^cdktf-mailflow$": "<rootDir>/lib/index.ts",
    ...(engine === "cdktn" ? { "^cdktf$": "cdktn", "^cdktf/(.*)$": "cdktn/$1" } : {}),
  },
  reporters: ["default", "<rootDir>/test/support/summary-reporter.js"],
  testTimeout: 60000,
  setupFilesAfterEnv: ["<rootDir>/test/support/setup-jest.ts"],
};
