// The window's one store. Fed by the bridge: getState() once, then every push from onState.
// Everything the views show comes from here; the only timer in the window is the countdown clock.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AgentIncident } from '../shared/explain';
import type { ActionId, Level, ProblemId } from '../shared/health';
import type { AppState, ExternalLink, IpcResult, MonitorBridge, PauseRequest } from '../shared/ipc';
import type { SettingsPatch } from '../shared/settings';
import { BRIDGE_DOWN, failureText, friendlyError, statusWords } from './format';

export const TABS = ['status', 'details', 'history', 'settings'] as const;
export type TabId = (typeof TABS)[number];

/** Things the trader can start that take a moment; each shows a busy state while in flight. */
export type BusyKey =
  ActionId | 'sign_out' | 'save_settings' | 'pause' | 'resume' | 'copy_report' | 'install_update';

export interface Notice {
  tone: 'success' | 'error';
  text: string;
}

export type SettingsFeedback = { ok: true } | { ok: false; error: string };

export interface WindowState {
  app: AppState | null;
  /** `connecting` until the first state arrives; `failed` when the bridge is missing or broken. */
  connection: 'connecting' | 'ready' | 'failed';
  connectionError: string | null;
  tab: TabId;
  /** The problem set the checklist ticks belong to; ticks reset when it changes. */
  incidentKey: string;
  /** Ticked steps of the current incident, as `problemId:stepIndex`. */
  ticked: Record<string, true>;
  busy: Partial<Record<BusyKey, true>>;
  notice: Notice | null;
  settingsFeedback: SettingsFeedback | null;
  /** What the live region says; changes only when the level does. */
  announcement: string;
}

export interface WindowActions {
  /** Subscribes to the bridge and loads the first state; returns the unsubscribe. */
  connect(): () => void;
  setTab(tab: TabId): void;
  toggleStep(problemId: ProblemId, index: number): void;
  run(action: ActionId): Promise<void>;
  /** Copies the support report with the AI client's failure the trader described. */
  copyReport(incident: AgentIncident): Promise<void>;
  signOut(): Promise<void>;
  saveSettings(patch: SettingsPatch): Promise<void>;
  pauseNotifications(request: PauseRequest): Promise<void>;
  resumeNotifications(): Promise<void>;
  /** Restarts into the downloaded update. */
  installUpdate(): Promise<void>;
  dismissNotice(): void;
  clearSettingsFeedback(): void;
}

export type WindowStore = StoreApi<WindowState & WindowActions>;

/** What a failed action was, for "Could not …: <main's reason>". */
const FAILED_TO: Record<BusyKey, string> = {
  check_now: 'Could not check now',
  sign_in: 'Could not sign in',
  sign_out: 'Could not sign out',
  copy_diagnostics: 'Could not copy the diagnostics',
  copy_report: 'Could not copy the report',
  open_ai_clients: 'Could not open the AI Clients page',
  open_subscriptions: 'Could not open your subscriptions',
  open_docs: 'Could not open the docs',
  open_addon_download: 'Could not open the add-on download page',
  save_settings: 'Could not save settings',
  pause: 'Could not pause notifications',
  resume: 'Could not resume notifications',
  install_update: 'Could not install the update',
};

const LINK_OF: Partial<Record<ActionId, ExternalLink>> = {
  open_ai_clients: 'ai_clients',
  open_subscriptions: 'subscriptions',
  open_docs: 'docs',
  open_addon_download: 'addon_download',
};

export function incidentKeyOf(app: AppState): string {
  return app.snapshot.problems
    .map((problem) => problem.id)
    .sort()
    .join(',');
}

function announce(level: Level, app: AppState): string {
  const first = app.snapshot.problems[0];
  const words = statusWords(app.snapshot);
  return first && level !== 'ok' ? `Status: ${words}. ${first.title}.` : `Status: ${words}.`;
}

export function createWindowStore(bridge: MonitorBridge | undefined): WindowStore {
  return createStore<WindowState & WindowActions>()((set, get) => {
    /**
     * Runs a bridge call with a busy flag. Main's answer is an envelope: a failure shows the
     * reason main gave; only an invoke that got no answer at all shows BRIDGE_DOWN.
     */
    async function withBusy<T>(
      key: BusyKey,
      call: (bridge: MonitorBridge) => Promise<IpcResult<T>>,
      success?: string,
    ): Promise<IpcResult<T> | undefined> {
      if (get().busy[key]) return undefined;
      if (!bridge) {
        set({ notice: { tone: 'error', text: BRIDGE_DOWN } });
        return undefined;
      }
      set((state) => ({ busy: { ...state.busy, [key]: true }, notice: null }));
      try {
        const result = await call(bridge);
        if (!result.ok) {
          // A failed sign-in is already on screen from AppState.signIn (the banner): say it once.
          const shown = key === 'sign_in' && get().app?.signIn.state === 'failed';
          if (!shown) {
            set({ notice: { tone: 'error', text: failureText(FAILED_TO[key], result.error) } });
          }
        } else if (success) {
          set({ notice: { tone: 'success', text: success } });
        }
        return result;
      } catch (error) {
        set({ notice: { tone: 'error', text: friendlyError(error) } });
        return undefined;
      } finally {
        set((state) => {
          const busy = { ...state.busy };
          delete busy[key];
          return { busy };
        });
      }
    }

    function receive(app: AppState): void {
      const previous = get();
      const key = incidentKeyOf(app);
      const next: Partial<WindowState> = { app, connection: 'ready', connectionError: null };
      if (key !== previous.incidentKey) {
        next.incidentKey = key;
        next.ticked = {};
      }
      if (previous.app?.snapshot.level !== app.snapshot.level || previous.announcement === '') {
        next.announcement = announce(app.snapshot.level, app);
      }
      if (app.focusProblem && app.focusProblem !== previous.app?.focusProblem) {
        next.tab = 'status';
      }
      set(next);
    }

    return {
      app: null,
      connection: bridge ? 'connecting' : 'failed',
      connectionError: bridge ? null : BRIDGE_DOWN,
      tab: 'status',
      incidentKey: '',
      ticked: {},
      busy: {},
      notice: null,
      settingsFeedback: null,
      announcement: '',

      connect() {
        if (!bridge) return () => {};
        let pushed = false;
        let active = true;
        let unsubscribe: () => void = () => {};
        try {
          // Subscribe first so no push is lost while the first state is on its way; a push that
          // arrives first is newer than the answer to getState and wins.
          unsubscribe = bridge.onState((app) => {
            if (!active) return;
            pushed = true;
            receive(app);
          });
          set({ connection: 'connecting', connectionError: null });
          bridge.getState().then(
            (result) => {
              if (!active || pushed) return;
              if (result.ok) receive(result.value);
              else {
                set({
                  connection: 'failed',
                  connectionError: failureText("Could not load the monitor's state", result.error),
                });
              }
            },
            (error: unknown) => {
              if (active && !pushed) {
                set({ connection: 'failed', connectionError: friendlyError(error) });
              }
            },
          );
        } catch (error) {
          set({ connection: 'failed', connectionError: friendlyError(error) });
        }
        return () => {
          active = false;
          unsubscribe();
        };
      },

      setTab(tab) {
        set({ tab });
      },

      toggleStep(problemId, index) {
        const id = `${problemId}:${index}`;
        set((state) => {
          const ticked = { ...state.ticked };
          if (ticked[id]) delete ticked[id];
          else ticked[id] = true;
          return { ticked };
        });
      },

      async run(action) {
        switch (action) {
          case 'check_now':
            await withBusy(action, (b) => b.checkNow());
            return;
          case 'sign_in':
            await withBusy(action, (b) => b.signIn());
            return;
          case 'copy_diagnostics':
            await withBusy(
              action,
              (b) => b.copyDiagnostics(),
              'Safe diagnostics copied. Paste them into your CrossTrade support ticket.',
            );
            return;
          case 'open_ai_clients':
          case 'open_subscriptions':
          case 'open_docs':
          case 'open_addon_download': {
            const link = LINK_OF[action];
            if (link) await withBusy(action, (b) => b.openExternal(link));
            return;
          }
        }
      },

      async copyReport(incident) {
        await withBusy(
          'copy_report',
          (b) => b.copyDiagnostics(incident),
          'Report copied, with the error redacted. Paste it into your CrossTrade support ticket.',
        );
      },

      async signOut() {
        await withBusy(
          'sign_out',
          (b) => b.signOut(),
          'Signed out. The monitor stops checking until you sign in again.',
        );
      },

      async saveSettings(patch) {
        if (get().busy.save_settings) return;
        set({ settingsFeedback: null });
        await withBusy('save_settings', async (b) => {
          try {
            const result = await b.setSettings(patch);
            if (result.ok) {
              const app = get().app;
              if (app) set({ app: { ...app, settings: result.value } });
              set({ settingsFeedback: { ok: true } });
            } else {
              const error = failureText(FAILED_TO.save_settings, result.error);
              set({ settingsFeedback: { ok: false, error } });
            }
          } catch (error) {
            const text = failureText(FAILED_TO.save_settings, friendlyError(error));
            set({ settingsFeedback: { ok: false, error: text } });
          }
          // The form shows the outcome beside the fields: nothing for the notice banner.
          return { ok: true, value: undefined };
        });
      },

      async pauseNotifications(request) {
        await withBusy('pause', (b) => b.pauseNotifications(request));
      },

      async resumeNotifications() {
        await withBusy('resume', (b) => b.resumeNotifications());
      },

      async installUpdate() {
        await withBusy('install_update', (b) => b.installUpdate());
      },

      dismissNotice() {
        set({ notice: null });
      },

      clearSettingsFeedback() {
        if (get().settingsFeedback) set({ settingsFeedback: null });
      },
    };
  });
}

export const StoreContext = createContext<WindowStore | null>(null);

/** Reads a slice of the window store; re-renders only when that slice changes. */
export function useWindow<T>(selector: (state: WindowState & WindowActions) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useWindow needs a StoreContext provider');
  return useStore(store, selector);
}
