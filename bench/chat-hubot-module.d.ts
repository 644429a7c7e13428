/**
 * The part of Hubot's API (`hubot` 14, an ESM package without type declarations) that the chat
 * benchmark uses.
 */
declare module 'hubot' {
  export class User {
    constructor(id: string, options?: Record<string, unknown>);
    id: string;
    name: string;
    room?: string;
  }

  export class Message {
    user: User;
    room?: string;
    done: boolean;
    finish(): void;
  }

  export class TextMessage extends Message {
    constructor(user: User, text: string, id?: string);
    text: string;
    id?: string;
  }

  export interface Envelope {
    room?: string;
    user?: User;
    message?: Message;
  }

  export class Response {
    robot: Robot;
    message: TextMessage;
    match: RegExpMatchArray;
    envelope: Envelope;
    send(...strings: string[]): Promise<unknown>;
    reply(...strings: string[]): Promise<unknown>;
  }

  export class Adapter {
    constructor(robot: Robot);
    robot: Robot;
    send(envelope: Envelope, ...strings: string[]): Promise<unknown>;
    reply(envelope: Envelope, ...strings: string[]): Promise<unknown>;
    run(): Promise<void>;
    close(): void;
    receive(message: Message): Promise<void>;
  }

  /** What `new Robot(adapter)` accepts in place of an adapter name: `use(robot)` builds it. */
  export interface AdapterFactory {
    use(robot: Robot): Adapter | Promise<Adapter>;
  }

  export class Robot {
    constructor(adapter: string | AdapterFactory, httpd?: boolean, name?: string, alias?: string | false);
    name: string;
    alias: string | false;
    adapter: Adapter;
    listeners: unknown[];
    loadAdapter(adapterPath?: string | null): Promise<void>;
    run(): Promise<void>;
    respond(regex: RegExp, callback: (res: Response) => unknown): void;
    respond(regex: RegExp, options: Record<string, unknown>, callback: (res: Response) => unknown): void;
    hear(regex: RegExp, callback: (res: Response) => unknown): void;
    receive(message: Message): Promise<unknown>;
    shutdown(): void;
  }
}
