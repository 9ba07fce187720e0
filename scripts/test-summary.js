// Adds up the unit and end-to-end JSON reports into one closing line: "tests: N passed, N failed".
import { readFileSync } from 'node:fs'

const unit = JSON.parse(readFileSync('test-results/unit.json', 'utf8'))
const e2e = JSON.parse(readFileSync('test-results/e2e.json', 'utf8'))
const passed = unit.numPassedTests + (e2e.stats.expected ?? 0)
const failed = unit.numFailedTests + (e2e.stats.unexpected ?? 0) + (e2e.stats.flaky ?? 0)
const skipped = unit.numPendingTests + unit.numTodoTests + (e2e.stats.skipped ?? 0)
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed === 0 && passed > 0 ? 0 : 1)
