import { TOPOLOGY_KIND } from "./topology-member";
import { Construct, stackOf } from "./engine";
import { tenantPropsSchema } from "../model/schemas";
import type { ExchangeOnlineCloud, TenantModel } from "../model/topology";
import { validateProps } from "../model/validation";
import { AcceptedDomain, AcceptedDomainOptions } from "./accepted-domain";
import { InboundConnector } from "./inbound-connector";
import { OutboundConnector } from "./outbound-connector";
import { SpoofPair } from "./spoof-pair";
import { OrganizationConfig } from "./organization-config";
import { constructId } from "./construct-id";
import { attachFindingValidation, markTopologyChanged } from "./findings";
import { siblingsByPath } from "./ordering";
import { SCRIPTS_FOLDER, exchangeOnlineScriptFileName } from "../artifacts/powershell/script-file-name";
import type { MailObject } from "./mail-object";

/** How deployment scripts connect to the tenant. Parameter defaults only: secrets never reach the output. */
export interface TenantConnection {
  /**
   * Entra ID application (client) id for app-only `Connect-ExchangeOnline`.
   * @default - taken from the script's `-AppId` parameter or the `MAILFLOW_APP_ID` environment variable
   */
  readonly appId?: string;
  /**
   * Path of the PFX certificate file on the machine that runs the scripts (its password is never stored:
   * pass `-CertificatePassword` or set `MAILFLOW_CERTIFICATE_PASSWORD`).
   * @default - taken from `-CertificateFilePath` or the `MAILFLOW_CERTIFICATE_PATH` environment variable
   */
  readonly certificateFilePath?: string;
  /**
   * Thumbprint of a certificate in the Windows certificate store (Windows only), instead of a PFX file.
   * @default - none: the PFX file is used
   */
  readonly certificateThumbprint?: string;
}

/** Props of a {@link Tenant}. */
export interface TenantProps {
  /**
   * The tenant's initial domain, `<name>.onmicrosoft.com` (`<name>.onmicrosoft.us` in GCC High,
   * `<name>.partner.onmschina.cn` in 21Vianet): the `-Organization` the scripts connect to.
   */
  readonly initialDomain: string;
  /**
   * The Exchange Online cloud the tenant lives in: it decides the tenant's endpoints (`<name>.mail.protection.outlook.com`,
   * `.mail.protection.office365.us`, `.mail.protection.partner.outlook.cn`), its coexistence domain and the `TlsDomain`
   * its send connectors validate (domain.md section 2).
   * @default "worldwide"
   */
  readonly cloud?: ExchangeOnlineCloud;
  /**
   * A friendly name shown in the plan.
   * @default - the initial domain
   */
  readonly displayName?: string;
  /**
   * Whether the tenant rejects Direct Send: anonymous mail whose MAIL FROM domain is one of its accepted
   * domains is rejected with `550 5.7.68` (`Set-OrganizationConfig -RejectDirectSend`). The simulator uses it; the
   * tenant's script applies it only when it is set here (after the inbound connectors exist), and never resets it.
   * @default - not changed in the tenant; the simulator assumes false
   */
  readonly rejectDirectSend?: boolean;
  /**
   * How the deployment scripts connect.
   * @default - everything from script parameters or environment variables
   */
  readonly connection?: TenantConnection;
}

/**
 * An Exchange Online tenant. Accepted domains, connectors and spoof pairs are declared inside it.
 *
 * @example
 * const contoso = new Tenant(stack, "Contoso", { initialDomain: "contoso.onmicrosoft.com" });
 * contoso.addAcceptedDomain("contoso.com");
 */
export class Tenant extends Construct {
  /** @internal tags the construct for the topology collector */
  public readonly [TOPOLOGY_KIND] = "tenant" as const;
  /** The initial domain, lower case: the tenant's name in findings, plans and simulation results. */
  public readonly initialDomain: string;
  /** The Exchange Online cloud the tenant lives in. */
  public readonly cloud: ExchangeOnlineCloud;
  /** @internal send connectors that target this tenant (they wait for its inbound connectors) */
  public readonly _sendConnectors: MailObject[] = [];
  /** @internal the tenant-wide settings object, when the props declare one (it waits for the inbound connectors) */
  public readonly _organizationConfig?: OrganizationConfig;
  private readonly props: ReturnType<typeof tenantPropsSchema.parse>;

  constructor(scope: Construct, id: string, props: TenantProps) {
    super(scope, constructId(scope, id, "Tenant"));
    this.props = validateProps(tenantPropsSchema, props, "Tenant", this.node.path);
    this.initialDomain = this.props.initialDomain.toLowerCase();
    this.cloud = this.props.cloud ?? "worldwide";
    stackOf(this);
    markTopologyChanged(this);
    attachFindingValidation(this);
    if (this.props.rejectDirectSend !== undefined) {
      this._organizationConfig = new OrganizationConfig(this, OrganizationConfig.ID, { rejectDirectSend: this.props.rejectDirectSend, script: this._scriptPath });
    }
  }

  /** Declares an accepted domain of this tenant; the construct id is the domain name. */
  public addAcceptedDomain(domainName: string, options: AcceptedDomainOptions = {}): AcceptedDomain {
    return new AcceptedDomain(this, typeof domainName === "string" ? domainName : "AcceptedDomain", { ...options, domainName });
  }

  /** Accepted domains declared in this tenant, by path. */
  public get acceptedDomains(): AcceptedDomain[] {
    return siblingsByPath(this.node.children.filter((c): c is AcceptedDomain => c instanceof AcceptedDomain));
  }

  /** Inbound connectors declared in this tenant, by path. */
  public get inboundConnectors(): InboundConnector[] {
    return siblingsByPath(this.node.children.filter((c): c is InboundConnector => c instanceof InboundConnector));
  }

  /** @internal the tenant as plain data */
  public _toModel(): TenantModel {
    // One pass over the children (a copy per read of node.children), then each kind by path.
    const acceptedDomains: AcceptedDomain[] = [];
    const inboundConnectors: InboundConnector[] = [];
    const outboundConnectors: OutboundConnector[] = [];
    const spoofPairs: SpoofPair[] = [];
    for (const child of this.node.children) {
      if (child instanceof AcceptedDomain) acceptedDomains.push(child);
      else if (child instanceof InboundConnector) inboundConnectors.push(child);
      else if (child instanceof OutboundConnector) outboundConnectors.push(child);
      else if (child instanceof SpoofPair) spoofPairs.push(child);
    }
    return {
      path: this.node.path,
      stack: stackOf(this).node.path,
      initialDomain: this.initialDomain,
      // Written only for a sovereign cloud, so worldwide tenants' models and plans stay as they were.
      ...(this.cloud !== "worldwide" ? { cloud: this.cloud } : {}),
      displayName: this.props.displayName,
      rejectDirectSend: this.props.rejectDirectSend ?? false,
      ...(this._organizationConfig ? { organizationConfig: this._organizationConfig._toModel() } : {}),
      connection: {
        appId: this.props.connection?.appId,
        certificateFilePath: this.props.connection?.certificateFilePath,
        certificateThumbprint: this.props.connection?.certificateThumbprint?.replace(/[\s:]/g, "").toUpperCase(),
      },
      acceptedDomains: siblingsByPath(acceptedDomains).map((c) => c._toModel()),
      inboundConnectors: siblingsByPath(inboundConnectors).map((c) => c._toModel()),
      outboundConnectors: siblingsByPath(outboundConnectors).map((c) => c._toModel()),
      spoofPairs: siblingsByPath(spoofPairs).map((c) => c._toModel()),
    };
  }

  /** @internal The tenant that `scope` is, or an error naming the construct that needs one. */
  public static _require(scope: Construct, kind: string, id: string): Tenant {
    if (scope instanceof Tenant) {
      return scope;
    }
    const path = (scope as Construct | undefined)?.node?.path;
    const given = path === undefined ? describeScope(scope) : `${scope.constructor.name} "${path}"`;
    throw new Error(`[${path === undefined ? id : `${path}/${id}`}] ${/^[AEIOU]/.test(kind) ? "an" : "a"} ${kind} is declared inside a Tenant: pass the Tenant as its scope (new ${kind}(tenant, "${id}", ...)), not ${given}`);
  }

  /** @internal script file of this tenant, relative to the stack output folder */
  public get _scriptPath(): string {
    return `${SCRIPTS_FOLDER}/${exchangeOnlineScriptFileName(this.initialDomain)}`;
  }
}

/** Words for a scope argument that is not a construct. */
export function describeScope(scope: unknown): string {
  return scope === null ? "null" : typeof scope === "object" ? `an object that is not a construct` : typeof scope;
}
