import axios from 'axios';
import $ from 'jquery';
import auth0 from 'auth0-js';

const webAuth = new auth0.WebAuth({ domain: 'tenant.auth0.com', clientID: 'abc' });

// compliant: an access token in an axios instance's defaults
const api = axios.create();
export function linkWithAxiosDefaults(userId, secondary) {
  webAuth.checkSession({}, (err, res) => {
    api.defaults.headers.common['Authorization'] = `Bearer ${res.accessToken}`;
    api.post(`https://tenant.auth0.com/api/v2/users/${userId}/identities`, { link_with: secondary });
  });
}

// compliant: an access token set in beforeSend
export function unlinkWithBeforeSend(userId, identity) {
  webAuth.checkSession({}, (err, res) => {
    $.ajax({
      url: `https://tenant.auth0.com/api/v2/users/${userId}/identities/${identity.provider}/${identity.user_id}`,
      method: 'DELETE',
      beforeSend: (xhr) => xhr.setRequestHeader('Authorization', 'Bearer ' + res.accessToken),
    });
  });
}

// compliant: an ID token sent to the app's own API in a Request
export function linkWithRequest(userId, secondary) {
  webAuth.checkSession({}, (err, res) => {
    const req = new Request(`https://api.example.com/link/${userId}`, {
      method: 'POST',
      headers: { Authorization: 'Bearer ' + res.idToken },
      body: JSON.stringify({ link_with: secondary }),
    });
    return fetch(req);
  });
}
