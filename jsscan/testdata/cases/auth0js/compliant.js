// auth0.js, migrated: access tokens as bearer, the secondary's ID token as link_with.
var webAuth = new auth0.WebAuth({ domain: AUTH0_DOMAIN, clientID: AUTH0_CLIENT_ID, responseType: 'token id_token' });

// compliant: access token from parseHash, link_with body
function linkWithFetch(secondaryIdToken) {
  webAuth.parseHash(function (err, authResult) {
    fetch('https://' + AUTH0_DOMAIN + '/api/v2/users/' + authResult.idTokenPayload.sub + '/identities', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + authResult.accessToken },
      body: JSON.stringify({ link_with: secondaryIdToken }),
    });
  });
}

// compliant: Management built from an access token without the user-scoped link scope
function managementFromAccessToken(primaryUserId) {
  webAuth.checkSession({}, function (err, result) {
    var mgmt = new auth0.Management({ domain: AUTH0_DOMAIN, token: result.accessToken });
    mgmt.getUser(primaryUserId, function () {});
  });
}

// compliant: the ID token used for what it is for (id_token_hint, your own API)
function idTokenElsewhere() {
  webAuth.parseHash(function (err, authResult) {
    webAuth.logout({ returnTo: location.origin, id_token_hint: authResult.idToken });
    fetch('https://api.example.com/api/v2/users/me/identities', { method: 'POST', headers: { Authorization: 'Bearer ' + authResult.idToken } });
  });
}

// compliant: unlink with an access token
function unlinkWithAccessToken(primaryUserId, provider, secondaryUserId) {
  webAuth.parseHash({ hash: window.location.hash }, function (err, authResult) {
    var xhr = new XMLHttpRequest();
    xhr.open('DELETE', 'https://' + AUTH0_DOMAIN + '/api/v2/users/' + primaryUserId + '/identities/' + provider + '/' + secondaryUserId);
    xhr.setRequestHeader('Authorization', 'Bearer ' + authResult.accessToken);
    xhr.send();
  });
}
