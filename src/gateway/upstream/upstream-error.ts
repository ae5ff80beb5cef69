import { TokenomyError } from "../../core/errors/index.js";

/** Maps a failed upstream request (no HTTP answer) to the error the client gets and its class. */
export function upstreamFailure(error: unknown, providerName: string): { error: TokenomyError; errorClass: string } {
  const code = (error as { code?: string } | undefined)?.code ?? "";
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || code === "UND_ERR_CONNECT_TIMEOUT") {
    return {
      error: new TokenomyError("upstream_timeout", `provider ${providerName} did not answer in time`, { cause: error }),
      errorClass: "upstream_timeout",
    };
  }
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "UND_ERR_CONNECT") {
    return {
      error: new TokenomyError("upstream_unreachable", `provider ${providerName} is unreachable (${code})`, { cause: error }),
      errorClass: "upstream_unreachable",
    };
  }
  return {
    error: new TokenomyError("upstream_error", `the call to provider ${providerName} failed${code ? ` (${code})` : ""}`, { cause: error }),
    errorClass: "upstream_error",
  };
}

/** Whether an error is the abort the gateway raised because the client went away. */
export function isAbort(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  return name === "AbortError" || (error as { code?: string } | undefined)?.code === "UND_ERR_ABORTED";
}
