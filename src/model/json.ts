/** Plain JSON data, as stored and as passed between components. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
/** Loosely typed parameters and payloads: user data whose shape is checked by schemas at runtime. */
export type Params = Record<string, unknown>;
