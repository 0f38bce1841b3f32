// Entry point: mounts the window on the bridge the preload exposed as `window.monitor`.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { MonitorBridge } from '../shared/ipc';
import { App } from './App';
import './styles.css';

const bridge: MonitorBridge | undefined =
  typeof window.monitor === 'object' && window.monitor !== null ? window.monitor : undefined;
const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <App bridge={bridge} />
    </StrictMode>,
  );
}
