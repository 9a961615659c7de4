// node-auth0 with client credentials (update:users): links by user_id are fine.
import { ManagementClient } from 'auth0';
import type { Request, Response } from 'express';

const management = new ManagementClient({
  domain: process.env.AUTH0_DOMAIN!,
  clientId: process.env.AUTH0_CLIENT_ID!,
  clientSecret: process.env.AUTH0_CLIENT_SECRET!,
});

// compliant: v4 users.link with a server token
export async function linkV4(req: Request, res: Response) {
  await management.users.link({ id: req.params.id }, { provider: 'google-oauth2', user_id: req.body.secondary });
  res.sendStatus(201);
}

// compliant: v5 unlink with a server token
export async function unlinkV5(req: Request) {
  await management.users.identities.delete(req.params.id, 'google-oauth2', req.params.secondary);
}
