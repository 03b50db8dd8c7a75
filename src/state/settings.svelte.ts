// User settings (DoH provider, timeout, theme), persisted in localStorage on this device only.

import { DEFAULT_DNS_SETTINGS, type DnsSettings, type ProviderChoice } from '../lib/dns';

export type ThemeChoice = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'authlens.settings';

interface Stored extends DnsSettings {
  theme: ThemeChoice;
}

function load(): Partial<Stored> {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
    const value: unknown = raw ? JSON.parse(raw) : {};
    return typeof value === 'object' && value !== null ? (value as Partial<Stored>) : {};
  } catch {
    return {};
  }
}

const PROVIDERS: readonly ProviderChoice[] = ['cloudflare', 'google', 'custom'];
const THEMES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

export class Settings {
  provider = $state<ProviderChoice>(DEFAULT_DNS_SETTINGS.provider);
  customUrl = $state(DEFAULT_DNS_SETTINGS.customUrl);
  timeoutSeconds = $state(DEFAULT_DNS_SETTINGS.timeoutSeconds);
  theme = $state<ThemeChoice>('system');

  constructor() {
    const saved = load();
    if (saved.provider && PROVIDERS.includes(saved.provider)) this.provider = saved.provider;
    if (typeof saved.customUrl === 'string') this.customUrl = saved.customUrl;
    if (typeof saved.timeoutSeconds === 'number' && saved.timeoutSeconds >= 1 && saved.timeoutSeconds <= 30) {
      this.timeoutSeconds = saved.timeoutSeconds;
    }
    if (saved.theme && THEMES.includes(saved.theme)) this.theme = saved.theme;
  }

  get dns(): DnsSettings {
    return { provider: this.provider, customUrl: this.customUrl, timeoutSeconds: this.timeoutSeconds };
  }

  save(): void {
    const value: Stored = { ...this.dns, theme: this.theme };
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(value));
    } catch {
      // storage full or disabled: settings last for this visit only
    }
  }

  applyTheme(): void {
    if (typeof document === 'undefined') return;
    if (this.theme === 'system') document.documentElement.removeAttribute('data-theme');
    else document.documentElement.setAttribute('data-theme', this.theme);
  }
}

export const settings = new Settings();
