#!/usr/bin/env bash
# Fails when graphql-codegen would change the committed generated files.
set -euo pipefail
cd "$(dirname "$0")/.."
npx graphql-codegen --config codegen.ts --silent
node --import tsx scripts/generate-indexes.ts --check
if ! git diff --exit-code --stat -- src/generated src/schema-types.generated.ts schema.graphql 2>/dev/null; then
  echo "Generated code is out of date: run 'npm run codegen' and commit the result." >&2
  exit 1
fi
untracked=$(git ls-files --others --exclude-standard -- src/generated '*.generated.ts')
if [ -n "$untracked" ]; then
  echo "Generated files not committed: $untracked" >&2
  exit 1
fi
