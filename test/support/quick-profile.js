/**
 * `npm run test:quick` (MAILFLOW_QUICK=1): the suite without its slowest files, for development. The full suite
 * (`npm test`, CI) runs them all. Left out here: the benchmark's smoke run, the property and fuzz tests (thousands of
 * generated values each), the simulator's comparison with its reference model, real Terraform runs and the scale tests.
 * On an idle run of the full suite these files took about two thirds of its time.
 */
module.exports.skipped = [
  "<rootDir>/test/bench/",
  "<rootDir>/test/properties/",
  "<rootDir>/test/fuzz/construct-props.test.ts",
  "<rootDir>/test/simulate/model-equivalence.test.ts",
  "<rootDir>/test/e2e/terraform.test.ts",
  "<rootDir>/test/e2e/per-script-deployment.test.ts",
  "<rootDir>/test/rules/scale.test.ts",
  "<rootDir>/test/artifacts/plan/scale.test.ts",
];
