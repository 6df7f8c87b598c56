/**
 * cdktf-mailflow: CDK for Terraform constructs for Exchange Online and Exchange Server mail flow.
 * @packageDocumentation
 */
export * from "./constructs";
export * from "./model/topology";
export { InvalidPropsError } from "./model/validation";
export type { PropProblem } from "./model/validation";
