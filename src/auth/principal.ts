/** Who a request comes from, as authentication established it. */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'user'; name: string; method: 'password' | 'api-key' | 'certificate' };

export const ANONYMOUS: Principal = Object.freeze({ kind: 'anonymous' });

/** The principal's name for logs and rate limits: never a credential. */
export function principalName(principal: Principal): string | undefined {
  return principal.kind === 'user' ? principal.name : undefined;
}
