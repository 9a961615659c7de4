// auth0-react in a class component, through withAuth0 (this.props.auth0).
import React, { Component } from 'react';
import { withAuth0 } from '@auth0/auth0-react';

class LinkedAccounts extends Component {
  async link(secondary) {
    const { getIdTokenClaims, user } = this.props.auth0;
    const claims = await getIdTokenClaims();
    await fetch(`https://${process.env.REACT_APP_DOMAIN}/api/v2/users/${user.sub}/identities`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${claims.__raw}` }, // want: link-idtoken-bearer
      body: JSON.stringify({ link_with: secondary }),
    });
  }

  // compliant: the access token from the same hook
  async unlink(provider, id) {
    const token = await this.props.auth0.getAccessTokenSilently();
    await fetch(`https://${process.env.REACT_APP_DOMAIN}/api/v2/users/${this.props.auth0.user.sub}/identities/${provider}/${id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${token}` },
    });
  }

  render() {
    return <button onClick={() => this.link('s')}>Link</button>;
  }
}

export default withAuth0(LinkedAccounts);
