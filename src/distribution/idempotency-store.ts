/**
 * The answers given to send requests that carried an Idempotency-Key, so that a repeated
 * request gets the same answer without sending anything again. An answer lists the
 * recipients: it is kept only a day (purge-distributions.ts).
 */

export interface IdempotentAnswer {
  /** The distribution the key was used for: the same key for another one is refused. */
  distributionId: string;
  /** The answer as given, JSON-serialisable. */
  body: unknown;
}

export interface IdempotencyStore {
  get(key: string): Promise<IdempotentAnswer | undefined>;
  /** Keeps the first answer saved under a key; a later one is ignored. */
  save(key: string, answer: IdempotentAnswer): Promise<void>;
  /** Forgets the answers saved before `createdBefore` (ISO time); returns how many. */
  deleteBefore(createdBefore: string): Promise<number>;
}
