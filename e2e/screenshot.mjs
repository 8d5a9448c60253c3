// Regenerates docs/console.png, the README's picture of the planner console, from the real page.
//
//   node e2e/screenshot.mjs                       starts a demo, waits for its figures, shoots
//   node e2e/screenshot.mjs http://127.0.0.1:PORT/   shoots the console of a demo already running
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { startDemo, launchChromium, repositoryRoot } from './demo.mjs';
import { recompress } from './png.mjs';

const OUT = path.join(repositoryRoot, 'docs', 'console.png');
// Long enough for a few production-signal evaluations (every 10 s in the demo).
const WARM_UP_MS = 45_000;

const demo = process.argv[2] ? null : await startDemo(['--duration', 'PT5M']);
const consoleUrl = process.argv[2] || demo.consoleUrl;
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(consoleUrl);
  if (demo) await page.waitForTimeout(WARM_UP_MS);
  // Settle on a fresh, complete refresh before shooting.
  await page.waitForFunction(() => Number(document.body.dataset.refreshes || 0) > 1,
    null, { timeout: 60_000 });
  const png = recompress(await page.screenshot({ fullPage: true }));
  await writeFile(OUT, png);
  console.log(`${path.relative(process.cwd(), OUT)}: ${png.length} bytes from ${consoleUrl}`);
} finally {
  await browser.close();
  await demo?.stop();
}
