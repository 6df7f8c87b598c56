/**
 * A third-party relay service (for example a scanning or marketing platform) that sends on behalf of Northwind.
 * MC1226222: it must present a certificate whose domain is unique to the customer and an accepted domain of the
 * customer's tenant — here relay.northwind.com, a subdomain only Northwind uses for this service.
 */
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { Certificate, InboundConnector, MailFlowExpectation, SpoofPair, Tenant } from "../../lib";

/** Declares the relay-service topology in a new stack of `scope`. */
export function relayServiceExample(scope: Construct, id = "relay-service"): TerraformStack {
  const stack = new TerraformStack(scope, id);
  const northwind = new Tenant(stack, "Northwind", { initialDomain: "northwindtraders.onmicrosoft.com", rejectDirectSend: true });
  northwind.addAcceptedDomain("northwindtraders.com");
  northwind.addAcceptedDomain("relay.northwindtraders.com");

  // Issued to the relay service for Northwind alone: no other customer of the service shares this name.
  new Certificate(stack, "RelayCertificate", {
    subject: "CN=smtp.relay.northwindtraders.com, O=Relay Provider Inc",
    issuer: "CN=GlobalSign GCC R6 AlphaSSL CA 2023, O=GlobalSign nv-sa, C=BE",
    thumbprint: "0A1B2C3D4E5F60718293A4B5C6D7E8F901234567",
    notAfter: "2027-01-15",
  });
  new InboundConnector(northwind, "FromRelayService", {
    connectorType: "OnPremises",
    name: "Inbound from relay service",
    tlsSenderCertificateName: "smtp.relay.northwindtraders.com",
    comment: "Relay provider; certificate unique to Northwind",
  });

  // Spoof intelligence (Tenant Allow/Block List): each entry allows exactly one pair of From domain (or address) and
  // sending infrastructure (the PTR name of the source, or its /24). The provider's newsletter platform writes
  // news@northwindtraders.com in the From header of mail to Northwind's own staff, from hosts under out.relayprovider.net.
  const newsletter = new SpoofPair(northwind, "NewsletterPlatform", {
    spoofedUser: "news@northwindtraders.com",
    sendingInfrastructure: "out.relayprovider.net",
    spoofType: "Internal",
  });
  // The spoof walkthrough's own entry: a supplier's ticketing system sends as its staff's gmail.com addresses from tms.mx.com.
  new SpoofPair(northwind, "SupplierTickets", { spoofedUser: "gmail.com", sendingInfrastructure: "tms.mx.com", spoofType: "External" });

  new MailFlowExpectation(stack, "NewsletterAllowedToSpoof", {
    via: { sourceIp: "198.51.100.40" },
    mailFrom: "bounces@relayprovider.net",
    rcptTo: "staff@northwindtraders.com",
    headerFrom: "news@northwindtraders.com",
    ptr: "smtp7.out.relayprovider.net",
    expect: { outcome: "delivered", spoof: "Allow", spoofEntry: newsletter },
  });
  // Exact pairs: the same gmail.com sender through other infrastructure is not covered; spoof intelligence decides.
  new MailFlowExpectation(stack, "GmailElsewhereNotCovered", {
    via: { sourceIp: "203.0.113.80" },
    mailFrom: "someone@gmail.com",
    rcptTo: "staff@northwindtraders.com",
    headerFrom: "someone@gmail.com",
    ptr: "mail-out.example.org",
    expect: { outcome: "delivered", spoof: "none" },
  });
  return stack;
}

if (require.main === module) {
  const app = new App();
  relayServiceExample(app);
  app.synth();
}
