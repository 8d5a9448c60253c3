// Shared by the console test and the screenshot script: starts `./demandflow demo` and a headless
// Chromium from Debian's package (Playwright's own browser download does not work here).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const ADDRESSES =
  /Kafka at (\S+), schema registry at (\S+), HTTP at (\S+), console at (\S+\/)$/m;

/**
 * Starts `./demandflow demo` with `args` and resolves once it has printed its addresses:
 * { bootstrap, registry, http, consoleUrl, stop() }. Rejects if it exits first or takes longer
 * than `timeoutMs` (the first run builds the application).
 */
export async function startDemo(args = [], timeoutMs = 300_000) {
  const demo = spawn('./demandflow', ['demo', ...args], {
    cwd: repositoryRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  demo.stderr.on('data', chunk => { errors = (errors + chunk).slice(-4000); });
  const addresses = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      demo.kill('SIGTERM');
      reject(new Error(`demo printed no address within ${timeoutMs} ms:\n${errors}`));
    }, timeoutMs);
    demo.stdout.on('data', chunk => {
      output = (output + chunk).slice(-20000);
      const found = ADDRESSES.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve({ bootstrap: found[1], registry: found[2], http: found[3], consoleUrl: found[4] });
      }
    });
    demo.on('exit', code => {
      clearTimeout(timer);
      reject(new Error(`demo exited with ${code} before printing its addresses:\n${errors}`));
    });
  });
  // Keep draining its output so that the demo never blocks on a full pipe.
  demo.stdout.resume();
  return {
    ...addresses,
    async stop() {
      if (demo.exitCode !== null) return;
      demo.kill('SIGTERM'); // like Ctrl-C: the demo stops cleanly and removes its temporary data
      const timer = setTimeout(() => demo.kill('SIGKILL'), 60_000);
      await once(demo, 'exit');
      clearTimeout(timer);
    },
  };
}

/** Headless Chromium from /usr/bin/chromium (override with CHROMIUM=/path). */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * Runs the demandflow command line with `args` from the jar `startDemo` just ran (built or checked
 * by `./demandflow` then), so that both are the same build and no second build starts while other
 * sources change; resolves with its exit code and output.
 */
export async function runDemandflow(args) {
  const command = spawn('java', ['-jar', 'modules/cli/target/demandflow.jar', ...args],
    { cwd: repositoryRoot });
  let output = '';
  command.stdout.on('data', chunk => { output += chunk; });
  command.stderr.on('data', chunk => { output += chunk; });
  const [code] = await once(command, 'exit');
  return { code, output };
}
