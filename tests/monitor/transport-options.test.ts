// `onInsufficientScope: 'throw'` on every transport the engine builds. Not visible from outside
// today: the SDK's step-up path needs an OAuthClientProvider and the session hands the transport
// a plain AuthProvider, so a 403 insufficient_scope throws either way (checked: removing the
// option leaves every scenario test green). The option guards against an SDK update or a wiring
// change, where the default ('reauthorize') would start an interactive authorization from a
// background check. So the transport's constructor is wrapped and its options recorded.
import type * as Sdk from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ids, startWorld } from './helpers';
import type { World } from './helpers';

const built = vi.hoisted(() => [] as Array<Sdk.StreamableHTTPClientTransportOptions | undefined>);

vi.mock('@modelcontextprotocol/client', async (importOriginal) => {
  const real = await importOriginal<typeof Sdk>();
  class RecordingTransport extends real.StreamableHTTPClientTransport {
    constructor(url: URL, options?: Sdk.StreamableHTTPClientTransportOptions) {
      built.push(options);
      super(url, options);
    }
  }
  return { ...real, StreamableHTTPClientTransport: RecordingTransport };
});

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
  built.length = 0;
});

describe('the MCP transport', () => {
  it("is always built with onInsufficientScope: 'throw' (never a background re-authorization)", async () => {
    world = await startWorld();
    await world.signIn();
    world.sim.setScenario('insufficient_scope', { as: 'header' });
    expect(ids(await world.engine.checkNow())).toEqual(['insufficient_scope']);
    // A lost session makes the engine build another transport: it must carry the option too.
    world.sim.setScenario('session_drop', { every: 1 });
    await world.engine.checkNow();
    expect(built.length).toBeGreaterThanOrEqual(2);
    expect(built.map((options) => options?.onInsufficientScope)).toEqual(built.map(() => 'throw'));
    expect(world.prompts).toHaveLength(1);
    expect(world.sim.stats().tokens.issued).toBe(1);
  });
});
