/**
 * The schema of plan.json: one zod schema, from which the TypeScript types, the validation of a plan read back
 * (the command-line tool) and the published JSON Schema (plan.schema.json) all come.
 */
import { z } from "zod";
import {
  certificateSchema, expectationSchema, organizationSchema, recipientOutcomeSchema, suppressionSchema, tenantSchema,
} from "./topology-schema";

/** The version of plan.json's shape; raised on every change a reader could notice. */
export const PLAN_SCHEMA_VERSION = 1;

const fromOtherStack = z
  .boolean()
  .describe("True when the object is declared in another stack and is shown because this stack's objects relate to it");

/** A tenant in the plan: the model's fields, and whether it comes from another stack. */
export const planTenantSchema = z.object({ fromOtherStack, ...tenantSchema.shape });
/** A certificate in the plan: the model's fields, and whether it comes from another stack. */
export const planCertificateSchema = z.object({ fromOtherStack, ...certificateSchema.shape });
/**
 * An on-premises organization in the plan: the model's fields, and whether it comes from another stack (then only its
 * send connectors to this stack's tenants are listed).
 */
export const planOrganizationSchema = z.object({ fromOtherStack, ...organizationSchema.shape });

/** What Exchange Online sees of a connection: source IP and the certificate's DNS names. */
export const connectionSchema = z.object({
  sourceIp: z.string().optional(),
  certificateNames: z.array(z.string()).optional(),
});

/** A simulated message: its connection and SMTP envelope. */
export const simulatedMessageSchema = z.object({
  ...connectionSchema.shape,
  mailFrom: z.string().describe('P1 MAIL FROM; "" is the null sender of an NDR'),
  rcptTo: z.array(z.string()),
  headerFrom: z.string().optional().describe("The 5322.From address, for the spoof verdict"),
  ptr: z.string().optional().describe("The PTR name of the source address"),
});

/** The spoof verdict of a simulated message (lib/simulate `SpoofVerdict`). */
export const spoofVerdictSchema = z.object({
  tenant: z.string().describe("Initial domain of the tenant whose Tenant Allow/Block List was consulted"),
  spoofedDomain: z.string().describe("The 5322.From domain"),
  infrastructure: z.string().optional().describe("The PTR name of the source, or the /24 of its address without one; absent when neither is known"),
  entry: z.string().optional().describe("Path of the spoof entry covering the pair; absent when none does (spoof intelligence decides)"),
  action: z.enum(["Allow", "Block"]).optional(),
  reason: z.string(),
});

/** The simulator's verdict on one message (lib/simulate `SimulationResult`). */
export const simulationResultSchema = z.object({
  tenant: z.string().optional().describe("Initial domain of the attributed tenant; absent when not attributed"),
  attributedBy: z.enum(["certificate", "mail-from", "rcpt-to", "none"]),
  ambiguousTenants: z.array(z.string()).optional(),
  connector: z.string().optional().describe("Path of the inbound connector that matched; absent when none did"),
  recipients: z.array(
    z.object({
      address: z.string(),
      outcome: recipientOutcomeSchema,
      ndr: z.string().optional(),
      reason: z.string(),
    }),
  ),
  spoof: spoofVerdictSchema.optional().describe("The spoof verdict, when the message carries a 5322.From (headerFrom) and a tenant receives it"),
  steps: z.array(z.string()).describe("The attribution and relay decisions, one line each"),
});

/** One spoof entry of a tenant and, in words, what it covers and what it does not (domain.md 3b). */
export const spoofEntrySchema = z.object({
  tenant: z.string().describe("Initial domain of the tenant"),
  path: z.string().describe("Path of the SpoofPair"),
  spoofedUser: z.string(),
  sendingInfrastructure: z.string(),
  spoofType: z.enum(["Internal", "External"]),
  action: z.enum(["Allow", "Block"]),
  covers: z.string().describe("The one combination of spoofed sender and sending infrastructure the entry allows or blocks"),
  doesNotCover: z.string().describe("What the entry does not cover: the same sender through other infrastructure, other senders through this one"),
});

/** One row of the certificate-to-tenant table. */
export const certificateTenantsRowSchema = z.object({
  certificate: z
    .string()
    .optional()
    .describe("Path of the declared certificate; absent for a connector's certificate name that no declared certificate carries"),
  names: z.array(z.string()).describe("The certificate's DNS names, or the connector's certificate name"),
  presentedBy: z.array(z.string()).describe("Paths of the send connectors that present the certificate"),
  tenants: z
    .array(
      z.object({
        tenant: z.string(),
        connector: z.string(),
        connectorName: z.string(),
        tlsSenderCertificateName: z.string(),
        certificateDomain: z
          .string()
          .optional()
          .describe("The accepted domain that makes the name count in the tenant (domain.md section 4); absent when none is accepted"),
      }),
    )
    .describe("Enabled OnPremises inbound connectors whose TlsSenderCertificateName matches one of the names"),
});

/** One row of the IP-to-tenant table. */
export const ipTenantsRowSchema = z.object({
  range: z.string().describe("A SenderIPAddresses entry, a.b.c.d/nn"),
  tenant: z.string(),
  connector: z.string(),
  connectorName: z.string(),
  organizations: z.array(z.string()).describe("Paths of on-premises organizations whose egress addresses overlap the range"),
});

/** One standard flow of a send connector and its simulated result. */
export const standardFlowSchema = z.object({
  flow: z.enum(["users-mail", "ndr", "forwarding", "foreign-sender", "to-own-domain"]),
  declared: z
    .boolean()
    .describe("Users' mail and mail to the tenant's own domain: always true; NDR, forwarding, foreign sender: whether the organization declares that relay"),
  description: z.string(),
  message: simulatedMessageSchema,
  result: simulationResultSchema,
});

/** The standard flows of one send connector. */
export const sendConnectorFlowsSchema = z.object({
  sendConnector: z.string(),
  sendConnectorName: z.string(),
  organization: z.string(),
  tenant: z.string().describe("Initial domain of the send connector's target tenant"),
  certificate: z.string().describe("Path of the certificate the send connector presents"),
  connection: connectionSchema,
  flows: z.array(standardFlowSchema),
});

/** A declared expectation, its simulated result and whether it holds. */
export const planExpectationSchema = z.object({
  ...expectationSchema.shape,
  connection: connectionSchema.optional().describe("The connection simulated; absent when the expectation's send connector is not in the topology"),
  result: simulationResultSchema.optional(),
  passed: z.boolean(),
  mismatches: z.array(z.string()).describe("How the simulated result differs from the expected one; empty when passed"),
});

/** A rule's finding (lib/rules `Finding`). */
export const findingSchema = z.object({
  ruleId: z.string(),
  severity: z.enum(["error", "warning"]),
  path: z.string(),
  message: z.string(),
  suppressed: z.boolean(),
  suppressionReason: z.string().optional(),
  suppressionExpires: z.string().optional(),
});

/** Counts of the stack's own objects and findings, for a quick look or a CI check. */
export const planSummarySchema = z.object({
  tenants: z.number().int().min(0),
  organizations: z.number().int().min(0),
  sendConnectors: z.number().int().min(0),
  errors: z.number().int().min(0).describe("Unsuppressed errors: synthesis fails while there is one"),
  warnings: z.number().int().min(0).describe("Unsuppressed warnings"),
  suppressed: z.number().int().min(0),
  expectations: z.number().int().min(0),
  expectationsFailed: z.number().int().min(0),
});

/** The whole plan.json of one stack. */
export const planSchema = z
  .object({
    schemaVersion: z.literal(PLAN_SCHEMA_VERSION),
    stack: z.string().describe("Path of the stack the plan describes"),
    summary: planSummarySchema,
    tenants: z.array(planTenantSchema),
    certificates: z.array(planCertificateSchema),
    organizations: z.array(planOrganizationSchema),
    certificateTenants: z.array(certificateTenantsRowSchema),
    ipTenants: z.array(ipTenantsRowSchema),
    spoofEntries: z.array(spoofEntrySchema).describe("Each tenant's spoof entries with what they cover, sorted by tenant then path"),
    standardFlows: z.array(sendConnectorFlowsSchema),
    expectations: z.array(planExpectationSchema),
    suppressions: z.array(suppressionSchema),
    findings: z.array(findingSchema).describe("Findings whose construct path lies in the stack, suppressed ones included"),
  })
  .meta({
    title: "cdktf-mailflow plan",
    description:
      "The mail topology of one stack as declared, how Exchange Online will attribute and relay its mail (simulated), and the rules' findings. " +
      "tenants, certificates, organizations, expectations (their model fields) and suppressions rebuild the stack's Topology.",
  });

/**
 * `T` with every property and array read-only, as the Topology's own types are, so model objects go into a plan
 * without copies and readers cannot change a plan by accident.
 */
export type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** A tenant in the plan. */
export type PlanTenant = DeepReadonly<z.infer<typeof planTenantSchema>>;
/** A certificate in the plan. */
export type PlanCertificate = DeepReadonly<z.infer<typeof planCertificateSchema>>;
/** An on-premises organization in the plan. */
export type PlanOrganization = DeepReadonly<z.infer<typeof planOrganizationSchema>>;
/** A row of the certificate-to-tenant table. */
export type CertificateTenantsRow = DeepReadonly<z.infer<typeof certificateTenantsRowSchema>>;
/** A row of the IP-to-tenant table. */
export type IpTenantsRow = DeepReadonly<z.infer<typeof ipTenantsRowSchema>>;
/** The standard flows of one send connector. */
export type SendConnectorFlows = DeepReadonly<z.infer<typeof sendConnectorFlowsSchema>>;
/** One standard flow in the plan. */
export type PlanStandardFlow = DeepReadonly<z.infer<typeof standardFlowSchema>>;
/** A spoof entry of the plan's table. */
export type PlanSpoofEntry = DeepReadonly<z.infer<typeof spoofEntrySchema>>;
/** An expectation in the plan, with its result. */
export type PlanExpectation = DeepReadonly<z.infer<typeof planExpectationSchema>>;
/** A simulation result in the plan. */
export type PlanSimulationResult = DeepReadonly<z.infer<typeof simulationResultSchema>>;
/** A finding in the plan. */
export type PlanFinding = DeepReadonly<z.infer<typeof findingSchema>>;
/** The counts at the top of the plan. */
export type PlanSummary = DeepReadonly<z.infer<typeof planSummarySchema>>;
/** The data of plan.json. */
export type Plan = DeepReadonly<z.infer<typeof planSchema>>;

/** The JSON Schema (draft 2020-12) of plan.json, generated from {@link planSchema}; written as `mailflow/plan.schema.json`. */
export function planJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(planSchema) as Record<string, unknown>;
}
