// The main-process log file: what reaches the disk is redacted.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileLog } from '../../electron/log';

const ACCESS = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0cmFkZXItNDIifQ.c2lnbmF0dXJlLXNlY3JldA';
const OPAQUE_ACCESS = 'ct_at_4f1c9a7e2b8d6f30a5c1e9b7';
const REFRESH = 'rt_9f8e7d6c5b4a3f2e1d0c9b8a';

describe('file log', () => {
  it('writes bearer and refresh tokens to disk redacted', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ct-log-')), 'logs', 'main.log');
    const log = createFileLog(file);
    log('warn', `Token refresh failed: Authorization: Bearer ${ACCESS}`);
    log('error', `POST /token {"refresh_token":"${REFRESH}","grant_type":"refresh_token"}`);
    log('info', `Retrying with bearer ${OPAQUE_ACCESS}`);

    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\S+Z WARN Token refresh failed: Authorization: \[redacted\]$/);
    expect(lines[1]).toContain('"refresh_token":"[redacted]"');
    expect(lines[2]).toContain('bearer [redacted]');
    const text = lines.join('\n');
    for (const secret of [ACCESS, OPAQUE_ACCESS, REFRESH]) expect(text).not.toContain(secret);
  });

  it('leaves debug lines out unless asked', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ct-log-')), 'main.log');
    createFileLog(file)('debug', 'noise');
    createFileLog(file, { debug: true })('debug', `refresh_token=${REFRESH}`);
    expect(readFileSync(file, 'utf8')).toMatch(/^\S+Z DEBUG refresh_token=\[redacted\]\n$/);
  });
});
