export function noop() { return 1; }
