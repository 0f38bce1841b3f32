// Renders the whole window on a fake bridge and waits for the first state to arrive.
import { render, screen } from '@testing-library/react';
import type { AppState } from '../../shared/ipc';
import { App } from '../../renderer/App';
import { createFakeBridge, type FakeBridge } from './fakeBridge';

export async function renderWindow(state: AppState | FakeBridge) {
  const bridge = 'push' in state ? state : createFakeBridge(state);
  const view = render(<App bridge={bridge} />);
  await screen.findByRole('tablist', { name: 'Monitor views' });
  return { bridge, ...view };
}
