import fc from "fast-check";
import { certificateNameMatches } from "../../lib/model/domain-name";
import { certificateSharedAcrossTenants as rule } from "../../lib/rules/certificate-shared-across-tenants";
import { certificateConnector, tenant, topology } from "../support/topology";

const name = fc.tuple(fc.boolean(), fc.array(fc.constantFrom("a", "b", "mail"), { maxLength: 2 }))
  .map(([wildcard, labels]) => `${wildcard ? "*." : ""}${[...labels, "contoso", "com"].join(".")}`);

describe("certificate-shared-across-tenants on connector names", () => {
  test("two tenants' connectors are reported exactly when some certificate host name matches both", () => {
    fc.assert(fc.property(name, name, (first, second) => {
      const t = topology({
        tenants: [
          tenant("t1", { inboundConnectors: [certificateConnector("c", first, { path: "t1/c" })] }),
          tenant("t2", { inboundConnectors: [certificateConnector("c", second, { path: "t2/c" })] }),
        ],
      });
      // A host name that both match, if any, is one of the two base names (the deeper one).
      const witnesses = [first, second].map((n) => n.replace(/^\*\./, ""));
      const shared = witnesses.some((host) => certificateNameMatches(first, host) && certificateNameMatches(second, host));
      const reported = rule.check(t, { now: "2026-01-01" }).map((f) => f.path).sort();
      expect(reported).toEqual(shared ? ["t1/c", "t2/c"] : []);
    }));
  });
});
