export * from './ref.js';
export * from './json.js';
export * from './chat-target.js';
export * from './execution.js';
export * from './trigger-instance.js';
export * from './content.js';
