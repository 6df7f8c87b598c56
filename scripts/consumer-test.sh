#!/usr/bin/env bash
# The consumer test (`npm run test:consumer`; part of `npm test`): what a user gets from npm. Packs both packages
# (scripts/package.js), and for each installs its tarball with its engine into a fresh project outside the repository
# (from the npm cache where it can, the registry otherwise), compiles a TypeScript app with tsc, synthesizes it, runs
# `terraform init` and `terraform validate` on the terraform_data variant, and runs the installed `cdktf-mailflow`.
# Prints one line per check and ends with "consumer: N passed, N failed, N not run". A check that cannot run here
# (no terraform) is counted as not run, never as passed.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
passed=0 failed=0 not_run=0
work="$(mktemp -d "${TMPDIR:-/tmp}/mailflow-consumer.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# check NAME COMMAND...: runs COMMAND with its output in $work/last.log; shows the log's end when it fails.
check() {
  local name="$1"; shift
  if "$@" >"$work/last.log" 2>&1; then
    passed=$((passed + 1)); echo "consumer $name: ok"
  else
    failed=$((failed + 1)); echo "consumer $name: FAILED"; tail -n 40 "$work/last.log" | sed 's/^/    /'
  fi
}
not_run() {
  not_run=$((not_run + 1)); echo "consumer $1: NOT RUN: $2"
}
# The version of a package installed in the repository, so the consumer gets the one CI tested (and the npm cache has).
installed() { node -p "require('$root/node_modules/$1/package.json').version"; }

if ! "$root/scripts/package.js" >"$work/tarballs" 2>"$work/package.log"; then
  cat "$work/package.log"
  echo "consumer packaging: FAILED"
  echo "consumer: 0 passed, 1 failed, 0 not run"
  exit 1
fi
echo "consumer packaging: ok ($(xargs -n1 basename <"$work/tarballs" | tr '\n' ' '))"

# write_app DIR ENGINE LIBRARY: a small app as a user writes it, importing the installed package by its name.
write_app() {
  local dir="$1" engine="$2" library="$3"
  cat >"$dir/tsconfig.json" <<JSON
{ "compilerOptions": { "target": "ES2022", "module": "commonjs", "strict": true, "outDir": "dist", "types": [], "esModuleInterop": true, "skipLibCheck": false }, "files": ["main.ts"] }
JSON
  cat >"$dir/main.ts" <<TS
import { App, TerraformStack } from "$engine";
import { Certificate, InboundConnector, OnPremisesOrganization, SendConnector, Tenant, checkTopology } from "$library";

const app = new App();
const stack = new TerraformStack(app, "consumer");
const contoso = new Tenant(stack, "Contoso", { initialDomain: "contoso.onmicrosoft.com" });
contoso.addAcceptedDomain("contoso.com");
const certificate = new Certificate(stack, "MailCertificate", {
  subject: "CN=mail.contoso.com, O=Contoso Ltd, C=US",
  issuer: "CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US",
  notAfter: "2099-09-30",
});
new InboundConnector(contoso, "FromOnPremises", { connectorType: "OnPremises", tlsSenderCertificateName: "mail.contoso.com" });
const onPremises = new OnPremisesOrganization(stack, "ContosoExchange", { egressIpAddresses: ["203.0.113.25"], transportServers: ["EX01"], relays: ["ndr"] });
new SendConnector(onPremises, "ToExchangeOnline", { tenant: contoso, certificate });
const errors = checkTopology(app).filter((f) => f.severity === "error" && !f.suppressed);
if (errors.length > 0) throw new Error(errors.map((f) => f.message).join("\n"));
app.synth();
TS
}

# synthesized OUTDIR TYPE: the stack's cdk.tf.json holds TYPE resources and mailflow/ its scripts and plan.
synthesized() {
  local stack="$1/stacks/consumer" type="$2"
  node -e '
    const [file, type] = process.argv.slice(1);
    const resources = Object.keys(JSON.parse(require("fs").readFileSync(file, "utf8")).resource?.[type] ?? {});
    // Three mail objects, and a Deploy and a Teardown for each of the two scripts (the default per-script deployment).
    const deployment = resources.filter((name) => /_MailflowDeployment_(Deploy|Teardown)_/.test(name)).length;
    if (resources.length !== 7 || deployment !== 4) { console.error(`${file}: ${resources.length} ${type} resources (${deployment} of the scripts), expected 7 (accepted domain, inbound connector, send connector; a Deploy and a Teardown for each of the two scripts)`); process.exit(1); }
  ' "$stack/cdk.tf.json" "$type" &&
    test -s "$stack/mailflow/scripts/exo-contoso.ps1" && test -s "$stack/mailflow/scripts/ems-contosoexchange.ps1" && test -s "$stack/mailflow/plan.json"
}

terraform_validate() {
  (cd "$1/stacks/consumer" && terraform init -input=false -no-color && terraform validate -no-color)
}

# the_command DIR NAME: the installed command prints its help, and simulates a message against the synthesized plan.
the_command() {
  local dir="$1" name="$2"
  (cd "$dir" && npx --no-install "$name" --help | grep -q "Usage: cdktf-mailflow") &&
    (cd "$dir" && printf '{"sourceIp":"203.0.113.25","certificateNames":["mail.contoso.com"],"mailFrom":"<>","rcptTo":["someone@example.net"]}\n' |
      npx --no-install "$name" simulate --plan cdktf.out/stacks/consumer/mailflow/plan.json --messages - --input jsonl | tee /dev/stderr | grep -q "someone@example.net relayed")
}

constructs="$(installed constructs)" typescript="$(installed typescript)"
for tarball in $(cat "$work/tarballs"); do
  library="$(basename "$tarball" | sed -E 's/-[0-9]+\.[0-9]+\.[0-9]+.*\.tgz$//')"
  engine="${library%%-mailflow}"
  dir="$work/$library"
  mkdir -p "$dir" && (cd "$dir" && npm init -y >/dev/null)
  check "$library: npm install of the tarball with $engine@$(installed "$engine")" \
    bash -c "cd '$dir' && npm install --prefer-offline '$tarball' '$engine@$(installed "$engine")' 'constructs@$constructs' 'typescript@$typescript'"
  write_app "$dir" "$engine" "$library"
  check "$library: tsc compiles an app importing \"$library\"" bash -c "cd '$dir' && npx --no-install tsc -p ."
  check "$library: the app synthesizes (null_resource)" bash -c "cd '$dir' && node dist/main.js && $(declare -f synthesized); synthesized cdktf.out null_resource"
  check "$library: the app synthesizes with cdktf-mailflow:executor terraform_data" \
    bash -c "cd '$dir' && CDKTF_OUTDIR=out-data CDKTF_CONTEXT_JSON='{\"cdktf-mailflow:executor\":\"terraform_data\"}' node dist/main.js && $(declare -f synthesized); synthesized out-data terraform_data"
  if command -v terraform >/dev/null 2>&1; then
    check "$library: terraform init + validate (terraform_data)" terraform_validate "$dir/out-data"
  else
    not_run "$library: terraform init + validate (terraform_data)" "terraform is not installed: THIS CHECK DID NOT RUN"
  fi
  check "$library: the installed cdktf-mailflow command (--help, simulate)" the_command "$dir" cdktf-mailflow
  if [ "$library" = cdktn-mailflow ]; then
    check "$library: the installed cdktn-mailflow command (--help)" bash -c "cd '$dir' && npx --no-install cdktn-mailflow --help | grep -q 'Usage: cdktf-mailflow'"
  fi
done

if [ "$not_run" -gt 0 ]; then
  echo "consumer: WARNING: $not_run check(s) did not run (see NOT RUN above): they are not counted as passed"
fi
echo "consumer: $passed passed, $failed failed, $not_run not run"
[ "$failed" -eq 0 ]
