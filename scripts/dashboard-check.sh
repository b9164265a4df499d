#!/usr/bin/env bash
# CI: the dashboard's generated documents (examples/dashboard/src/gql) match schema.graphql
# and its queries. (`npm run typecheck` type-checks the dashboard with its own strict tsconfig.)
set -euo pipefail
cd "$(dirname "$0")/.."

npx graphql-codegen --config examples/dashboard/codegen.ts --silent
if ! git diff --exit-code --stat -- examples/dashboard/src/gql 2>/dev/null; then
  echo "examples/dashboard/src/gql is out of date: run 'npm run dashboard:codegen' and commit it." >&2
  exit 1
fi
untracked=$(git ls-files --others --exclude-standard -- examples/dashboard/src/gql)
if [ -n "$untracked" ]; then
  echo "Generated files not committed: $untracked" >&2
  exit 1
fi
echo "The dashboard's generated documents are up to date."
