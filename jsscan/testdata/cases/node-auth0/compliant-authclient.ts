import { AuthenticationClient, ManagementClient } from 'auth0';
import type { Request, Response } from 'express';

const domain = process.env.AUTH0_DOMAIN!;
const authClient = new AuthenticationClient({ domain, clientId: process.env.AUTH0_CLIENT_ID!, clientSecret: process.env.AUTH0_CLIENT_SECRET! });

// compliant: the client-credentials token set's access token as the Management API token
export async function loginAndLink(req: Request, res: Response) {
  const { data: tokens } = await authClient.oauth.clientCredentialsGrant({ audience: `https://${domain}/api/v2/` });
  const mgmt = new ManagementClient({ domain, token: tokens.access_token });
  const { data } = await mgmt.users.link({ id: req.body.primaryUserId }, { provider: 'auth0', user_id: req.body.secondaryUserId });
  res.json(data);
}

// compliant: the code exchange's access token for the unlink
export function unlinkAfterCode(req: Request, res: Response) {
  authClient.oauth.authorizationCodeGrant({ code: req.query.code as string, redirect_uri: 'https://app.example.com/cb' }, (err: Error | null, tokenSet: any) => {
    fetch(`https://${domain}/api/v2/users/${req.params.id}/identities/${req.params.provider}/${req.params.uid}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${tokenSet.access_token}` },
    }).then(() => res.sendStatus(204));
  });
}
