import { recipientStatusAddresses, traceCsvLayout, traceCsvRow, traceJsonObject } from "../../lib/live/message-trace";

describe("message trace", () => {
  test("the CSV report: columns by name, recipients from recipient_status, the null sender as <>", () => {
    const layout = traceCsvLayout('"origin_timestamp_utc","sender_address","recipient_status","message_subject","total_bytes","message_id","network_message_id","original_client_ip","directionality","connector_id","delivery_priority"');
    expect(layout).toEqual({ width: 11, messageId: 5, senderAddress: 1, recipientStatus: 2, sourceIp: 7 });
    expect(traceCsvRow('"2026-11-30T08:15:02Z","","a@example.net##Receive, Fail;b@example.org##Receive, Deliver","Undeliverable: x","2048","<n@x>","g","203.0.113.25","Originating","",""', layout)).toEqual({
      ok: true, record: { messageId: "<n@x>", mailFrom: "<>", recipients: ["a@example.net", "b@example.org"], sourceIp: "203.0.113.25" },
    });
    expect(traceCsvRow("a,b", layout)).toEqual({ ok: false, problem: "2 fields instead of the 11 of the header" });
    expect(() => traceCsvLayout("message_id,recipient_status")).toThrow("the message trace report's header lacks sender_address");
    expect(recipientStatusAddresses(" a@b.c##Receive, Deliver ; ;d@e.f")).toEqual(["a@b.c", "d@e.f"]);
  });

  test("Get-MessageTraceV2 objects", () => {
    expect(traceJsonObject({ Received: "2026-11-30T08:15:02", SenderAddress: "u@contoso.com", RecipientAddress: "x@example.net", FromIP: "203.0.113.25", MessageId: "<m@x>", Status: "Delivered" }))
      .toEqual({ ok: true, record: { messageId: "<m@x>", mailFrom: "u@contoso.com", recipients: ["x@example.net"], sourceIp: "203.0.113.25" } });
    expect(traceJsonObject({ SenderAddress: null, RecipientAddress: "x@example.net", MessageId: "<n@x>", FromIP: null }))
      .toEqual({ ok: true, record: { messageId: "<n@x>", mailFrom: "<>", recipients: ["x@example.net"], sourceIp: "" } });
    expect(traceJsonObject({ RecipientAddress: 5 })).toEqual({ ok: false, problem: "RecipientAddress must be a string" });
    expect(traceJsonObject([1])).toMatchObject({ ok: false });
    expect(traceJsonObject({ RecipientAddress: "" })).toEqual({ ok: false, problem: "RecipientAddress is empty" });
  });
});
