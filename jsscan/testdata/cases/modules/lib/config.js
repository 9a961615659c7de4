export default { domain: 'dev-x1y2z3.us.auth0.com', clientId: '9fQw3Nn0aB' };
