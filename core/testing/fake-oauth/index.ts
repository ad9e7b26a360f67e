export * from './helpers.js';
export * from './server.js';
