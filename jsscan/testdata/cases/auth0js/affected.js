// auth0.js in a browser app (script-tag global): ID tokens from parseHash/checkSession.
var webAuth = new auth0.WebAuth({ domain: AUTH0_DOMAIN, clientID: AUTH0_CLIENT_ID, responseType: 'token id_token' });

function linkWithFetch(secondaryIdToken) {
  webAuth.parseHash(function (err, authResult) {
    fetch('https://' + AUTH0_DOMAIN + '/api/v2/users/' + authResult.idTokenPayload.sub + '/identities', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + authResult.idToken }, // want: link-idtoken-bearer
      body: JSON.stringify({ link_with: secondaryIdToken }),
    });
  });
}

function managementFromIdToken(primaryUserId, secondaryIdToken) {
  webAuth.checkSession({}, function (err, result) {
    var mgmt = new auth0.Management({
      domain: AUTH0_DOMAIN,
      token: result.idToken, // want: auth0js-idtoken
    });
    mgmt.linkUser(primaryUserId, secondaryIdToken, function () {});
  });
}

function managementWithUserScope(primaryUserId, secondaryIdToken) {
  webAuth.checkSession({ audience: 'https://' + AUTH0_DOMAIN + '/api/v2/', scope: 'openid update:current_user_identities' }, function (err, result) {
    var mgmt = new auth0.Management({ domain: AUTH0_DOMAIN, token: result.accessToken });
    mgmt.linkUser(primaryUserId, secondaryIdToken, function () {}); // want: auth0js-current-user
  });
}

function unlinkWithIdToken(primaryUserId, provider, secondaryUserId) {
  webAuth.parseHash({ hash: window.location.hash }, function (err, authResult) {
    var token = authResult.idToken;
    var xhr = new XMLHttpRequest();
    xhr.open('DELETE', 'https://' + AUTH0_DOMAIN + '/api/v2/users/' + primaryUserId + '/identities/' + provider + '/' + secondaryUserId);
    xhr.setRequestHeader('Authorization', 'Bearer ' + token); // want: unlink-idtoken-bearer
    xhr.send();
  });
}
