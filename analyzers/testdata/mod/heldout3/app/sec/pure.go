package sec

import (
	"context"
	"net/http"

	"example.com/auth0vettest/heldout3/lib/authz"
	"example.com/auth0vettest/heldout3/lib/pureconf"
)

// S11. A plain config package (imports only os) holding a literal secret.
func PureWorker(ctx context.Context) *http.Client {
	return authz.PureCredentials(pureconf.Worker).Client(ctx) // want `secret-hardcoded`
}

func PureWorkerEnv(ctx context.Context) *http.Client {
	return authz.PureCredentials(pureconf.WorkerEnv).Client(ctx)
}
