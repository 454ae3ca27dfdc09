export * from './item.js';
export * from './analysis.js';
export * from './score.js';
export * from './notification.js';
export * from './errors.js';
export * from './item.sanitize.js';
export * from './analysis.schema.js';
export * from './signal.schema.js';
