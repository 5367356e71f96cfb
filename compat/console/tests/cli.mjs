// Runs ./faunus (the real launcher and jar) as a child process and collects what it printed.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../server.mjs';

export const faunus = join(repoRoot, 'faunus');

/** Resolves to { code, stdout, stderr }; `input` is written to stdin, which is then closed. */
export function run(command, args, { input = '', timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not end within ${timeoutMs} ms; stdout: ${stdout}; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}
