import { randomBytes } from 'node:crypto';

import { digestIn, keyDigest } from './api-key.js';
import {
  MalformedCredentials,
  readAuthorization,
  type Credentials,
} from './authorization-header.js';
import { canonicalSubject, type SubjectAttributes } from './certificate-subject.js';
import {
  hashPasswordArgon2id,
  passwordHasher,
  SCRYPT_DEFAULTS,
  type PasswordHash,
  type PasswordHasher,
} from './password-hash.js';
import { ANONYMOUS, type Principal } from './principal.js';
import type { User } from './users.js';
import { VerifiedCredentials } from './verified-credentials.js';

/** What a request offers to prove who it comes from. */
export interface AuthInput {
  authorization: string | undefined;
  /** The client certificate of a TLS connection that asked for one, or null. */
  certificate: { authorized: boolean; subject: SubjectAttributes } | null;
}

export type AuthOutcome =
  | { ok: true; principal: Principal }
  /** `reason` is for the log only; the client learns nothing but "not accepted". */
  | { ok: false; reason: string };

export interface AuthenticatorOptions {
  hasher?: PasswordHasher;
  clock?: () => number;
}

/**
 * Establishes the principal of a request from its Authorization header (Basic, Bearer or
 * Token) and its client certificate. Every Basic attempt costs exactly one password hash of the
 * configured cost: an unknown user, or a user without a password, is checked against a decoy
 * hash of the same cost, so the time taken does not tell which users exist.
 */
export class Authenticator {
  private readonly byName: ReadonlyMap<string, User>;
  private readonly bySubject: ReadonlyMap<string, User>;
  private readonly verified: VerifiedCredentials;

  private constructor(
    private readonly users: readonly User[],
    private readonly decoy: PasswordHash,
    private readonly hasher: PasswordHasher,
    clock: () => number,
  ) {
    this.byName = new Map(users.map((u) => [u.name, u]));
    this.bySubject = new Map(
      users.filter((u) => u.certificateSubject !== null).map((u) => [u.certificateSubject!, u]),
    );
    this.verified = new VerifiedCredentials(undefined, undefined, clock);
  }

  static async create(
    users: readonly User[],
    options: AuthenticatorOptions = {},
  ): Promise<Authenticator> {
    const reference = users.find((u) => u.password !== null)?.password ?? null;
    return new Authenticator(
      users,
      await decoyLike(reference),
      options.hasher ?? passwordHasher,
      options.clock ?? Date.now,
    );
  }

  /** False when no users are configured: the server is open and everyone is anonymous. */
  get enabled(): boolean {
    return this.users.length > 0;
  }

  async authenticate(input: AuthInput): Promise<AuthOutcome> {
    let credentials: Credentials | null;
    try {
      credentials = readAuthorization(input.authorization);
    } catch (error) {
      if (error instanceof MalformedCredentials) return { ok: false, reason: error.reason };
      throw error;
    }

    const byCertificate = this.certificateUser(input.certificate);
    if (byCertificate && !byCertificate.ok) return byCertificate;
    const certUser = byCertificate?.principal;

    if (credentials === null) return { ok: true, principal: certUser ?? ANONYMOUS };
    const outcome =
      credentials.scheme === 'basic'
        ? await this.verifyBasic(credentials.user, credentials.password)
        : this.verifyToken(credentials.token);
    if (!outcome.ok || !certUser) return outcome;
    if (
      outcome.principal.kind === 'user' &&
      certUser.kind === 'user' &&
      outcome.principal.name !== certUser.name
    ) {
      const reason = 'the client certificate and the credentials name different users';
      return { ok: false, reason };
    }
    return outcome;
  }

  private certificateUser(
    certificate: AuthInput['certificate'],
  ): { ok: true; principal: Principal } | { ok: false; reason: string } | null {
    if (certificate === null) return null;
    if (!certificate.authorized) {
      return { ok: false, reason: 'the client certificate is not trusted' };
    }
    const user = this.bySubject.get(canonicalSubject(certificate.subject));
    if (!user) return { ok: false, reason: 'the client certificate subject maps to no user' };
    return { ok: true, principal: { kind: 'user', name: user.name, method: 'certificate' } };
  }

  private async verifyBasic(name: string, password: string): Promise<AuthOutcome> {
    const remembered = this.verified.lookup(name, password);
    if (remembered !== undefined) return this.basicSuccess(remembered, password);

    const user = this.byName.get(name);
    // Exactly one hash per attempt, of the same cost whether or not the user exists.
    const passwordMatches = await this.hasher.verify(user?.password ?? this.decoy, password);
    const passwordOk = passwordMatches && user?.password != null;
    const keyOk = digestIn(keyDigest(password), user?.apiKeys ?? []);
    if (!user || (!passwordOk && !keyOk)) return { ok: false, reason: 'wrong user or password' };

    this.verified.remember(user.name, password);
    return this.basicSuccess(user.name, password);
  }

  private basicSuccess(name: string, password: string): AuthOutcome {
    const user = this.byName.get(name)!;
    const method = digestIn(keyDigest(password), user.apiKeys) ? 'api-key' : 'password';
    return { ok: true, principal: { kind: 'user', name, method } };
  }

  private verifyToken(token: string): AuthOutcome {
    const digest = keyDigest(token);
    let owner: User | undefined;
    // Every key of every user is compared, so the time does not depend on which one matches.
    for (const user of this.users) if (digestIn(digest, user.apiKeys)) owner = user;
    if (!owner) return { ok: false, reason: 'unknown API key' };
    return { ok: true, principal: { kind: 'user', name: owner.name, method: 'api-key' } };
  }
}

/** A hash no password matches whose verification costs what the reference's does. */
async function decoyLike(reference: PasswordHash | null): Promise<PasswordHash> {
  if (reference && reference.algorithm !== 'scrypt') {
    const { m, t, p } = reference;
    const phc = await hashPasswordArgon2id(randomBytes(32).toString('base64'), { m, t, p });
    return { ...reference, phc };
  }
  const cost = reference ?? { ...SCRYPT_DEFAULTS, hash: Buffer.alloc(32) };
  return {
    algorithm: 'scrypt',
    ln: cost.ln,
    r: cost.r,
    p: cost.p,
    salt: randomBytes(16),
    hash: randomBytes(cost.hash.length),
  };
}
