export * from './errors.js';
export * from './ed25519.js';
export * from './p256.js';
