// Run as a child process by keyring.test.ts (inside a D-Bus session or deliberately without
// one): opens the doctor's token store for a server, saves a sign-in, reads it back, clears it,
// and prints what happened as one JSON line.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FileTokenStore } from '../../electron/monitor/auth/file-token-store';
import { KeyringTokenStore, openTokenStore } from '../../electron/monitor/auth/keyring-token-store';
import type { StoredAuth } from '../../electron/monitor/engine-types';

const [dir = '', serverUrl = ''] = process.argv.slice(2);
const warnings: string[] = [];
const file = new FileTokenStore(join(dir, 'auth.json'));
const store = await openTokenStore({ serverUrl, file, warn: (line) => warnings.push(line) });
const migrated = await store.load();
const auth = { clientId: 'probe-client', tokens: { access_token: 'probe-access' } };
await store.save(auth as unknown as StoredAuth);
const fileAfterSave = await stat(file.path).then(
  async (s) => ({ mode: s.mode & 0o777, text: await readFile(file.path, 'utf8') }),
  () => undefined,
);
const readBack = await store.load();
await store.clear();
const afterClear = await store.load();
process.stdout.write(
  `${JSON.stringify({
    kind: store instanceof KeyringTokenStore ? 'keyring' : store === file ? 'file' : 'other',
    warnings,
    migrated,
    fileAfterSave,
    readBack,
    afterClear: afterClear ?? null,
  })}\n`,
);
