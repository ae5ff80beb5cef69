import type { ServerResponse } from "node:http";
import type { CallAttribution, CallContext, CallIdentity, ClientApi, ShortCircuit } from "../core/call-context.js";
import type { CallRecord, PriceVector } from "../core/call-record.js";
import type { LedgerEvent } from "../core/ledger-event.js";
import type { ModelPrice } from "../core/pricing.js";
import type { ApiAdapter } from "../providers/response-facts.js";
import type { ResolvedProvider } from "./config/resolve.js";

/** Counts the prompt tokens of a request body; only called when a policy reads `promptTokens`. */
export type PromptCounter = (api: ClientApi, body: Record<string, unknown>, model: string) => number;

/**
 * The CallContext of one gateway call. Two fields are lazy because most calls never need them:
 * `promptTokens` is counted on first read, and reading `body` marks it as possibly edited, so an
 * untouched request is forwarded as the client's own bytes.
 */
export class GatewayCallContext implements CallContext {
  readonly requestId: string;
  readonly startedAt: number;
  readonly api: ClientApi;
  provider: string;
  model: string;
  readonly stream: boolean;
  maxOutputTokens: number | undefined;
  price: ModelPrice | undefined;
  identity: CallIdentity;
  attribution: CallAttribution;
  priceVector: PriceVector;
  responseHeaders: Record<string, string> = {};
  events: LedgerEvent[] = [];
  shortCircuit?: ShortCircuit;
  record?: CallRecord;
  response?: { status: number; body: unknown };
  private readonly clientResponse: ServerResponse;
  private controller: AbortController | undefined;

  readonly resolvedProvider: ResolvedProvider;
  readonly adapter: ApiAdapter;
  /** Set when a policy read or replaced the body. */
  bodyTouched = false;
  private parsedBody: Record<string, unknown>;
  private countedTokens: number | undefined;

  constructor(
    fields: {
      requestId: string;
      startedAt: number;
      api: ClientApi;
      provider: ResolvedProvider;
      adapter: ApiAdapter;
      model: string;
      body: Record<string, unknown>;
      stream: boolean;
      price: ModelPrice | undefined;
      identity: CallIdentity;
      attribution: CallAttribution;
      priceVector: PriceVector;
      /** The client's response; it emits `abort` when the client goes away before the end. */
      response: ServerResponse;
    },
    private readonly countPrompt: PromptCounter,
  ) {
    this.resolvedProvider = fields.provider;
    this.adapter = fields.adapter;
    this.requestId = fields.requestId;
    this.startedAt = fields.startedAt;
    this.api = fields.api;
    this.provider = fields.provider.name;
    this.model = fields.model;
    this.parsedBody = fields.body;
    this.stream = fields.stream;
    this.maxOutputTokens = fields.adapter.maxOutputTokens(fields.body);
    this.price = fields.price;
    this.identity = fields.identity;
    this.attribution = fields.attribution;
    this.priceVector = fields.priceVector;
    this.clientResponse = fields.response;
  }

  get body(): Record<string, unknown> {
    this.bodyTouched = true;
    return this.parsedBody;
  }

  set body(value: Record<string, unknown>) {
    this.bodyTouched = true;
    this.parsedBody = value;
  }

  /** The body without marking it touched (for the gateway's own reads). */
  get untrackedBody(): Record<string, unknown> {
    return this.parsedBody;
  }

  /** Made on first read: most calls never need an AbortSignal, and making one costs. */
  get signal(): AbortSignal {
    if (!this.controller) {
      const controller = (this.controller = new AbortController());
      if (this.clientResponse.destroyed && !this.clientResponse.writableFinished) controller.abort();
      else this.clientResponse.once("abort", () => controller.abort());
    }
    return this.controller.signal;
  }

  get promptTokens(): number {
    this.countedTokens ??= this.countPrompt(this.api, this.parsedBody, this.model);
    return this.countedTokens;
  }

  set promptTokens(value: number) {
    this.countedTokens = value;
  }
}
