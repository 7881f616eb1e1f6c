/**
 * The rate budget key of an account's Gusto calls. Gusto counts requests per OAuth grant (FACTS
 * §5; https://docs.gusto.com/app-integrations/docs/rate-limits), and an account holds one live
 * grant at a time. Keyed by the account, the key is known wherever a call is made or queued: in
 * the connect flow before the company is known, and when a hand-off is queued. A grant of a
 * reconnect inherits the old one's last window (a little budget unused, never a call too many).
 */
export function gustoBudgetKey(account_id: string): string {
  return `gusto:${account_id}`;
}
