import { SimulationSummary, renderSummaryText } from "../../lib/cli/summary";
import type { SimulationResult } from "../../lib/simulate";

const relayed = { address: "a@example.net", outcome: "relayed" as const, reason: "r" };
const rejected = { address: "b@example.net", outcome: "rejected" as const, ndr: "550 5.7.64 x", reason: "r" };
// As the simulator reports it: each recipient names the tenant and the connector that decided it.
const result = (recipients: SimulationResult["recipients"], connector?: string): SimulationResult => ({
  tenant: "contoso.onmicrosoft.com", attributedBy: "mail-from", ...(connector ? { connector } : {}),
  recipients: recipients.map((r) => ({ ...r, tenant: "contoso.onmicrosoft.com", ...(connector ? { connector } : {}) })), steps: [],
});

test("a message counts once per group, in each group its recipients fall in", () => {
  const summary = new SimulationSummary();
  summary.add({ mailFrom: "u@contoso.com", rcptTo: ["a@example.net", "a2@example.net", "b@example.net"] }, result([relayed, relayed, rejected], "c/In"));
  summary.add({ mailFrom: "", rcptTo: ["b@example.net"] }, result([rejected]));
  expect(summary.data().groups).toEqual([
    { connector: "c/In", tenant: "contoso.onmicrosoft.com", outcome: "relayed", messages: 1, recipients: 2, senderDomains: [{ domain: "contoso.com", messages: 1 }] },
    { connector: "c/In", tenant: "contoso.onmicrosoft.com", outcome: "rejected", ndr: "550 5.7.64 x", messages: 1, recipients: 1, senderDomains: [{ domain: "contoso.com", messages: 1 }] },
    { tenant: "contoso.onmicrosoft.com", outcome: "rejected", ndr: "550 5.7.64 x", messages: 1, recipients: 1, senderDomains: [{ domain: "<>", messages: 1 }] },
  ]);
});

test("recipients attributed per recipient (by RCPT TO) or decided by a Partner connector fall in their own tenant's and connector's group", () => {
  const summary = new SimulationSummary();
  summary.add({ mailFrom: "s@example.org", rcptTo: ["a@contoso.com", "b@fabrikam.com"] }, {
    attributedBy: "rcpt-to",
    recipients: [
      { address: "a@contoso.com", outcome: "delivered", tenant: "contoso.onmicrosoft.com", connector: "c/Partner", reason: "r" },
      { address: "b@fabrikam.com", outcome: "delivered", tenant: "fabrikam.onmicrosoft.com", reason: "r" },
    ],
    steps: [],
  });
  expect(summary.data().groups.map((g) => [g.connector, g.tenant, g.outcome, g.recipients])).toEqual([
    ["c/Partner", "contoso.onmicrosoft.com", "delivered", 1],
    [undefined, "fabrikam.onmicrosoft.com", "delivered", 1],
  ]);
});

test("sender domains beyond the limit are counted together, so memory stays bounded", () => {
  const summary = new SimulationSummary();
  for (let i = 0; i < 10_005; i++) summary.add({ mailFrom: `u@d${i}.example`, rcptTo: ["b@example.net"] }, result([rejected]));
  summary.add({ mailFrom: "u@d0.example", rcptTo: ["b@example.net"] }, result([rejected]));
  const [group] = summary.data().groups;
  expect(group.senderDomains.slice(0, 2)).toEqual([{ domain: "(other domains)", messages: 5 }, { domain: "d0.example", messages: 2 }]);
  expect(renderSummaryText(summary.data())).toContain("MAIL FROM domains: (other domains) 5, d0.example 2, d1.example 1");
});
