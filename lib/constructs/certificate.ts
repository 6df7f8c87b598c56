import { TOPOLOGY_KIND } from "./topology-member";
import { constructId } from "./construct-id";
import { Construct } from "./engine";
import { certificateNameProblem } from "../model/domain-name";
import { certificatePropsSchema } from "../model/schemas";
import type { CertificateModel } from "../model/topology";
import { InvalidPropsError, validateProps } from "../model/validation";
import { attachFindingValidation, markTopologyChanged } from "./findings";

/** Props of a {@link Certificate}. */
export interface CertificateProps {
  /** Subject distinguished name, such as `CN=mail.contoso.com, O=Contoso, C=US` (a bare host name is read as its CN). */
  readonly subject: string;
  /**
   * DNS subject alternative names (`mail.contoso.com`, `*.contoso.com`).
   * @default - none: only the subject's CN
   */
  readonly subjectAlternativeNames?: string[];
  /** Issuer distinguished name, such as `CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US`. */
  readonly issuer: string;
  /**
   * SHA-1 thumbprint (40 hex digits). Two certificates with one thumbprint are the same certificate.
   * @default - none
   */
  readonly thumbprint?: string;
  /**
   * Expiry date (`YYYY-MM-DD` or a Date), checked against the synthesis date.
   * @default - none: expiry is not checked
   */
  readonly notAfter?: string | Date;
}

/** The subject's CN when it is a DNS name (a CN such as "Contoso Mail" is not one, and is left out of the DNS names). */
function commonNameOf(subject: string): string | undefined {
  const match = /(?:^|,)\s*CN\s*=\s*([^,]+)/i.exec(subject);
  const name = match?.[1].trim().toLowerCase();
  return name !== undefined && certificateNameProblem(name) === undefined ? name : undefined;
}

/**
 * A TLS certificate that an on-premises server or relay service presents to Exchange Online.
 * Not deployed by this library: it describes the certificate so rules and the simulator can check it.
 */
export class Certificate extends Construct {
  /** @internal tags the construct for the topology collector */
  public readonly [TOPOLOGY_KIND] = "certificate" as const;
  /** Subject distinguished name. */
  public readonly subject: string;
  /** Issuer distinguished name. */
  public readonly issuer: string;
  /** The certificate's DNS names: the subject CN then the SANs, lower case, without duplicates. */
  public readonly dnsNames: string[];
  /** `<I>issuer<S>subject`, the form an on-premises send connector's `TlsCertificateName` takes. */
  public readonly tlsCertificateName: string;
  private readonly model: CertificateModel;

  constructor(scope: Construct, id: string, props: CertificateProps) {
    super(scope, constructId(scope, id, "Certificate"));
    const bare = typeof props?.subject === "string" && !props.subject.includes("=") && props.subject.length > 0;
    const p = validateProps(certificatePropsSchema, bare ? { ...props, subject: `CN=${props.subject}` } : props, "Certificate", this.node.path);
    const commonName = commonNameOf(p.subject);
    const sans = (p.subjectAlternativeNames ?? []).map((n) => n.toLowerCase());
    if (commonName === undefined && sans.length === 0) {
      throw new InvalidPropsError("Certificate", this.node.path, [
        { prop: "subject", value: JSON.stringify(p.subject), message: "has no CN and there are no subjectAlternativeNames: give the certificate at least one DNS name" },
      ]);
    }
    this.subject = p.subject.trim();
    this.issuer = p.issuer.trim();
    this.dnsNames = [...new Set([...(commonName ? [commonName] : []), ...sans])];
    this.tlsCertificateName = `<I>${this.issuer}<S>${this.subject}`;
    const notAfter = p.notAfter instanceof Date ? p.notAfter.toISOString().slice(0, 10) : p.notAfter;
    this.model = {
      path: this.node.path,
      subject: this.subject,
      issuer: this.issuer,
      commonName,
      subjectAlternativeNames: sans,
      dnsNames: this.dnsNames,
      thumbprint: p.thumbprint?.replace(/[\s:]/g, "").toUpperCase(),
      notAfter,
    };
    markTopologyChanged(this);
    attachFindingValidation(this);
  }

  /** The host name servers presenting this certificate use in HELO/EHLO: the CN, or the first SAN that is not a wildcard. */
  public get hostName(): string | undefined {
    return this.dnsNames.find((n) => !n.startsWith("*."));
  }

  /** @internal */
  public _toModel(): CertificateModel {
    return this.model;
  }
}
