//go:build awssm

package main

import (
	"github.com/auth0-migrate/auth0audit/remediate/sink"
	"github.com/auth0-migrate/auth0audit/remediate/sink/awssm"
)

// extraSinks are the secret stores whose client libraries are built in only on request: this
// binary was built with -tags awssm, so it has AWS Secrets Manager.
func extraSinks() map[string]sink.Opener {
	return map[string]sink.Opener{"aws-sm": awssm.Open}
}
