/** The CSV line splitter, now in lib/model so the live-estate readers can use it too; re-exported for lib/cli. */
export { parseCsvLine, type CsvLine } from "../model/csv-line";
