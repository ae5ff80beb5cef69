import { emptyFacts, type ResponseFacts, type StreamMeter } from "./response-facts.js";
import { SseSplitter } from "./sse-splitter.js";

/** Past this many characters of kept events, later events' text is only measured (about 4 characters a token). */
const maxKeptChars = 4 * 1024 * 1024;

/**
 * Shared body of the SSE meters: decodes and splits the stream, hands each whole event to
 * `observe`, and either forwards the upstream bytes untouched or, when `filtering`, forwards only
 * the events `observe` kept. Every event is also kept by reference (no copy, no parse) so that a
 * stream cut before its usage report can be estimated from what was forwarded.
 */
export abstract class ScanningStreamMeter implements StreamMeter {
  readonly facts: ResponseFacts = emptyFacts();
  complete = false;
  private readonly decoder = new TextDecoder();
  private readonly splitter = new SseSplitter();
  private kept = "";
  private readonly received: string[] = [];
  private receivedChars = 0;
  private unkeptChars = 0;
  private readonly keep = (raw: string): void => {
    this.remember(raw);
    if (this.observe(raw)) this.kept += raw + "\n\n";
  };
  private readonly scan = (raw: string): void => {
    this.remember(raw);
    this.observe(raw);
  };

  constructor(private readonly filtering: boolean) {}

  /** Reads one event; returns false to drop it from what the client receives. */
  protected abstract observe(raw: string): boolean;

  /** Generated text (content, reasoning, tool arguments) one event carries; only read after a cut. */
  protected abstract generatedText(raw: string): string;

  /** True once the provider reported the final output count. */
  get outputReported(): boolean {
    return this.facts.usageReported;
  }

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
      this.remember(rest);
      const kept = this.observe(rest);
      if (this.filtering && kept) return rest;
    }
    return "";
  }

  /** Tokens of the text received so far, by `count`; events past the memory cap at ~4 characters a token. */
  receivedOutputTokens(count: (text: string) => number): number {
    let text = "";
    for (const raw of this.received) text += this.generatedText(raw);
    return (text.length > 0 ? count(text) : 0) + Math.ceil(this.unkeptChars / 4);
  }

  private remember(raw: string): void {
    if (this.receivedChars < maxKeptChars) {
      this.received.push(raw);
      this.receivedChars += raw.length;
    } else {
      this.unkeptChars += this.generatedText(raw).length;
    }
  }
}
