// A barrel: named and default re-exports, renamed on the way.
export { currentIdToken as primaryToken, currentAccessToken } from './session.js';
export { default as postIdentity } from './management.js';
export { default as session } from './session.js';
