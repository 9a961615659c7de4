// Syntax check of rendered SQL: Trino (Athena) with dt-sql-parser's Trino grammar, BigQuery with
// sql-parser-cst's bigquery dialect. Usage: node --import ./resolve-extensionless.mjs check.mjs athena|bigquery FILE...
import { readFileSync } from 'node:fs';

const [engine, ...files] = process.argv.slice(2);
let failed = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  if (engine === 'athena') {
    const { TrinoSQL } = await import('dt-sql-parser');
    const errs = new TrinoSQL().validate(text);
    for (const e of errs.slice(0, 5)) console.log(`${file}:${e.startLine}:${e.startColumn}: ${e.message}`);
    if (errs.length) failed++;
  } else if (engine === 'bigquery') {
    const { parse } = await import('sql-parser-cst');
    try {
      parse(text, { dialect: 'bigquery' });
    } catch (e) {
      console.log(`${file}: ${e.message}`);
      failed++;
    }
  } else {
    console.log(`unknown engine ${engine}`);
    process.exit(2);
  }
}
process.exit(failed ? 1 : 0);
