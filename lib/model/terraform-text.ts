/**
 * Which user text can travel through cdktf into `cdk.tf.json` and come out of Terraform unchanged.
 *
 * Terraform reads every string of its configuration as a template: `${...}` is an interpolation and
 * `%{...}` a directive (`${file("/etc/passwd")}` in a connector's comment would be evaluated). Doubling
 * the `$` or `%` makes them literal, so values are escaped, not refused. cdktf, before that, replaces
 * `${TfToken[...]}`, `#{TfToken[...]}` and `&{TfToken[...]}` with its own tokens (or fails inside cdktf);
 * no escaping hides them from cdktf, so text holding one is refused.
 */

// cdktf's string, list and map token markers (cdktf/lib/tokens/private/encoding.ts).
const CDKTF_TOKEN_MARKER = /[$#&]\{TfToken\[/;

/**
 * Describes the cdktf token marker `value` holds, or returns undefined when it holds none.
 * Such text cannot reach `cdk.tf.json` unchanged: cdktf would substitute or reject it.
 */
export function cdktfTokenProblem(value: string): string | undefined {
  const match = CDKTF_TOKEN_MARKER.exec(value);
  return match === null ? undefined : `contains ${JSON.stringify(match[0])} at position ${match.index}, which cdktf reads as one of its tokens`;
}

/**
 * `value` as a Terraform string whose template sequences are literal: `${` becomes `$${` and `%{`
 * becomes `%%{`, so Terraform stores and passes on exactly `value`.
 */
export function escapeTerraformTemplate(value: string): string {
  // A replacer function, because "$$" in a replacement string means one "$".
  return value.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}
