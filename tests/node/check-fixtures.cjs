// Runs every golden fixture of tests/fixtures through an installed package: preview
// fixtures through `preview`, `validate` and `isValid`, compare fixtures (`before`, `after`)
// through `compare`, comparing as the Rust runner does (warning messages dropped, issues
// compared as {path, code} regardless of order). Shared by the ESM and CommonJS consumers.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const assert = require("node:assert/strict");

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name)).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith(".json") ? [path.join(dir, e.name)] : []);
}

const byKey = (a, b) => (a.path + "\u0000" + a.code).localeCompare(b.path + "\u0000" + b.code);

/** Warning messages dropped (the fixtures pin path and code). */
const warningKeys = (warnings) => warnings.map(({ path, code, message }) => {
  assert.ok(message.length > 0, "warning has a message");
  return { path, code };
});

/** A thrown `PhasebillError` with the fixture's issues (as {path, code}, in any order). */
function checkThrows(api, run, expectedIssues) {
  let caught;
  assert.throws(run, (error) => {
    assert.ok(error instanceof api.PhasebillError, "throws PhasebillError");
    assert.ok(error instanceof Error);
    assert.equal(error.name, "PhasebillError");
    assert.ok(error.message.length > 0);
    caught = error;
    return true;
  });
  for (const issue of caught.issues) assert.ok(issue.message.length > 0, "issue has a message");
  const got = caught.issues.map(({ path, code }) => ({ path, code })).sort(byKey);
  assert.deepEqual(got, [...expectedIssues].sort(byKey));
  return caught.issues;
}

function checkPreview(api, fixture) {
  const issues = api.validate(fixture.schedule, fixture.options);
  if (fixture.expected.error) {
    const thrown = checkThrows(api, () => api.preview(fixture.schedule, fixture.options), fixture.expected.error.issues);
    assert.deepEqual(thrown, issues, "validate returns the issues preview throws");
    assert.equal(api.isValid(fixture.schedule, fixture.options), false);
  } else {
    assert.deepEqual(issues, [], "validate is empty for a valid input");
    assert.equal(api.isValid(fixture.schedule, fixture.options), true);
    const preview = api.preview(fixture.schedule, fixture.options);
    preview.warnings = warningKeys(preview.warnings);
    assert.deepEqual(preview, fixture.expected);
  }
}

function checkCompare(api, fixture) {
  if (fixture.expected.error) {
    checkThrows(api, () => api.compare(fixture.before, fixture.after, fixture.options), fixture.expected.error.issues);
  } else {
    const comparison = api.compare(fixture.before, fixture.after, fixture.options);
    assert.deepEqual(comparison, fixture.expected);
  }
}

function checkFixtures(api, fixturesDir) {
  const files = walk(fixturesDir);
  const failures = [];
  for (const file of files) {
    const name = path.relative(fixturesDir, file);
    const fixture = JSON.parse(fs.readFileSync(file, "utf8"));
    try {
      if ("before" in fixture) checkCompare(api, fixture);
      else checkPreview(api, fixture);
    } catch (error) {
      failures.push(`${name}: ${error.message.split("\n").slice(0, 12).join("\n")}`);
    }
  }
  const compared = files.filter((f) => f.includes(`${path.sep}compare${path.sep}`)).length;
  return { count: files.length, compared, failures };
}

module.exports = { checkFixtures };
