/**
 * Jest reporter that ends the run with one plain line, `N passed, N failed`, which CI reads. With
 * MAILFLOW_SUMMARY_LABEL set (scripts/test.sh runs the suite once per engine) the line is `<label>: N passed, N failed`,
 * so that only the line summing every part of the run is plain.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const label = process.env.MAILFLOW_SUMMARY_LABEL ? `${process.env.MAILFLOW_SUMMARY_LABEL}: ` : "";
    process.stdout.write(`\n${label}${results.numPassedTests} passed, ${failed} failed\n`);
  }
}
module.exports = SummaryReporter;
