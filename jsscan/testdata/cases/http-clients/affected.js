// Node HTTP clients and axios instances carrying an ID token (from passport-auth0's extraParams).
const axios = require('axios');
const got = require('got');
const superagent = require('superagent');
const request = require('request');
const Auth0Strategy = require('passport-auth0');
const passport = require('passport');

const DOMAIN = process.env.AUTH0_DOMAIN;
const api = axios.create({ baseURL: `https://${DOMAIN}/api/v2/` });

passport.use(new Auth0Strategy({ domain: DOMAIN, clientID: 'x', callbackURL: '/cb' }, function (accessToken, refreshToken, extraParams, profile, done) {
  const idToken = extraParams.id_token;
  api.interceptors.request.use((config) => {
    config.headers.Authorization = `Bearer ${idToken}`; // want: link-idtoken-bearer
    return config;
  });
  api.post(`users/${profile.id}/identities`, { link_with: 'x' });

  got.delete(`https://${DOMAIN}/api/v2/users/${profile.id}/identities/github/123`, {
    headers: { authorization: 'Bearer ' + extraParams.id_token }, // want: unlink-idtoken-bearer
  });

  superagent.post(`https://${DOMAIN}/api/v2/users/${profile.id}/identities`)
    .set('Authorization', `Bearer ${idToken}`) // want: link-idtoken-bearer
    .send({ link_with: 'x' })
    .then(() => done(null, profile));

  request({ method: 'POST', url: `https://${DOMAIN}/api/v2/users/${profile.id}/identities`, auth: { bearer: idToken }, json: { link_with: 'x' } }); // want: link-idtoken-bearer
}));
