// node-auth0 (the "auth0" package) of every major version, authenticated by an ID token.
import { ManagementClient } from 'auth0';
import type { Request, Response } from 'express';

// v4: users.link({ id }, body)
export async function linkV4(req: Request, res: Response) {
  const management = new ManagementClient({
    domain: process.env.AUTH0_DOMAIN!,
    token: req.oidc.idToken!, // want: link-idtoken-bearer
  });
  await management.users.link({ id: req.params.id }, { link_with: req.body.secondary });
  res.sendStatus(201);
}

// v5: users.identities.delete(id, provider, userId)
export async function unlinkV5(req: Request) {
  const mgmt = new ManagementClient({ domain: process.env.AUTH0_DOMAIN!, token: req.oidc.idToken! }); // want: unlink-idtoken-bearer
  await mgmt.users.identities.delete(req.params.id, 'google-oauth2', req.params.secondary);
}
