// The production build served by `vite preview` for the benchmarks that drive a browser (the bench builds first).

import { spawn, type ChildProcess } from 'node:child_process';

/** Start `vite preview` on `port` and resolve once it answers; reject (and stop it) when it never does. */
export async function startPreview(port: number): Promise<ChildProcess> {
  const server = spawn(
    process.execPath,
    [
      'node_modules/vite/bin/vite.js',
      'preview',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--strictPort',
    ],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return server;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill();
  throw new Error(`vite preview did not start on port ${port}`);
}
