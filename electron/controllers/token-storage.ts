// The "Remember sign-in without a keyring (unencrypted)" opt-in: where Linux has no keyring, the
// trader may let the tokens be kept in basic_text. Toggling it saves the choice, asks the OS
// again which storage that allows and moves the token store over.
import type { SecretStorage } from '../../shared/ipc';
import type { SecretStorageDecision } from '../policy/secret-storage';

export interface TokenStorageOptions {
  /** The saved opt-in (the desktop state file). */
  load: () => boolean;
  save: (optIn: boolean) => void;
  /** Which storage the OS allows with this opt-in (safeStorage in the app). */
  probe: (optIn: boolean) => Promise<SecretStorageDecision>;
  tokenStore: {
    readonly mode: SecretStorage;
    setDecision(decision: SecretStorageDecision): Promise<void>;
  };
}

type Listener = (mode: SecretStorage) => void;

export class TokenStorageController {
  private readonly listeners = new Set<Listener>();

  constructor(private readonly options: TokenStorageOptions) {}

  get optIn(): boolean {
    return this.options.load();
  }

  get mode(): SecretStorage {
    return this.options.tokenStore.mode;
  }

  async toggle(): Promise<void> {
    const optIn = !this.options.load();
    this.options.save(optIn);
    await this.options.tokenStore.setDecision(await this.options.probe(optIn));
    for (const listener of [...this.listeners]) listener(this.mode);
  }

  /** Called after every toggle with the storage now in use. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
