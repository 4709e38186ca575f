// `npm run dev`: the journal server (restarted on change, demo school in ./data) and the
// Vite dev server with hot reload, which forwards /api to it. Open http://localhost:5173.
import { spawn } from 'node:child_process';

const processes = [
  spawn('npx', ['tsx', 'watch', '--clear-screen=false', 'src/main/server/cli.ts', '--data', 'data', '--demo'], { stdio: 'inherit' }),
  spawn('npx', ['vite', '--port', '5173'], { stdio: 'inherit' }),
];

const stop = () => {
  for (const child of processes) if (child.exitCode === null) child.kill('SIGTERM');
};
for (const child of processes) child.on('exit', stop);
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
