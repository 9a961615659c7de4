// Bearers set once for every request: axios defaults, jQuery beforeSend, fetch(new Request()).
import axios from 'axios';
import $ from 'jquery';
import auth0 from 'auth0-js';

const webAuth = new auth0.WebAuth({ domain: 'tenant.auth0.com', clientID: 'abc' });

export function linkWithAxiosDefaults(userId, secondary) {
  webAuth.checkSession({}, (err, res) => {
    axios.defaults.headers.common['Authorization'] = `Bearer ${res.idToken}`; // want: link-idtoken-bearer
    axios.post(`https://tenant.auth0.com/api/v2/users/${userId}/identities`, { link_with: secondary });
  });
}

export function unlinkWithBeforeSend(userId, identity) {
  webAuth.checkSession({}, (err, res) => {
    $.ajax({
      url: `https://tenant.auth0.com/api/v2/users/${userId}/identities/${identity.provider}/${identity.user_id}`,
      method: 'DELETE',
      beforeSend: (xhr) => xhr.setRequestHeader('Authorization', 'Bearer ' + res.idToken), // want: unlink-idtoken-bearer
    });
  });
}

export function linkWithRequest(userId, secondary) {
  webAuth.checkSession({}, (err, res) => {
    const req = new Request(`https://tenant.auth0.com/api/v2/users/${userId}/identities`, {
      method: 'POST',
      headers: { Authorization: 'Bearer ' + res.idToken }, // want: link-idtoken-bearer
      body: JSON.stringify({ link_with: secondary }),
    });
    return fetch(req);
  });
}
