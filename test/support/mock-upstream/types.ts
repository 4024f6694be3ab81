// Public types of the mock upstream: what it records, how replies are scripted, the server handle.

export type RecordedRequest = {
  method: string;
  /** Pathname only, e.g. "/v1/chat/completions". */
  path: string;
  /** Search string including the "?", or "". */
  query: string;
  /** Header names are lower-cased. */
  headers: Record<string, string>;
  body: string;
  /** The parsed body when it is JSON, otherwise undefined. */
  json: unknown | undefined;
  /** performance.now() when the request arrived. */
  receivedAt: number;
  /** Becomes true when the client disconnects before the reply has finished. */
  aborted: boolean;
};

export type MockReply = (req: Request, recorded: RecordedRequest) => Response | Promise<Response>;

export type MockUpstreamOptions = {
  /** Consumed in order, one per request; when exhausted, defaultReply answers. */
  replies?: MockReply[];
  /** Default: openAIAndAnthropicDefault, configured with chunkCount and chunkIntervalMs. */
  defaultReply?: MockReply;
  /** Delay before every reply, scripted or default. */
  latencyMs?: number;
  /** Content chunks in the default reply's streams (default 3). */
  chunkCount?: number;
  /** Spacing between the default reply's stream events (default 0). */
  chunkIntervalMs?: number;
  /** Default 0: a free port. */
  port?: number;
  /** Default "127.0.0.1". */
  hostname?: string;
  /**
   * Default true. false keeps `requests` empty so a long benchmark does not grow memory;
   * requests are still counted for waitForRequests and x-mock-request-index.
   */
  recordRequests?: boolean;
};

export type MockUpstream = {
  /** "http://127.0.0.1:PORT/v1", like a real provider's base_url. */
  url: string;
  /** "http://127.0.0.1:PORT". */
  origin: string;
  port: number;
  requests: RecordedRequest[];
  enqueue(...replies: MockReply[]): void;
  /** Resolves once `count` requests have been received; rejects if the mock stops first. */
  waitForRequests(count: number): Promise<void>;
  /** Resolves once requests[index] is marked aborted (needs recordRequests, the default). */
  waitForAbort(index: number): Promise<void>;
  /** Force-closes open connections (server.stop(true)). */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
};

export type OpenAIUsage = {
  prompt_tokens: number;
  completion_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number; cache_write_tokens?: number };
};
export type AnthropicUsage = {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
};
