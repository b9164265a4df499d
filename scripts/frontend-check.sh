#!/usr/bin/env bash
# CI: the published SDL and the example client's generated code are up to date and type-check.
#  1. schema.graphql matches schema/*.graphql (scripts/print-schema.ts --check);
#  2. the example's codegen output (examples/frontend-client/src/gql) has no drift;
#  (`npm run typecheck` type-checks the example with its own strict tsconfig.)
set -euo pipefail
cd "$(dirname "$0")/.."

node --import tsx scripts/print-schema.ts --check

npx graphql-codegen --config examples/frontend-client/codegen.ts --silent
if ! git diff --exit-code --stat -- examples/frontend-client/src/gql 2>/dev/null; then
  echo "examples/frontend-client/src/gql is out of date: run 'npx graphql-codegen --config examples/frontend-client/codegen.ts' and commit it." >&2
  exit 1
fi
untracked=$(git ls-files --others --exclude-standard -- examples/frontend-client/src/gql)
if [ -n "$untracked" ]; then
  echo "Generated files not committed: $untracked" >&2
  exit 1
fi

echo "schema.graphql and the example client are up to date."
