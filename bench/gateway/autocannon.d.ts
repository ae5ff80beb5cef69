/** The small part of autocannon's API the bench uses (the package ships no types). */
declare module "autocannon" {
  namespace autocannon {
    interface Options {
      url: string;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      connections?: number;
      duration?: number;
      overallRate?: number;
    }
    interface Result {
      non2xx: number;
      errors: number;
      requests: { average: number; total: number };
    }
    interface Instance {
      on(event: "response", listener: (client: unknown, statusCode: number, bytes: number, responseTime: number) => void): void;
      once(event: "done", listener: (result: Result) => void): void;
      once(event: "error", listener: (error: Error) => void): void;
    }
  }
  function autocannon(options: autocannon.Options): autocannon.Instance;
  export default autocannon;
}
