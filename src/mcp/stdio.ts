/**
 * MCP over stdio (newline-delimited JSON-RPC), answering `initialize` as soon as it arrives. The
 * MCP SDK (with zod and ajv) takes about half a CPU-second to load; a client waiting for the
 * handshake should not. The transport reads from process start; an `initialize` it can answer
 * (initializeResult, src/mcp/identity.ts) is answered at once, and every message, that one
 * included, is handed to the SDK's Server when it connects, so the server's state is what the
 * handshake made it. The server's own answer to a request answered early is dropped (kept in
 * `superseded`: test/mcp/stdio.test.ts checks it is the same answer).
 *
 * Implements the SDK's Transport interface structurally: this module loads no SDK.
 */
import type { Readable, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { initializeResult } from './identity';

// biome-ignore lint/suspicious/noExplicitAny: JSON-RPC messages as the SDK types them (JSONRPCMessage), not imported here
type Message = any;
type Id = string | number;

export class EarlyStdioTransport {
  onmessage?: (message: Message) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;
  /** The server's answers to requests this transport answered early (dropped, not sent). */
  readonly superseded: Message[] = [];
  private pending: (Message | Error)[] = [];
  private started = false;
  private closed = false;
  private buffer = '';
  private readonly decoder = new StringDecoder('utf8');
  private readonly answeredEarly = new Set<Id>();

  constructor(
    private readonly input: Readable = process.stdin,
    private readonly output: Writable = process.stdout,
  ) {}

  /** Starts reading (and answering `initialize`) now, before a server connects. */
  listen(): this {
    this.input.on('data', this.onData);
    this.input.on('error', this.onInputError);
    return this;
  }

  /** Called by the SDK's Server on connect: hands it every message received so far, in order. */
  async start(): Promise<void> {
    if (this.started) throw new Error('EarlyStdioTransport already started');
    this.started = true;
    const pending = this.pending;
    this.pending = [];
    for (const m of pending) this.deliver(m);
  }

  async send(message: Message): Promise<void> {
    if (('result' in message || 'error' in message) && this.answeredEarly.delete(message.id)) {
      this.superseded.push(message);
      return;
    }
    const json = `${JSON.stringify(message)}\n`;
    if (!this.output.write(json)) await new Promise((resolve) => this.output.once('drain', resolve));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.input.off('data', this.onData);
    this.input.off('error', this.onInputError);
    this.onclose?.();
  }

  private readonly onInputError = (err: Error) => this.receive(err);

  private readonly onData = (chunk: Buffer | string) => {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    for (let i = this.buffer.indexOf('\n'); i >= 0; i = this.buffer.indexOf('\n')) {
      const line = this.buffer.slice(0, i).replace(/\r$/, '');
      this.buffer = this.buffer.slice(i + 1);
      if (!line.trim()) continue;
      let message: Message;
      try {
        message = JSON.parse(line);
      } catch (err) {
        this.receive(err as Error);
        continue;
      }
      if (!this.started && message?.method === 'initialize' && message.id !== undefined && !this.answeredEarly.size)
        this.answerEarly(message);
      this.receive(message);
    }
  };

  private answerEarly(request: Message): void {
    const result = initializeResult(request.params);
    if (!result) return;
    this.answeredEarly.add(request.id);
    this.output.write(`${JSON.stringify({ result, jsonrpc: '2.0', id: request.id })}\n`);
  }

  private receive(m: Message | Error): void {
    if (this.started) this.deliver(m);
    else this.pending.push(m);
  }

  private deliver(m: Message | Error): void {
    if (m instanceof Error) this.onerror?.(m);
    else this.onmessage?.(m);
  }
}
