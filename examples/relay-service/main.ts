/**
 * A third-party relay service (for example a scanning or marketing platform) that sends on behalf of Northwind.
 * MC1226222: it must present a certificate whose domain is unique to the customer and an accepted domain of the
 * customer's tenant — here relay.northwind.com, a subdomain only Northwind uses for this service.
 */
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { Certificate, InboundConnector, Tenant } from "../../lib";

/** Declares the relay-service topology in a new stack of `scope`. */
export function relayServiceExample(scope: Construct, id = "relay-service"): TerraformStack {
  const stack = new TerraformStack(scope, id);
  const northwind = new Tenant(stack, "Northwind", { initialDomain: "northwindtraders.onmicrosoft.com", rejectDirectSend: true });
  northwind.addAcceptedDomain("northwindtraders.com");
  northwind.addAcceptedDomain("relay.northwindtraders.com");
  // The relay certificate's host name itself, the safest form (2023 relay guidance; domain.md section 4).
  northwind.addAcceptedDomain("smtp.relay.northwindtraders.com");

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
  return stack;
}

if (require.main === module) {
  const app = new App();
  relayServiceExample(app);
  app.synth();
}
