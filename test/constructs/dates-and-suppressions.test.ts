import { spawnSync } from "child_process";
import * as path from "path";
import { TerraformStack, Testing } from "cdktf";
import { SYNTHESIS_DATE_CONTEXT, Tenant, collectTopology, suppress } from "../../lib";
import { calendarDayOf } from "../../lib/model/calendar-day";

// UTC+14, UTC-11 and UTC: a local-midnight Date falls on another UTC day in the first two.
const ZONES: Record<string, number> = { "Pacific/Kiritimati": 14 * 60, "Pacific/Pago_Pago": -11 * 60, UTC: 0 };

interface Declared {
  readonly offsetMinutes: number;
  readonly local: { notAfter: string; expires: string; findings: string[] };
  readonly utc: { notAfter: string; expires: string; findings: string[] };
}

describe("a Date for notAfter or expires is the same calendar day in every time zone", () => {
  // A child process: jest's process.env is a copy, so setting TZ in a test does not reach the Date code.
  let declared: Record<string, Declared>;
  beforeAll(() => {
    const child = spawnSync(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), path.join(__dirname, "..", "support", "dates-in-time-zone.ts"), ...Object.keys(ZONES)], {
      encoding: "utf8",
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
    });
    if (child.status !== 0) throw new Error(`exit ${String(child.status)}: ${child.stderr}`);
    declared = JSON.parse(child.stdout);
  });

  test.each(Object.keys(ZONES))("TZ=%s: new Date(2026, 0, 20) and new Date(\"2026-01-20\") are the 20th; expiring on the synthesis day is a suppressed warning, not an error", (zone) => {
    expect(declared[zone].offsetMinutes).toBe(ZONES[zone]);
    for (const { notAfter, expires, findings } of [declared[zone].local, declared[zone].utc]) {
      expect({ notAfter, expires }).toEqual({ notAfter: "2026-01-20", expires: "2026-01-20" });
      expect(findings).toEqual(["certificate-expiring warning suppressed"]);
    }
  });

  test("an instant that is not local midnight is its UTC day", () => {
    expect(calendarDayOf(new Date("2026-01-20T23:30:00Z"))).toBe("2026-01-20");
    expect(calendarDayOf(new Date(Date.UTC(2026, 0, 20)))).toBe("2026-01-20");
    expect(calendarDayOf(new Date(Number.NaN))).toBeUndefined();
  });
});

describe("suppressions are in one order in plan.json whatever order they were declared in", () => {
  test("two suppressions of the same rule on one construct", () => {
    const reasons = ["the relay cannot present a certificate yet", "accepted by the messaging board in review 12"];
    const plans = [reasons, [...reasons].reverse()].map((order) => {
      const stack = new TerraformStack(Testing.app({ context: { [SYNTHESIS_DATE_CONTEXT]: "2026-01-20" } }), "stack");
      const tenant = new Tenant(stack, "Contoso", { initialDomain: "contoso.onmicrosoft.com" });
      order.forEach((reason, k) => suppress(tenant, "ip-based-connector", reason, k === 0 ? { expires: "2027-01-01" } : {}));
      return collectTopology(stack).suppressions.map((s) => s.reason);
    });
    expect(plans[0]).toEqual(plans[1]);
    expect(plans[0]).toEqual([...reasons].sort());
  });
});
