import * as fs from "fs";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";

// cdktf's matchers (toHaveResourceWithProperties and friends), as cdktf users expect them in tests.
Testing.setupJest();

// Testing.app() and Testing.fullSynth() each make a folder in os.tmpdir() (cdktf.outdir.*) and never delete it: a run of
// this suite left dozens behind, some holding whole syntheses. Each test file deletes the ones it made.
const made = new Set<string>();
const app = Testing.app.bind(Testing);
const fullSynth = Testing.fullSynth.bind(Testing);
Testing.app = (...args: Parameters<typeof Testing.app>) => {
  const created = app(...args);
  // Only the folders cdktf made up: an outdir the test chose is the test's to keep or delete.
  if (args[0]?.outdir === undefined) made.add(created.outdir);
  return created;
};
Testing.fullSynth = (...args: Parameters<typeof Testing.fullSynth>) => {
  const outdir = fullSynth(...args);
  made.add(outdir);
  return outdir;
};
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  made.clear();
});
