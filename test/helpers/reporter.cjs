// mocha's spec reporter plus the plain summary line CI reads: `N passed, N failed` as the last line,
// also written to .tmp/test-summary.txt so .ci/run can repeat it after npm's own output.
const fs = require('node:fs');
const path = require('node:path');
const { reporters, Runner } = require('mocha');

class SummaryReporter extends reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    let passed = 0;
    let failed = 0;
    runner.on(Runner.constants.EVENT_TEST_PASS, () => (passed += 1));
    runner.on(Runner.constants.EVENT_TEST_FAIL, () => (failed += 1));
    runner.once(Runner.constants.EVENT_RUN_END, () => {
      const line = `${passed} passed, ${failed} failed`;
      const dir = path.resolve('.tmp');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'test-summary.txt'), `${line}\n`);
      process.nextTick(() => console.log(line));
    });
  }
}
module.exports = SummaryReporter;
