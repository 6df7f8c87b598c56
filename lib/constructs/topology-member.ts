/**
 * How the collector recognizes the constructs that make up the Topology without importing their classes
 * (which import the collector through the findings: a cycle).
 */
import type { IConstruct } from "./engine";
import type { CertificateModel, MailFlowExpectationModel, OnPremisesOrganizationModel, TenantModel } from "../model/topology";

/** Property that tags a construct with the part of the Topology it contributes. */
export const TOPOLOGY_KIND = Symbol.for("cdktf-mailflow.topologyKind");

/** The model each kind of top-level member contributes. */
export interface TopologyModels {
  tenant: TenantModel;
  certificate: CertificateModel;
  organization: OnPremisesOrganizationModel;
  expectation: MailFlowExpectationModel;
}

/** A construct that contributes one top-level object of the Topology. */
export interface TopologyMember<K extends keyof TopologyModels> extends IConstruct {
  readonly [TOPOLOGY_KIND]: K;
  _toModel(): TopologyModels[K];
}

/** The members of `kind` among `constructs`. */
export function membersOf<K extends keyof TopologyModels>(constructs: readonly IConstruct[], kind: K): TopologyMember<K>[] {
  return constructs.filter((c): c is TopologyMember<K> => (c as unknown as Record<symbol, unknown>)[TOPOLOGY_KIND] === kind);
}
