import { csvLayout, csvRow, jsonRow } from "../../lib/cli/message-rows";

const layout = csvLayout("source_ip,certificate_names,mail_from,rcpt_to");

test("a CSV row: lists split on ; and spaces, <> is the null sender, names lower-cased, empty fields left out", () => {
  expect(csvRow("203.0.113.25,MAIL.contoso.com; smtp.contoso.com,<>,a@example.net b@example.org;c@example.com", layout)).toEqual({
    ok: true,
    message: { sourceIp: "203.0.113.25", certificateNames: ["mail.contoso.com", "smtp.contoso.com"], mailFrom: "", rcptTo: ["a@example.net", "b@example.org", "c@example.com"] },
  });
  expect(csvRow(",,<user@contoso.com>,x@example.net", layout)).toEqual({ ok: true, message: { mailFrom: "<user@contoso.com>", rcptTo: ["x@example.net"] } });
});

test("an IPv6 source is a valid row (it matches no connector); a malformed one is not", () => {
  expect(csvRow("2001:db8::25,,user@contoso.com,x@example.net", layout)).toMatchObject({ ok: true, message: { sourceIp: "2001:db8::25" } });
  expect(csvRow("2001:db8:::25,,user@contoso.com,x@example.net", layout)).toEqual({ ok: false, problem: 'source_ip "2001:db8:::25" is not an IPv4 or IPv6 address' });
  expect(csvRow("203.0.113.025,,user@contoso.com,x@example.net", layout)).toMatchObject({ ok: false });
});

test("addresses need local@domain with a valid domain", () => {
  expect(csvRow(",,user@contoso,x@example.net", layout)).toEqual({ ok: false, problem: 'mail_from "user@contoso" has an invalid domain: a domain name has at least two labels, such as contoso.com' });
  expect(csvRow(",,@contoso.com,x@example.net", layout)).toEqual({ ok: false, problem: 'mail_from "@contoso.com" is not an email address (expected local@domain)' });
});

test("the header: columns in any order, case and spaces ignored; unknown, missing or repeated columns refused", () => {
  expect(csvLayout(" RCPT_TO ,mail_from,source_ip,certificate_names").index).toEqual({ rcpt_to: 0, mail_from: 1, source_ip: 2, certificate_names: 3, header_from: -1, ptr: -1 });
  expect(csvLayout("source_ip,certificate_names,mail_from,rcpt_to,PTR,header_from").index).toMatchObject({ ptr: 4, header_from: 5 });
  expect(() => csvLayout("source_ip,source_ip,mail_from,rcpt_to")).toThrow(/missing certificate_names; repeated source_ip/);
  expect(() => csvLayout("source_ip,certificate_names,mail_from,rcpt_to,subject")).toThrow(/unknown "subject"/);
});

test("headerFrom and ptr (CSV header_from, ptr): carried to the message, checked as an address and a host name", () => {
  const layout = csvLayout("source_ip,certificate_names,mail_from,rcpt_to,header_from,ptr");
  expect(csvRow("198.51.100.7,,a@gmail.com,user@contoso.com,a@gmail.com,tms.mx.com.", layout)).toEqual({
    ok: true, message: { sourceIp: "198.51.100.7", mailFrom: "a@gmail.com", rcptTo: ["user@contoso.com"], headerFrom: "a@gmail.com", ptr: "tms.mx.com." },
  });
  expect(csvRow("198.51.100.7,,a@gmail.com,user@contoso.com,,", layout)).toEqual({ ok: true, message: { sourceIp: "198.51.100.7", mailFrom: "a@gmail.com", rcptTo: ["user@contoso.com"] } });
  expect(csvRow("198.51.100.7,,a@gmail.com,user@contoso.com,not-an-address,", layout)).toEqual({ ok: false, problem: 'header_from "not-an-address" is not an email address (expected local@domain)' });
  expect(jsonRow('{"mailFrom":"a@gmail.com","rcptTo":"u@contoso.com","ptr":"bad host"}')).toMatchObject({ ok: false, problem: expect.stringContaining('ptr "bad host" is not a host name') });
  expect(jsonRow('{"mailFrom":"a@gmail.com","rcptTo":"u@contoso.com","headerFrom":5}')).toEqual({ ok: false, problem: "headerFrom must be a string" });
});

test("a JSON line: lists as arrays or strings, \"\" or <> as the null sender, other keys ignored", () => {
  expect(jsonRow('{"mailFrom":"","rcptTo":"a@example.net;b@example.net","certificateNames":"mail.contoso.com","messageId":"x"}')).toEqual({
    ok: true, message: { certificateNames: ["mail.contoso.com"], mailFrom: "", rcptTo: ["a@example.net", "b@example.net"] },
  });
  expect(jsonRow('{"mailFrom":"<>","rcptTo":["a@example.net"],"sourceIp":null}')).toEqual({ ok: true, message: { mailFrom: "", rcptTo: ["a@example.net"] } });
  expect(jsonRow('{"rcptTo":["a@example.net"]}')).toEqual({ ok: false, problem: 'mailFrom is missing: use "" or "<>" for the null sender of an NDR' });
  expect(jsonRow('{"mailFrom":"a@contoso.com","rcptTo":[1]}')).toEqual({ ok: false, problem: "rcptTo must be a string or an array of strings" });
});
