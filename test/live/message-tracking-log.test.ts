import fc from "fast-check";
import { CsvFieldScanner, parseCsvLine } from "../../lib/model/csv-line";
import { TRACKING_LOG_FIELDS, isIntraOrganizationConnector, looksLikeTrackingLog, trackingLogLayout, trackingLogRow } from "../../lib/live/message-tracking-log";
import { FIELDS_27, logRow, sendRow } from "../cli/traffic-fixtures";

describe("message tracking log", () => {
  test("the layout is read from the #Fields: header: 30 fields (2016/2019/SE), 27 (2013), any order", () => {
    expect(trackingLogLayout(`#Fields: ${TRACKING_LOG_FIELDS.join(",")}`)).toEqual({ width: 30, eventId: 8, connectorId: 6, messageId: 10, recipientAddress: 12, returnPath: 20, clientHostname: 2 });
    expect(trackingLogLayout(`#Fields: ${FIELDS_27.join(",")}`).width).toBe(27);
    expect(trackingLogLayout("#Fields: return-path,event-id,message-id,connector-id,recipient-address")).toEqual({ width: 5, eventId: 1, connectorId: 3, messageId: 2, recipientAddress: 4, returnPath: 0, clientHostname: -1 });
    expect(() => trackingLogLayout("#Fields: date-time,event-id,message-id")).toThrow("the #Fields: header lacks connector-id, recipient-address, return-path");
    expect(looksLikeTrackingLog("#Software: Microsoft Exchange Server")).toBe(true);
    expect(looksLikeTrackingLog("date-time,client-ip")).toBe(false);
  });

  const layout = trackingLogLayout(`#Fields: ${TRACKING_LOG_FIELDS.join(",")}`);

  test("a send row: connector, message id, ;-joined recipients, return-path (<> kept); quoted fields with commas and quotes", () => {
    const line = logRow(TRACKING_LOG_FIELDS, sendRow("Outbound to Office 365", "<a@b>", "<>", ["x@example.net", "y@example.org"], { "event-id": "sendexternal" }));
    expect(line).toContain('"Quarterly report, draft ""v2"""');
    expect(trackingLogRow(line, layout)).toEqual({
      kind: "send", eventId: "SENDEXTERNAL", connectorId: "Outbound to Office 365", messageId: "<a@b>", recipients: ["x@example.net", "y@example.org"], returnPath: "<>",
      clientHostname: "EX01.corp.contoso.com",
    });
    expect(trackingLogRow(logRow(TRACKING_LOG_FIELDS, { ...sendRow("C", "<a@b>", "u@contoso.com", ["x@y.z"]), "event-id": "DELIVER" }), layout)).toEqual({ kind: "other", eventId: "DELIVER" });
  });

  test("the implicit connector between an organization's servers is recognized without case; a declared name is not", () => {
    expect(isIntraOrganizationConnector("Intra-Organization SMTP Send Connector")).toBe(true);
    expect(isIntraOrganizationConnector("intra-organization smtp send connector")).toBe(true);
    expect(isIntraOrganizationConnector("Outbound to Office 365")).toBe(false);
    expect(isIntraOrganizationConnector("Intra-Organization SMTP Send Connector 2")).toBe(false);
  });

  test("bad rows say why", () => {
    const row = (extra: Record<string, string>) => logRow(TRACKING_LOG_FIELDS, { ...sendRow("C", "<a@b>", "u@contoso.com", ["x@y.z"]), ...extra });
    expect(trackingLogRow("a,b,c", layout)).toEqual({ kind: "bad", problem: "3 fields instead of the 30 of the #Fields: header" });
    expect(trackingLogRow(row({ "return-path": "" }), layout)).toEqual({ kind: "bad", problem: "SENDEXTERNAL row with an empty return-path (Exchange writes <> for the null sender)" });
    expect(trackingLogRow(row({ "connector-id": "" }), layout)).toEqual({ kind: "bad", problem: "SENDEXTERNAL row without a connector-id" });
    expect(trackingLogRow(row({ "recipient-address": " ; " }), layout)).toEqual({ kind: "bad", problem: "SENDEXTERNAL row without a recipient-address" });
    expect(trackingLogRow(row({ "event-id": "" }), layout)).toEqual({ kind: "bad", problem: "event-id is empty" });
    expect(trackingLogRow(`"open${",x".repeat(29)}`, layout)).toEqual({ kind: "bad", problem: "field 1: the quoted field is not closed (a field cannot span lines)" });
  });
});

describe("CsvFieldScanner", () => {
  test("finds the same fields as parseCsvLine, and fails on the same lines", () => {
    const scanner = new CsvFieldScanner(64);
    const field = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('"', '""', ",", '"a,b"', 'x"y', '"q""q"'));
    fc.assert(fc.property(fc.array(field, { minLength: 1, maxLength: 8 }), (parts) => {
      const line = parts.join(",");
      const parsed = parseCsvLine(line);
      const count = scanner.scan(line);
      if (!parsed.ok) {
        expect(count).toBe(-1);
        return;
      }
      expect(count).toBe(parsed.fields.length);
      expect(parsed.fields.map((_, k) => scanner.field(k))).toEqual(parsed.fields);
    }), { numRuns: 2000 });
  });
});
