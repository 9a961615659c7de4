// @flow
function f(x: ?string): %checks { return !!x }
const y = (x: any);
