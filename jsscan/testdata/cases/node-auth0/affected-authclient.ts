// node-auth0's AuthenticationClient hands out token sets: their id_token is an ID token.
import { AuthenticationClient, ManagementClient } from 'auth0';
import type { Request, Response } from 'express';

const domain = process.env.AUTH0_DOMAIN!;
const authClient = new AuthenticationClient({ domain, clientId: process.env.AUTH0_CLIENT_ID!, clientSecret: process.env.AUTH0_CLIENT_SECRET! });

// v4: oauth.passwordGrant resolves { data: TokenSet }
export async function loginAndLink(req: Request, res: Response) {
  const { data: tokens } = await authClient.oauth.passwordGrant({ username: req.body.email, password: req.body.password, realm: 'Username-Password-Authentication' });
  const mgmt = new ManagementClient({ domain, token: tokens.id_token }); // want: link-idtoken-bearer
  const { data } = await mgmt.users.link({ id: req.body.primaryUserId }, { provider: 'auth0', user_id: req.body.secondaryUserId });
  res.json(data);
}

// v2/v3: the token set itself, or through a callback
export function unlinkAfterCode(req: Request, res: Response) {
  authClient.oauth.authorizationCodeGrant({ code: req.query.code as string, redirect_uri: 'https://app.example.com/cb' }, (err: Error | null, tokenSet: any) => {
    fetch(`https://${domain}/api/v2/users/${req.params.id}/identities/${req.params.provider}/${req.params.uid}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${tokenSet.id_token}` }, // want: unlink-idtoken-bearer
    }).then(() => res.sendStatus(204));
  });
}
