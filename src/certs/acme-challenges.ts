// The DNS-01 challenges of an ACME order: which ones to prove, and answering them one at a time.
import type acme from 'acme-client';
import { requireTimeFor, type ActivityDeadline } from '../activity-deadline.js';
import { AppError } from '../errors.js';
import type { ChallengeValue } from './challenge-records.js';

export interface PendingChallenge {
  authorization: acme.Authorization;
  challenge: Parameters<acme.Client['completeChallenge']>[0];
  value: ChallengeValue;
}

/** An authorization the ACME server could not validate, with the reason it gave. */
export interface FailedValidation {
  identifier: string;
  detail: string;
}

/** Authorizations still to prove; ones the CA already holds as valid need no record. */
export async function pendingChallenges(
  client: acme.Client,
  order: acme.Order,
): Promise<PendingChallenge[]> {
  const authorizations = await client.getAuthorizations(order);
  const pending: PendingChallenge[] = [];
  for (const authorization of authorizations) {
    if (authorization.status === 'valid') continue;
    const challenge = authorization.challenges.find((c) => c.type === 'dns-01');
    if (!challenge) {
      throw new AppError(
        'validation',
        'NoDnsChallenge',
        `the ACME server offers no dns-01 challenge for ${authorization.identifier.value}`,
      );
    }
    const value = await client.getChallengeKeyAuthorization(challenge);
    pending.push({
      authorization,
      challenge,
      value: {
        identifier: authorization.identifier.value,
        wildcard: authorization.wildcard === true,
        value,
      },
    });
  }
  return pending;
}

/**
 * Answers the challenges one after the other and waits for each authorization. Stops at the
 * first the ACME server finds invalid and returns it: the order cannot succeed any more, and
 * answering the others would only spend more of Let's Encrypt's failed-validation limit.
 * Anything else that goes wrong is thrown.
 */
export async function answerChallenges(
  client: acme.Client,
  order: acme.Order,
  pending: readonly PendingChallenge[],
  deadline?: ActivityDeadline,
): Promise<FailedValidation | undefined> {
  for (const p of pending) {
    // Each answer starts a status poll that cannot be cut short: none starts past the budget.
    requireTimeFor(deadline, `answering the ACME challenge for ${p.value.identifier}`);
    await client.completeChallenge(p.challenge);
    try {
      await client.waitForValidStatus(p.authorization);
    } catch (error) {
      const failed = await invalidAuthorization(client, order, p);
      if (!failed) throw error;
      return failed;
    }
  }
  return undefined;
}

/** The authorization as the ACME server has it now, when it is `invalid`. */
async function invalidAuthorization(
  client: acme.Client,
  order: acme.Order,
  p: PendingChallenge,
): Promise<FailedValidation | undefined> {
  const now = (await client.getAuthorizations(order)).find((a) => a.url === p.authorization.url);
  if (now?.status !== 'invalid') return undefined;
  const challenge = now.challenges.find((c) => c.type === 'dns-01');
  const error = (challenge as { error?: { detail?: string } } | undefined)?.error;
  const wildcard = now.wildcard ? '*.' : '';
  return {
    identifier: `${wildcard}${now.identifier.value}`,
    detail: error?.detail ?? 'the authorization is invalid',
  };
}
