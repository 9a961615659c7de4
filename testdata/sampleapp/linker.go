package main

import (
	"context"

	"github.com/auth0/go-auth0/management"
)

// linker links accounts server-side with an M2M token (update:users). Sending the secondary
// user_id/provider with such a token is fine (use case link-userid-update-users).
type linker struct {
	mgmt *management.Management
}

func newLinker(ctx context.Context, cfg config) (*linker, error) {
	m, err := management.New(cfg.Domain, management.WithClientCredentials(ctx, cfg.M2MClientID, cfg.M2MSecret))
	if err != nil {
		return nil, err
	}
	return &linker{mgmt: m}, nil
}

func (l *linker) link(ctx context.Context, primary, provider, secondary string) error {
	_, err := l.mgmt.User.Link(ctx, primary, &management.UserIdentityLink{
		Provider: &provider,
		UserID:   &secondary,
	})
	return err
}
