/**
 * Fuzzing the constructs the way a JavaScript caller can misuse them: props of every type (numbers, objects,
 * arrays, null, undefined, functions, symbols, BigInts, Dates, Maps, deeply nested and cyclic values), keys
 * such as __proto__ and constructor, and valid props with some values replaced by wrong ones. Every failure must
 * be the library's own error, naming the construct path: an InvalidPropsError, or an Error whose message starts
 * with `[<path>]`, thrown by lib/ code; never a TypeError or an error from inside zod, constructs or cdktf.
 * A declaration that is accepted must then synthesize (rule findings aside) and write its scripts.
 */
import fc from "fast-check";
import { App, TerraformStack, Testing } from "cdktf";
import {
  AcceptedDomain, Certificate, InboundConnector, InvalidPropsError, MailFlowExpectation, OnPremisesOrganization, OutboundConnector,
  RemovedMailObject, SYNTHESIS_DATE_CONTEXT, SendConnector, SpoofPair, Tenant, checkTopology, collectTopology,
} from "../../lib";
import { exchangeOnlineScript } from "../../lib/artifacts/powershell/exchange-online-script";
import { exchangeServerScript } from "../../lib/artifacts/powershell/exchange-server-script";

const RUNS = 400;

/** A fresh stack holding a tenant, a certificate and an organization with a send connector, to declare more in. */
function scene() {
  const app = new App({ stackTraces: false, context: { [SYNTHESIS_DATE_CONTEXT]: "2026-11-22" } });
  const stack = new TerraformStack(app, "s");
  const tenant = new Tenant(stack, "Contoso", { initialDomain: "contoso.onmicrosoft.com" });
  tenant.addAcceptedDomain("contoso.com");
  const certificate = new Certificate(stack, "Cert", { subject: "CN=mail.contoso.com", issuer: "CN=Example CA" });
  const organization = new OnPremisesOrganization(stack, "OnPrem", { transportServers: ["EX01"] });
  const sendConnector = new SendConnector(organization, "ToCloud", { tenant, certificate });
  return { app, stack, tenant, certificate, organization, sendConnector };
}

type Scene = ReturnType<typeof scene>;

/** Builds deeply nested objects: a stack overflow in a describer must not escape. */
function nested(depth: number): unknown {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = { a: value, b: [value] };
  return value;
}

function cyclic(): unknown {
  const value: Record<string, unknown> = { name: "x" };
  value.self = value;
  return value;
}

/** An object whose own key is "__proto__" (as JSON.parse makes it), and others that shadow Object.prototype. */
const pollutingObjects = fc.constantFrom<unknown>(
  JSON.parse('{"__proto__": {"polluted": true}}'),
  JSON.parse('{"__proto__": "x", "constructor": {"prototype": {"polluted": true}}}'),
  { constructor: "x" },
  { toString: 42, valueOf: () => 1 },
  { hasOwnProperty: "x" },
  Object.create(null),
  Object.create({ inherited: "x" }),
);

/** Values of every JavaScript type a caller can pass. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true, withObjectString: true, withSparseArray: true, withBoxedValues: true, maxDepth: 3 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>(
      undefined, null, NaN, Infinity, -0, 0, 1, true, false, "", " ", "\u0000", Symbol("sym"), Symbol.iterator, BigInt(42), BigInt(-1),
      () => "fn", class Props {}, new Date(NaN), new Date(8.64e15), new Date(0), [], [[]], {}, new Map([["name", "x"]]), new Set(["x"]),
      /regex/, new Error("an error"), Promise.resolve("x"), new Uint8Array(4), Buffer.from("x"), new String("boxed"), new Number(1),
    ),
  },
  { weight: 1, arbitrary: pollutingObjects },
  { weight: 1, arbitrary: fc.constantFrom(nested(5), nested(60), cyclic()) },
  { weight: 2, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant(undefined)), { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.func(fc.anything()) },
);

/** Extra keys, the dangerous ones included. */
const extraKey = fc.oneof(fc.constantFrom("__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "tenant", "props"), fc.string({ maxLength: 8 }));

/** Valid props with some values replaced by anything, some keys dropped, and extra keys added (own "__proto__" included). */
function mangled(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  return fc
    .tuple(
      fc.subarray(keys),
      fc.subarray(keys),
      fc.array(fc.tuple(fc.subarray(keys, { minLength: 0, maxLength: 1 }), anyValue), { maxLength: keys.length }),
      fc.array(fc.tuple(extraKey, anyValue), { maxLength: 2 }),
    )
    .map(([, dropped, replaced, extra]) => {
      const props: Record<string, unknown> = {};
      for (const key of keys) if (!dropped.includes(key)) props[key] = valid[key];
      for (const [[key], value] of replaced) if (key !== undefined) props[key] = value;
      // defineProperty makes an own "__proto__" key, as JSON.parse or a spread of parsed JSON would.
      for (const [key, value] of extra) Object.defineProperty(props, key, { value, enumerable: true, configurable: true, writable: true });
      return props;
    });
}

/** Props to try: anything at all, or mangled valid props. */
function propsFor(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 1, arbitrary: anyValue }, { weight: 4, arbitrary: mangled(valid) });
}

/** Where in a stack trace the error was thrown: its first frame. */
function thrower(error: Error): string {
  return (error.stack ?? "").split("\n").find((line) => /^\s+at /.test(line)) ?? "";
}

/** Fails unless `error` is the library's own error about the construct at `path`. */
function expectOwnError(error: unknown, path: string): void {
  if (!(error instanceof Error)) throw new Error(`threw a non-Error: ${String(error)}`);
  if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError) {
    throw new Error(`threw a ${error.constructor.name}: ${error.stack}`);
  }
  if (!(error instanceof InvalidPropsError) && !error.message.startsWith(`[${path}]`)) {
    throw new Error(`threw an error that does not start with [${path}]: ${error.stack}`);
  }
  const frame = thrower(error);
  if (!/[/\\]lib[/\\]/.test(frame) || /node_modules/.test(frame)) throw new Error(`the error comes from outside the library (${frame.trim()}): ${error.stack}`);
}

/** After an accepted declaration: synthesis, the rules and the scripts work, or fail with the library's own errors. */
function expectSynthesizes(s: Scene): void {
  checkTopology(s.stack);
  try {
    Testing.synth(s.stack, true);
  } catch (error) {
    // Rule findings fail validation with one "[path] rule-id: message" line each, as designed.
    if (!(error instanceof Error) || !/\[[^\]]*\] [a-z-]+: /.test(error.message)) throw error;
  }
  const topology = collectTopology(s.stack);
  for (const tenant of topology.tenants) exchangeOnlineScript(topology, tenant);
  for (const organization of topology.organizations) exchangeServerScript(topology, organization);
}

/** Declares one construct with `props` in a fresh scene; accepted or refused with the library's own error. */
function fuzz(name: string, valid: Record<string, unknown>, declare: (s: Scene, props: never) => unknown, path: string) {
  test(`${name}: ${RUNS} malformed props fail with the library's own error naming ${path}`, () => {
    fc.assert(
      fc.property(propsFor(valid), (props) => {
        const s = scene();
        try {
          declare(s, props as never);
        } catch (error) {
          expectOwnError(error, path);
          return;
        }
        expectSynthesizes(s);
      }),
      { numRuns: RUNS },
    );
  });
}

describe("fuzzing construct props", () => {
  fuzz("Tenant", { initialDomain: "fabrikam.onmicrosoft.com", displayName: "Fabrikam", rejectDirectSend: true, connection: { appId: "00000000-0000-0000-0000-000000000001", certificateFilePath: "/x.pfx", certificateThumbprint: "6F2A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C" } },
    (s, props) => new Tenant(s.stack, "Fabrikam", props), "s/Fabrikam");
  fuzz("Tenant.connection", { appId: "00000000-0000-0000-0000-000000000001", certificateFilePath: "/x.pfx", certificateThumbprint: "6F2A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C" },
    (s, connection) => new Tenant(s.stack, "Fabrikam", { initialDomain: "fabrikam.onmicrosoft.com", connection }), "s/Fabrikam");
  fuzz("AcceptedDomain", { domainName: "sales.contoso.com", domainType: "InternalRelay", matchSubDomains: true, outboundOnly: false },
    (s, props) => new AcceptedDomain(s.tenant, "Sales", props), "s/Contoso/Sales");
  fuzz("tenant.addAcceptedDomain options", { domainType: "InternalRelay", matchSubDomains: true, outboundOnly: false },
    (s, options) => s.tenant.addAcceptedDomain("sales.contoso.com", options), "s/Contoso/sales.contoso.com");
  fuzz("InboundConnector", {
    connectorType: "OnPremises", name: "In", tlsSenderCertificateName: "mail.contoso.com", senderIpAddresses: ["203.0.113.0/24"], senderDomains: ["*"],
    cloudServicesMailEnabled: true, treatMessagesAsInternal: false, associatedAcceptedDomains: ["contoso.com"], requireTls: false,
    restrictDomainsToCertificate: false, restrictDomainsToIpAddresses: false, enabled: true, comment: "c",
  }, (s, props) => new InboundConnector(s.tenant, "In", props), "s/Contoso/In");
  fuzz("OutboundConnector", {
    connectorType: "OnPremises", name: "Out", recipientDomains: ["contoso.com"], smartHosts: ["mail.contoso.com"], useMxRecord: false,
    tlsSettings: "DomainValidation", tlsDomain: "mail.contoso.com", routeAllMessagesViaOnPremises: false, allAcceptedDomains: false,
    cloudServicesMailEnabled: true, enabled: true, comment: "c",
  }, (s, props) => new OutboundConnector(s.tenant, "Out", props), "s/Contoso/Out");
  fuzz("SpoofPair", { spoofedUser: "user@contoso.com", sendingInfrastructure: "example.net", spoofType: "External", action: "Allow" },
    (s, props) => new SpoofPair(s.tenant, "Spoof", props), "s/Contoso/Spoof");
  fuzz("Certificate", { subject: "CN=relay.contoso.com, O=Contoso", subjectAlternativeNames: ["relay.contoso.com"], issuer: "CN=CA", thumbprint: "6F2A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C", notAfter: "2027-01-01" },
    (s, props) => new Certificate(s.stack, "Relay", props), "s/Relay");
  fuzz("OnPremisesOrganization", { egressIpAddresses: ["198.51.100.7"], transportServers: ["EX02"], relays: ["ndr"] },
    (s, props) => new OnPremisesOrganization(s.stack, "Other", props), "s/Other");
  test(`SendConnector (tenant and certificate of any type): ${RUNS} malformed props fail with the library's own error`, () => {
    // The valid reference (-1), another construct (0-6), or a value of any type.
    const reference = fc.oneof(
      fc.integer({ min: -1, max: 6 }).map((index) => ({ index })),
      anyValue.map((value) => ({ value })),
    );
    const references = (s: Scene) => [s.tenant, s.certificate, s.organization, s.sendConnector, s.stack, scene().tenant, scene().certificate];
    fc.assert(
      fc.property(
        propsFor({
          name: "Send", addressSpaces: ["*"], smartHosts: ["contoso.mail.protection.outlook.com"], sourceTransportServers: ["EX01"], fqdn: "mail.contoso.com",
          requireTls: true, tlsAuthLevel: "DomainValidation", tlsDomain: "mail.protection.outlook.com", cloudServicesMailEnabled: true, enabled: true, comment: "c",
        }),
        reference,
        reference,
        (props, tenant, certificate) => {
          const s = scene();
          const refs = references(s);
          const resolve = (r: { index: number } | { value: unknown }, valid: unknown) =>
            "index" in r ? (r.index < 0 ? valid : refs[r.index]) : r.value;
          const withRefs = props !== null && typeof props === "object" && !Array.isArray(props)
            ? { ...(props as object), tenant: resolve(tenant, s.tenant), certificate: resolve(certificate, s.certificate) }
            : props;
          try {
            new SendConnector(s.organization, "Send", withRefs as never);
          } catch (error) {
            expectOwnError(error, "s/OnPrem/Send");
            return;
          }
          expectSynthesizes(s);
        },
      ),
      { numRuns: RUNS },
    );
  });
  test(`MailFlowExpectation (via of any shape): ${RUNS} malformed props fail with the library's own error`, () => {
    fc.assert(
      fc.property(
        propsFor({ mailFrom: "user@contoso.com", rcptTo: ["someone@example.net"], expect: { outcome: "relayed", tenant: "contoso.onmicrosoft.com", ndr: "5.7.64" } }),
        fc.oneof(anyValue, mangled({ sourceIp: "203.0.113.25", certificate: ["mail.contoso.com"] }), fc.constant("send-connector"), fc.constant("certificate")),
        (props, via) => {
          const s = scene();
          const resolved = via === "send-connector" ? s.sendConnector : via === "certificate" ? { certificate: s.certificate } : via;
          const withVia = props !== null && typeof props === "object" && !Array.isArray(props) ? { ...(props as object), via: resolved } : props;
          try {
            new MailFlowExpectation(s.stack, "Flow", withVia as never);
          } catch (error) {
            expectOwnError(error, "s/Flow");
            return;
          }
          expectSynthesizes(s);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe("fuzzing construct ids and scopes", () => {
  test(`ids of any type or text: the library's own error, naming the path`, () => {
    fc.assert(
      fc.property(anyValue, fc.nat(3), (id, kind) => {
        const s = scene();
        const declare = [
          () => new InboundConnector(s.tenant, id as never, { connectorType: "OnPremises", tlsSenderCertificateName: "mail.contoso.com" }),
          () => new Tenant(s.stack, id as never, { initialDomain: "fabrikam.onmicrosoft.com" }),
          () => new RemovedMailObject(s.tenant, id as never),
          () => new Certificate(s.stack, id as never, { subject: "CN=x.contoso.com", issuer: "CN=CA" }),
        ][kind];
        try {
          declare();
        } catch (error) {
          const scopePath = kind === 0 || kind === 2 ? "s/Contoso" : "s";
          if (!(error instanceof Error) || !error.message.startsWith(`[${scopePath}`)) throw new Error(`not the library's error: ${(error as Error)?.stack ?? String(error)}`);
          expectOwnError(error, error instanceof InvalidPropsError ? error.path : error.message.slice(1, error.message.indexOf("]")));
          return;
        }
        expectSynthesizes(s);
      }),
      { numRuns: RUNS },
    );
  });

  test.each([
    ["a number", 42],
    ["undefined", undefined],
    ["a plain object", {}],
    ["a Tenant's sibling", "stack"],
  ])("a mail object whose scope is %s fails with the library's own error", (_what, scope) => {
    const s = scene();
    const resolved = scope === "stack" ? s.stack : scope;
    for (const declare of [
      () => new InboundConnector(resolved as never, "In", { connectorType: "OnPremises", tlsSenderCertificateName: "mail.contoso.com" }),
      () => new SendConnector(resolved as never, "Send", { tenant: s.tenant, certificate: s.certificate }),
      () => new RemovedMailObject(resolved as never, "Gone"),
    ]) {
      let thrown: unknown;
      try {
        declare();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Error);
      expect(thrown).not.toBeInstanceOf(TypeError);
      expect((thrown as Error).message).toMatch(/^\[[^\]]*\] /);
      expect(thrower(thrown as Error)).toMatch(/[/\\]lib[/\\]/);
    }
  });
});
