export * from './dataset.js';
export * from './issue.js';
export * from './sample.js';
