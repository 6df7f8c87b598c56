import { TOPOLOGY_KIND } from "./topology-member";
import { constructId } from "./construct-id";
import { Construct } from "constructs";
import { z } from "zod";
import { certificateName, spoofedUser } from "../model/schemas";
import { isIpv4Address } from "../model/ip";
import { domainNameProblem } from "../model/domain-name";
import type { MailFlowExpectationModel, RecipientOutcome, SpoofAction } from "../model/topology";
import { InvalidPropsError, describeValue, validateProps } from "../model/validation";
import { Certificate } from "./certificate";
import { attachFindingValidation, markTopologyChanged } from "./findings";
import { SendConnector } from "./send-connector";
import { SpoofPair } from "./spoof-pair";

/** A connection declared by hand: what Exchange Online sees of the sending server. */
export interface MailFlowConnection {
  /**
   * Source IPv4 address.
   * @default - none: no IP connector can match
   */
  readonly sourceIp?: string;
  /**
   * The certificate presented: a Certificate construct or its DNS names.
   * @default - none: no certificate is presented
   */
  readonly certificate?: Certificate | string[];
}

/** The result a flow is expected to have. */
export interface MailFlowExpectedResult {
  /**
   * The tenant the message is attributed to, by initial domain.
   * @default - not checked
   */
  readonly tenant?: string;
  /** The outcome of every recipient: `delivered`, `relayed` or `rejected`. */
  readonly outcome: RecipientOutcome;
  /**
   * Text the NDR must contain, e.g. `5.7.64`.
   * @default - not checked
   */
  readonly ndr?: string;
  /**
   * The spoof verdict (needs `headerFrom`): `Allow` or `Block` when a spoof entry of the receiving tenant covers the
   * message's pair with that action, `none` when no entry does (spoof intelligence decides).
   * @default - not checked
   */
  readonly spoof?: SpoofAction | "none";
  /**
   * The spoof entry that must cover the message's pair (needs `headerFrom`).
   * @default - not checked
   */
  readonly spoofEntry?: SpoofPair;
}

/** Props of a {@link MailFlowExpectation}. */
export interface MailFlowExpectationProps {
  /** How the message arrives: through a send connector (its organization's first egress IP and its certificate), or a connection declared by hand. */
  readonly via: SendConnector | MailFlowConnection;
  /** Envelope sender (P1 MAIL FROM); `""` or `"<>"` is the null sender of an NDR. */
  readonly mailFrom: string;
  /** Envelope recipients (P1 RCPT TO): one address or several. */
  readonly rcptTo: string | string[];
  /**
   * The 5322.From address (the From users see), for the spoof verdict.
   * @default - none: the flow has no spoof verdict
   */
  readonly headerFrom?: string;
  /**
   * The reverse DNS (PTR) name of the source address: the sending infrastructure of the spoof pair.
   * @default - none: the infrastructure is the source address's /24
   */
  readonly ptr?: string;
  /** What the simulator must decide. */
  readonly expect: MailFlowExpectedResult;
}

const address = z.string().superRefine((v, ctx) => {
  const at = v.lastIndexOf("@");
  const result = at > 0 ? spoofedUser.safeParse(v) : { success: false };
  if (!result.success) ctx.addIssue({ code: "custom", message: "expected an email address such as user@contoso.com" });
});

const schema = z.strictObject({
  via: z.unknown(),
  mailFrom: z.union([z.literal(""), z.literal("<>"), address]),
  rcptTo: z.union([address, z.array(address).min(1, "at least one recipient")]),
  headerFrom: address.optional(),
  ptr: z.string().superRefine((v, ctx) => {
    const problem = domainNameProblem(v.replace(/\.$/, ""));
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: `expected a host name such as tms.mx.com: ${problem}` });
  }).optional(),
  expect: z.strictObject({
    tenant: z.string().regex(/^[a-z0-9-]+\.onmicrosoft\.com$/i, "expected a tenant's initial domain, <name>.onmicrosoft.com").optional(),
    outcome: z.enum(["delivered", "relayed", "rejected"]),
    ndr: z.string().min(1).optional(),
    spoof: z.enum(["Allow", "Block", "none"]).optional(),
    spoofEntry: z.instanceof(SpoofPair, { message: "expected a SpoofPair construct" }).optional(),
  }),
});

const connectionSchema = z.strictObject({
  sourceIp: z.string().refine(isIpv4Address, "expected an IPv4 address such as 203.0.113.25").optional(),
  certificate: z.union([z.instanceof(Certificate), z.array(certificateName).min(1)]).optional(),
});

/**
 * A mail flow and the result it must have. At synth the simulator runs the flow; a different result is the error
 * `mail-flow-expectation-failed`, whose message shows expected versus simulated and the attribution step that decided.
 *
 * @example
 * new MailFlowExpectation(stack, "NdrsRelay", { via: sendConnector, mailFrom: "<>", rcptTo: "someone@example.net", expect: { outcome: "relayed" } });
 */
export class MailFlowExpectation extends Construct {
  /** @internal tags the construct for the topology collector */
  public readonly [TOPOLOGY_KIND] = "expectation" as const;
  private readonly model: MailFlowExpectationModel;

  constructor(scope: Construct, id: string, props: MailFlowExpectationProps) {
    super(scope, constructId(scope, id, "MailFlowExpectation"));
    const p = validateProps(schema, props, "MailFlowExpectation", this.node.path);
    let via: MailFlowExpectationModel["via"];
    if (p.via instanceof SendConnector) {
      via = { sendConnectorPath: p.via.node.path };
    } else {
      const parsed = connectionSchema.safeParse(p.via);
      if (p.via === null || typeof p.via !== "object" || !parsed.success) {
        throw new InvalidPropsError("MailFlowExpectation", this.node.path, [
          { prop: "via", value: describeValue(p.via), message: "is not allowed: expected a SendConnector or { sourceIp?: IPv4 address, certificate?: Certificate or DNS names }" },
        ]);
      }
      const certificate = parsed.data.certificate;
      via = {
        ...(parsed.data.sourceIp ? { sourceIp: parsed.data.sourceIp } : {}),
        ...(certificate ? { certificateNames: certificate instanceof Certificate ? certificate.dnsNames : certificate.map((n) => n.toLowerCase()) } : {}),
      };
    }
    const { spoofEntry, ...expect } = p.expect;
    if ((expect.spoof !== undefined || spoofEntry !== undefined) && p.headerFrom === undefined) {
      throw new InvalidPropsError("MailFlowExpectation", this.node.path, [
        { prop: "expect.spoof", value: describeValue(expect.spoof ?? spoofEntry?.node.path), message: "needs headerFrom: the spoof verdict judges the 5322.From address; add headerFrom (and ptr)" },
      ]);
    }
    this.model = {
      path: this.node.path,
      via,
      mailFrom: p.mailFrom === "<>" ? "" : p.mailFrom,
      rcptTo: typeof p.rcptTo === "string" ? [p.rcptTo] : p.rcptTo,
      ...(p.headerFrom !== undefined ? { headerFrom: p.headerFrom } : {}),
      ...(p.ptr !== undefined ? { ptr: p.ptr.toLowerCase().replace(/\.$/, "") } : {}),
      expect: {
        ...expect,
        ...(expect.tenant ? { tenant: expect.tenant.toLowerCase() } : {}),
        ...(spoofEntry !== undefined ? { spoofEntry: spoofEntry.node.path } : {}),
      },
    };
    markTopologyChanged(this);
    attachFindingValidation(this);
  }

  /** @internal */
  public _toModel(): MailFlowExpectationModel {
    return this.model;
  }
}
