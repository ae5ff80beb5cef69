import type { CallRecord } from "../core/call-record.js";
import type { LedgerStore } from "../core/ledger.js";

export const APPEND_BATCH_SIZE = 2000;

export interface AppendStreamResult {
  /** Records read from the stream. */
  read: number;
  /** Records the ledger did not hold yet. */
  added: number;
}

/**
 * Appends a stream of records in batches (one transaction each), so memory stays one batch
 * whatever the stream's length. Records already stored (same id) are skipped by the store.
 *
 * @example
 * const { read, added } = await appendStream(ledger, readLogs(paths, { prices }).records);
 * console.log(`${added} new, ${read - added} already present`);
 */
export async function appendStream(
  store: LedgerStore,
  records: AsyncIterable<CallRecord>,
  options: { batchSize?: number; onBatch?: (result: AppendStreamResult) => void } = {},
): Promise<AppendStreamResult> {
  const batchSize = options.batchSize ?? APPEND_BATCH_SIZE;
  const result: AppendStreamResult = { read: 0, added: 0 };
  let batch: CallRecord[] = [];
  const flush = async () => {
    result.added += await store.append(batch);
    result.read += batch.length;
    batch = [];
    options.onBatch?.({ ...result });
  };
  for await (const record of records) {
    batch.push(record);
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  return result;
}
