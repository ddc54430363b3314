/**
 * The order the real-n8n suites start in, two at a time: longest first, so the two long ones
 * start together and the short ones fill in behind them, and both workers end about together.
 * Jest orders by the durations of earlier runs only when its cache has them, and a fresh clone
 * (CI) has none. Seconds on an idle 2-core machine, one suite at a time; a suite not listed
 * starts first (it may be long: add it here).
 */
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const SECONDS = {
  'cli.e2e.ts': 130,
  'spend.e2e.ts': 120,
  'editor.e2e.ts': 83,
  'queue.e2e.ts': 51,
  'park.e2e.ts': 50,
  'waterfall.e2e.ts': 26,
  'try.e2e.ts': 25,
  'packages.e2e.ts': 21,
};
const seconds = (test) => SECONDS[path.basename(test.path)] ?? Number.MAX_SAFE_INTEGER;

class LongestFirst extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => seconds(b) - seconds(a));
  }
}

module.exports = LongestFirst;
