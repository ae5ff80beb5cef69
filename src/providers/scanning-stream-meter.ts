import { emptyFacts, type ResponseFacts, type StreamMeter } from "./response-facts.js";
import { SseSplitter } from "./sse-splitter.js";

/**
 * Shared body of the SSE meters: decodes and splits the stream, hands each whole event to
 * `observe`, and either forwards the upstream bytes untouched or, when `filtering`, forwards only
 * the events `observe` kept.
 */
export abstract class ScanningStreamMeter implements StreamMeter {
  readonly facts: ResponseFacts = emptyFacts();
  complete = false;
  private readonly decoder = new TextDecoder();
  private readonly splitter = new SseSplitter();
  private kept = "";
  private readonly keep = (raw: string): void => {
    if (this.observe(raw)) this.kept += raw + "\n\n";
  };
  private readonly scan = (raw: string): void => {
    this.observe(raw);
  };

  constructor(private readonly filtering: boolean) {}

  /** Reads one event; returns false to drop it from what the client receives. */
  protected abstract observe(raw: string): boolean;

  push(chunk: Buffer): Buffer | string {
    const text = this.decoder.decode(chunk, { stream: true });
    if (!this.filtering) {
      this.splitter.push(text, this.scan);
      return chunk;
    }
    this.splitter.push(text, this.keep);
    const out = this.kept;
    this.kept = "";
    return out;
  }

  finish(): string {
    const rest = this.splitter.rest() + this.decoder.decode();
    if (rest.trim().length > 0) {
      const kept = this.observe(rest);
      if (this.filtering && kept) return rest;
    }
    return "";
  }
}
