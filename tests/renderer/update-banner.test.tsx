// The window's "Restart to install vX.Y.Z" banner: shown once main has downloaded an update,
// and the restart happens only when the trader clicks it.
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { appState } from './fixtures';
import { failed } from './fakeBridge';
import { renderWindow } from './render';

describe('the update banner', () => {
  it('offers the downloaded version and asks main to install only on the click', async () => {
    const { bridge } = await renderWindow(
      appState({
        update: {
          restartLabel: 'Restart to install v1.2.3',
          statusLine: 'Version 1.2.3 is ready to install.',
        },
      }),
    );
    const banner = screen.getByTestId('update-ready');
    expect(banner.textContent).toContain('Version 1.2.3 is ready to install.');
    expect(bridge.installUpdate).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Restart to install v1.2.3' }));
    await waitFor(() => expect(bridge.installUpdate).toHaveBeenCalledTimes(1));
  });

  it('shows nothing while no update is ready', async () => {
    await renderWindow(appState({ update: { statusLine: 'Downloading version 1.2.3…' } }));
    expect(screen.queryByTestId('update-ready')).toBeNull();
    expect(screen.queryByRole('button', { name: /Restart to install/ })).toBeNull();
  });

  it("says main's reason when the install is refused", async () => {
    const { bridge } = await renderWindow(
      appState({ update: { restartLabel: 'Restart to install v1.2.3', statusLine: 'Ready.' } }),
    );
    bridge.installUpdate.mockResolvedValue(failed('No update is ready to install.'));
    fireEvent.click(screen.getByRole('button', { name: 'Restart to install v1.2.3' }));
    const notice = await screen.findByRole('alert');
    expect(notice.querySelector('p')?.textContent).toBe(
      'Could not install the update: no update is ready to install.',
    );
  });
});
