// Runs every golden fixture of tests/fixtures through an installed package's `preview` and
// `validate`, comparing as the Rust runner does (warning messages dropped, issues compared
// as {path, code} regardless of order). Shared by the ESM and CommonJS consumers.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const assert = require("node:assert/strict");

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name)).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith(".json") ? [path.join(dir, e.name)] : []);
}

const byKey = (a, b) => (a.path + "\u0000" + a.code).localeCompare(b.path + "\u0000" + b.code);

function checkFixtures(api, fixturesDir) {
  const files = walk(fixturesDir);
  const failures = [];
  for (const file of files) {
    const name = path.relative(fixturesDir, file);
    const fixture = JSON.parse(fs.readFileSync(file, "utf8"));
    try {
      const issues = api.validate(fixture.schedule, fixture.options);
      if (fixture.expected.error) {
        assert.throws(() => api.preview(fixture.schedule, fixture.options), (error) => {
          assert.ok(error instanceof api.PhasebillError, "throws PhasebillError");
          assert.ok(error instanceof Error);
          assert.equal(error.name, "PhasebillError");
          assert.ok(error.message.length > 0);
          assert.deepEqual(error.issues, issues, "validate returns the issues preview throws");
          return true;
        });
        for (const issue of issues) assert.ok(issue.message.length > 0, "issue has a message");
        const got = issues.map(({ path, code }) => ({ path, code })).sort(byKey);
        assert.deepEqual(got, [...fixture.expected.error.issues].sort(byKey));
      } else {
        assert.deepEqual(issues, [], "validate is empty for a valid input");
        const preview = api.preview(fixture.schedule, fixture.options);
        preview.warnings = preview.warnings.map(({ path, code, message }) => {
          assert.ok(message.length > 0);
          return { path, code };
        });
        assert.deepEqual(preview, fixture.expected);
      }
    } catch (error) {
      failures.push(`${name}: ${error.message.split("\n").slice(0, 12).join("\n")}`);
    }
  }
  return { count: files.length, failures };
}

module.exports = { checkFixtures };
