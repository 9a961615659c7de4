#!/usr/bin/env bash
# Installs the SQL parsers that check the rendered Athena (Trino) and BigQuery queries
# (go test ./logscan/sqlgen, TestSyntax): dt-sql-parser and sql-parser-cst, pinned in
# logscan/sqlgen/testdata/syntax/package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/../logscan/sqlgen/testdata/syntax"
command -v npm >/dev/null 2>&1 || { echo "setup-sqlparsers: npm is missing (Node.js 20)" >&2; exit 1; }
npm ci --no-audit --no-fund --loglevel=error
