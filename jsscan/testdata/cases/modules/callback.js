// A function handing its caller's callback an object of tokens: the finding is where the
// callback uses the ID token, not at the call of the callback.
const { WebAuth, Management } = require('auth0-js');

const webAuth = new WebAuth({ domain: 'acme.auth0.com', clientID: 'x', responseType: 'token id_token' });

function onLogin(cb) {
  webAuth.checkSession({}, (err, authResult) => {
    if (err) return cb(err);
    const { idToken: primary = '', accessToken } = authResult || {};
    cb(null, { primary, accessToken });
  });
}

onLogin((err, { primary }) => {
  const mgmt = new Management({ domain: 'acme.auth0.com', token: primary }); // want: auth0js-idtoken
  mgmt.linkUser('auth0|1', 'secondary-token', () => {});
});

// compliant: the callback builds the client from the access token
onLogin((err, { accessToken }) => {
  const mgmt = new Management({ domain: 'acme.auth0.com', token: accessToken });
  mgmt.linkUser('auth0|1', 'secondary-token', () => {});
});
