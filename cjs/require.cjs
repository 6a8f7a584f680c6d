// `require('me-unify')` lands here (package.json exports, "require" condition): the package is ES
// modules only, and this says so instead of a raw resolution error.
throw new Error(
  "me-unify is an ES module package: use `import { convert } from 'me-unify'` (or `await import('me-unify')` from CommonJS); require('me-unify') is not supported.",
);
