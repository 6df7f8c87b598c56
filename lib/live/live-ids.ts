/**
 * Construct ids and paths for live objects. The readers and `import` use the same ids, so the app `import` writes
 * declares objects at the very paths the readers gave them: its Topology equals the export's.
 */

/** The stack every live object is read into (and the stack `import`'s app declares). */
export const LIVE_STACK = "live";

/** An id the constructs library keeps as it is: `/` and line breaks become `--`, as constructs would write them. */
export function liveId(text: string): string {
  const id = text.replace(/[/\r\n]/g, "--");
  return id in Object.prototype ? `${id}-` : id;
}

/** Ids unique among the children of one scope: a taken id gets ` (<kind>)`, then a number. */
export class IdAllocator {
  private readonly taken = new Set<string>();

  /** Marks ids as taken without allocating them (e.g. a construct's own child such as OrganizationConfig). */
  reserve(...ids: string[]): this {
    for (const id of ids) this.taken.add(id);
    return this;
  }

  /** A free id for `text`; `kind` distinguishes it when the plain id is taken. */
  allocate(text: string, kind: string): string {
    const base = liveId(text);
    let id = base;
    if (this.taken.has(id)) id = `${base} (${kind})`;
    for (let n = 2; this.taken.has(id); n++) id = `${base} (${kind} ${n})`;
    this.taken.add(id);
    return id;
  }
}
