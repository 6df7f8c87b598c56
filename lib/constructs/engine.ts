/**
 * The one module that imports the CDK engine and the constructs library. Everything else in lib/constructs imports
 * them from here, so that one tree builds two packages: `cdktf-mailflow` on CDK for Terraform (`cdktf` 0.21) and
 * `cdktn-mailflow` on CDK Terrain (`cdktn` 0.24, the community fork with the same API). The cdktn package is this
 * file compiled with "cdktf" replaced by "cdktn" in its imports (scripts/package.js); under jest,
 * `MAILFLOW_ENGINE=cdktn` maps the same imports to cdktn (jest.config.js).
 */
import {
  AnnotationMetadataEntryType, TerraformElement, TerraformProvider, TerraformResource, TerraformStack, anyToHclTerraform, anyToTerraform,
  hashMapper, hashMapperHcl, stringToHclTerraform, stringToTerraform,
} from "cdktf";
import type { ISynthesisSession, ITerraformDependable, TerraformMetaArguments } from "cdktf";
// Not re-exported from the package root, but the documented hook custom synthesis (e.g. TerraformAsset) uses.
import { addCustomSynthesis } from "cdktf/lib/synthesize/synthesizer";
import { Construct } from "constructs";
import type { IConstruct } from "constructs";

export {
  AnnotationMetadataEntryType, Construct, TerraformElement, TerraformProvider, TerraformResource, TerraformStack, addCustomSynthesis,
  anyToHclTerraform, anyToTerraform, hashMapper, hashMapperHcl, stringToHclTerraform, stringToTerraform,
};
export type { IConstruct, ISynthesisSession, ITerraformDependable, TerraformMetaArguments };

/** The engines the library is built for: the package each engine's users install. */
const ENGINES = {
  cdktf: { name: "CDK for Terraform (cdktf)", library: "cdktf-mailflow" },
  cdktn: { name: "CDK Terrain (cdktn)", library: "cdktn-mailflow" },
} as const;

/**
 * The engine this copy of the library was built for: "cdktn" when TerraformStack comes from CDK Terrain, whose stacks
 * record the Terraform functions they use (cdktf 0.21's do not).
 */
export const ENGINE: keyof typeof ENGINES = engineOfStackClass(TerraformStack);

function engineOfStackClass(stackClass: { prototype: object }): keyof typeof ENGINES {
  return typeof (stackClass.prototype as { _recordFunctionUsage?: unknown })._recordFunctionUsage === "function" ? "cdktn" : "cdktf";
}

/**
 * The stack `construct` is in, checked to be a stack of the engine this library was built for. cdktf and cdktn mark
 * their stacks with the same symbol, so either finds the other's stacks; but a mail object in a stack of another engine
 * (or of another installed copy of the same one) would be left out of that stack's cdk.tf.json without a word, since
 * only this engine's stacks write mail resources.
 */
export function stackOf(construct: IConstruct): TerraformStack {
  const stack: IConstruct = TerraformStack.of(construct);
  if (stack instanceof TerraformStack) return stack;
  const used = ENGINES[ENGINE];
  const other = engineOfStackClass(stack.constructor as { prototype: object });
  const where = `[${construct.node.path}] stack "${stack.node.path}"`;
  if (other === ENGINE) {
    throw new Error(
      `${where} comes from another installed copy of ${used.name} than the one ${used.library} uses: ` +
        `install one copy (\`npm ls ${ENGINE}\` lists them; ${used.library} takes ${ENGINE} as a peer dependency) and import App and TerraformStack from "${ENGINE}"`,
    );
  }
  const theirs = ENGINES[other];
  throw new Error(
    `${where} is a ${theirs.name} stack, but this library, ${used.library}, is built for ${used.name}: ` +
      `its mail resources would be left out of the stack's cdk.tf.json. Either install ${theirs.library} instead of ${used.library} ` +
      `(same API, built for ${theirs.name}), or import App and TerraformStack from "${ENGINE}" instead of "${other}"`,
  );
}
