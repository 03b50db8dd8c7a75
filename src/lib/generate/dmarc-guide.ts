// The DMARC rollout guide (RFC 9989 §7.2 and the t= test flag of §4.7): monitor, test, quarantine, reject.
// One copy, used by the domain check's DMARC panel and by the DMARC generator.

import type { DmarcRequest } from '../dmarc/parse';

export interface RolloutStage {
  p: DmarcRequest;
  /** RFC 9989 §4.7 t=y: receivers apply one step less than p while the domain tests the policy. */
  testing: boolean;
  title: string;
  text: string;
}

export const DMARC_ROLLOUT: readonly RolloutStage[] = [
  {
    p: 'none',
    testing: false,
    title: '1. Monitor: p=none',
    text: 'Nothing is blocked. Collect aggregate reports (rua) for 2–4 weeks and make every legitimate sender pass SPF or DKIM aligned with your domain.',
  },
  {
    p: 'quarantine',
    testing: true,
    title: '2. Test quarantine: p=quarantine; t=y',
    text: 'Receivers that understand t=y (RFC 9989) apply one step less: failing mail is still delivered but reports show what would be quarantined. Older receivers apply quarantine.',
  },
  {
    p: 'quarantine',
    testing: false,
    title: '3. Quarantine: p=quarantine',
    text: 'Failing mail goes to spam. Watch the reports for a few weeks for senders you missed.',
  },
  {
    p: 'reject',
    testing: false,
    title: '4. Reject: p=reject',
    text: 'Failing mail is refused. This is the goal: nobody can send as your domain. Keep reading reports.',
  },
];

/**
 * The index of the stage a policy is at, or -1 when it is none of them (no policy, or `p=reject; t=y`, a test of
 * reject the guide has no step for). RFC 9989 §4.7: t=y changes nothing for p=none, which is still monitoring.
 */
export function rolloutStage(p: DmarcRequest | null, testing: boolean): number {
  if (p === 'none') return 0;
  return DMARC_ROLLOUT.findIndex((stage) => stage.p === p && stage.testing === testing);
}
