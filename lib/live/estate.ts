/**
 * The live estate: every tenant and on-premises organization found in export files and folders, read into one
 * Topology (the same model constructs and plan.json produce), with a problem line for everything that could not be read.
 */
import * as path from "path";
import { EXPORT_FILES } from "../artifacts/powershell/export-scripts";
import type { OnPremisesOrganizationModel, TenantModel, Topology } from "../model/topology";
import { IdAllocator, LIVE_STACK } from "./live-ids";
import { findExportFiles, readExportFile, type ExportManifest } from "./input-files";
import { CertificateRegistry, readOrganization, type MailboxPlacementState } from "./organization-reader";
import type { LiveProblem } from "./problems";
import { KIND_LABELS, TENANT_KINDS, recordKind } from "./record-kinds";
import { readTenant, type LocatedRecord } from "./tenant-reader";

/** What {@link readLiveEstate} gives. */
export interface LiveEstate {
  /** Every tenant and organization read, in the model's normal form, in the stack `live`. */
  readonly topology: Topology;
  /** Everything that could not be read, one per file, record or field; the rest was read. */
  readonly problems: readonly LiveProblem[];
  /** What was left out on purpose (send connectors to the internet, files of other cmdlets), one line each. */
  readonly notes: readonly string[];
  /** Object path → construct paths named by the library's ownership marker in its Comment. */
  readonly markers: ReadonlyMap<string, readonly string[]>;
  /** Object path → where it was read from (`file: record N (...)`). */
  readonly sources: ReadonlyMap<string, string>;
  /**
   * Organizations (by path) whose users' mail flows the exports cannot tell, each with why: the export has no mailbox
   * placement summary and the organization sends to several tenants (whose users may be anywhere), or none of its
   * mailboxes is of a domain a tenant of the estate accepts. Rules that route users' mail from their Mailbox servers
   * skip them (checkRules' `userMailFlowsUnknown`), rather than assume every tenant's users on every server.
   */
  readonly userMailFlowsUnknown: ReadonlyMap<string, string>;
  /** The number of export files read. */
  readonly files: number;
}

interface Group {
  readonly where: string;
  readonly records: LocatedRecord[];
  manifest?: ExportManifest;
  /** True when the folder holds the export script's mailbox placement summary (even an empty one). */
  placementExported?: boolean;
}

/**
 * Reads the export files and folders at `paths`: files of the library's export scripts, plain `ConvertTo-Json` output,
 * ScubaGear's `ProviderSettingsExport.json`, and `Export-Clixml` files. The files of one folder describe one tenant
 * and/or one on-premises organization (a ScubaGear file, one tenant on its own); the organization is named by the
 * export's manifest, else by its folder. Never throws for bad input: every problem is in `problems`.
 */
export function readLiveEstate(paths: readonly string[]): LiveEstate {
  const problems: LiveProblem[] = [];
  const notes: string[] = [];
  const files = findExportFiles(paths, problems);
  const groups = new Map<string, Group>();
  const groupOf = (key: string, where: string) => {
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = { where, records: [] }));
    return group;
  };
  for (const file of files) {
    const parsed = readExportFile(file, problems);
    if (parsed === undefined) continue;
    const folder = path.dirname(file);
    if (parsed.kind === "manifest") {
      groupOf(folder, folder).manifest = parsed.manifest;
      continue;
    }
    if (parsed.kind === "scubagear") {
      const group = groupOf(file, file);
      for (const [section, records] of Object.entries(parsed.sections)) {
        const expected = section === "accepted_domains" ? "acceptedDomain" : section === "inbound_connectors" ? "inboundConnector" : "outboundConnector";
        for (const record of records) {
          const kind = recordKind(record);
          if (kind !== expected) {
            problems.push({ file, record: `${section} record ${record.index}`, message: `is not ${/^[aeiou]/.test(KIND_LABELS[expected]) ? "an" : "a"} ${KIND_LABELS[expected]} (its properties do not match Get-${expected.charAt(0).toUpperCase()}${expected.slice(1)}): skipped` });
            continue;
          }
          group.records.push({ file, record, kind, section });
        }
      }
      continue;
    }
    if (path.basename(file).toLowerCase() === EXPORT_FILES.mailboxPlacement.toLowerCase()) groupOf(folder, folder).placementExported = true;
    const known: LocatedRecord[] = [];
    const unknown: number[] = [];
    for (const record of parsed.records) {
      const kind = recordKind(record);
      if (kind === undefined) unknown.push(record.index);
      else known.push({ file, record, kind });
    }
    if (known.length === 0) {
      if (parsed.records.length > 0) notes.push(`${file}: holds no record of a cmdlet this tool reads: ignored`);
      continue;
    }
    for (const index of unknown.slice(0, 3)) {
      problems.push({ file, record: `record ${index}`, message: `is not a record of ${KIND_LABELS[known[0].kind]}s like the others in this file (its properties do not match): skipped` });
    }
    if (unknown.length > 3) problems.push({ file, message: `${unknown.length - 3} more records like the ones above: skipped` });
    groupOf(folder, folder).records.push(...known);
  }

  const ids = new IdAllocator();
  const markers = new Map<string, readonly string[]>();
  const sources = new Map<string, string>();
  const tenants: TenantModel[] = [];
  const tenantWhere = new Map<string, string>();
  const ordered = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, group]) => group);
  for (const group of ordered) {
    const tenantRecords = group.records.filter((r) => TENANT_KINDS.has(r.kind));
    if (tenantRecords.length === 0 && group.manifest?.scope !== "tenant") continue;
    const hint = group.manifest?.scope === "tenant" ? group.manifest.name : undefined;
    const read = readTenant(tenantRecords, group.where, problems, hint);
    if (read === undefined) continue;
    const previous = tenantWhere.get(read.tenant.initialDomain);
    if (previous !== undefined) {
      problems.push({ file: group.where, message: `exports tenant ${read.tenant.initialDomain} again (first read from ${previous}): skipped` });
      continue;
    }
    tenantWhere.set(read.tenant.initialDomain, group.where);
    ids.reserve(read.tenant.path.slice(LIVE_STACK.length + 1));
    tenants.push(read.tenant);
    read.markers.forEach((v, k) => markers.set(k, v));
    read.sources.forEach((v, k) => sources.set(k, v));
  }

  const certificates = new CertificateRegistry(ids);
  const organizations: OnPremisesOrganizationModel[] = [];
  const userMailFlowsUnknown = new Map<string, string>();
  for (const group of ordered) {
    const organizationRecords = group.records.filter((r) => !TENANT_KINDS.has(r.kind));
    if (organizationRecords.length === 0 && !(group.placementExported && group.manifest?.scope === "organization")) continue;
    const name = group.manifest?.scope === "organization" ? group.manifest.name : path.basename(group.where) || "organization";
    const id = ids.allocate(name, "organization");
    const read = readOrganization(organizationRecords, id, tenants, certificates, problems, notes, group.placementExported);
    organizations.push(read.organization);
    const why = unknownFlows(read.organization, read.mailboxPlacement, tenants);
    if (why !== undefined) {
      userMailFlowsUnknown.set(read.organization.path, why);
      notes.push(`${group.where}: organization ${read.organization.path}: ${why}`);
    }
    read.markers.forEach((v, k) => markers.set(k, v));
    read.sources.forEach((v, k) => sources.set(k, v));
  }

  const byPath = <T extends { path: string }>(a: T, b: T) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return {
    topology: {
      tenants: tenants.sort(byPath),
      certificates: certificates.all(),
      organizations: organizations.sort(byPath),
      expectations: [],
      suppressions: [],
    },
    problems,
    notes,
    markers,
    sources,
    userMailFlowsUnknown,
    files: files.length,
  };
}

/**
 * Why the users' mail flows of an organization cannot be told, or undefined when they can: with the placement exported
 * the users are where it says; without it, an organization sending to one tenant has that tenant's users (the model's
 * default), one sending to several has users of any of them anywhere.
 */
function unknownFlows(organization: OnPremisesOrganizationModel, placement: MailboxPlacementState, tenants: readonly TenantModel[]): string | undefined {
  if (placement === "exported" || organization.sendConnectors.length === 0) return undefined;
  if (placement === "none") {
    return `none of its mailboxes (${EXPORT_FILES.mailboxPlacement}) is of a domain a tenant of these exports accepts: which tenant's users send through it is unknown, so flow-attributed-to-another-tenant is not checked there`;
  }
  const targets = [...new Set(organization.sendConnectors.map((c) => c.tenantPath))];
  if (targets.length < 2) return undefined;
  const names = targets.map((p) => tenants.find((t) => t.path === p)?.initialDomain ?? p);
  return (
    `mailbox placement unknown (the export has no ${EXPORT_FILES.mailboxPlacement}: export it again with the current export-exchange-server.ps1): ` +
    `it sends to ${names.length} tenants (${names.join(", ")}) and where each tenant's users have their mailboxes decides which send connector carries their mail, ` +
    `so flow-attributed-to-another-tenant is not checked there`
  );
}
