#!/usr/bin/env bash
# The full test run (`npm test`, which CI runs): the type check, the suite on CDK for Terraform (cdktf), the suite on
# CDK Terrain (cdktn), and the consumer test (scripts/consumer-test.sh). Each part prints its own labelled count; the
# last line, `N passed, N failed`, sums them. A part that prints no count (it crashed) counts as one failure.
set -uo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1
log="$(mktemp "${TMPDIR:-/tmp}/mailflow-test.XXXXXX")"
trap 'rm -f "$log"' EXIT
passed=0 failed=0

# count LABEL: adds the last "LABEL: N passed, N failed" line of the part's output ($log) to the totals.
count() {
  local line
  line="$(grep -E "^$1: [0-9]+ passed, [0-9]+ failed" "$log" | tail -n 1)"
  if [ -z "$line" ]; then
    echo "$1: no count printed: counted as 1 failure"
    failed=$((failed + 1))
    return
  fi
  set -- $(echo "$line" | sed -E 's/^[^:]+: ([0-9]+) passed, ([0-9]+) failed.*/\1 \2/')
  passed=$((passed + $1))
  failed=$((failed + $2))
}

if npx tsc --noEmit -p .; then echo "types: 1 passed, 0 failed"; passed=$((passed + 1)); else echo "types: 0 passed, 1 failed"; failed=$((failed + 1)); fi

for engine in cdktf cdktn; do
  echo "== the suite on $engine"
  MAILFLOW_ENGINE=$engine MAILFLOW_SUMMARY_LABEL=$engine npx jest 2>&1 | tee "$log"
  count "$engine"
done

echo "== the consumer test"
bash scripts/consumer-test.sh 2>&1 | tee "$log"
count consumer

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
