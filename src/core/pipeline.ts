/**
 * The policy pipeline. A policy is a named async function of the call context and `next`, made
 * by a factory (`budget(options)`); the core composes them and knows none of them.
 *
 * @example
 * const run = compose([meter(), budget({ ... })]);
 * await run(context, async () => { await callUpstream(context); });
 */
export type Next = () => Promise<void>;

export interface Policy<Context> {
  (context: Context, next: Next): Promise<void>;
  /** Stable name, for logs, ledger events and benchmarks. */
  readonly policyName: string;
}

/** Names a policy function. */
export function definePolicy<Context>(name: string, run: (context: Context, next: Next) => Promise<void>): Policy<Context> {
  return Object.assign(run, { policyName: name }) as Policy<Context>;
}

/** Composes policies outermost first; `terminal` runs after the last one calls `next`. */
export function compose<Context>(policies: readonly Policy<Context>[]): (context: Context, terminal: Next) => Promise<void> {
  return (context, terminal) => {
    let index = -1;
    const dispatch = (position: number): Promise<void> => {
      if (position <= index) return Promise.reject(new Error("next() called more than once"));
      index = position;
      const policy = policies[position];
      if (!policy) return terminal();
      return policy(context, () => dispatch(position + 1));
    };
    return dispatch(0);
  };
}
