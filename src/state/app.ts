// The app's shared services, created once.

import { DnsService } from './dns.svelte';
import { settings } from './settings.svelte';

export { settings };
export const dns = new DnsService(settings.dns);
